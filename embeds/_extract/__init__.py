"""Extract stage: every post a document embeds or cites, with its span. Pure: no network, no files, no clock."""

from __future__ import annotations

import dataclasses
import gc
from bisect import bisect_left, bisect_right
from typing import Any

from .._models import Citation, Document, Source
from .._parse import Lines, check_format, detect_format, parse_markdown
from .._rx import lazy_regex
from .._types import Format
from ._attribution import extract_attributions
from ._captions import extract_captions
from ._entities import entities
from ._html import extract_html
from ._markdown import code_ranges, extract_markdown
from ._merge import merge
from ._text import extract_permalinks

__all__ = ["entities", "extract", "extract_document"]


LONE_CR = lazy_regex(r"\r(?!\n)")
MARKUP_METHODS = frozenset(("blockquote", "iframe", "element", "script", "escaped"))


class _Containment:
    """Is a span within one of these spans? Answered by bisection (a page of thousands of embeds made the plain
    any() over every embed for every finding quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []  # reach[k]: the furthest end among spans[: k + 1]
        for _, e in spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)
        self.ends_at: dict[int, list[int]] = {}  # start -> ends of the spans starting there, ascending
        for s, e in spans:
            self.ends_at.setdefault(s, []).append(e)

    def _reach_before(self, k: int) -> int:
        return self.reach[k - 1] if k > 0 else -1

    def within(self, start: int, end: int) -> bool:
        """Some span ``s, e`` has ``s <= start`` and ``end <= e``."""
        return self._reach_before(bisect_right(self.starts, start)) >= end

    def strictly_within(self, start: int, end: int) -> bool:
        """Some span contains ``start:end`` and is not ``start:end`` itself."""
        if self._reach_before(bisect_left(self.starts, start)) >= end:  # one starting before it
            return True
        ends = self.ends_at.get(start)
        return ends is not None and ends[-1] > end  # one starting with it and ending after it


def _merge(found: list[Citation]) -> tuple[Citation, ...]:
    """Order by position; drop a link inside an embed (the embed's own status link) and flattened text inside
    embed markup; merge findings of the same post (same platform and id) into one citation."""
    inside = _Containment([(c.source.start, c.source.end) for c in found if c.kind == "embed" and c.source])
    # flattened text is dropped inside markup, not inside other flattened text (a quoted post nested in a quote)
    markup = _Containment(
        [(s.start, s.end) for c in found if c.kind == "embed" and (s := c.source) and s.method in MARKUP_METHODS]
    )
    kept: list[Citation] = []
    for c in found:
        s = c.source
        assert s is not None
        if c.kind != "embed" and inside.within(s.start, s.end):
            continue  # a link inside an embed
        if s.method not in MARKUP_METHODS and markup.strictly_within(s.start, s.end):
            continue  # flattened text inside an embed's markup
        kept.append(c)
    kept.sort(key=lambda c: (c.source.start if c.source else 0, -(c.source.end if c.source else 0)))
    by_id: dict[str, int] = {}
    unique: list[Citation] = []
    groups: dict[int, list[Citation]] = {}  # index in unique -> every finding of that post, in order
    for c in kept:
        if (
            unique
            and unique[-1].source
            and c.source
            and (unique[-1].source.start, unique[-1].source.end) == (c.source.start, c.source.end)
            and c.id not in by_id
            and not (c.source.method == "escaped" == unique[-1].source.method)
        ):
            # the same span found by two detectors (markup and its flattened text) is one finding; posts decoded
            # from one escaped string all carry that string's span, and are as many findings as posts
            continue
        k = by_id.get(c.id)
        if k is None:
            by_id[c.id] = len(unique)
            unique.append(c)
        else:
            groups.setdefault(k, [unique[k]]).append(c)
    for k, group in groups.items():
        unique[k] = merge(group)
    return tuple(unique)


def extract(text: str, *, format: Format | str | None = None, source: str | None = None) -> tuple[Citation, ...]:
    """Every post ``text`` embeds or cites, in document order.

    ``format`` is ``"text"``, ``"markdown"`` or ``"html"``, detected from ``source`` and the text when ``None``;
    ``source`` is the document's path or name, carried into each record's provenance. Pure and synchronous: no
    network, no file access. Links are returned unresolved (``status == "pending"``).
    """
    fmt: Format = detect_format(text, source) if format is None else check_format(format)
    original = text
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        # a lone carriage return (classic Mac OS line ends) read as a line break: the same length, so every offset
        # stands; ``raw`` is re-read from the document as written
        text = LONE_CR.sub("\n", text)
    lines = Lines(text)
    found: list[Citation] = []
    if fmt == "html":
        found.extend(extract_html(text, lines, source))
    elif fmt == "markdown":
        found.extend(_extract_markdown(text, lines, source))
    else:
        found.extend(extract_attributions(text, lines, source))
        found.extend(extract_captions(text, lines, source))
        found.extend(extract_permalinks(text, lines, source))
    merged = _merge(found)
    if text is not original:
        merged = tuple(_reread(c, original) for c in merged)
    return merged


def _extract_markdown(text: str, lines: Lines, source: str | None) -> list[Citation]:
    """Posts in a Markdown document. The garbage collector is paused meanwhile: markdown-it makes a token object per
    block and inline element, and a collector walking the tokens of a large document again and again made it about
    1.4 times slower (3 MB: 8.5 s with it, 5.9 s without). What cycles are made meanwhile (the element trees of
    raw HTML blocks) are collected once it runs again."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        found: list[Citation] = []
        env: dict[str, Any] = {}
        tokens = parse_markdown(text, env)
        code = code_ranges(tokens, lines)  # in document order, not overlapping
        code_starts = [s for s, _ in code]

        def in_code(i: int) -> bool:  # by bisection: a document of many code blocks and posts stays linear
            k = bisect_right(code_starts, i) - 1
            return k >= 0 and i < code[k][1]

        found.extend(
            c
            for c in (
                *extract_attributions(text, lines, source, markdown=True),
                *extract_captions(text, lines, source, markdown=True),
            )
            if c.source is None or not in_code(c.source.end - 1)
        )
        found.extend(extract_markdown(text, lines, source, tokens, env))
        return found
    finally:
        if paused:
            gc.enable()


def _reread(c: Citation, doc: str) -> Citation:
    """``c`` with each span's ``raw`` read from ``doc``."""

    def fix(s: Source) -> Source:
        return dataclasses.replace(s, raw=doc[s.start : s.end]) if s.raw is not None else s

    return dataclasses.replace(
        c, source=fix(c.source) if c.source else None, occurrences=tuple(map(fix, c.occurrences))
    )


def extract_document(document: Document) -> tuple[Citation, ...]:
    """:func:`extract` applied to a :class:`Document`."""
    return extract(document.text, format=document.format, source=document.path)
