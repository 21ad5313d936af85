"""The platform registry: one module per platform, one table the stages ask.

Each platform module (:mod:`.twitter`, :mod:`.bluesky`, …) exports a :class:`PlatformSpec` named ``SPEC``;
:data:`REGISTRY` holds them in order and answers the stages' questions by looping over them — which post a URL
names (:func:`parse_permalink`), the time an id encodes (:func:`id_time`), the names citations print
(:func:`platform_name`, :func:`post_type`), the hosts the HTML prefilter looks for, the embed classes, the
platforms' own short-link hosts, the URLs that end a redirect chain. Nothing here imports a stage.

A platform of one's own is added by registration (as markdown-it-py's ``MarkdownIt.use`` or linkify-it-py's
``LinkifyIt.add``)::

    from embeds.platforms import REGISTRY, PlatformSpec
    REGISTRY.add(PlatformSpec(name="example", display_name="Example", post_type="Post", hosts=…, parse=…))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, TypeVar

from .._types import PlatformNaming
from . import (
    bluesky,
    facebook,
    instagram,
    linkedin,
    mastodon,
    pinterest,
    reddit,
    telegram,
    threads,
    tiktok,
    truthsocial,
    tumblr,
    twitch,
    twitter,
    vimeo,
    youtube,
)
from ._spec import (
    MISSING_DATE,
    MISSING_TEXT,
    Answer,
    Caption,
    CaptionRule,
    EmbedRule,
    Endpoint,
    Frame,
    Kit,
    MalformedAnswer,
    PlatformSpec,
    PostRef,
    Reader,
    UrlParts,
    split_url,
)

__all__ = [
    "MISSING_DATE",
    "MISSING_TEXT",
    "REGISTRY",
    "Answer",
    "Caption",
    "CaptionRule",
    "EmbedRule",
    "Endpoint",
    "Frame",
    "Kit",
    "MalformedAnswer",
    "PlatformSpec",
    "PostRef",
    "Reader",
    "Registry",
    "UrlParts",
    "id_time",
    "parse_permalink",
    "platform_name",
    "platform_of_handle",
    "post_type",
    "split_url",
]


T = TypeVar("T")


class Registry:
    """The platforms, in the order their rules are tried."""

    def __init__(self, specs: tuple[PlatformSpec, ...] = ()) -> None:
        self._specs: dict[str, PlatformSpec] = {}
        #: Bumped by every registration: what the stages derived from the registry is derived again.
        self.version = 0
        self._derived: dict[Callable[[Registry], Any], tuple[int, Any]] = {}
        for spec in specs:
            self.add(spec)

    def add(self, spec: PlatformSpec) -> None:
        """Register ``spec`` (replacing a platform of the same name); cached answers are dropped."""
        self._specs[spec.name] = spec
        self._changed()

    def remove(self, name: str) -> None:
        """Unregister platform ``name`` (a ``KeyError`` if there is none)."""
        del self._specs[name]
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._by_host = {h: s for s in self._specs.values() for h in s.hosts}
        self._patterned = tuple(s for s in self._specs.values() if s.host_prefixes or s.host_suffixes)
        self._any_host = tuple(s for s in self._specs.values() if s.any_host and s.parse)
        self._schemes = {k: f for s in self._specs.values() for k, f in s.schemes.items()}
        #: The platforms' own short-link hosts (``t.co``, ``fb.me``, …).
        self.shortener_hosts = frozenset(h for s in self._specs.values() for h in s.shorteners)
        self._handle_shapes = tuple(s for s in self._specs.values() if s.attribution_handle)
        self._handle_default = next((s.name for s in self._specs.values() if s.attribution_default), "web")
        self.parse_permalink.cache_clear()

    def derived(self, build: Callable[[Registry], T]) -> T:
        """``build(self)``, remembered until the next registration (the stages' compiled tables: the HTML
        prefilter's patterns, the ordered embed rules)."""
        hit = self._derived.get(build)
        if hit is None or hit[0] != self.version:
            hit = self._derived[build] = (self.version, build(self))
        return hit[1]

    def __iter__(self) -> Iterator[PlatformSpec]:
        return iter(tuple(self._specs.values()))

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def get(self, name: str) -> PlatformSpec | None:
        """The spec of platform ``name``, or ``None``."""
        return self._specs.get(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._specs)

    def owner(self, host: str) -> PlatformSpec | None:
        """The platform ``host`` (lower case, without ``www.``) belongs to, or ``None``."""
        spec = self._by_host.get(host)
        if spec is not None:
            return spec
        return next((s for s in self._patterned if s.owns(host)), None)

    def claimed(self, host: str) -> bool:
        """Whether ``host`` or a domain above it belongs to a platform (its paths are no other platform's posts)."""
        labels = host.split(".")
        return any(self.owner(".".join(labels[i:])) is not None for i in range(len(labels) - 1))

    @lru_cache(maxsize=4096)  # noqa: B019 — the registry lives as long as the process; pure, asked often
    def parse_permalink(self, url: str) -> PostRef | None:
        """The post ``url`` points at, with its canonical URL; ``None`` when it is not a post permalink."""
        s = url.strip()
        colon = s.find("://")
        if colon > 0 and (rule := self._schemes.get(s[:colon].lower())) is not None:
            return rule(s)
        u = split_url(s)
        if u is None:
            return None
        spec = self.owner(u.host)
        if spec is not None:
            return spec.parse(u) if spec.parse else None
        for spec in self._any_host:
            if (
                u.host not in spec.not_hosts
                and not any(u.host.endswith("." + h) for h in spec.not_hosts)
                and not self.claimed(u.host)
            ):
                ref = spec.parse(u)  # type: ignore[misc]
                if ref is not None:
                    return ref
        return None

    def platform_of_handle(self, handle: str) -> str:
        """The platform of a handle (without its ``@``) that a flattened attribution line gives with no permalink:
        the one whose :attr:`PlatformSpec.attribution_handle` shape it has, else the default one
        (:attr:`PlatformSpec.attribution_default`), else ``web``."""
        for spec in self._handle_shapes:
            if spec.attribution_handle(handle):  # type: ignore[misc]
                return spec.name
        return self._handle_default

    def id_time(self, platform: str, post_id: str | None) -> str | None:
        """The creation time ``post_id`` encodes on ``platform``, or ``None`` when it encodes none."""
        spec = self._specs.get(platform)
        if not post_id or spec is None or spec.id_time is None:
            return None
        return spec.id_time(post_id)

    def platform_name(self, platform: str, when: str | None, policy: PlatformNaming = "at-publication") -> str:
        """The platform's name to print for a post published ``when`` (platforms embeds does not know print as their
        identifier, title-cased)."""
        spec = self._specs.get(platform)
        if spec is None:
            return "Web" if platform == "web" else platform.replace("_", " ").title()
        return spec.name_for(when, policy)

    def post_type(self, platform: str, printed_name: str | None = None) -> str:
        """The post-type word (``"Tweet"``, ``"Post"``, ``"Video"``, …) for ``platform`` printed as ``printed_name``."""
        spec = self._specs.get(platform)
        if spec is None:
            return "Web page" if platform == "web" else "Post"
        return spec.type_for(printed_name)

    def hosts(self) -> frozenset[str]:
        """Every host a platform serves posts or embeds from."""
        return frozenset(h for s in self._specs.values() for h in (*s.hosts, *s.embed_hosts))

    def embed_classes(self) -> frozenset[str]:
        """Classes of the elements holding embed code, every platform's."""
        return frozenset(c for s in self._specs.values() for c in s.embed_classes)

    def container_classes(self) -> frozenset[str]:
        """Classes of every element the HTML scanner reads whole: embed code and the containers around it."""
        return self.embed_classes() | frozenset(c for s in self._specs.values() for c in s.container_classes)

    def is_terminal(self, url: str) -> bool:
        """Whether a redirect chain ends at ``url`` without fetching it (a post URL of a ``terminal`` platform)."""
        ref = self.parse_permalink(url)
        if ref is None:
            return False
        spec = self._specs.get(ref.platform)
        return spec is not None and spec.terminal


#: The platforms embeds knows, in the order their rules are tried.
REGISTRY = Registry(
    tuple(
        m.SPEC
        for m in (
            twitter,
            bluesky,
            mastodon,
            threads,
            instagram,
            tiktok,
            reddit,
            facebook,
            telegram,
            youtube,
            linkedin,
            vimeo,
            tumblr,
            pinterest,
            truthsocial,
            twitch,
        )
    )
)


def parse_permalink(url: str) -> PostRef | None:
    """The post ``url`` points at, with its canonical URL; ``None`` when it is not a post permalink."""
    return REGISTRY.parse_permalink(url)


def platform_of_handle(handle: str) -> str:
    """:meth:`Registry.platform_of_handle` of :data:`REGISTRY`."""
    return REGISTRY.platform_of_handle(handle)


def id_time(platform: str, post_id: str | None) -> str | None:
    """The creation time ``post_id`` encodes on ``platform``, or ``None`` when it encodes none."""
    return REGISTRY.id_time(platform, post_id)


def platform_name(platform: str, when: str | None, policy: PlatformNaming = "at-publication") -> str:
    """The platform's name to print for a post published ``when``."""
    return REGISTRY.platform_name(platform, when, policy)


def post_type(platform: str, name: str | None = None) -> str:
    """The post-type word for ``platform`` printed as ``name``."""
    return REGISTRY.post_type(platform, name)
