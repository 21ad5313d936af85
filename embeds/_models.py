"""The records embeds produces. Frozen, slotted dataclasses; each has ``as_dict()`` giving plain Python data.

The citation record schema (what ``Citation.as_dict()`` returns, and what ``--format json`` prints) is documented
field by field below and in README.md. Later versions add fields; they never rename or remove one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ._rx import lazy_re
from ._types import (
    AuthorKind,
    EntityKind,
    ErrorKind,
    Format,
    Kind,
    LinkKind,
    LinkStatus,
    Method,
    Platform,
    PostStatus,
)

_SURROGATES = lazy_re("[\ud800-\udfff]")


def _replace_surrogates(obj: Any) -> Any:
    """``obj`` (a record, a tuple of records, a string) with every lone surrogate in its strings made U+FFFD; the
    same object when there is none. Surrogates come from ``\\ud800`` escapes in a script and from file names that
    are not valid UTF-8 (Python keeps their bytes as surrogates); no encoding can write them.

    Every file's records pass through here, so the walk asks each value's type once and each record class's field
    names once (:func:`_field_names`), and builds nothing unless a string changes."""
    cls = type(obj)
    if cls is str:
        return _SURROGATES.sub("\ufffd", obj) if _SURROGATES.search(obj) else obj
    if cls in _SCALARS:
        return obj
    if isinstance(obj, tuple):
        for i, x in enumerate(obj):
            new = _replace_surrogates(x)
            if new is not x:
                return (*obj[:i], new, *(_replace_surrogates(y) for y in obj[i + 1 :]))
        return obj
    names = _field_names(obj)
    if names is None:
        return obj
    changes = {}
    for name in names:
        value = getattr(obj, name)
        new = _replace_surrogates(value)
        if new is not value:
            changes[name] = new
    return dataclasses.replace(obj, **changes) if changes else obj


#: The field names of each record class, in order (``dataclasses.fields`` is slow to ask a million times).
_FIELDS: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset((str, int, float, bool, type(None)))


def _field_names(obj: Any) -> tuple[str, ...] | None:
    """The field names of a record (a dataclass instance), in order, or ``None`` for anything else."""
    cls = type(obj)
    names = _FIELDS.get(cls)
    if names is None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(obj))
    return names


def _as_dict(obj: Any) -> Any:
    cls = type(obj)
    if cls in _SCALARS:
        return obj
    names = _FIELDS.get(cls)
    if names is not None:
        return {n: _as_dict(getattr(obj, n)) for n in names}
    if isinstance(obj, tuple | list):
        return [_as_dict(x) for x in obj]
    if _field_names(obj) is not None:
        return _as_dict(obj)
    return obj


@dataclass(frozen=True, slots=True)
class Document:
    """A document to scan: its decoded text, its format and where it came from."""

    text: str
    """The decoded text. Every offset embeds reports is a code-point offset into this string."""
    format: Format | None = None
    """``"text"``, ``"markdown"`` or ``"html"``; ``None`` to detect it from the path and the content."""
    path: str | None = None
    """Where the document came from (a file path, ``"-"`` for standard input, a URL), or ``None``."""
    encoding: str | None = None
    """The encoding the bytes were decoded from, when read from a file."""
    warnings: tuple[str, ...] = ()
    """What was odd about reading it (a fallback encoding, say) without stopping the scan."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class Source:
    """Where in a document a finding is: ``document.text[start:end] == raw``."""

    path: str | None
    """The document's path (``Document.path``), or ``None``."""
    start: int
    """Code-point offset of the first character of the finding in the decoded document."""
    end: int
    """Code-point offset just past the finding."""
    line: int
    """1-based line number of ``start``."""
    method: Method
    """How the finding was recognised: blockquote, iframe, attribution, permalink, script or element."""
    raw: str = ""
    """The document text from ``start`` to ``end``, as written (markup and attribution line included)."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class Author:
    """The author of a post, as the document shows it."""

    name: str | None = None
    """Display name as shown (``"Jens Stoltenberg"``, ``"Department of State"``), or ``None`` when absent."""
    handle: str | None = None
    """Handle without the sigil (``"jensstoltenberg"``; ``"user@host"`` on Mastodon; a domain on Bluesky)."""
    kind: AuthorKind | None = None
    """``"person"`` or ``"organization"`` when decided, else ``None`` (decided conservatively)."""
    given: str | None = None
    """A person's given name(s) (``"Jens"``), set by :func:`embeds.normalize` for persons only, else ``None``."""
    family: str | None = None
    """A person's family name (``"Stoltenberg"``, ``"von der Leyen"``), for persons only, else ``None``."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class Link:
    """A link in a post's text, or a short link the document uses to point at a post."""

    url: str
    """The link as a URL: the ``t.co`` form for ``pic.twitter.com/X`` (its display form), else as written."""
    display: str | None = None
    """The link as the document displays it (``"pic.twitter.com/4pRMRLw1Ql"``), or ``None``."""
    kind: LinkKind = "url"
    """``"media"`` for an attached photo or video (``pic.twitter.com``/``pic.x.com``), else ``"url"``."""
    resolved_url: str | None = None
    """Where the link leads once short links are followed, or ``None`` when not (yet) known."""
    status: LinkStatus = "pending"
    """``pending`` (not looked at), ``direct`` (not a short link), ``resolved`` or ``failed``."""
    error: str | None = None
    """Why resolution failed (``status == "failed"``), else ``None``."""
    error_kind: ErrorKind | None = None
    """Why resolution failed, typed (``timeout``, ``network``, ``http-status``, ``blocked``, ``loop``,
    ``too-many-hops``, ``bad-url``, ``bad-response``, ``no-fixture``, ``unexpected``), else ``None``."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity in text: a @mention, a @user/list, a #hashtag, a $cashtag or a URL."""

    kind: EntityKind
    """``mention``, ``list``, ``hashtag``, ``cashtag`` or ``url``."""
    value: str
    """Without the sigil for mention, list (``user/list``), hashtag and cashtag; the URL as written."""
    start: int
    """Code-point offset of the entity's first character (the sigil, for sigilled entities)."""
    end: int
    """Code-point offset just past the entity."""
    platform: Platform | None = None
    """The platform a handle's form implies (``mastodon`` for ``@user@host``, ``bluesky`` for a domain handle)."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class Hydration:
    """What the platform's public endpoint says of a post (``--hydrate``): its status when checked, and the
    platform's own copy of the fields. The record keeps the document's words; this is the platform's, beside them."""

    status: PostStatus
    """``available``, ``deleted or private``, ``account suspended`` or ``unknown``."""
    checked_at: str | None = None
    """When the endpoint was asked (ISO 8601 UTC), or ``None`` when it was not (no endpoint, no token)."""
    endpoint: str | None = None
    """The endpoint asked (``"publish.twitter.com/oembed"``, ``"app.bsky.feed.getPosts"``, …), or ``None``."""
    author_name: str | None = None
    """The author's display name as the platform gives it."""
    handle: str | None = None
    """The author's handle as the platform gives it (no sigil)."""
    published: str | None = None
    """The post's time (or date) as the platform gives it (ISO 8601)."""
    text: str | None = None
    """The post's text as the platform gives it (a video's title where that is its text)."""
    title: str | None = None
    """The title the endpoint gives (oEmbed ``title``), when it has one."""
    error: str | None = None
    """Why the status is not ``available``, in words (``HTTP 404``, ``not hydrated: needs a token``), else ``None``."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A web-archive copy of a post (``--archive``): the one closest to the date the document gives."""

    url: str
    """The snapshot's URL (``https://web.archive.org/web/20060321205014/https://twitter.com/jack/status/20``)."""
    timestamp: str
    """When the archive captured it (ISO 8601 UTC)."""
    archive: str
    """The endpoint that answered (``"archive.org/wayback/available"``, a TimeMap URL)."""
    checked_at: str | None = None
    """When the archive was asked (ISO 8601 UTC)."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class FieldOrigin:
    """Where one field of a record came from: ``document``, or ``hydrated: <endpoint> at <time>``."""

    field: str
    """The field (``author.name``, ``author.handle``, ``published``, ``text``, ``url``)."""
    origin: str
    """``"document"`` or ``"hydrated: <endpoint> at <ISO time>"``."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class Citation:
    """One post a document embeds or cites: the normalized citation record."""

    id: str
    """Stable id: ``"<platform>:<post_id>"`` when the post id is known, else ``"<platform>:hash:<16 hex>"``, a hash of
    platform, handle, date and text (the same post found again gives the same id)."""
    platform: Platform
    """``twitter``, ``bluesky``, ``mastodon``, ``instagram``, ``tiktok``, ``youtube``, ``facebook``, ``threads``,
    ``reddit``, ``telegram`` or ``linkedin``."""
    kind: Kind
    """``embed`` (the document quotes the post) or ``link`` (it only links to it)."""
    url: str | None
    """Canonical permalink, or ``None`` when unknown (never guessed)."""
    post_id: str | None
    """The platform's post id as a string (snowflakes exceed 2**53), or ``None`` when unknown."""
    author: Author
    """Who posted it, as shown."""
    published: str | None
    """Publication date or time in ISO 8601 (``"2022-01-26"``; a full UTC time when the document gives one)."""
    date_text: str | None
    """The date as the document writes it (``"January 26, 2022"``), or ``None``."""
    text: str | None
    """The post's text as posted: HTML-unescaped, never re-cased; ``None`` when the document does not carry it."""
    hashtags: tuple[str, ...] = ()
    """Hashtags in the text, without ``#``, in order of appearance."""
    mentions: tuple[str, ...] = ()
    """Handles mentioned in the text, without ``@``, in order of appearance."""
    links: tuple[Link, ...] = ()
    """Links in the text (and short links pointing at the post), with what resolving them found."""
    source: Source | None = None
    """Where the post was found: the first occurrence."""
    created_at: str | None = None
    """Creation time the post id encodes (ISO 8601 UTC, ms), or ``None`` when the id encodes none."""
    occurrences: tuple[Source, ...] = ()
    """Every place the post was found (after :func:`embeds.normalize` merges duplicates); ``(source,)`` before."""
    notes: tuple[str, ...] = ()
    """Remarks on the record: what the document did not carry, disagreements between date and id, and so on."""
    language: str | None = None
    """The language the embed markup declares for the post's text (``<p lang="de">``), or ``None``."""
    quoted: str | None = None
    """The citation id (``"twitter:123"``) of a post this post's embed quotes (a nested embed), or ``None``."""
    cid: str | None = None
    """Bluesky only: the content id (``data-bluesky-cid``) of the exact record version embedded, or ``None``."""
    platform_name: str | None = None
    """The platform's name citations print (``"Twitter"`` for a tweet before the July 2023 rename, ``"X"`` after or
    under the ``current`` naming policy, ``"Bluesky"``, …); set by :func:`embeds.normalize`, ``None`` before."""
    accessed: str | None = None
    """The date (ISO 8601) the post was seen, when the user gives one (``NormalizeOptions.accessed``), else ``None``."""
    hydration: Hydration | None = None
    """What the platform said of the post when asked (``--hydrate``): status, time checked, its copy of the fields;
    ``None`` when it was not asked."""
    archived: Snapshot | None = None
    """The web-archive snapshot closest to the post's date (``--archive``), or ``None``."""
    provenance: tuple[FieldOrigin, ...] | None = None
    """Where each field came from, once hydration looked at the record (``document`` or ``hydrated: …``), else
    ``None``."""
    title: str | None = None
    """The work's own title where the embed shows one apart from its text (a video player's ``title``: YouTube,
    Vimeo, Twitch), else ``None``."""

    def as_dict(self) -> dict[str, Any]:
        """The record as plain Python data (dicts, lists, strings, numbers, ``None``), ready for JSON."""
        return dict(_as_dict(self))
