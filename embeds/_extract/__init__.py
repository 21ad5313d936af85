"""Extract stage: every post a document embeds or cites, with its span. Pure: no network, no files, no clock."""

from __future__ import annotations

from .._models import Citation, Document
from .._parse import Lines, check_format, detect_format, parse_markdown
from .._types import Format
from ._attribution import extract_attributions
from ._entities import entities
from ._html import extract_html
from ._markdown import code_ranges, extract_markdown
from ._text import extract_permalinks

__all__ = ["entities", "extract", "extract_document"]


def _merge(found: list[Citation]) -> tuple[Citation, ...]:
    """Order by position; drop a finding that lies inside an embed already found (an embed's own status link)."""
    embeds = [c.source for c in found if c.kind == "embed" and c.source is not None]
    kept: list[Citation] = []
    for c in found:
        s = c.source
        assert s is not None
        if c.kind != "embed" and any(e.start <= s.start and s.end <= e.end for e in embeds):
            continue
        if c.kind == "embed" and any(
            e is not s and e.start <= s.start and s.end <= e.end and (e.start, e.end) != (s.start, s.end)
            for e in embeds
        ):
            continue
        kept.append(c)
    kept.sort(key=lambda c: (c.source.start if c.source else 0, -(c.source.end if c.source else 0)))
    # the same span found by two detectors (markup and its flattened text) is one finding
    unique: list[Citation] = []
    for c in kept:
        if (
            unique
            and unique[-1].source
            and c.source
            and ((unique[-1].source.start, unique[-1].source.end) == (c.source.start, c.source.end))
        ):
            continue
        unique.append(c)
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
        tokens = parse_markdown(text)
        code = code_ranges(tokens, lines)
        found.extend(
            c
            for c in extract_attributions(text, lines, source)
            if c.source is None or not any(s <= c.source.end - 1 < e for s, e in code)
        )
        found.extend(extract_markdown(text, lines, source, tokens))
    else:
        found.extend(extract_attributions(text, lines, source))
        found.extend(extract_permalinks(text, lines, source))
    return _merge(found)


def extract_document(document: Document) -> tuple[Citation, ...]:
    """:func:`extract` applied to a :class:`Document`."""
    return extract(document.text, format=document.format, source=document.path)
