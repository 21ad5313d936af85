"""The HTML parser's fallback: the standard library's ``html.parser`` tokenizer feeding the tree of :mod:`._html`.

:func:`._html.parse_html` reads markup with its own tokenizer and comes here only for what that leaves (a tag,
declaration or processing instruction it does not read), so ``html.parser`` and its patterns load only then.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from .._rx import lazy_re
from ._tree import RAW_TEXT, Tree

#: The keywords ``_markupbase`` knows after ``<![`` (it raises ``AssertionError`` on any other).
MARKED_SECTION = lazy_re(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
MARKED_KEYWORDS = frozenset(("temp", "cdata", "ignore", "include", "rcdata", "if", "else", "endif"))


class Builder(HTMLParser):
    """The fallback: html.parser's tokenizer feeding the same tree."""

    def __init__(self, text: str, offset: int) -> None:
        super().__init__(convert_charrefs=False)
        self._text = text
        self._base = offset
        # offset of the start of each line, to turn (line, column) into an offset
        self._line_starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            self._line_starts.append(i + 1)
            i = find("\n", i + 1)
        self.tree = Tree(offset, offset + len(text))

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![`` not followed by a keyword the base class knows is a bogus comment (as HTML has it), not an error."""
        m = MARKED_SECTION.match(self.rawdata, i + 3)
        if m is None or m.group().strip().lower() not in MARKED_KEYWORDS:
            return self.parse_bogus_comment(i)
        return super().parse_marked_section(i, report)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._base + self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        self.tree.start_tag(tag, {k: v or "" for k, v in attrs}, start, start + len(self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        self.tree.self_closing_tag(tag, {k: v or "" for k, v in attrs}, start, end)

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        close = self._text.find(">", start - self._base)
        self.tree.end_tag(tag, self._base + (len(self._text) if close == -1 else close + 1))

    def _data(self, text: str, raw_len: int) -> None:
        start = self._offset()
        self.tree.text(text, start, start + raw_len)

    def handle_data(self, data: str) -> None:
        parent_tag = self.tree.stack[-1].tag
        self._data(data if parent_tag in RAW_TEXT else html.unescape(data), len(data))

    def handle_entityref(self, name: str) -> None:
        self._data(html.unescape(f"&{name};"), len(name) + 2)

    def handle_charref(self, name: str) -> None:
        self._data(html.unescape(f"&#{name};"), len(name) + 3)
