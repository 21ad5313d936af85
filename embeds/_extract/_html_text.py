"""Flattened posts in HTML: an attribution written in a page's text outside any embed markup.

A CMS that strips the embed's class, or a page that pastes the post as text, leaves
``<p>text</p><p>— Name (@handle) January 26, 2022</p>`` or ``<blockquote>text — Name (@handle) <a href=status>Date</a>
</blockquote>``. Around each ``(@`` (or ``(<a …>@``) in text outside embed markup, scripts, styles and comments, the
HTML is read as text (blocks as paragraphs, the date linked to the post after ``(@handle)`` as ``[Date](url)``,
entities decoded, white space collapsed) with a map back to the document, and
:func:`._attribution.extract_attributions` reads it. Spans are into the document: from the post's text to the end of
the attribution (its date link included).
"""

from __future__ import annotations

import dataclasses
import html
import re
from array import array
from collections.abc import Callable

from .._models import Citation, Source
from .._parse import Lines
from ..platforms import parse_permalink
from ._attribution import extract_attributions

#: How far before and after a ``(@`` the page is read (a post's text, its attribution). Scripts, styles and code
#: samples (``<pre>``, ``<code>``) are left out.
BEFORE = 3000
AFTER = 600
BLOCKS = frozenset(
    """p div blockquote li ul ol h1 h2 h3 h4 h5 h6 section article header footer figure figcaption table tr td th
    aside main nav pre dd dt dl address hr center form""".split()
)
#: A comment, a tag (quotes respected; possessive, so that a tag left open costs one pass), text, or a stray "<".
TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9:-]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>?|[^<]++|<", re.S
)
HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
TEXT_PIECE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?|\s+|[^&\s]+")
#: Where an attribution's handle may be: ``(@``, ``(&#64;``, ``(＠`` or a link around the handle (``(<a …>@h</a>)``).
ANCHOR = re.compile(r"\((?:@|&#0*64;|\uff20|<a\s[^>]{0,300}>\s*@)")


class _View:
    """Text made of a region of HTML, each character mapped to the span of the document it stands for."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts = array("q")  # (compact: a page's text is one region when its handles are close together)
        self.ends = array("q")
        self.last = "\n"

    def put(self, s: str, start: int, end: int) -> None:
        if not s:  # (a character reference to nothing: "&#1;")
            return
        self.parts.append(s)
        self.starts.extend([start] * len(s) if end - start != len(s) else range(start, end))
        self.ends.extend([end] * len(s) if end - start != len(s) else range(start + 1, end + 1))
        self.last = s[-1]

    def space(self, start: int, end: int) -> None:
        if self.last not in " \n":
            self.put(" ", start, end)

    def block(self, at: int) -> None:
        if self.parts and not "".join(self.parts[-2:]).endswith("\n\n"):
            self.put("\n\n" if self.last != "\n" else "\n", at, at)

    def after_handle(self) -> bool:
        """Whether the text so far ends with a closing parenthesis (``(@handle)``), spaces aside."""
        for part in reversed(self.parts[-4:]):
            stripped = part.rstrip()
            if stripped:
                return stripped.endswith(")")
        return False

    def text(self) -> str:
        return "".join(self.parts)


def _render(doc: str, start: int, end: int) -> _View:
    view = _View()
    href_open: str | None = None
    skip_until: str | None = None
    for m in TOKEN.finditer(doc, start, end):
        s, e = m.start(), m.end()
        if skip_until is not None:
            if m.group(2) and m.group(1) and m.group(2).lower() == skip_until:
                skip_until = None
            continue
        tag = m.group(2)
        if tag is not None:
            name, closing = tag.lower(), bool(m.group(1))
            if name in ("script", "style", "template", "svg", "pre", "code") and not closing:
                skip_until = name
            elif name == "br":
                view.put("\n", s, e)
                view.last = "\n"
            elif name in BLOCKS:
                view.block(s)
            elif name == "a" and not closing:
                h = HREF.search(m.group(3) or "")
                url = html.unescape(next(g for g in h.groups() if g is not None)) if h else ""
                if url and parse_permalink(url) is not None and " " not in url and view.after_handle():
                    view.put("[", s, e)  # the date linked to the status, right after "(@handle)"
                    href_open = url
            elif name == "a" and href_open is not None:
                view.put(f"]({href_open})", s, e)
                href_open = None
            continue
        if m.group().startswith("<!--"):
            continue
        for p in TEXT_PIECE.finditer(doc, s, e):
            piece = p.group()
            if piece[0].isspace():
                view.space(p.start(), p.end())
            elif piece[0] == "&" and len(piece) > 1:
                decoded = html.unescape(piece)
                view.put(decoded, p.start(), p.end())
            else:
                view.put(piece, p.start(), p.end())
    return view


def extract_html_text(
    doc: str,
    lines: Lines,
    path: str | None,
    start: int,
    end: int,
    excluded: Callable[[int], bool],
    first: int | None = None,
) -> list[Citation]:
    """Flattened posts in the text of ``doc[start:end]`` around each handle in parentheses for which ``excluded``
    (inside embed markup, a script, a style or a comment) is false. ``first``: where the first of them may be (a
    caller that found the first ``(@`` already; the text before it is not scanned again)."""
    regions: list[tuple[int, int]] = []
    for m in ANCHOR.finditer(doc, start if first is None else max(start, first), end):
        p = m.start()
        if excluded(p):
            continue
        lo = max(start, p - BEFORE)
        if lo > start:  # from a tag's start, not inside one
            lt = doc.find("<", lo, p)
            lo = lt if lt != -1 else lo
        hi = min(end, p + AFTER)
        if hi < end:
            gt = doc.rfind(">", p, hi)
            hi = gt + 1 if gt != -1 else hi
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(hi, regions[-1][1]))
        else:
            regions.append((lo, hi))
    found: list[Citation] = []
    for lo, hi in regions:
        view = _render(doc, lo, hi)
        text = view.text()
        if "(@" not in text and "(\uff20" not in text:
            continue
        for c in extract_attributions(text, Lines(text), path, html=True):
            assert c.source is not None
            s, e = view.starts[c.source.start], view.ends[c.source.end - 1]
            src = Source(path=path, start=s, end=e, line=lines.line_of(s), method="attribution", raw=doc[s:e])
            found.append(dataclasses.replace(c, source=src, occurrences=(src,)))
    return found
