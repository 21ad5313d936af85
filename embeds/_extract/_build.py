"""Assembling a :class:`Citation` from what an extractor recognised (shared by every format)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from .._models import Author, Citation, Link, Source
from .._parse import Lines
from .._rx import lazy_regex
from .._types import Kind, Method, Platform
from ..platforms import PostRef, id_time
from ._entities import entities

MEDIA_DISPLAY = lazy_regex(r"(?i)^(?:https?://)?pic\.(?:twitter|x)\.com/(?P<slug>[A-Za-z0-9]+)$")


def link_for(url: str, display: str | None = None) -> Link:
    """A :class:`Link`; ``pic.twitter.com/X`` (shown or written) is recorded as ``https://t.co/X``, kind media."""
    m = MEDIA_DISPLAY.match(display or "") or MEDIA_DISPLAY.match(url)
    if m:
        shown = display if display is not None else url
        if not url.lower().startswith(("http://t.co/", "https://t.co/")):
            url = f"https://t.co/{m.group('slug')}"
        return Link(url=url, display=shown, kind="media")
    if not url.lower().startswith(("http://", "https://")):
        url = "https://" + url
    return Link(url=url, display=display)


def _instant(iso: str) -> datetime:
    """An ISO 8601 date or date-time as a UTC datetime (a local time without zone taken as UTC)."""
    value = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def date_disagreement(published: str | None, created_at: str | None) -> str | None:
    """A note when the date shown and the time the id encodes are more than a day apart, else ``None``.

    The shown date is in the embedder's time zone (up to 14 hours from UTC), so a day's difference is
    tolerated: a date alone must be the id's UTC day or one next to it; a time, within 24 hours of it.
    """
    if not published or not created_at:
        return None
    try:
        encoded, shown = _instant(created_at), _instant(published)
    except ValueError:  # not ISO 8601: nothing to compare
        return None
    if "T" in published:
        apart = abs(shown - encoded).total_seconds() > 24 * 3600
    else:
        apart = abs((shown.date() - encoded.date()).days) > 1
    if not apart:
        return None
    return f"the date shown ({published}) and the time its id encodes ({created_at}) are more than a day apart"


def citation_id(
    platform: Platform, post_id: str | None, handle: str | None, published: str | None, text: str | None
) -> str:
    """``platform:post_id``, or a content hash when the id is unknown (stable across runs)."""
    if post_id:
        return f"{platform}:{post_id}"
    key = "\x00".join((platform, (handle or "").lower(), published or "", text or ""))
    return f"{platform}:hash:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


def build(
    *,
    platform: Platform,
    kind: Kind,
    method: Method,
    doc: str,
    lines: Lines,
    path: str | None,
    start: int,
    end: int,
    text: str | None = None,
    name: str | None = None,
    handle: str | None = None,
    date_text: str | None = None,
    published: str | None = None,
    ref: PostRef | None = None,
    links: list[Link] | None = None,
    notes: tuple[str, ...] = (),
    language: str | None = None,
    quoted: str | None = None,
    cid: str | None = None,
    title: str | None = None,
) -> Citation:
    """Build the record. Hashtags, mentions and (unless given) links come from ``text``."""
    hashtags: list[str] = []
    mentions: list[str] = []
    if text:
        found = entities(text)
        for e in found:
            if e.kind == "hashtag":
                hashtags.append(e.value)
            elif e.kind == "mention":
                mentions.append(e.value)
        if links is None:  # the links written in the text (display = as written)
            links = [link_for(e.value, e.value) for e in found if e.kind == "url"]
    post_id = ref.post_id if ref else None
    if ref and ref.handle and not handle:
        handle = ref.handle
    source = Source(path=path, start=start, end=end, line=lines.line_of(start), method=method, raw=doc[start:end])
    created_at = id_time(platform, post_id)
    disagreement = date_disagreement(published, created_at)
    if disagreement:
        notes = (*notes, disagreement)
    return Citation(
        id=citation_id(platform, post_id, handle, published, text),
        platform=platform,
        kind=kind,
        url=(ref.url or None) if ref else None,
        post_id=post_id,
        author=Author(name=name or None, handle=handle or None),
        published=published,
        date_text=date_text or None,
        text=text,
        hashtags=tuple(hashtags),
        mentions=tuple(mentions),
        links=tuple(links or ()),
        source=source,
        created_at=created_at,
        occurrences=(source,),
        notes=notes,
        language=language,
        quoted=quoted,
        cid=cid,
        title=title,
    )


def permalink(ref: PostRef, doc: str, lines: Lines, path: str | None, start: int, end: int) -> Citation:
    """A post cited by a link (``kind="link"``): a permalink in an href or written out, at ``doc[start:end]``."""
    return build(
        platform=ref.platform,
        kind="link",
        method="permalink",
        doc=doc,
        lines=lines,
        path=path,
        start=start,
        end=end,
        ref=ref,
        links=[],
    )
