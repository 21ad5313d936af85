"""A tolerant HTML tree that keeps source offsets, built on the standard library's HTML5-tokenizing parser.

Every element knows the code-point span of its markup in the document (start tag to end tag inclusive), so findings
inside HTML report provenance back into the original text. Malformed markup never raises: unknown end tags are
ignored, unclosed elements end where their parent ends.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())  # HTML's void elements
# Elements whose start implicitly closes an open <p> (HTML's "close a p element" rule, abridged).
CLOSES_P = frozenset(
    """address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6
    header hr main nav ol p pre section table ul""".split()
)
RAW_TEXT = frozenset(("script", "style"))
#: The keywords ``_markupbase`` knows after ``<![`` (it raises ``AssertionError`` on any other).
MARKED_SECTION = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
MARKED_KEYWORDS = frozenset(("temp", "cdata", "ignore", "include", "rcdata", "if", "else", "endif"))


@dataclass(slots=True, eq=False)
class Text:
    """A run of character data: ``text`` is unescaped; ``start``/``end`` span the raw source."""

    text: str
    start: int
    end: int


@dataclass(slots=True, eq=False)
class Element:
    """An element: tag name (lower case), attributes (values unescaped), span of its markup, children."""

    tag: str
    attrs: dict[str, str]
    start: int
    end: int
    children: list[Element | Text] = field(default_factory=list)
    parent: Element | None = None

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        stack: list[Element] = [self]
        while stack:
            el = stack.pop()
            yield el
            stack.extend(c for c in reversed(el.children) if isinstance(c, Element))

    def text_content(self, *, br: str = "\n") -> str:
        """The element's text with ``<br>`` as ``br``; script and style text left out."""
        parts: list[str] = []
        stack: list[Element | Text] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Text):
                parts.append(node.text)
            elif node.tag == "br":
                parts.append(br)
            elif node.tag not in RAW_TEXT:
                stack.extend(reversed(node.children))
        return "".join(parts)


class _Builder(HTMLParser):
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
        self.root = Element("#document", {}, offset, offset + len(text))
        self._stack: list[Element] = [self.root]

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![`` not followed by a keyword the base class knows is a bogus comment (as HTML has it), not an error."""
        m = MARKED_SECTION.match(self.rawdata, i + 3)
        if m is None or m.group().strip().lower() not in MARKED_KEYWORDS:
            return self.parse_bogus_comment(i)
        return super().parse_marked_section(i, report)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._base + self._line_starts[line - 1] + col

    def _close(self, index: int, end: int) -> None:
        for el in self._stack[index:]:
            el.end = max(el.end, end)
        del self._stack[index:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        if tag in CLOSES_P:
            for i in range(len(self._stack) - 1, 0, -1):
                if self._stack[i].tag == "p":
                    self._close(i, start)
                    break
                if self._stack[i].tag in ("blockquote", "div", "section", "article", "td", "li"):
                    break
        parent = self._stack[-1]
        el = Element(tag, {k: v or "" for k, v in attrs}, start, end, parent=parent)
        parent.children.append(el)
        if tag not in VOID:
            self._stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._stack[-1].tag == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        close = self._text.find(">", start - self._base)
        end = self._base + (len(self._text) if close == -1 else close + 1)
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i].tag == tag:
                self._close(i, end)
                return

    def _data(self, text: str, raw_len: int) -> None:
        start = self._offset()
        parent = self._stack[-1]
        end = start + raw_len
        last = parent.children[-1] if parent.children else None
        if isinstance(last, Text) and last.end == start:
            last.text += text
            last.end = end
        else:
            parent.children.append(Text(text, start, end))

    def handle_data(self, data: str) -> None:
        parent_tag = self._stack[-1].tag
        self._data(data if parent_tag in RAW_TEXT else html.unescape(data), len(data))

    def handle_entityref(self, name: str) -> None:
        self._data(html.unescape(f"&{name};"), len(name) + 2)

    def handle_charref(self, name: str) -> None:
        self._data(html.unescape(f"&#{name};"), len(name) + 3)


def parse_html(text: str, offset: int = 0) -> Element:
    """Parse ``text`` into an :class:`Element` tree rooted at a ``#document`` element. Never raises on bad markup.

    ``offset`` is added to every span: pass the fragment's position when ``text`` is part of a larger document.
    """
    builder = _Builder(text, offset)
    builder.feed(text)
    builder.close()
    builder._close(1, offset + len(text))
    return builder.root
