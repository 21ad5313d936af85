"""Posts in HTML: the registered platforms' embed markup (rendered, AMP, Flash forms), escaped embed code, permalinks.

Scanning is two-stage, so that a page costs little more than reading it once:

1. **Prefilter** on the text with literal-led patterns (which the regex engine runs at memory speed):
   post hosts (``.com``/``.app``/``.be``/``.me``/… followed back to a known host), Mastodon's ``/@`` path shape, and
   ``tweet`` (``twitter-tweet``, ``data-tweet-id``). Pages without any of them cost just these scans.
2. **Regions**: each hit is placed — inside a ``<script>`` (JSON-escaped embed code is decoded there, and elements
   serialized as JSON trees, :mod:`._json_tree`, are read as markup), a comment or
   ``<style>`` (ignored), a start tag (HTML-escaped embed code in an attribute is decoded; otherwise the element is the
   region: an embed container, an anchor, an iframe) or text (a bare URL, or the inside of an embed blockquote). Only
   the regions are parsed, with the offset-keeping tree of :mod:`embeds._parse._html`, and read by
   :mod:`._markup`. Every span is into the original document.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import unquote

from .._models import Citation, Source
from .._parse import Element, Lines, parse_html
from .._parse._html import (
    START_TAG_ATTR,
    TAG_NAME,
    name_ends,
    start_tag_attr,
    start_tag_attrs,
    start_tag_end,
)
from .._rx import fold, lazy_re, lazy_regex
from ..platforms import REGISTRY, Registry, parse_permalink
from ._build import permalink
from ._entities import URL, _trim_url
from ._html_text import extract_html_text
from ._json_tree import element_around
from ._markup import MISSING_DATE, MISSING_TEXT, WRAPPER_CLASSES, Ctx, extract_tree


class Prefilter(NamedTuple):
    """What the first stage looks for, derived from the platform registry (again after a registration).

    A post host is a top-level domain, after a dot, with a post host's name before the dot (the last two labels of
    every ``hosts`` and ``embed_hosts``: ``pinterest.co`` but not ``t.co``), in any case, starting at a host boundary
    and followed by one. (As one ``regex`` pattern, with a case-insensitive alternation of some sixty names in a
    look-behind, that took ~4 ms to compile, a sizeable part of a short scan's start-up; ``tests/test_rx_cues.py``
    and ``tests/test_html_prefilter.py`` compare these two steps with that pattern.)

    * ``candidate``: the post hosts' dots, found fast: a literal-led pattern on the standard library's engine (about
      twice as fast as ``regex``) matching a superset — the same top-level domains after a dot that ends like a post
      host's name (its last two characters, in any case; ``re``'s case-insensitive match is a superset of
      ``regex``'s, ``ı`` being the one extra). News pages have ~1,000 ``.com`` per 300 k chars, a dozen candidates;
    * ``confirm``: whether a candidate at ``i`` (before ``end``) is a post host: the name before the dot (the run of
      word characters and ``-`` there, case-folded as ``regex`` folds it, :func:`embeds._rx.fold`) and a top-level
      domain after it, looked up in a set of the pairs;
    * ``cues``: the platforms' markup cues (``tweet``, ``/@``), each found by the rest of it after its first
      character (the engine skips ahead faster on a rarer first letter), then checked for that character; a rest of
      one character (``@``) is kept as a string and found by ``str.find``, at memory speed (``re`` takes ten times
      as long for it);
    * ``containers``: the classes of the elements read whole.
    """

    candidate: re.Pattern[str]
    confirm: Callable[[str, int, int], bool]
    cues: tuple[tuple[str, str | re.Pattern[str]], ...]
    containers: frozenset[str]


def _trie(words: set[str]) -> str:
    """An alternation of ``words`` (ASCII, no metacharacters) with common prefixes shared (``c(?:a|o(?:m)?)``): the
    engine then tries a letter once, not once per word (the candidate scan stays as fast with forty top-level domains
    as with twelve)."""
    if "" in words:
        rest = words - {""}
        return f"(?:{_trie(rest)})?" if rest else ""
    groups: dict[str, set[str]] = {}
    for w in words:
        groups.setdefault(w[0], set()).add(w[1:])
    alts = [re.escape(c) + _trie(tails) for c, tails in sorted(groups.items())]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _by_first(pairs: set[str]) -> str:
    """An alternation of two-character ``pairs`` (letters, digits, ``-``), one branch per first character
    (``a[lm]|be|…``): in a look-behind the engine then tries a branch per first character, not one per pair (the
    candidate scan takes ~20 % less with two dozen pairs)."""
    groups: dict[str, set[str]] = {}
    for p in pairs:
        groups.setdefault(p[0], set()).add(p[1])
    return "|".join(
        re.escape(a) + (re.escape(next(iter(b))) if len(b) == 1 else "[" + "".join(map(re.escape, sorted(b))) + "]")
        for a, b in sorted(groups.items())
    )


def prefilter(registry: Registry) -> Prefilter:
    hosts = registry.hosts()
    names = sorted({h.split(".")[-2] for h in hosts})
    domains = {h.split(".")[-1] for h in hosts}
    tlds = _trie(domains)
    pairs = frozenset(".".join(h.split(".")[-2:]) for h in hosts)
    ends = (_by_first({n[-2:] for n in names if len(n) >= 2}), "|".join(n for n in names if len(n) == 1))
    candidate = re.compile(rf"\.(?={tlds})(?:" + "|".join(f"(?<=(?i:{e})\\.)" for e in ends if e) + ")")
    cues = tuple((c[0], c[1:] if len(c) == 2 else re.compile(re.escape(c[1:]))) for spec in registry for c in spec.cues)
    # A name is a host label ([a-z0-9-], nothing else folds to those but \w), and a host boundary is no [\w-] before
    # it: the name is the run of [\w-] before the dot, which, folded, with a top-level domain after the dot (then no
    # word character) must make one of the pairs.
    sizes = sorted({len(d) for d in domains})
    longest = max(len(p.rsplit(".", 1)[0]) for p in pairs)
    word, run = lazy_regex(r"\w"), lazy_regex(r"(?r)[\w-]*+")  # (regex's word characters)

    def confirm(text: str, i: int, end: int) -> bool:
        if i >= end or text[i] != ".":
            return False
        floor = max(0, i - longest - 1)
        start = run.match(text, floor, i).start()  # type: ignore[union-attr]  # (matches "" at least)
        if start == i or (start == floor and floor > 0):  # no name, or one longer than any
            return False
        name = fold(text[start:i]) + "."  # (one character for one)
        for size in sizes:
            e = i + 1 + size
            if e > end:
                break
            if name + text[i + 1 : e] in pairs and (e == end or not word.match(text, e)):
                return True
        return False

    return Prefilter(candidate, confirm, cues, registry.container_classes() | WRAPPER_CLASSES)


#: A handle in parentheses, as an attribution writes it (``(@``, ``(&#64;``, ``(＠``, ``(<a …>@``): the page's text
#: may hold a flattened post.
HANDLE_HINT = lazy_re(r"\((?:@|&#0*64;|\uff20|<a\s)")
#: Percent-encoded embed code: ``%3Cblockquote``, ``%3Ciframe``.
PERCENT_TAG = lazy_re(r"%3[Cc](?:blockquote|iframe)\b", re.I)
RAW = lazy_regex(r"<(?:(?P<tag>script|style)\b|!--)")
RAW_CANDIDATE = lazy_re(r"<(?:script|style|!--|(blockquote)|/(script|style))")
#: Start and end tags of the elements whose text is a code sample.
CODE_TAG = lazy_re(r"<(/?)(?:pre|code)(?=[\s>/])")
#: Tags whose start-tag hits are not posts (metadata, media sources, the widget scripts themselves).
SKIP_TAGS = frozenset(
    "meta link img source picture input form video audio track use image path svg style param".split()
)
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: How far back from a hit in text the start of a bare URL holding it is looked for (a host with its subdomains and
#: scheme, or a Mastodon instance and its path), and the characters that end the look.
BARE_URL_REACH = 256
BARE_URL_STOP = frozenset(" \t\n\r\f<>\"'")
#: How far back a link may be from the start of the embed blockquote holding it.
WINDOW = 64 * 1024
CONTAINER_TAGS = frozenset(
    (
        "iframe",
        "twitterwidget",
        "twitter-widget",
        "amp-twitter",
        "amp-instagram",
        "amp-facebook",
        "amp-youtube",
        "object",
    )
)
TAGS = lazy_re(r"<[^>]*>")
WP_REACH = 2048  # how far back from a post URL the start of a WordPress embed block holding it is looked for
#: How far back from a ``<param>`` or ``<embed>`` the start of a Flash ``<object>`` holding it is looked for.
OBJECT_REACH = 2048
SCANSTRING: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
# a single-quoted JavaScript string (no line break inside), and the escapes it may hold
JS_SINGLE_QUOTED = lazy_re(r"'((?:[^'\\\n]|\\.)*)'")
JS_ESCAPE = lazy_re(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _js_unescape(m: re.Match[str]) -> str:
    e = m.group(1)
    if len(e) > 1:
        return chr(int(e[1:], 16))
    return _JS_SIMPLE.get(e, e)


ESCAPED_NOTE = "the embed code was found escaped (inside an attribute or a script), not as markup"
JSON_TREE_NOTE = "the embed code was found as an element tree serialized in a script's JSON (page state), not as markup"


def _hits(text: str, start: int, end: int, pre: Prefilter) -> list[int]:
    confirm = pre.confirm
    hits = [i for m in pre.candidate.finditer(text, start, end) if confirm(text, i := m.start(), end)]
    for first, rest in pre.cues:
        if isinstance(rest, str):  # one character after the first: found at memory speed by str.find
            i = text.find(rest, start + 1, end)
            while i != -1:
                if text[i - 1] == first:
                    hits.append(i - 1)
                i = text.find(rest, i + 1, end)
        else:
            hits.extend(i for m in rest.finditer(text, start + 1, end) if text[i := m.start() - 1] == first)
    hits.sort()
    return hits


class _Scanner:
    def __init__(
        self, doc: str, lines: Lines, path: str | None, start: int, end: int, containers: frozenset[str]
    ) -> None:
        self.doc = doc
        text = doc
        self.containers = containers
        self.ctx = Ctx(doc, lines, path)
        self.start = start
        self.end = end
        self.raw: list[tuple[int, int, str]] = []
        self._bq_at: list[int] = []  # every "<blockquote", for _embed_blockquotes
        # One pass of the standard library's engine (several times faster here than ``regex``) finds every place a
        # RAW match may start, every "</script" and "</style" (where raw text ends) and every "<blockquote".
        opens: list[int] = []
        closes: dict[str, list[int]] = {"script": [], "style": []}
        for c in RAW_CANDIDATE.finditer(text, start, end):
            if c.lastindex is None:
                opens.append(c.start())
            elif c.lastindex == 1:
                self._bq_at.append(c.start())
            else:
                closes[c.group(2)].append(c.start())
        # RAW itself decides at each candidate, in order, skipping those inside raw text found before.
        for i in opens:
            if self.raw and i < self.raw[-1][1]:
                continue
            m = RAW.match(text, i, end)
            if m is None:
                continue
            tag = m.group("tag")
            if tag:
                gt = text.find(">", m.end(), end)
                if gt == -1:
                    break
                at = closes[tag]
                k = bisect_left(at, gt)  # the first "</tag" from gt on
                self.raw.append((gt + 1, end if k == len(at) else at[k], tag))
            else:
                close = text.find("-->", m.end(), end)
                self.raw.append((m.start(), end if close == -1 else close + 3, "comment"))
        self.raw_starts = [r[0] for r in self.raw]
        self.found: list[Citation] = []
        self._bqs: list[tuple[int, int]] | None = None
        self._bq_starts: list[int] = []
        self._code: list[tuple[int, int]] | None = None
        self._close_memo: dict[str, tuple[int, int, int]] = {}  # end tag -> (searched from, found at, searched to)
        self._code_starts: list[int] = []
        self._json_memo: dict[int, tuple[object, int]] = {}  # JSON values decoded in scripts, by offset

    # -- placing a hit -------------------------------------------------------------------------------------------

    def _raw_at(self, i: int) -> tuple[int, int, str] | None:
        k = bisect_right(self.raw_starts, i) - 1
        if k >= 0 and self.raw[k][0] <= i < self.raw[k][1]:
            return self.raw[k]
        return None

    def _tag_end(self, lt: int) -> int:
        """Offset just past the start tag at ``lt`` (quotes respected; the scanned range's end if it never ends)."""
        return start_tag_end(self.doc, lt, self.end)

    def _element_end(self, lt: int, name: str, tag_end: int, container: bool) -> int:
        if name in VOID:
            return tag_end
        text = self.doc
        limit = min(self.end, tag_end + WINDOW)
        open_tag, close_tag = "<" + name, "</" + name
        depth, i = 1, tag_end
        while True:
            c = self._find_close(close_tag, i, limit)
            if c == -1:
                return limit if container else tag_end
            o = text.find(open_tag, i, c)
            while o != -1 and not name_ends(text, o + len(open_tag)):
                o = text.find(open_tag, o + 1, c)
            if o != -1:
                if name == "a":
                    return o  # an <a> never nests: a new one closes the open one
                depth += 1
                i = o + len(open_tag)
                continue
            if not name_ends(text, c + len(close_tag)):
                i = c + len(close_tag)
                continue
            depth -= 1
            gt = text.find(">", c, limit)
            i = limit if gt == -1 else gt + 1
            if depth == 0:
                return i

    def _find_close(self, close_tag: str, i: int, limit: int) -> int:
        """``text.find(close_tag, i, limit)``, remembering the last answer per tag: elements are looked at in document
        order, so a page of start tags without end tags (each search running to the window's end) stays linear."""
        memo = self._close_memo.get(close_tag)
        if memo is not None and memo[0] <= i:
            found, searched_to = memo[1], memo[2]
            if found >= i:
                return found if found + len(close_tag) <= limit else -1
            if found == -1 and searched_to >= limit:
                return -1
            if found == -1:
                c = self.doc.find(close_tag, max(i, searched_to - len(close_tag) + 1), limit)
                self._close_memo[close_tag] = (i, c, limit)
                return c
        c = self.doc.find(close_tag, i, limit)
        self._close_memo[close_tag] = (i, c, limit)
        return c

    def _is_container(self, lt: int, tag_end: int, name: str) -> bool:
        if name in CONTAINER_TAGS:
            return True
        if name == "script":
            return "data-telegram-post" in self.doc[lt:tag_end]
        if name not in ("blockquote", "div"):
            return False
        cls = start_tag_attr(self.doc[lt:tag_end], "class")
        return bool(cls and set(cls.split()) & self.containers)

    def _embed_blockquotes(self) -> list[tuple[int, int]]:
        """Spans of the embed blockquotes (computed on first need: one pass over the document)."""
        if self._bqs is None:
            found = []
            for b in self._bq_at:
                tag_end = self._tag_end(b)
                if self._is_container(b, tag_end, "blockquote") and self._raw_at(b) is None:
                    found.append((b, self._element_end(b, "blockquote", tag_end, True)))
            self._bqs = found
            self._bq_starts = [s for s, _ in found]
        return self._bqs

    def _enclosing_blockquote(self, i: int) -> tuple[int, int] | None:
        """The embed blockquote holding offset ``i``, if any (its start and end)."""
        bqs = self._embed_blockquotes()
        k = bisect_right(self._bq_starts, i) - 1
        while k >= 0:
            s, e = bqs[k]
            if s < i < e:
                return s, e
            k -= 1
            if i - s > WINDOW:
                break
        return None

    def _in_code(self, i: int) -> bool:
        """Whether offset ``i`` is in the text of a ``<pre>`` or ``<code>`` element (a code sample, not a citation;
        the spans are found on first need, in one pass)."""
        if self._code is None:
            spans: list[tuple[int, int]] = []
            depth, opened = 0, 0
            for m in CODE_TAG.finditer(self.doc, self.start, self.end):
                if self._raw_at(m.start()) is not None:
                    continue
                if m.group(1):
                    if depth > 0:
                        depth -= 1
                        if depth == 0:
                            spans.append((opened, m.start()))
                elif depth == 0:
                    depth, opened = 1, m.start()
                else:
                    depth += 1
            if depth > 0:
                spans.append((opened, self.end))
            self._code = spans
            self._code_starts = [a for a, _ in spans]
        k = bisect_right(self._code_starts, i) - 1
        return k >= 0 and i < self._code[k][1]

    def excluded(self, i: int) -> bool:
        """Whether offset ``i`` is in raw text (a script, a style, a comment), an embed blockquote or a code sample:
        no flattened post is read there."""
        return self._raw_at(i) is not None or self._enclosing_blockquote(i) is not None or self._in_code(i)

    # -- the regions ----------------------------------------------------------------------------------------------

    def _region(self, s: int, e: int) -> None:
        root = parse_html(self.doc[s:e], s)
        self.found.extend(extract_tree(self.ctx, root))

    def _simple(self, name: str, s: int, tag_end: int, e: int) -> None:
        """An anchor or an iframe: read from its start tag alone (no tree to build)."""
        attrs = start_tag_attrs(self.doc, s, tag_end, name)
        self.found.extend(extract_tree(self.ctx, Element(name, attrs, s, e)))

    def _escaped(self, value: str, s: int, e: int, note: str = ESCAPED_NOTE) -> None:
        """Embed code found escaped: extract from the decoded ``value``; report the span ``s:e`` of the document."""
        inner = extract_html(value, Lines(value), self.ctx.path)
        doc, lines = self.doc, self.ctx.lines
        for c in inner:
            src = Source(path=self.ctx.path, start=s, end=e, line=lines.line_of(s), method="escaped", raw=doc[s:e])
            notes = (*c.notes, note) if note not in c.notes else c.notes
            self.found.append(dataclasses.replace(c, source=src, occurrences=(src,), notes=notes))

    def _open_quote(self, quote: str, i: int, lo: int) -> int:
        """The nearest ``quote`` before ``i`` (not before ``lo``) not escaped by a backslash, or -1."""
        doc, q = self.doc, i
        while True:
            q = doc.rfind(quote, lo, q)
            if q == -1:
                return -1
            k = q
            while k > lo and doc[k - 1] == "\\":
                k -= 1
            if (q - k) % 2 == 0:
                return q

    def _script_hit(self, i: int, lo: int, hi: int) -> int:
        """A hit inside a script: decode the JSON string holding it when it carries embed markup, or the element
        serialized as JSON whose attributes hold it (:mod:`._json_tree`)."""
        doc = self.doc
        q = self._open_quote('"', i, lo)
        if q == -1:
            return i + 1
        try:
            value, e = SCANSTRING(doc, q + 1)
        except (ValueError, json.JSONDecodeError):
            return self._single_quoted(i, lo)
        if e <= i:
            return self._single_quoted(i, lo)
        text = value.lower()
        if "<blockquote" in text or "<iframe" in text or "<script" in text:
            self._escaped(value, q, e)
            return e
        tree = element_around(doc, i, lo, hi, self._json_memo)
        if tree is not None:
            self._escaped(tree[0], tree[1], tree[2], JSON_TREE_NOTE)
            return tree[2]
        return max(e, self._single_quoted(i, lo))

    def _single_quoted(self, i: int, lo: int) -> int:
        """A hit inside a script in a single-quoted JavaScript string holding embed markup (``'<blockquote
        class="twitter-tweet">…'``, whose double quotes made the JSON reading above find an attribute value
        instead): decode that string and extract from it. Returns where to go on from."""
        doc = text = self.doc
        # (a string opened more than WINDOW back is not read: looking further back for its quote made every hit in
        # a long script without single quotes search back to the script's start)
        q = self._open_quote("'", i, max(lo, i - WINDOW))
        if q == -1:
            return i + 1
        m = JS_SINGLE_QUOTED.match(doc, q, min(self.end, q + WINDOW))
        if m is None or m.end() <= i:
            return i + 1
        body = m.group(1)
        if "<blockquote" not in text[q : m.end()] and "<iframe" not in text[q : m.end()]:
            return i + 1
        value = JS_ESCAPE.sub(_js_unescape, body) if "\\" in body else body
        self._escaped(value, q, m.end())
        return m.end()

    def _attribute_hit(self, lt: int, tag_end: int, i: int) -> bool:
        """HTML-escaped (or percent-encoded) embed code in an attribute holding ``i``: decode and extract it. ``True``
        when handled."""
        tag = self.doc[lt:tag_end]
        for m in START_TAG_ATTR.finditer(tag, len(m0.group()) if (m0 := TAG_NAME.match(tag.lower())) else 1):
            group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "uq"
            if m.group(group) is None:
                continue
            vs, ve = lt + m.start(group), lt + m.end(group)
            if vs <= i < ve:
                value = html.unescape(m.group(group))
                if "<" not in value and PERCENT_TAG.search(value):
                    value = unquote(value)  # percent-encoded embed code (data-provider-id="%3Cblockquote%20…")
                if "<" in value and ("<blockquote" in value.lower() or "<iframe" in value.lower()):
                    self._escaped(value, vs, ve)
                    return True
                return False
        return False

    def _enclosing_object(self, lt: int) -> tuple[int, int] | None:
        """The ``<object>`` element holding the tag at ``lt`` (the Flash embed code of old pages), if any."""
        text = self.doc
        o = text.rfind("<object", max(self.start, lt - OBJECT_REACH), lt)
        if o == -1 or not name_ends(text, o + 7) or text.find("</object", o, lt) != -1 or self._raw_at(o) is not None:
            return None
        return o, self._element_end(o, "object", self._tag_end(o), True)

    def _wp_figure(self, i: int) -> int | None:
        """The end of the WordPress embed block holding offset ``i`` when it names a post (recorded as an embed),
        else ``None``."""
        text = self.doc
        lt = text.rfind("<figure", max(self.start, i - WP_REACH), i)
        if lt == -1 or text.find("</figure", lt, i) != -1 or not name_ends(text, lt + 7):
            return None
        tag_end = self._tag_end(lt)
        if tag_end > i or not self._wp_embed(lt, tag_end):
            return None
        return self._element_end(lt, "figure", tag_end, True)

    def _wp_embed(self, lt: int, tag_end: int) -> bool:
        """A WordPress embed block (``<figure class="wp-block-embed …"><div class="wp-block-embed__wrapper">URL``)
        as saved before WordPress turned it into the provider's embed code: the post its URL names is embedded.
        ``True`` when one was found (a block already holding the embed code is left to the usual path)."""
        cls = start_tag_attr(self.doc[lt:tag_end], "class")
        if not cls or "wp-block-embed" not in cls.split():
            return False
        e = self._element_end(lt, "figure", tag_end, True)
        text = self.doc
        body_end = text.find("<figcaption", tag_end, e)
        body_end = e if body_end == -1 else body_end
        if any(text.find(t, tag_end, body_end) != -1 for t in ("<blockquote", "<iframe", "<script", "<amp-")):
            return False
        for m in URL.finditer(self.doc, tag_end, body_end):
            ref = parse_permalink(html.unescape(_trim_url(m.group())))
            if ref is not None:
                if TAGS.sub("", self.doc[tag_end:body_end]).strip() != m.group():
                    return False  # other words beside the URL: a link in a caption, not the block's embed
                what = "WordPress embed block (not yet turned into the embed code)"
                self.found.append(
                    self.ctx.make(
                        Element("figure", {}, lt, e),
                        ref.platform,
                        "element",
                        ref=ref,
                        links=[],
                        notes=(f"{what}: {MISSING_TEXT}", MISSING_DATE),
                    )
                )
                return True
        return False

    def _bare_url(self, i: int) -> int:
        """A URL in text holding the hit at ``i`` (a host's top-level domain, or Mastodon's ``/@``): read from the
        first ``http`` of the run of non-space characters around ``i`` that starts a URL reaching past ``i``."""
        text = self.doc
        k, lo = i, max(self.start, i - BARE_URL_REACH)
        while k > lo and text[k - 1] not in BARE_URL_STOP:
            k -= 1
        s = text.find("http", k, i + 1)
        if s != -1 and self._in_code(s):
            return i + 1
        while True:
            if s == -1:
                return i + 1
            m = URL.match(self.doc, s, self.end)
            if m is not None and m.end() > i:
                break
            s = text.find("http", s + 4, i + 1)
        url = _trim_url(m.group())
        ref = parse_permalink(html.unescape(url))
        if ref is not None:
            self.found.append(permalink(ref, self.doc, self.ctx.lines, self.ctx.path, s, s + len(url)))
        return s + len(url)

    def run(self, hits: list[int]) -> list[Citation]:
        text = self.doc
        covered = -1
        # the last "<" and ">" before the previous hit looked at: hits come in order, so each search backwards
        # stops there (a page of bare links without markup made every search run back to the start)
        seen, last_lt, last_gt = self.start, -1, -1
        for i in hits:
            if i < covered:
                continue
            raw = self._raw_at(i)
            if raw is not None:
                covered = self._script_hit(i, raw[0], raw[1]) if raw[2] == "script" else raw[1]
                continue
            if i >= seen:
                last_lt = max(last_lt, text.rfind("<", seen, i))
                last_gt = max(last_gt, text.rfind(">", seen, i))
                seen = i
            lt, gt = last_lt, last_gt
            if lt > gt and lt >= 2 and text[lt - 1] in "\"'" and text[lt - 2] == "=":
                # the "<" opens an attribute value holding unescaped markup (data-src="<blockquote …>"): the
                # tag it belongs to starts before it
                outer = text.rfind("<", max(self.start, lt - WINDOW), lt - 2)
                if outer != -1:
                    outer_end = self._tag_end(outer)
                    if outer_end > i and self._attribute_hit(outer, outer_end, i):
                        covered = outer_end
                        continue
            if lt > gt:
                m = TAG_NAME.match(text, lt)
                if m is None:
                    covered = i + 1
                    continue
                name = m.group("name").lower()
                tag_end = self._tag_end(lt)
                tag_text = text[lt:tag_end]
                if ("&lt;" in tag_text or "%3C" in tag_text or "%3c" in tag_text) and self._attribute_hit(
                    lt, tag_end, i
                ):
                    covered = tag_end
                    continue
                if name == "a" and (fig_end := self._wp_figure(lt)) is not None:
                    covered = fig_end
                    continue
                if name in ("param", "embed") and (obj := self._enclosing_object(lt)) is not None:
                    self._region(*obj)  # a Flash player's code: read whole (its <param name="movie">, its <embed>)
                    covered = obj[1]
                    continue
                if name in SKIP_TAGS or (name == "script" and not self._is_container(lt, tag_end, name)):
                    covered = tag_end
                    continue
                container = self._is_container(lt, tag_end, name)
                if not container and name != "blockquote":
                    bq = self._enclosing_blockquote(lt)
                    if bq is not None:
                        self._region(*bq)
                        covered = bq[1]
                        continue
                if container or name in ("a", "blockquote"):
                    e = self._element_end(lt, name, tag_end, container)
                else:
                    e = tag_end
                if name in ("a", "iframe"):
                    self._simple(name, lt, tag_end, e)
                else:
                    self._region(lt, e)
                covered = e
            else:
                bq = self._enclosing_blockquote(i)
                if bq is not None:
                    self._region(*bq)
                    covered = bq[1]
                elif (fig_end := self._wp_figure(i)) is not None:
                    covered = fig_end
                else:
                    covered = self._bare_url(i)
        return self.found


def extract_html(doc: str, lines: Lines, path: str | None, *, start: int = 0, end: int | None = None) -> list[Citation]:
    """Embeds and permalinks in the HTML of ``doc[start:end]`` (the whole document by default; a Markdown document's
    raw HTML block otherwise). Offsets are into ``doc``.

    Markup is matched as written: class names are case-sensitive in HTML; hosts are matched in any case, the
    top-level domain and tag names in lower case (as every embed snippet writes them)."""
    end = len(doc) if end is None else end
    pre = REGISTRY.derived(prefilter)
    hits = _hits(doc, start, end, pre)
    # every handle extract_html_text looks around is one of HANDLE_HINT's: it reads on from the first
    flattened = HANDLE_HINT.search(doc, start, end)
    if not hits and flattened is None:
        return []
    scanner = _Scanner(doc, lines, path, start, end, pre.containers)
    found = scanner.run(hits) if hits else []
    if flattened is not None:  # a post's attribution in the page's text, outside embed markup
        found.extend(extract_html_text(doc, lines, path, start, end, scanner.excluded, flattened.start()))
    return found
