"""Normalize stage, pure: apply link resolutions to citations and merge the citations of the same post.

* Each link gets its outcome: ``direct`` (not a short link), ``resolved`` (with ``resolved_url``) or ``failed``
  (with ``error``); links not looked up stay ``pending``.
* A Twitter/X post whose media link resolves to its own status URL (``pic.twitter.com/X`` → ``t.co/X`` →
  ``twitter.com/{handle}/status/{id}/photo/1``) learns its id and canonical URL from it.
* Citations with the same id become one, keeping every occurrence (``occurrences``) in document order.
* Each record then gets what citations need (:class:`NormalizeOptions` says how): its canonical URL, the platform's
  name to print (``platform_name``: "Twitter" before the July 2023 rename, "X" after, or the current name), the
  author's kind (person or organization, decided conservatively, or as the user's authors file says) with given and
  family names for persons, and the access date when one is given. Post text is never touched.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._exceptions import InputError
from ._extract._build import citation_id
from ._extract._merge import merge
from ._models import Author, Citation, Link
from ._names import decide_author, split_name
from ._resolve import Resolution, cache_key, needs_resolving
from ._types import PlatformNaming
from .platforms import REGISTRY, id_time, parse_permalink, platform_name


@dataclass(frozen=True, slots=True)
class NormalizeOptions:
    """How :func:`normalize` finishes records for citing. One frozen object; the CLI maps its flags onto it."""

    platform_name: PlatformNaming = "at-publication"
    """``"at-publication"``: the name the platform had when the post was published ("Twitter" before 24 July 2023,
    "X" from then on); ``"current"``: today's name ("X")."""
    authors: Mapping[str, Author] = field(default_factory=dict, hash=False)
    """Author overrides keyed by handle (case-insensitive) or ``"platform:handle"``, e.g. from an authors file
    (:func:`authors_from_data`). A field an override leaves ``None`` keeps what was found or decided."""
    accessed: str | None = None
    """The access date (``YYYY-MM-DD``) to record in every citation (CSL ``accessed``, BibLaTeX ``urldate``, RIS
    ``Y2``), or ``None`` for none. Styles need none for dated posts."""

    def __post_init__(self) -> None:
        if self.platform_name not in ("at-publication", "current"):
            raise InputError(f"platform_name must be 'at-publication' or 'current', not {self.platform_name!r}")
        if self.accessed is not None:
            try:
                _dt.date.fromisoformat(self.accessed)
            except ValueError:
                raise InputError(f"accessed must be a date as YYYY-MM-DD, not {self.accessed!r}") from None


_AUTHOR_KEYS = frozenset(("name", "kind", "given", "family"))


def authors_from_data(data: Any) -> dict[str, Author]:
    """Author overrides from plain data (a parsed authors file)::

        {"StateDept": {"kind": "organization"},
         "twitter:jensstoltenberg": {"kind": "person", "given": "Jens", "family": "Stoltenberg"},
         "TheEllenShow": {"kind": "person", "name": "Ellen DeGeneres"}}

    Keys are handles (without ``@``), optionally prefixed with ``platform:``; values may set ``name``, ``kind``
    (``person`` or ``organization``), ``given`` and ``family``. A person without ``given``/``family`` gets them by
    splitting the name. Raises :class:`InputError` on anything else.
    """
    if not isinstance(data, Mapping):
        raise InputError("authors: expected an object mapping handles to author details")
    out: dict[str, Author] = {}
    for key, value in data.items():
        if not isinstance(key, str) or not key.strip().lstrip("@"):
            raise InputError(f"authors: bad handle {key!r}")
        if not isinstance(value, Mapping):
            raise InputError(f"authors: {key}: expected an object with name, kind, given, family")
        unknown = set(value) - _AUTHOR_KEYS
        if unknown:
            raise InputError(f"authors: {key}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
        for f in _AUTHOR_KEYS:
            if value.get(f) is not None and not isinstance(value[f], str):
                raise InputError(f"authors: {key}: {f} must be a string")
        kind = value.get("kind")
        if kind not in (None, "person", "organization"):
            raise InputError(f"authors: {key}: kind must be 'person' or 'organization', not {kind!r}")
        out[_author_key(key)] = Author(
            name=value.get("name"), kind=kind, given=value.get("given"), family=value.get("family")
        )
    return out


def _author_key(key: str) -> str:
    platform, sep, handle = key.strip().rpartition(":")
    return f"{platform.lower()}{sep}{handle.lstrip('@').lower()}"


def _apply(link: Link, resolutions: Mapping[str, Resolution]) -> Link:
    if not needs_resolving(link.url):
        return dataclasses.replace(link, status="direct")
    r = resolutions.get(link.url) or resolutions.get(cache_key(link.url))
    if r is None:
        return link
    if r.error is None:
        return dataclasses.replace(link, resolved_url=r.final_url, status="resolved", error=None, error_kind=None)
    return dataclasses.replace(link, resolved_url=None, status="failed", error=r.error, error_kind=r.error_kind)


def _learn_id(c: Citation) -> Citation:
    """Fill a post's id and URL from a media link that resolved to the post's own permalink (on a platform whose
    media links name their post: :attr:`PlatformSpec.media_links_name_post`)."""
    if c.post_id is not None:
        return c
    spec = REGISTRY.get(c.platform)
    if spec is None or not spec.media_links_name_post:
        return c
    for link in c.links:
        if link.kind != "media" or not link.resolved_url:
            continue
        ref = parse_permalink(link.resolved_url)
        if ref is None or ref.platform != c.platform:
            continue
        if c.author.handle and ref.handle and ref.handle.lower() != c.author.handle.lower():
            continue
        return dataclasses.replace(
            c,
            id=citation_id(c.platform, ref.post_id, None, None, None),
            post_id=ref.post_id,
            url=ref.url,
            created_at=id_time(c.platform, ref.post_id),
        )
    return c


def apply_resolutions(citation: Citation, resolutions: Mapping[str, Resolution]) -> Citation:
    """``citation`` with each link's resolution applied (and the post id learnt from a media link when possible)."""
    links = tuple(_apply(link, resolutions) for link in citation.links)
    return _learn_id(dataclasses.replace(citation, links=links))


def _same_post_key(c: Citation) -> tuple[str, str, str] | None:
    """What identifies a post when its id is unknown: platform, handle and the text as posted (white space
    collapsed); ``None`` when the record has no handle or no text to compare."""
    if not c.author.handle or not c.text or not c.text.strip():
        return None
    return (c.platform, c.author.handle.casefold(), " ".join(c.text.split()))


def _days_apart(a: str, b: str) -> int | None:
    """Whole days between two ISO dates (their first ten characters), or ``None`` when either is not one."""
    try:
        return abs((_dt.date.fromisoformat(a[:10]) - _dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def _adopt_unidentified(merged: dict[str, Citation], changed: set[str]) -> None:
    """Fold a record whose post id is unknown (a flattened embed) into the one record of the same post that has an
    id: same platform, same handle, the same text, and dates at most a day apart (a date shown is the reader's
    local day: an embed and its flattened copy can differ by one). Conservative: with no text, or with two
    identified candidates, nothing is merged (two posts by one author are never guessed to be one). The ids of the
    records merged into are added to ``changed``."""
    identified: dict[tuple[str, str, str], list[str]] = {}
    for cid, c in merged.items():
        if c.post_id and (key := _same_post_key(c)) is not None:
            identified.setdefault(key, []).append(cid)
    if not identified:
        return
    for cid, c in list(merged.items()):
        if c.post_id or (key := _same_post_key(c)) is None or len(identified.get(key, ())) != 1:
            continue
        target = merged[identified[key][0]]
        if c.published and target.published:
            apart = _days_apart(c.published, target.published)
            if apart is None or apart > 1:
                continue
        combined = merge([target, c])
        merged[target.id] = dataclasses.replace(combined, id=target.id, post_id=target.post_id, url=target.url)
        changed.add(target.id)
        del merged[cid]


def _author(c: Citation, options: NormalizeOptions) -> tuple[Author, str | None]:
    """The author with kind and names decided (an override first, a kind already set kept), and a note when the
    decision is a guess (:func:`embeds._names.decide_author`)."""
    author = c.author
    override = None
    if author.handle:
        handle = author.handle.lower()
        override = options.authors.get(f"{c.platform}:{handle}") or options.authors.get(handle)
    if override is not None:
        name = override.name or author.name
        kind = override.kind or author.kind
        given, family = override.given, override.family
        if kind == "person" and not family and name:
            split = split_name(name)
            given, family = (given or split[0], split[1]) if split else (given, name)
        if kind != "person":
            given = family = None
        return dataclasses.replace(author, name=name, kind=kind, given=given, family=family), None
    if author.kind is not None:
        return author, None
    d = decide_author(author.name, author.handle)
    return dataclasses.replace(author, kind=d.kind, given=d.given, family=d.family), d.note


def publication_hint(c: Citation) -> str | None:
    """The post's date or time for naming its platform: the date shown, the time its id encodes, or a date its id
    says it is before (:attr:`PlatformSpec.id_before`: a Twitter id below the snowflake threshold, sequential ids of
    2006–2010, was published before snowflakes began)."""
    when = c.created_at or c.published
    if when or not c.post_id:
        return when
    spec = REGISTRY.get(c.platform)
    return spec.id_before(c.post_id) if spec is not None and spec.id_before is not None else None


def finish(citation: Citation, options: NormalizeOptions | None = None) -> Citation:
    """``citation`` ready for citing: canonical URL, platform name, author kind and names, access date."""
    options = options or NormalizeOptions()
    c = citation
    url = c.url
    if url:
        ref = parse_permalink(url)
        url = ref.url if ref is not None else url
    when = publication_hint(c)
    author, note = _author(c, options)
    return dataclasses.replace(
        c,
        url=url,
        author=author,
        notes=(*c.notes, note) if note and note not in c.notes else c.notes,
        platform_name=platform_name(c.platform, when, options.platform_name),
        accessed=options.accessed or c.accessed,
    )


def _merged(citations: Iterable[Citation]) -> tuple[dict[str, Citation], set[str]]:
    """The records of each post merged into one (:func:`embeds._extract._merge.merge`, the merge extraction uses),
    in order of first appearance; and the ids of the records that were merged from several."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.id, []).append(c)
    merged = {cid: g[0] if len(g) == 1 else merge(g) for cid, g in groups.items()}
    changed = {cid for cid, g in groups.items() if len(g) > 1}
    _adopt_unidentified(merged, changed)
    return merged, changed


def normalize(
    citations: Iterable[Citation],
    resolutions: Mapping[str, Resolution] | None = None,
    *,
    options: NormalizeOptions | None = None,
) -> tuple[Citation, ...]:
    """One record per distinct post, in order of first appearance, with link resolutions applied, finished for
    citing as ``options`` say (see :class:`NormalizeOptions`)."""
    merged, _ = _merged(apply_resolutions(c, resolutions or {}) for c in citations)
    return tuple(finish(c, options) for c in merged.values())


def combine(citations: Iterable[Citation], *, options: NormalizeOptions | None = None) -> tuple[Citation, ...]:
    """Records already normalized (each document's, say) as one set: the records of a post that several documents
    cite merged into one, every occurrence kept, and finished again (its fields may have grown); the others as they
    were. In order of first appearance."""
    merged, changed = _merged(citations)
    return tuple(finish(c, options) if cid in changed else c for cid, c in merged.items())
