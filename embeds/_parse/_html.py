"""A tolerant HTML parser that keeps source offsets.

Every element knows the code-point span of its markup in the document (start tag to end tag inclusive), so findings
inside HTML report provenance back into the original text. Malformed markup never raises: unknown end tags are
ignored, unclosed elements end where their parent ends.

The markup is read by a small regex tokenizer (:func:`_tokenize`) covering what embed code is written in; anything
outside it is read by the standard library's ``html.parser`` instead (:mod:`._fallback`), which the tokenizer agrees
with token for token where it reads. Both feed the same tree rules (:class:`._tree.Tree`).
"""

from __future__ import annotations

import html
import re

from .._rx import lazy_re
from ._tree import RAW_TEXT, Element, Tree

# Embed markup is regular: start tags with quoted (or plain unquoted) attribute values, end tags, text, character
# references, the odd comment. _tokenize reads exactly that, with a handful of regular expressions and no per-token
# bookkeeping of lines and columns, several times faster than html.parser. On anything else (a tag it cannot read
# whole, a bare "<!" or "<?", a character reference cut short, an unclosed script) it gives up and the region is
# parsed again by html.parser (_fallback.Builder). Where it does read, it gives what html.parser (the Python 3.11 one
# this package was built against) gives — same tokens, same attribute values, same spans — down to its quirks (the
# regexes it shares with html.parser are copied verbatim); scripts/html_differential.py checks that on fuzzed markup.

_WS = r"[\t\n\r\f ]"
#: One attribute: white space, a name, then optionally "=" and a double-quoted, single-quoted or unquoted value (one
#: that ends at white space or ">"). Groups: name, double-quoted, single-quoted, unquoted value.
_ATTR_SRC = rf"""{_WS}+([^\s"'<>/=`]+)(?:{_WS}*={_WS}*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+(?=[\t\n\r\f >]))))?"""
_ATTR = lazy_re(_ATTR_SRC)
#: One token, named by its outer group (``Match.lastgroup``):
#:
#: * ``text``: text without "&" or "<";
#: * ``tag`` (``name``, ``attrs``, ``slash``): a start tag in the subset — a name, attributes as above, then ">" or
#:   "/>". What this does not match html.parser reads in ways of its own ("<a =b>", "<a b=c=d>", "<a b='c'd>",
#:   "<a/b>", NUL or non-ASCII white space in the tag);
#: * ``end`` (``end_name``), ``num`` (``num_value``), ``ent`` (``ent_name``): an end tag, a numeric and a named
#:   character reference, with html.parser's patterns (Python 3.11's ``endtagfind``, ``charref``, ``entityref``);
#: * ``comment``: the start of a comment.
_TOKEN = lazy_re(
    r"(?P<text>[^<&]+)"
    rf"|(?P<tag><(?P<name>[a-zA-Z][-.:_a-zA-Z0-9]*)(?={_WS}|/|>)"
    rf"(?P<attrs>(?>(?:{_ATTR_SRC})*)){_WS}*(?P<slash>/?)>)"
    r"|(?P<end></\s*(?P<end_name>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*>)"
    r"|(?P<num>&#(?P<num_value>[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])"
    r"|(?P<ent>&(?P<ent_name>[a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9])"
    r"|(?P<comment><!--)"
)
_END_TAG = lazy_re(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")  # html.parser's endtagfind
_COMMENT_CLOSE = lazy_re(r"--\s*>")  # _markupbase's _commentclose
_INCOMPLETE = lazy_re("&[a-zA-Z#]")  # html.parser's incomplete
_RAW_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in RAW_TEXT}  # html.parser's end of CDATA content


def _tokenize(text: str, offset: int) -> Element | None:
    """The tree of ``text`` (spans plus ``offset``), or ``None`` when the markup leaves the subset read here."""
    tree = Tree(offset, offset + len(text))
    n = len(text)
    pos = 0
    token, attributes, unescape = _TOKEN.match, _ATTR.findall, html.unescape
    add_text, open_tag, close_tag = tree.text, tree.start_tag, tree.end_tag
    while pos < n:
        r = token(text, pos)
        kind = None if r is None else r.lastgroup
        if kind == "text":
            end = r.end()  # type: ignore[union-attr]
            add_text(text[pos:end], offset + pos, offset + end)  # nothing to unescape: no "&"
            pos = end
        elif kind == "tag":
            assert r is not None
            tag = r["name"].lower()
            attrs: dict[str, str] = {}
            if r["attrs"]:
                for name, dq, sq, uq in attributes(text, r.start("attrs"), r.end()):
                    value = dq or sq or uq  # one of them is the value (or all are "")
                    attrs[name.lower()] = unescape(value) if "&" in value else value  # the last one wins
            start, pos = pos, r.end()
            if r["slash"]:
                tree.self_closing_tag(tag, attrs, offset + start, offset + pos)
                continue
            open_tag(tag, attrs, offset + start, offset + pos)
            if tag in RAW_TEXT:  # script or style: raw text up to its end tag
                e = _RAW_END[tag].search(text, pos)
                if e is None:
                    return None
                r = _END_TAG.match(text, e.start())
                if r is None or r.group(1).lower() != tag:
                    return None
                if pos < e.start():
                    add_text(text[pos : e.start()], offset + pos, offset + e.start())
                pos = r.end()
                close_tag(tag, offset + pos)
        elif kind == "end":
            assert r is not None
            pos = r.end()
            close_tag(r["end_name"].lower(), offset + pos)
        elif kind == "num" or kind == "ent":
            assert r is not None
            name = r[f"{kind}_value" if kind == "num" else "ent_name"]
            # html.parser reports the reference as "&#name;" or "&name;" whether or not the ";" is there
            ref = f"&#{name};" if kind == "num" else f"&{name};"
            add_text(unescape(ref), offset + pos, offset + pos + len(ref))
            pos = r.end() if text[r.end() - 1] == ";" else r.end() - 1
        elif kind == "comment":
            r = _COMMENT_CLOSE.search(text, pos + 4)
            if r is None:
                return None
            pos = r.end()
        elif text[pos] == "&":  # not a reference: a lone "&", unless html.parser would wait for more
            if _INCOMPLETE.match(text, pos) or pos + 1 >= n:
                return None
            add_text("&", offset + pos, offset + pos + 1)
            pos += 1
        elif (c := text[pos + 1 : pos + 2]) in ("", "/", "!", "?") or (c.isascii() and c.isalpha()):
            return None  # a tag, declaration or processing instruction not read here
        else:  # "<" and something else: text
            add_text("<", offset + pos, offset + pos + 1)
            pos += 1
    tree.close(1, offset + n)
    return tree.root


def parse_html(text: str, offset: int = 0) -> Element:
    """Parse ``text`` into an :class:`Element` tree rooted at a ``#document`` element. Never raises on bad markup.

    ``offset`` is added to every span: pass the fragment's position when ``text`` is part of a larger document.
    """
    root = _tokenize(text, offset)
    if root is not None:
        return root
    from ._fallback import Builder  # html.parser and its patterns load only for markup the tokenizer leaves

    builder = Builder(text, offset)
    builder.feed(text)
    builder.close()
    builder.tree.close(1, offset + len(text))
    return builder.tree.root


# --- start tags read without a tree -----------------------------------------------------------------------------
# The extract stage's HTML scanner places each candidate of a page (a post host, a markup cue) by reading the start
# tags around it, not the page: these read one start tag as written, tolerantly (any attribute syntax a browser
# would skip over), where :func:`parse_html` builds the exact tree of a region.

#: The rest of a start tag after its "<": up to the first ">" outside quotes (a quote opened is closed by the same
#: character, wherever it is). Possessive: an unclosed quote fails at once, not after backtracking.
TAG_REST = lazy_re(r"""(?:[^"'>]++|"[^"]*+"|'[^']*+')*+>""")
TAG_NAME = lazy_re(r"<(?P<name>[A-Za-z][A-Za-z0-9-]*)")
#: White space as ``regex``'s ``\s`` has it (Unicode's White_Space), spelled out for the standard library's engine,
#: whose ``\s`` also takes ``\x1c``-``\x1f`` (tests/test_html_tree.py checks the two agree on every code point).
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: One attribute of a start tag: a name, then optionally "=" and a double-quoted, single-quoted or unquoted value.
#: (On the standard library's engine: a start tag's attributes are read two to three times faster than by ``regex``.)
START_TAG_ATTR = lazy_re(
    rf"""(?P<name>[^{WHITE_SPACE}"'>/=]+)(?:[{WHITE_SPACE}]*=[{WHITE_SPACE}]*"""
    rf"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^{WHITE_SPACE}"'=<>`]+)))?"""
)


def start_tag_end(text: str, lt: int, end: int) -> int:
    """Offset just past the start tag at ``text[lt]`` (quotes respected; ``end`` if it never ends before it)."""
    m = TAG_REST.match(text, lt + 1, end)
    return end if m is None else m.end()


def start_tag_attrs(text: str, lt: int, tag_end: int, name: str) -> dict[str, str]:
    """The attributes of the start tag ``text[lt:tag_end]`` named ``name`` (names lower-cased, values unescaped; the
    first of a repeated name wins)."""
    attrs: dict[str, str] = {}
    for m in START_TAG_ATTR.finditer(text, lt + 1 + len(name), tag_end - 1):
        key = m.group("name").lower()
        if key not in attrs:
            value = m.group("dq") if m.group("dq") is not None else m.group("sq") or m.group("uq") or ""
            attrs[key] = html.unescape(value) if "&" in value else value
    return attrs


def start_tag_attr(tag: str, name: str) -> str | None:
    """The value of attribute ``name`` (lower case) of the start tag ``tag`` (unescaped), or ``None``."""
    m0 = TAG_NAME.match(tag.lower())
    for m in START_TAG_ATTR.finditer(tag, len(m0.group()) if m0 else 1):
        if m.group("name").lower() == name:
            return html.unescape(m.group("dq") or m.group("sq") or m.group("uq") or "")
    return None


def name_ends(text: str, i: int) -> bool:
    """Whether a tag name found ending at ``i`` really ends there (``<a`` is not ``<abbr``)."""
    return i >= len(text) or not (text[i].isalnum() or text[i] in "-_:")
