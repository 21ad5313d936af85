"""The tree :mod:`._html` builds: elements and texts with the source span of each, and the rules that build it.

Both tokenizers feed it (:func:`._html.parse_html`'s own and :mod:`._fallback`'s ``html.parser``), token by token.
"""

from __future__ import annotations

from collections.abc import Iterator

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())  # HTML's void elements
# Elements whose start implicitly closes an open <p> (HTML's "close a p element" rule, abridged).
CLOSES_P = frozenset(
    """address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6
    header hr main nav ol p pre section table ul""".split()
)
RAW_TEXT = frozenset(("script", "style"))


class Text:
    """A run of character data: ``text`` is unescaped; ``start``/``end`` span the raw source.

    (Plain classes, not dataclasses: nodes are compared by identity, and a dataclass costs a millisecond to create
    at every start of the command line.)"""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Text({self.text!r}, {self.start}, {self.end})"


class Element:
    """An element: tag name (lower case), attributes (values unescaped), span of its markup, children."""

    __slots__ = ("attrs", "children", "end", "parent", "start", "tag")

    def __init__(
        self,
        tag: str,
        attrs: dict[str, str],
        start: int,
        end: int,
        children: list[Element | Text] | None = None,
        parent: Element | None = None,
    ) -> None:
        self.tag = tag
        self.attrs = attrs
        self.start = start
        self.end = end
        self.children: list[Element | Text] = [] if children is None else children
        self.parent = parent

    def __repr__(self) -> str:  # the children and the parent are left out: they would print the whole tree
        return f"Element({self.tag!r}, {self.attrs!r}, {self.start}, {self.end}, <{len(self.children)} children>)"

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order (a stack of the children lists under way:
        nothing is copied or reversed per element, which made the readers' walks twice as slow)."""
        yield self
        if not self.children:
            return
        stack = [iter(self.children)]
        while stack:
            for c in stack[-1]:
                if isinstance(c, Element):
                    yield c
                    if c.children:
                        stack.append(iter(c.children))
                        break
            else:
                stack.pop()


class Tree:
    """The tree being built, fed tokens with their code-point offsets (by :func:`._html._tokenize` or by
    :class:`._fallback.Builder`).

    The tree rules are the same whichever tokenizer feeds it: void elements never open, a block start closes an open
    ``<p>``, an end tag closes up to the nearest open element of its name (an unknown one is ignored)."""

    __slots__ = ("open", "root", "stack")

    def __init__(self, start: int, end: int) -> None:
        self.root = Element("#document", {}, start, end)
        self.stack: list[Element] = [self.root]
        # how many elements of each name are open: an end tag with none open (or a block start with no <p> open) is
        # ignored at once, not after a walk down the stack (which made stray end tags quadratic)
        self.open: dict[str, int] = {}

    def close(self, index: int, end: int) -> None:
        for el in self.stack[index:]:
            if el.end < end:
                el.end = end
            self.open[el.tag] -= 1
        del self.stack[index:]

    def start_tag(self, tag: str, attrs: dict[str, str], start: int, end: int) -> None:
        stack = self.stack
        if tag in CLOSES_P and self.open.get("p"):
            for i in range(len(stack) - 1, 0, -1):
                if stack[i].tag == "p":
                    self.close(i, start)
                    break
                if stack[i].tag in ("blockquote", "div", "section", "article", "td", "li"):
                    break
        parent = stack[-1]
        el = Element(tag, attrs, start, end, [], parent)
        parent.children.append(el)
        if tag not in VOID:
            stack.append(el)
            self.open[tag] = self.open.get(tag, 0) + 1

    def self_closing_tag(self, tag: str, attrs: dict[str, str], start: int, end: int) -> None:
        """``<tag ... />``: opens nothing, whatever the tag."""
        self.start_tag(tag, attrs, start, end)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.close(len(self.stack) - 1, 0)

    def end_tag(self, tag: str, end: int) -> None:
        stack = self.stack
        if len(stack) > 1 and stack[-1].tag == tag:  # the usual case: closing the innermost element
            el = stack.pop()
            if el.end < end:
                el.end = end
            self.open[tag] -= 1
            return
        if not self.open.get(tag):
            return
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].tag == tag:
                self.close(i, end)
                return

    def text(self, text: str, start: int, end: int) -> None:
        """Character data (already unescaped) spanning ``start:end``; joined to a text just before it."""
        children = self.stack[-1].children
        last = children[-1] if children else None
        if isinstance(last, Text) and last.end == start:
            last.text += text
            last.end = end
        else:
            children.append(Text(text, start, end))


# -- the tokenizer ------------------------------------------------------------------------------------------------
#
