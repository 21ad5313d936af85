"""Embed markup → citations, on an offset-keeping element tree (a region of an HTML document).

The walk is here; what each platform's embed code looks like is in its module of :mod:`embeds.platforms`, as rules
(:class:`~embeds.platforms.EmbedRule`) that this module runs in a loop, handing each reader a :class:`Ctx` (the
registry's :class:`~embeds.platforms.Kit`): the helpers that read a tree and build records. Each platform's published
embed code (and its rendered, AMP and legacy forms) is read for what it shows: the post's text, the author's name and
handle, the date as written, the permalink. Where the markup carries no text or date (Mastodon ≥ 4.3, Threads,
rendered iframes), the record says so in ``notes`` and leaves the field ``None``: nothing is guessed. Iframes are
asked of every platform's ``frame`` rule, then read as permalinks; anchors naming a post are ``link`` records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import regex

from .._models import Citation, Link
from .._parse import Element, Lines, Text
from .._rx import lazy_re, lazy_regex
from .._types import Method
from ..platforms import MISSING_DATE, MISSING_TEXT, REGISTRY, EmbedRule, Frame, Kit, PostRef, Registry
from ._build import build, link_for, permalink
from ._dates import parse_date

__all__ = ["MISSING_DATE", "MISSING_TEXT", "Ctx", "extract_tree", "text_of"]

RAW_TEXT = frozenset(("script", "style", "template", "svg"))
SPACE = lazy_regex(r"\s+")
ATTRIBUTION = lazy_regex(
    r"^\s*(?:\u2014|\u2013|--|-)?\s*(?P<name>.*?)\s*\(\s*[@\uff20](?P<handle>[A-Za-z0-9_.\-]{1,253})\s*\)\s*(?P<rest>.*?)\s*$",
    regex.DOTALL,
)
BLOCK = frozenset("div p li ul ol section article header footer figure figcaption h1 h2 h3 h4 h5 h6 tr table".split())


#: The characters ``str.split()`` splits on and SPACE (``regex``'s ``\\s``, Unicode's White_Space) does not: without
#: them, ``" ".join(part.split())`` is ``" ".join(SPACE.split(part)).strip()`` (tests/test_html_tree.py checks the
#: two agree on every other code point).
NOT_SPACE_SEPARATORS = lazy_re("[\x1c-\x1f]")


def _clean(s: str) -> str:
    """Collapse HTML white space (NBSP included); ``\\x00`` marks a ``<br>`` and becomes a line break."""
    if NOT_SPACE_SEPARATORS.search(s) is None:  # the usual case, without the regex engine
        if "\x00" not in s:
            return " ".join(s.split())
        return "\n".join(" ".join(part.split()) for part in s.split("\x00")).strip()
    return "\n".join(" ".join(SPACE.split(part)).strip() for part in s.split("\x00")).strip()


def text_of(node: Element | Text, skip: Callable[[Element], bool] | None = None) -> str:
    """The text a reader sees: ``<br>`` as a line break, emoji images as their ``alt``, scripts left out."""
    if isinstance(node, Text):
        return _clean(node.text)
    parts: list[str] = []
    stack: list[Element | Text | str] = [node]  # a str is a space to put after a block
    while stack:
        n = stack.pop()
        if isinstance(n, Text):
            parts.append(n.text)
        elif isinstance(n, str):
            parts.append(n)
        elif n.tag == "br":
            parts.append("\x00")
        elif n.tag == "img":
            parts.append(n.attrs.get("alt", ""))
        elif n.tag in RAW_TEXT or (skip is not None and n is not node and skip(n)):
            continue
        elif n.tag in BLOCK and n is not node:
            stack.append(" ")
            stack.extend(reversed(n.children))
            parts.append(" ")
        else:
            stack.extend(reversed(n.children))
    return _clean("".join(parts))


def links_of(nodes: list[Element]) -> list[Link]:
    """The links in ``nodes``; hashtag, mention and cashtag links are entities, not links."""
    links: list[Link] = []
    for p in nodes:
        for a in p.iter():
            if a.tag != "a":
                continue
            href = a.attrs.get("href", "").strip()
            shown = text_of(a)
            if not href or shown.startswith(("#", "@", "$", "\uff03", "\uff20")) or href.startswith(("#", "mailto:")):
                continue
            links.append(link_for(href, shown or None))
    return links


GLUED_DASH = lazy_regex(r"\s*(?:\u2014|\u2013|--)\s*")
#: An attribution at the end of a paragraph: ``text — Name (@handle) Date``.
ATTRIBUTION_IN_PARAGRAPH = lazy_regex(
    r"(?:\u2014|\u2013|--)\s*(?P<name>[^\u2014\u2013\n]{0,100}?)\s*\(\s*[@\uff20](?P<handle>[A-Za-z0-9_.\-]{1,253})\s*\)"
    r"\s*(?P<rest>[^()\n]{0,80}?)\s*$"
)


def attribution_in_paragraph(text: str) -> tuple[regex.Match[str], str] | None:
    """The attribution ending a paragraph of embed code and the text before it, when the paragraph holds both."""
    m = ATTRIBUTION_IN_PARAGRAPH.search(text)
    if m is None or not text[: m.start()].strip():
        return None
    return m, text[: m.start()].rstrip()


def unglue(name: str) -> tuple[str, str] | None:
    """``(text, name)`` when what reads as the author's name is a post's text glued to it by a dash (embed code
    with no ``<p>``: ``text&#x2014; Name (@h)``), else ``None``."""
    dashes = list(GLUED_DASH.finditer(name))
    last = dashes[-1] if dashes else None
    if last is None or last.start() == 0 or not name[last.end() :].strip():
        return None
    return name[: last.start()].strip(), name[last.end() :].strip()


class Ctx:
    """What the embed readers are handed (:class:`embeds.platforms.Kit`): the document, its lines, its path, the
    spans of the embeds read so far, and the helpers that read a tree and build records."""

    __slots__ = ("doc", "lines", "path", "taken")

    def __init__(self, doc: str, lines: Lines, path: str | None) -> None:
        self.doc = doc
        self.lines = lines
        self.path = path
        self.taken: list[tuple[int, int]] = []

    def make(self, el: Element, platform: str, method: Method, **fields: Any) -> Citation:
        return build(
            platform=platform,
            kind="embed",
            method=method,
            doc=self.doc,
            lines=self.lines,
            path=self.path,
            start=el.start,
            end=el.end,
            **fields,
        )

    def text_of(self, node: Element | Text, skip: Callable[[Element], bool] | None = None) -> str:
        return text_of(node, skip)

    def clean(self, s: str) -> str:
        return _clean(s)

    def links(self, nodes: list[Element]) -> list[Link]:
        return links_of(nodes)

    def date(self, date_text: str | None) -> str | None:
        return parse_date(date_text) if date_text else None  # parse_date reads a weekday before the date itself

    def ref(self, url: str) -> PostRef | None:
        return REGISTRY.parse_permalink(url)

    def first_ref(self, el: Element, platform: str, attrs: tuple[str, ...] = ("href",)) -> PostRef | None:
        """The first permalink of ``platform`` in ``el``'s ``attrs``, in document order, not looking inside a
        nested embed (its links are its own post's; walking into each one made nested embeds quadratic)."""
        embed_classes = REGISTRY.derived(rules).embed_classes
        stack: list[Element] = [el]
        while stack:
            node = stack.pop()
            if node is not el and node.tag == "blockquote" and node.classes & embed_classes:
                continue
            for name in attrs:
                ref = REGISTRY.parse_permalink(node.attrs.get(name, ""))
                if ref is not None and ref.platform == platform:
                    return ref
            if node.children:
                stack.extend([c for c in reversed(node.children) if isinstance(c, Element)])
        return None

    def attribution(self, parts: list[Element | Text]) -> regex.Match[str] | None:
        text = " ".join(text_of(p) for p in parts)
        return ATTRIBUTION.match(" ".join(text.split()))

    def trailing_attribution(self, text: str) -> tuple[regex.Match[str], str] | None:
        return attribution_in_paragraph(text)

    def unglue(self, name: str) -> tuple[str, str] | None:
        return unglue(name)

    def take(self, el: Element) -> None:
        self.taken.append((el.start, el.end))

    def inside(self, el: Element) -> bool:
        """Whether ``el`` lies within an embed read before (and is not that embed)."""
        return any(s <= el.start and el.end <= e and (s, e) != (el.start, el.end) for s, e in self.taken)


class Rules(NamedTuple):
    """Every platform's embed rules, in the order they are tried (by priority, then registry order), derived from
    the registry (again after a registration)."""

    all: tuple[EmbedRule, ...]
    #: The rules that may read an element of each tag, in order (those for any tag included); an element of a tag
    #: not listed is tried by ``any_tag`` only.
    by_tag: dict[str, tuple[EmbedRule, ...]]
    any_tag: tuple[EmbedRule, ...]
    #: Classes of embed code (a nested embed is its own, not part of the one around it).
    embed_classes: frozenset[str]
    #: The platforms' iframe rules, in registry order, each with the host names (``twitter.``, ``bsky.``) of which
    #: one must be in an iframe's ``src`` for it to be asked (a frame rule reads its own hosts only).
    frames: tuple[tuple[Frames, tuple[str, ...]], ...]
    #: ``by_tag`` (and ``any_tag``) cut after their last ``nested`` rule: inside an embed already read only a nested
    #: rule reads, and only when it is the first rule to match, so the rules after the last nested one need not be
    #: asked there (an element of a tag not listed is asked ``nested_any``).
    nested_by_tag: dict[str, tuple[EmbedRule, ...]]
    nested_any: tuple[EmbedRule, ...]


Frames = Callable[[Kit, str, Mapping[str, str]], Frame | None]


def rules(registry: Registry) -> Rules:
    ordered = tuple(sorted((r for spec in registry for r in spec.rules), key=lambda r: r.priority))
    tags = {t for r in ordered for t in r.tags}
    by_tag = {t: tuple(r for r in ordered if not r.tags or t in r.tags) for t in tags}
    frames = tuple(
        (spec.frame, tuple(sorted({h.split(".")[-2] + "." for h in (*spec.hosts, *spec.embed_hosts)})))
        for spec in registry
        if spec.frame is not None
    )
    any_tag = tuple(r for r in ordered if not r.tags)
    return Rules(
        ordered,
        by_tag,
        any_tag,
        registry.embed_classes(),
        frames,
        {t: _upto_nested(rs) for t, rs in by_tag.items()},
        _upto_nested(any_tag),
    )


def _upto_nested(candidates: tuple[EmbedRule, ...]) -> tuple[EmbedRule, ...]:
    """``candidates`` up to and including the last nested rule (none when there is none)."""
    last = max((k for k, r in enumerate(candidates) if r.nested), default=-1)
    return candidates[: last + 1]


def _rule_for(el: Element, candidates: tuple[EmbedRule, ...]) -> EmbedRule | None:
    """The first of ``candidates`` (rules for ``el``'s tag) that matches ``el``: :meth:`EmbedRule.matches`, with the
    tag already known and the class set built once."""
    attrs = el.attrs
    classes: frozenset[str] | None = None
    for r in candidates:
        if r.classes:
            if "class" not in attrs:
                continue
            if classes is None:
                classes = el.classes
            if not r.classes & classes:
                continue
        if r.attributes and (attrs.keys().isdisjoint(r.attributes) or not any(attrs.get(a) for a in r.attributes)):
            continue
        if r.when is None or r.when(el):
            return r
    return None


def _frame(ctx: Ctx, el: Element) -> Citation | None:
    """An iframe showing a post: a platform's ``frame`` rule, else its ``src`` read as a permalink."""
    attrs = el.attrs
    src = attrs.get("src") or attrs.get("data-src") or attrs.get("data-lazy-src") or ""
    low = src.lower()
    hit = next(
        (
            f
            for frame, cues in REGISTRY.derived(rules).frames
            if any(c in low for c in cues) and (f := frame(ctx, src, attrs))
        ),
        None,
    )
    if hit is None:
        ref = REGISTRY.parse_permalink(src)
        if ref is None:
            return None
        spec = REGISTRY.get(ref.platform)
        what = "player iframe" if spec is not None and spec.player else "embed iframe"
        notes: tuple[str, ...] = (f"{what}: {MISSING_TEXT}",)
    else:
        ref, notes = hit.ref, (f"{hit.what}: {MISSING_TEXT}", *hit.notes)
    return ctx.make(el, ref.platform, "iframe", ref=ref, links=[], notes=notes, title=hit.title if hit else None)


#: Attributes by which an embed service's wrapper names the URL it embeds: iframely (``<div data-iframely-id
#: data-embedded-url>``), CKEditor 5's media embed saved with previews (``<div data-oembed-url>``), Drupal's URL embed
#: (``<drupal-url data-embed-url>``), and others' ``data-embed-url``.
WRAPPER_ATTRS = ("data-embedded-url", "data-oembed-url", "data-embed-url")
#: Elements whose own attribute names the embedded URL: CKEditor 5's ``<oembed url>`` (``figure.media``).
WRAPPER_TAGS = {"oembed": "url"}
#: Classes of the element (an anchor, or a blockquote around one) that an embed service turns into the embed:
#: embedly's cards (``<a class="embedly-card" href>``, ``<blockquote class="embedly-card"><h4><a href>``) and
#: iframely's embed code (``<div class="iframely-embed"><div class="iframely-responsive"><a href
#: data-iframely-url>``). The HTML scanner reads them whole.
WRAPPER_CLASSES = frozenset(["embedly-card", "iframely-embed"])


def _wrapper_url(el: Element) -> tuple[str, str] | None:
    """The URL an embed service's wrapper element embeds and what names it, or ``None`` when ``el`` is no wrapper.
    ``data-url`` counts only on an element whose class says it is an embed (``article__embed``, ``embed-twitter``):
    elsewhere it is a share button's."""
    attrs = el.attrs
    if el.tag in WRAPPER_TAGS and attrs.get(WRAPPER_TAGS[el.tag]):
        return attrs[WRAPPER_TAGS[el.tag]], f"<{el.tag} {WRAPPER_TAGS[el.tag]}>"
    if el.tag == "a":
        carded = "class" in attrs and bool(el.classes & WRAPPER_CLASSES)
        if attrs.get("href") and (attrs.get("data-iframely-url") or carded):
            return attrs["href"], "an embed service's link"
        return None
    if "class" in attrs and el.classes & WRAPPER_CLASSES:
        href = next((a.attrs["href"] for a in el.iter() if a.tag == "a" and a.attrs.get("href")), None)
        return (href, "an embed service's card") if href else None
    for name in WRAPPER_ATTRS:
        if attrs.get(name):
            return attrs[name], name
    if attrs.get("data-url") and el.tag not in ("button", "input") and any("embed" in c for c in el.classes):
        return attrs["data-url"], "data-url of an embed wrapper"
    return None


def _wrapper(ctx: Ctx, el: Element) -> Citation | None:
    """The post an embed service's wrapper embeds (an ``embed`` record: the service draws the post there)."""
    found = _wrapper_url(el)
    if found is None:
        return None
    ref = REGISTRY.parse_permalink(found[0].strip())
    if ref is None:
        return None
    what = f"embed-service wrapper ({found[1]})"
    return ctx.make(el, ref.platform, "element", ref=ref, links=[], notes=(f"{what}: {MISSING_TEXT}", MISSING_DATE))


def extract_tree(ctx: Ctx, root: Element) -> list[Citation]:
    """Every embed and post link in the tree ``root`` (a region of ``ctx.doc``): each element is read by the first
    platform rule that matches it; an iframe that no rule took by what iframes show; an anchor naming a post is a
    ``link`` record. Elements inside an embed already read are its own (unless a rule reads nested embeds; anchors
    always are)."""
    found: list[Citation] = []
    ctx.taken = []  # spans of embeds found: links inside them are theirs
    table = REGISTRY.derived(rules)
    by_tag, any_tag = table.by_tag, table.any_tag
    for el in root.iter():
        tag = el.tag
        if ctx.taken and ctx.inside(el):
            # inside an embed read before: only a nested rule reads, when it is the first to match (an anchor is the
            # embed's own, whatever it carries; no wrapper, iframe or link of its own is read)
            if tag == "a":
                continue
            rule = _rule_for(el, table.nested_by_tag.get(tag, table.nested_any))
            if rule is None or not rule.nested:
                continue
        else:
            rule = _rule_for(el, by_tag.get(tag, any_tag))
            if rule is None:
                if el.attrs and (c := _wrapper(ctx, el)) is not None:
                    found.append(c)
                    ctx.take(el)
                    continue
                if tag == "iframe":
                    if (c := _frame(ctx, el)) is not None:
                        found.append(c)
                        ctx.take(el)
                elif tag == "a":
                    ref = REGISTRY.parse_permalink(el.attrs.get("href", ""))
                    if ref is not None:
                        found.append(permalink(ref, ctx.doc, ctx.lines, ctx.path, el.start, el.end))
                continue
        c = rule.reader(ctx, el)
        if c is not None:
            found.append(c)
            ctx.take(el)
    return found
