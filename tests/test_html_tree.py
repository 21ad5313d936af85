"""The HTML tree: the fast tokenizer gives html.parser's tree wherever it reads the markup, and gives up elsewhere."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from embeds._parse._fallback import Builder
from embeds._parse._html import _tokenize, parse_html
from embeds._parse._tree import Element, Text
from embeds.platforms import REGISTRY


def _shape(node: Element | Text) -> object:
    if isinstance(node, Text):
        return ("#text", node.text, node.start, node.end)
    return (node.tag, sorted(node.attrs.items()), node.start, node.end, [_shape(c) for c in node.children])


def _stdlib_tree(text: str, offset: int) -> Element:
    builder = Builder(text, offset)
    builder.feed(text)
    builder.close()
    builder.tree.close(1, offset + len(text))
    return builder.tree.root


PIECES = [
    '<blockquote class="twitter-tweet" data-lang="en">',
    "</blockquote>",
    "<p lang=en dir='ltr'>",
    "</p>",
    "<p>",
    "<div>",
    "</div>",
    "<br>",
    "<br/>",
    "<br />",
    '<a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw&amp;x=1">',
    "<a href=https://x.com/a/status/1>",
    "<a href=x/>",
    "</a>",
    "<img alt='a > b' src=x>",
    "<script async src=x></script>",
    "<script>",
    "</script>",
    "</SCRIPT >",
    "<style>p{}</style>",
    "<!-- c -->",
    "<!--",
    "-->",
    "<!doctype html>",
    "<![CDATA[x]]>",
    "<![ x",
    "<?x?>",
    "</>",
    "</ p>",
    "</p x>",
    "<a =b>",
    "<a b=c=d>",
    "<a b='c'd>",
    "<a/b>",
    "<A HREF=X>",
    "&mdash; ",
    "&amp;",
    "&amp",
    "&#39;",
    "&#39",
    "&#x1F600;",
    "&#;",
    "&nosuch;",
    "& ",
    "&",
    "<",
    "< ",
    ">",
    '"',
    "'",
    "=",
    "/",
    "\n",
    "\r\n",
    "\t",
    "\x0b",
    "\x00",
    "\xa0",
    "\u017f",
]
documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, offset=st.integers(min_value=0, max_value=50))
def test_fast_tokenizer_agrees_with_html_parser(text: str, offset: int) -> None:
    fast = _tokenize(text, offset)
    if fast is not None:
        assert _shape(fast) == _shape(_stdlib_tree(text, offset))
    assert _shape(parse_html(text, offset)) == _shape(fast or _stdlib_tree(text, offset))


def _preorder(el: Element) -> list[Element]:
    return [el, *(d for c in el.children if isinstance(c, Element) for d in _preorder(c))]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents)
def test_iter_walks_in_document_order(text: str) -> None:
    root = parse_html(text)
    for el in _preorder(root):
        assert list(el.iter()) == _preorder(el)


def test_embed_markup_takes_the_fast_path() -> None:
    snippet = (
        '<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">Hello <a href="https://t.co/x">'
        "pic.twitter.com/x</a><br>&amp; more &#8217;</p>&mdash; A (@a) <a href=https://twitter.com/a/status/1>"
        'May 4, 2023</a></blockquote> <script async src="https://platform.twitter.com/widgets.js"></script><!-- x -->'
    )
    tree = _tokenize(snippet, 10)
    assert tree is not None
    assert _shape(tree) == _shape(_stdlib_tree(snippet, 10))
    bq = tree.children[0]
    assert isinstance(bq, Element) and bq.tag == "blockquote"
    assert snippet[bq.start - 10 : bq.end - 10].endswith("</blockquote>")


def test_unreadable_markup_falls_back() -> None:
    for text in ("<a =b>x", "a &#; b", "<!doctype html>", "<script>never closed", "x <"):
        assert _tokenize(text, 0) is None
        assert _shape(parse_html(text)) == _shape(_stdlib_tree(text, 0))


def test_white_space_sets_agree() -> None:
    # _clean collapses white space with str.split() when the text has none of NOT_SPACE_SEPARATORS: that is only
    # right while regex's \s and str.isspace() agree on every other code point (they depend on two Unicode tables)
    from embeds._extract._markup import NOT_SPACE_SEPARATORS, SPACE, _clean

    every = "".join(map(chr, range(0x110000))).replace("\x00", "")
    by_regex = set(SPACE.findall(every))
    by_str = {c for c in every if c.isspace() and not NOT_SPACE_SEPARATORS.match(c)}
    assert {c for run in by_regex for c in run} == by_str
    sample = " \t\xa0a\u2003b \u2028\n c\x00 d\x85 "
    assert _clean(sample) == "\n".join(" ".join(SPACE.split(p)).strip() for p in sample.split("\x00")).strip()


def test_start_tag_attributes_read_as_regex_reads_them() -> None:
    # START_TAG_ATTR runs on the standard library's engine with regex's \s spelled out (WHITE_SPACE): the class must
    # be regex's \s on every code point, and attributes then read as the regex-module pattern read them
    import re

    import regex

    from embeds._parse._html import START_TAG_ATTR, WHITE_SPACE

    every = "".join(map(chr, range(0x110000)))
    assert re.findall(f"[{WHITE_SPACE}]", every) == regex.findall(r"\s", every)
    before = regex.compile(
        r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?"""
    )
    for tag in (
        '<iframe src="https://x.com/a" title=\'T\' allowfullscreen data-x=1\x1cdata-y = "2">',
        "<a\u2003href=u\x1chref2=v\x85b\u3000=\u3000'c' d=>",
        '<div class="a b"\tid=x/y =z>',
    ):
        spans = [(m.group(), m.groupdict()) for m in START_TAG_ATTR.finditer(tag, 2)]
        assert spans == [(m.group(), m.groupdict()) for m in before.finditer(tag, 2)], tag


def _tag_end_by_walking(low: str, lt: int, end: int) -> int:
    """The scanner's end of a start tag as it was first written: a walk over the quotes, one character at a time."""
    i, quote = lt + 1, ""
    while True:
        gt = low.find(">", i, end)
        if gt == -1:
            return end
        for ch in low[i:gt]:
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
        if not quote:
            return gt + 1
        i = gt + 1


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(["<a", ">", '"', "'", "x", " ", "=", "\n"]), max_size=40).map("".join))
def test_scanner_tag_end_respects_quotes(text: str) -> None:
    from embeds._extract._html import _Scanner
    from embeds._parse import Lines

    doc = "<" + text
    for end in (len(doc), len(doc) // 2 + 1):
        scanner = _Scanner(doc, Lines(doc), None, 0, end, REGISTRY.container_classes())
        assert scanner._tag_end(0) == _tag_end_by_walking(doc, 0, end)
