"""Flattened embeds: the text a scraper leaves behind — the post's text, then ``— Name (@handle) Date``.

Accepted attribution lines (one line, optionally quoted with ``>``):
``— Name (@handle) January 26, 2022`` (trafilatura), ``-- Name (@handle) [Date](url)`` (html2text),
``— Name (@handle)[Date](url)`` (Markdown, space lost), with ``—``, ``–``, ``--``, ``-`` or ``&mdash;`` as the dash.
A date (or a linked date) is required: a dash, a name and a handle alone are too common in prose to mean a post.

The post's text is the block above the attribution line: the quoted lines (``>``) when the attribution is quoted;
otherwise the paragraph above when the document separates paragraphs with blank lines, else the one line above.
"""

from __future__ import annotations

import regex

from .._models import Citation
from .._parse import Lines
from .._types import Platform
from ._build import build
from ._dates import looks_like_date, parse_date
from ._permalinks import parse_permalink

ATTRIBUTION = regex.compile(
    r"""
    ^(?P<prefix>(?:[ \t]*>)*[ \t]*)
    (?:\u2014|\u2013|--|-|&mdash;|&\#8212;)[ \t]*
    (?P<name>[^\n]{0,100}?)[ \t]*
    \(\[?[@\uff20](?P<handle>
        [A-Za-z0-9_]{1,30}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+     # Mastodon user@host
      | (?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}      # Bluesky domain handle
      | [A-Za-z0-9_]{1,20}                                        # Twitter/X handle
    )(?:\]\([^)\s]*\))?\)
    [ \t]*
    (?:\[(?P<ldate>[^\]\n]{1,80})\]\((?P<url>[^)\s]+)\)|(?P<date>[^\n]{0,80}?))
    [ \t]*\r?$
    """,
    regex.VERBOSE | regex.MULTILINE,
)
QUOTE_PREFIX = regex.compile(r"^(?:[ \t]*>)+[ \t]?")
PLACEHOLDER = regex.compile(r"(?i)^\[image or embed\]$")


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _unquote(line: str) -> str:
    return QUOTE_PREFIX.sub("", line, count=1)


def _body_lines(lines: Lines, i: int, quoted: bool, blank_paragraphs: bool) -> list[int]:
    """Indexes of the lines holding the post's text, above attribution line ``i``."""
    j = i - 1
    body: list[int] = []
    if quoted:
        while j >= 0 and _is_quoted(lines.get(j)) and not ATTRIBUTION.match(lines.get(j)):
            body.append(j)
            j -= 1
    else:
        for _ in range(2):  # a paragraph that is only "[image or embed]" belongs with the paragraph above it
            while j >= 0 and not lines.get(j).strip():
                j -= 1
            while j >= 0:
                line = lines.get(j).strip()
                if not line or line.startswith(("```", "~~~")) or ATTRIBUTION.match(lines.get(j)):
                    break
                body.append(j)
                j -= 1
                if not blank_paragraphs and not PLACEHOLDER.match(line):
                    break
            if not body or not all(PLACEHOLDER.match(lines.get(k).strip()) for k in body):
                break
    body.reverse()
    while body and not _unquote(lines.get(body[0])).strip():
        body.pop(0)
    return body


def _platform(handle: str, url_platform: Platform | None) -> Platform:
    if url_platform:
        return url_platform
    if "@" in handle:
        return "mastodon"
    if "." in handle:
        return "bluesky"
    return "twitter"


def extract_attributions(doc: str, lines: Lines, path: str | None) -> list[Citation]:
    """Posts flattened into ``doc`` (the whole document; offsets are into it)."""
    if "(@" not in doc and "([@" not in doc and "(\uff20" not in doc:
        return []
    blank_paragraphs = "\n\n" in doc or "\n\r\n" in doc
    found: list[Citation] = []
    for m in ATTRIBUTION.finditer(doc):
        date_text = (m.group("ldate") or m.group("date") or "").strip()
        url = m.group("url")
        published = parse_date(date_text) if date_text else None
        if published is None and not url and not looks_like_date(date_text):
            continue
        ref = parse_permalink(url) if url else None
        i = lines.line_of(m.start()) - 1
        quoted = ">" in m.group("prefix")
        body = _body_lines(lines, i, quoted, blank_paragraphs)
        if not body:
            continue
        texts = [_unquote(lines.get(k)).strip() if quoted else lines.get(k).strip() for k in body]
        text = "\n".join(t for t in texts if t and not PLACEHOLDER.match(t)) or None
        notes: tuple[str, ...] = ()
        if any(PLACEHOLDER.match(t) for t in texts):
            notes = ("the post has an image or embed the text does not show",)
        handle = m.group("handle")
        start = lines.span(body[0])[0]
        end = m.end()
        if doc[end - 1 : end] == "\r":
            end -= 1
        found.append(
            build(
                platform=_platform(handle, ref.platform if ref else None),
                kind="embed",
                method="attribution",
                doc=doc,
                lines=lines,
                path=path,
                start=start,
                end=end,
                text=text,
                name=m.group("name").strip() or None,
                handle=handle,
                date_text=date_text or None,
                published=published,
                ref=ref,
                notes=notes,
            )
        )
    return found
