"""Extract stage: every post a document embeds or cites, with its span. Pure: no network, no files, no clock."""

from __future__ import annotations

import dataclasses
from typing import Any

from .._models import Citation, Document
from .._parse import Lines, check_format, detect_format, parse_markdown
from .._types import Format
from ._attribution import extract_attributions
from ._captions import extract_captions
from ._entities import entities
from ._html import extract_html
from ._markdown import code_ranges, extract_markdown
from ._markup import MISSING_DATE, MISSING_TEXT
from ._text import extract_permalinks

__all__ = ["entities", "extract", "extract_document"]


MARKUP_METHODS = frozenset(("blockquote", "iframe", "element", "script", "escaped"))
_FILL = ("url", "post_id", "published", "date_text", "text", "created_at", "language", "quoted", "cid")


def _combine(first: Citation, other: Citation) -> Citation:
    """Two findings of the same post in one document: one record, the fuller fields, every occurrence."""
    base, extra = (first, other) if (first.kind == "embed" or other.kind != "embed") else (other, first)
    fields: dict[str, object] = {}
    for f in _FILL:
        if getattr(base, f) is None and getattr(extra, f) is not None:
            fields[f] = getattr(extra, f)
    if base.url and extra.url and "/i/web/status/" in base.url and "/i/web/status/" not in extra.url:
        fields["url"] = extra.url
    author = base.author
    if author.name is None and extra.author.name is not None:
        author = dataclasses.replace(author, name=extra.author.name)
    if author.handle is None and extra.author.handle is not None:
        author = dataclasses.replace(author, handle=extra.author.handle)
    if author is not base.author:
        fields["author"] = author
    if not base.links and extra.links:
        fields["links"] = extra.links
        fields["hashtags"] = extra.hashtags
        fields["mentions"] = extra.mentions
    occurrences = tuple(sorted({*first.occurrences, *other.occurrences}, key=lambda s: (s.start, -s.end)))
    text_now = base.text is not None or "text" in fields
    date_now = base.date_text is not None or "date_text" in fields
    notes = tuple(
        n
        for n in dict.fromkeys(base.notes + extra.notes)
        if not (text_now and n.endswith(MISSING_TEXT)) and not (date_now and n.endswith(MISSING_DATE))
    )
    return dataclasses.replace(base, occurrences=occurrences, notes=notes, source=occurrences[0], **fields)  # type: ignore[arg-type]


def _merge(found: list[Citation]) -> tuple[Citation, ...]:
    """Order by position; drop a link inside an embed (the embed's own status link) and flattened text inside
    embed markup; merge findings of the same post (same platform and id) into one citation."""
    markup = [c.source for c in found if c.kind == "embed" and c.source and c.source.method in MARKUP_METHODS]
    embeds = [c.source for c in found if c.kind == "embed" and c.source is not None]
    kept: list[Citation] = []
    for c in found:
        s = c.source
        assert s is not None
        if c.kind != "embed" and any(e.start <= s.start and s.end <= e.end for e in embeds):
            continue
        if s.method not in MARKUP_METHODS and any(
            e is not s and e.start <= s.start and s.end <= e.end and (e.start, e.end) != (s.start, s.end)
            for e in (*markup, *embeds)
        ):
            continue
        kept.append(c)
    kept.sort(key=lambda c: (c.source.start if c.source else 0, -(c.source.end if c.source else 0)))
    by_id: dict[str, int] = {}
    unique: list[Citation] = []
    for c in kept:
        if (
            unique
            and unique[-1].source
            and c.source
            and (unique[-1].source.start, unique[-1].source.end) == (c.source.start, c.source.end)
            and c.id not in by_id
        ):
            continue  # the same span found by two detectors (markup and its flattened text) is one finding
        k = by_id.get(c.id)
        if k is None:
            by_id[c.id] = len(unique)
            unique.append(c)
        else:
            unique[k] = _combine(unique[k], c)
    return tuple(unique)


def extract(text: str, *, format: Format | str | None = None, source: str | None = None) -> tuple[Citation, ...]:
    """Every post ``text`` embeds or cites, in document order.

    ``format`` is ``"text"``, ``"markdown"`` or ``"html"``, detected from ``source`` and the text when ``None``;
    ``source`` is the document's path or name, carried into each record's provenance. Pure and synchronous: no
    network, no file access. Links are returned unresolved (``status == "pending"``).
    """
    fmt: Format = detect_format(text, source) if format is None else check_format(format)
    lines = Lines(text)
    found: list[Citation] = []
    if fmt == "html":
        found.extend(extract_html(text, lines, source))
    elif fmt == "markdown":
        env: dict[str, Any] = {}
        tokens = parse_markdown(text, env)
        code = code_ranges(tokens, lines)
        found.extend(
            c
            for c in (*extract_attributions(text, lines, source), *extract_captions(text, lines, source))
            if c.source is None or not any(s <= c.source.end - 1 < e for s, e in code)
        )
        found.extend(extract_markdown(text, lines, source, tokens, env))
    else:
        found.extend(extract_attributions(text, lines, source))
        found.extend(extract_captions(text, lines, source))
        found.extend(extract_permalinks(text, lines, source))
    return _merge(found)


def extract_document(document: Document) -> tuple[Citation, ...]:
    """:func:`extract` applied to a :class:`Document`."""
    return extract(document.text, format=document.format, source=document.path)
