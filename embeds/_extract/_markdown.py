"""Posts in Markdown: flattened embeds in quotes, links and autolinks to permalinks, raw HTML blocks (handed to the
HTML path). Code blocks and code spans are skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import regex

from .._models import Citation
from .._parse import Lines, parse_html, parse_inline, parse_markdown
from ..platforms import parse_permalink
from ._build import permalink
from ._entities import URL, _trim_url
from ._html import extract_html

if TYPE_CHECKING:
    from markdown_it.token import Token


def _region(lines: Lines, line_map: list[int] | None, starts: list[int] | None = None) -> tuple[int, int]:
    if not line_map:
        return 0, len(lines.text)
    starts = lines.starts if starts is None else starts
    first, last = line_map
    start = starts[first] if first < len(starts) else len(lines.text)
    end = starts[last] if last < len(starts) else len(lines.text)
    return start, end


def code_ranges(tokens: list[Token], lines: Lines) -> list[tuple[int, int]]:
    """Offsets of the fenced and indented code blocks (what they contain is an example, not a citation)."""
    starts = lines.starts
    return [_region(lines, t.map, starts) for t in tokens if t.type in ("fence", "code_block") and t.map]


def _may_link(content: str, env: dict[str, Any]) -> bool:
    """Whether a block's inline content may hold a permalink: a URL or host path (a ``/``), an autolink or inline HTML
    (a ``<``), or a reference link when the document defines references (a ``[``)."""
    return "/" in content or "<" in content or ("[" in content and bool(env.get("references")))


def _definition(doc: str, url: str, env: dict[str, Any]) -> int:
    """Where ``url`` is written in a link reference definition (``[label]: url``), or -1."""
    if not env.get("references"):
        return -1
    for m in regex.finditer(r"(?m)^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?", doc):
        if doc.startswith(url, m.end()):
            return m.end()
    return -1


def extract_markdown(
    doc: str,
    lines: Lines,
    path: str | None,
    tokens: list[Token] | None = None,
    env: dict[str, Any] | None = None,
) -> list[Citation]:
    """Permalinks and HTML embeds in Markdown (flattened embeds are found by the caller on the whole text). Lines end
    in ``\n`` or ``\r\n`` (:func:`embeds.extract` reads a lone ``\r`` as ``\n``, as markdown-it does).
    ``tokens`` and ``env`` are :func:`parse_markdown`'s, when the caller has them already."""
    found: list[Citation] = []
    starts = lines.starts
    if tokens is None:
        env = {}
        tokens = parse_markdown(doc, env)
    env = {} if env is None else env
    for token in tokens:
        if token.type == "html_block":
            start, end = _region(lines, token.map, starts)
            found.extend(extract_html(doc, lines, path, start=start, end=end))
            continue
        if token.type != "inline" or not _may_link(token.content, env):
            continue
        region_start, region_end = _region(lines, token.map, starts)
        cursor = region_start
        urls: list[str] = []
        for child in token.children or parse_inline(token.content, env):
            if child.type == "link_open":
                urls.append(str(child.attrs.get("href", "")))
            elif child.type == "text":
                urls.extend(_trim_url(m.group()) for m in URL.finditer(child.content))
            elif child.type == "html_inline":
                urls.extend(el.attrs.get("href", "") for el in parse_html(child.content).iter() if el.tag == "a")
        for url in urls:
            ref = parse_permalink(url)
            if ref is None:
                continue
            at = doc.find(url, cursor, region_end)
            if at != -1:
                cursor = at + len(url)
            else:  # a reference link ([text][label]): the URL is written in the label's definition
                at = _definition(doc, url, env)
                if at == -1:
                    continue
            found.append(permalink(ref, doc, lines, path, at, at + len(url)))
    return found
