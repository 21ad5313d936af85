"""Elements serialized as JSON in a page's state: the embed markup of pages a JavaScript framework renders.

A page rendered by JavaScript may hold its article as an element tree in a script's JSON instead of as markup:
htmlparser2/domhandler and cheerio write ``{"type": "tag", "name": "iframe", "attribs": {…}, "children": […]}``
(some sites put the tag name in ``type`` itself: ``{"type": "iframe", "attribs": {…}}``), hast (unified, rehype,
MDX) writes ``{"type": "element", "tagName": "iframe", "properties": {"src": …, "className": […],
"dataYoutubeId": …}}``, others ``attributes``/``attrs`` beside ``tag``/``tagName``/``nodeName``. Such an element
(with its children) is turned back into markup and read as embed code. Pure.
"""

from __future__ import annotations

import html
import json
from typing import Any

from .._rx import lazy_re

#: The key of a serialized element's attributes, then its object's opening brace.
ATTRS_KEY = lazy_re(r'"(?:attribs|attributes|attrs|properties)"\s*:\s*\{')
TAG_NAME = lazy_re(r"[A-Za-z][A-Za-z0-9-]{0,40}")
#: Keys naming an element's tag, in the order they are asked.
TAG_KEYS = ("tagName", "name", "tag", "nodeName", "type")
#: ``type`` values that are kinds of node, not tag names (htmlparser2, hast).
NODE_KINDS = frozenset(("tag", "element", "text", "comment", "root", "directive", "cdata", "doctype", "raw"))
TEXT_KINDS = frozenset(("text",))
ATTR_KEYS = ("attribs", "attributes", "attrs", "properties")
#: How deep a serialized tree is followed (hostile input: a tree nested a million levels deep).
MAX_DEPTH = 64
#: How far back from an attributes key the start of its element's object is looked for.
REACH = 512
_DECODER = json.JSONDecoder()
_CAMEL = lazy_re(r"(?<=[a-z0-9])([A-Z])")
_RENAMED = {"className": "class", "htmlFor": "for", "httpEquiv": "http-equiv"}


def _attr_name(key: str, hast: bool) -> str:
    if key in _RENAMED:
        return _RENAMED[key]
    if hast and (key.startswith(("data", "aria")) and key[4:5].isupper()):
        return _CAMEL.sub(r"-\1", key).lower()  # hast: dataYoutubeId is data-youtube-id
    return key.lower()


def _attr_value(v: object) -> str | None:
    if isinstance(v, bool):
        return "" if v else None
    if isinstance(v, str | int | float):
        return str(v)
    if isinstance(v, list) and all(isinstance(x, str | int | float) for x in v):
        return " ".join(str(x) for x in v)  # hast's className: ["twitter-tweet", …]
    return None


def tag_of(node: dict[str, Any]) -> str | None:
    """The tag name of a serialized element, or ``None`` when ``node`` is none."""
    if not any(isinstance(node.get(k), dict) for k in ATTR_KEYS) and not isinstance(node.get("children"), list):
        return None
    for key in TAG_KEYS:
        v = node.get(key)
        if isinstance(v, str) and v not in NODE_KINDS and TAG_NAME.fullmatch(v):
            return v.lower()
    return None


def to_html(node: object, depth: int = 0) -> str:
    """The markup a serialized node stands for (text escaped; what is not a node gives nothing)."""
    if depth > MAX_DEPTH:
        return ""
    if isinstance(node, list):
        return "".join(to_html(n, depth + 1) for n in node)
    if not isinstance(node, dict):
        return ""
    if node.get("type") in TEXT_KINDS:
        text = node.get("data", node.get("value"))
        return html.escape(text, quote=False) if isinstance(text, str) else ""
    tag = tag_of(node)
    if tag is None:
        return ""
    hast = "properties" in node
    attrs: dict[str, object] = next((node[k] for k in ATTR_KEYS if isinstance(node.get(k), dict)), {})
    out = [f"<{tag}"]
    for k, v in attrs.items():
        value = _attr_value(v)
        name = _attr_name(str(k), hast)
        if value is not None and TAG_NAME.fullmatch(name.replace(":", "-").replace("_", "-")):
            out.append(f' {name}="{html.escape(value)}"')
    out.append(">")
    children = node.get("children")
    if isinstance(children, list):
        out.append(to_html(children, depth + 1))
    out.append(f"</{tag}>")
    return "".join(out)


def _decode(doc: str, at: int, memo: dict[int, tuple[object, int]]) -> tuple[object, int]:
    """The JSON value at ``at`` and its end (``(None, at)`` when there is none), decoded once per offset: the hits
    inside one large object do not decode it again each."""
    got = memo.get(at)
    if got is None:
        try:
            got = _DECODER.raw_decode(doc, at)
        except (ValueError, RecursionError):
            got = (None, at)
        memo[at] = got
    return got


def element_around(
    doc: str, i: int, lo: int, hi: int, memo: dict[int, tuple[object, int]]
) -> tuple[str, int, int] | None:
    """The serialized element whose attributes hold offset ``i`` of ``doc`` (a script's JSON between ``lo`` and
    ``hi``), as markup, with the span of its object; ``None`` when ``i`` is in none. ``memo`` keeps what was decoded
    (one per document)."""
    key = None
    for m in ATTRS_KEY.finditer(doc, max(lo, i - 4 * REACH), i):
        key = m
    if key is None:
        return None
    _, attrs_end = _decode(doc, key.end() - 1, memo)
    if attrs_end <= i:
        return None
    start = doc.rfind("{", max(lo, key.start() - REACH), key.start())
    if start == -1:
        return None
    node, end = _decode(doc, start, memo)
    if end < attrs_end or end > hi or not isinstance(node, dict) or tag_of(node) is None:
        return None
    return to_html(node), start, end
