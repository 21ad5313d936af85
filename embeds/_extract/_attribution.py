"""Flattened embeds: the text a scraper leaves behind — the post's text, then ``— Name (@handle) Date``.

Accepted attribution lines (one line, optionally quoted with ``>``):
``— Name (@handle) January 26, 2022`` (trafilatura), ``-- Name (@handle) [Date](url)`` (html2text),
``— Name (@handle)[Date](url)`` (Markdown, space lost), with ``—``, ``–``, ``--``, ``-`` or ``&mdash;`` as the dash.
A date (or a linked date) is required: a dash, a name and a handle alone are too common in prose to mean a post.

The post's text is the block above the attribution line: the quoted lines (``>``) when the attribution is quoted;
otherwise the paragraph above when the document separates paragraphs with blank lines, else the one line above.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

import regex

from .._models import Citation, Link
from .._parse import Lines, parse_inline
from .._rx import fold, lazy_regex
from .._types import Platform
from ..platforms import parse_permalink, platform_of_handle
from ._build import build, link_for
from ._dates import looks_like_date, parse_date
from ._glued import Head, find_heads

#: An attribution line. (Not written VERBOSE: that kept it on ``regex``, whose parser took 2.6 ms over it; on the
#: standard library's ``re`` it takes half, see :mod:`embeds._rx`.)
ATTRIBUTION = lazy_regex(
    r"^(?P<prefix>(?:[ \t]*>)*[ \t]*)"
    r"(?:\u2014|\u2013|---|--|-|&mdash;|&#8212;)[ \t]*"  # (pandoc's Markdown writes "---")
    r"(?P<name>[^\n]{0,100}?)[ \t]*"
    r"\(\[?[@\uff20](?P<handle>"
    r"(?:[A-Za-z0-9]|\\?_){1,30}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # Mastodon user@host
    r"|(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}"  # Bluesky domain handle
    r"|(?:[A-Za-z0-9]|\\?_){1,20}"  # Twitter/X handle ("_" may be escaped by a Markdown writer: trafilatura's "@a\_b")
    r")(?:\]\([^)\s]*\))?\)"
    r"[ \t]*"
    r"(?:\[(?P<ldate>[^\]\n]{1,80})\]\((?P<url>[^)\s]+)\)|(?P<date>[^\n]{0,80}?))"
    r"[ \t]*\r?$",
    regex.MULTILINE,
)
QUOTE_PREFIX = lazy_regex(r"^(?:[ \t]*>)+[ \t]?")
QUOTE_MARKS = lazy_regex(r"^(?:[ \t]*>)+")
#: Bluesky's placeholder for media, as text or as a Markdown link (``[\[image or embed\]](url)``, trafilatura), in
#: any case: matched in :func:`~embeds._rx.fold`'s copy of the text (:func:`_placeholder`), which
#: spares ``regex``'s case-insensitive parse (these compile on ``re`` in a third of the time).
PLACEHOLDER = lazy_regex(r"^(?:\[image or embed\]|\[\\\[image or embed\\\]\]\([^)\s]*\))$")
TRAILING_PLACEHOLDER = lazy_regex(r"\s*\[image or embed\]\s*$")
#: A Markdown backslash escape (html2text writes ``25\. September 2018``, ``Jane\_Doe``).
ESCAPE = lazy_regex(r"\\([!-/:-@\[-`{-~])")


def _placeholder(line: str) -> bool:
    """Whether ``line`` is Bluesky's placeholder for media (:data:`PLACEHOLDER`)."""
    return PLACEHOLDER.match(fold(line)) is not None


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _depth(line: str) -> int:
    """How many ``>`` quote the line."""
    m = QUOTE_MARKS.match(line)
    return m.group().count(">") if m else 0


def _depth_at(doc: str, start: int, end: int) -> int:
    """:func:`_depth` of the line starting at ``start``, looking no further than ``end``."""
    depth, k = 0, start
    while k < end and doc[k] in " \t>":
        depth += doc[k] == ">"
        k += 1
    return depth


def _unquote(line: str) -> str:
    return QUOTE_PREFIX.sub("", line, count=1)


def _quotes_above(lines: Lines, i: int, blank_paragraphs: bool) -> bool:
    """Whether unquoted attribution line ``i`` follows, with no blank line between, the attribution of a post it
    quotes: in a document of blank-line paragraphs (trafilatura's Markdown) a nested embed is flattened as the outer
    text, the inner text, the inner attribution and the outer one (separate embeds have a blank line between)."""
    return blank_paragraphs and i > 0 and ATTRIBUTION.match(lines.get(i - 1)) is not None


def _empty_quote(line: str, depth: int) -> bool:
    return _depth(line) >= depth and not _unquote(line).strip()


def _quote_gap(lines: Lines, j: int, depth: int) -> bool:
    """Whether blank line ``j`` is inside a quote at ``depth``: html2text writes a nested quote's empty lines as
    ``>>`` between blank lines (``>> text`` ⏎ ⏎ ``>>`` ⏎ ⏎ ``>> -- Name (@h) …``)."""
    if lines.get(j).strip() or j == 0 or j + 1 >= len(lines):
        return False
    return _empty_quote(lines.get(j - 1), depth) or _empty_quote(lines.get(j + 1), depth)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_above(lines: Lines, i: int) -> int | None:
    """The attribution line above unquoted attribution line ``i`` (blank lines between) when it is indented deeper:
    a post that the post of line ``i`` quotes, as pandoc's plain text writes a nested embed."""
    j = i - 1
    while j >= 0 and not lines.get(j).strip():
        j -= 1
    if j < 0 or j == i - 1:
        return None
    line = lines.get(j)
    return j if _indent(line) > _indent(lines.get(i)) and ATTRIBUTION.match(line) else None


def _lazy(lines: Lines, j: int) -> bool:
    """Whether line ``j`` continues, without its ``>``, the quoted paragraph of the line above (Markdown's lazy
    continuation; html2text drops the ``>`` of a wrapped line in a nested quote)."""
    return (
        j > 0
        and bool(lines.get(j).strip())
        and _is_quoted(lines.get(j - 1))
        and bool(_unquote(lines.get(j - 1)).strip())
    )


def _body_lines(lines: Lines, i: int, quoted: bool, blank_paragraphs: bool, nesting: bool = True) -> list[int]:
    """Indexes of the lines holding the post's text, above attribution line ``i``.

    A quoted attribution takes the quoted lines above it at its own depth; deeper lines are a post it quotes (html2text
    writes a nested embed as ``>>``), skipped with their own attribution. An unquoted one right below a quoted post's
    attribution (:func:`_quotes_above`) takes the paragraph above that post's text."""
    j = i - 1
    body: list[int] = []
    if not quoted and nesting and _quotes_above(lines, i, blank_paragraphs):
        inner = _body_lines(lines, i - 1, False, blank_paragraphs, nesting=False)
        if not inner:
            return []
        j = inner[0] - 1
    elif not quoted and nesting and blank_paragraphs:
        k = _indented_above(lines, i)
        if k is not None:  # pandoc's plain text indents a quoted post deeper: skip it
            inner = _body_lines(lines, k, False, blank_paragraphs, nesting=False)
            if not inner:
                return []
            j = inner[0] - 1
    if quoted:
        depth = _depth(lines.get(i))
        while j >= 0 and (_is_quoted(lines.get(j)) or _quote_gap(lines, j, depth) or _lazy(lines, j)):
            line = lines.get(j)
            if not _is_quoted(line):
                if line.strip():  # a lazy continuation line: in the quote of the line above (a deeper one: skipped)
                    d = _depth(lines.get(j - 1))
                    if d == depth:
                        body.append(j)
                j -= 1
                continue
            d = _depth(line)
            if d < depth or (d == depth and ATTRIBUTION.match(line)):
                break
            if d == depth:
                body.append(j)
            j -= 1
    elif blank_paragraphs and (indent := _indent(lines.get(i))) >= 2:
        # pandoc's plain text indents a blockquote: its paragraphs above at the same indentation are the post's
        # (deeper ones are a post it quotes, skipped), up to a line indented less
        while j >= 0:
            line = lines.get(j)
            if line.strip():
                ind = _indent(line)
                if ind < indent or (ind == indent and ATTRIBUTION.match(line)):
                    break
                if ind == indent:
                    body.append(j)
            j -= 1
    else:
        for _ in range(2):  # a paragraph that is only "[image or embed]" belongs with the paragraph above it
            while j >= 0 and not lines.get(j).strip():
                j -= 1
            while j >= 0:
                line = lines.get(j).strip()
                if not line or line.startswith(("```", "~~~", ":::")) or ATTRIBUTION.match(lines.get(j)):
                    break
                body.append(j)
                j -= 1
                if not blank_paragraphs and not _placeholder(line):
                    break
            if not body or not all(_placeholder(lines.get(k).strip()) for k in body):
                break
    body.reverse()
    while body and not _unquote(lines.get(body[0])).strip():
        body.pop(0)
    return body


def _unescape(s: str) -> str:
    return ESCAPE.sub(r"\1", s) if "\\" in s else s


def markdown_text(texts: list[str]) -> tuple[str | None, list[Link]]:
    """The text a reader sees of Markdown body lines (links as their text, images as their ``alt``, escapes
    resolved), and the links (not hashtag, mention or cashtag links, which are entities)."""
    out: list[str] = []
    links: list[Link] = []
    for line in texts:
        parts: list[str] = []
        href: str | None = None
        shown: list[str] = []
        for tok in parse_inline(line, {}):
            if tok.type == "link_open":
                href, shown = str(tok.attrs.get("href", "")).strip(), []
                continue
            if tok.type == "link_close":
                label = "".join(shown).strip()
                if (
                    href
                    and not label.startswith(("#", "@", "$", "\uff03", "\uff20"))
                    and not href.startswith(("#", "mailto:"))
                ):
                    links.append(link_for(href, label or None))
                href = None
                continue
            if tok.type in ("text", "code_inline"):
                piece = tok.content
            elif tok.type == "image":
                piece = tok.content  # the alt text (an emoji image's alt is the emoji)
            elif tok.type == "softbreak":
                piece = " "
            elif tok.type == "hardbreak":
                piece = "\n"
            else:
                continue
            parts.append(piece)
            if href is not None:
                shown.append(piece)
        rendered = "\n".join(" ".join(part.split()) for part in "".join(parts).strip().split("\n"))
        if rendered:
            out.append(rendered)
    return ("\n".join(out) or None), links


def _platform(handle: str, url_platform: Platform | None) -> Platform:
    return url_platform or platform_of_handle(handle)


def _join(texts: list[str], lengths: list[int], width: int) -> str | None:
    """Plain-text lines of a hard-wrapped document joined: a line the next word would not have fitted on was wrapped
    (a space), a shorter one was broken on purpose (a line break). ``lengths``: each line's length as written."""
    out: list[str] = []
    previous: int | None = None  # the length of the line before, None after a blank line
    for t, n in zip(texts, lengths, strict=True):
        line = " ".join(t.split())
        if not line or _placeholder(line):
            previous = None
            continue
        if out:
            out.append(" " if previous is not None and previous + 1 + len(line.split(None, 1)[0]) > width else "\n")
        out.append(line)
        previous = n
    return "".join(out) or None


def _render(
    texts: list[str], markdown: bool, lengths: list[int] | None = None, width: int | None = None
) -> tuple[str | None, list[Link] | None, tuple[str, ...]]:
    """The post's text of its body lines (placeholders left out, noted), and its links when read as Markdown.
    ``texts``: the lines, white space on the left removed (on the right, two spaces are a Markdown line break); in
    plain text wrapped at ``width``, ``lengths`` (each line's length as written) tell wrapped lines from broken
    ones."""
    stripped = [t.strip() if markdown else " ".join(t.split()) for t in texts]  # (white space runs, NBSP: one space)
    kept = [t for t in stripped if t and not _placeholder(t)]
    links: list[Link] | None = None
    if markdown:
        # a Markdown paragraph's lines are one paragraph (a wrapped line is a space, not a line break)
        paragraphs: list[list[str]] = [[]]
        for t in texts:
            if not t.strip():
                paragraphs.append([])
            elif not _placeholder(t.strip()):
                paragraphs[-1].append(t)
        # (a hard line break "\\" ending a paragraph is no break: pandoc writes one before the attribution's line)
        text, links = markdown_text(["\n".join(p).rstrip().removesuffix("\\") for p in paragraphs if p])
    elif width is not None and lengths is not None:
        text = _join(texts, lengths, width)
    else:
        text = "\n".join(kept) or None
    notes: tuple[str, ...] = ()
    if any(_placeholder(t) for t in stripped):
        notes = ("the post has an image or embed the text does not show",)
    return text, links, notes


def _region_texts(doc: str, start: int, end: int, quoted: bool) -> list[str]:
    """The lines of ``doc[start:end]``, quote marks removed, stripped."""
    return [(_unquote(t) if quoted else t).lstrip().rstrip("\r") for t in doc[start:end].split("\n")]


def _region_lengths(doc: str, start: int, end: int) -> list[int]:
    """The lengths as written of the lines of ``doc[start:end]`` (the first from its line's start)."""
    first = start - (doc.rfind("\n", max(0, start - 200), start) + 1) if start else 0
    pieces = doc[start:end].split("\n")
    return [len(t.rstrip()) + (first if k == 0 else 0) for k, t in enumerate(pieces)]


def _wrap_width(doc: str) -> int:
    """The width a hard-wrapped document was wrapped at: its longest line without a URL."""
    return max((len(line.rstrip()) for line in doc.split("\n") if "://" not in line), default=0)


#: A line longer than a wrapping writer makes (pandoc: 72, html2text: 78), URLs aside.
LONG_LINE = lazy_regex(r"(?m)^[^\n]{101,}")
#: The longest text a post glued to the text around it is given: longer, the article is probably in it.
MAX_GLUED_TEXT = 500
RUNS_ON = "the post's text could not be told apart from the text around it"
NO_TEXT = "no text was found above the attribution"
QUOTES_NOTE = "the post quotes the one before it; their texts could not be told apart"


#: A blank line right after a line of text; led by the line break (a look-behind for the text), so the engine skips
#: from one line break to the next instead of trying every character (60x faster, the same matches).
BLANK_AFTER_TEXT = lazy_regex(r"(?<=\S[ \t]*\r?)\n[ \t]*\r?\n")


def _blank_paragraphs(doc: str) -> bool:
    """Whether ``doc`` separates its paragraphs with blank lines (trafilatura's Markdown, html2text, inscriptis,
    pandoc) rather than writing one paragraph per line with a blank line here and there (BeautifulSoup's
    ``get_text()``): at least one blank line for every four lines of text."""
    if "\n\n" not in doc and "\n\r\n" not in doc:
        return False
    blanks = len(BLANK_AFTER_TEXT.findall(doc))
    texts = doc.count("\n") + 1 - blanks
    return blanks * 4 >= texts


def _wrapped(doc: str) -> bool:
    """Whether ``doc`` is hard-wrapped (paragraphs over several short lines, blank lines between them)."""
    return not any("://" not in m.group() for m in LONG_LINE.finditer(doc))


#: A post's last paragraph ending in its media or short link (``pic.twitter.com/…``, ``https://t.co/…``, as text or
#: as a Markdown link): where a post of several paragraphs is read further up (:meth:`_Bodies._more`).
MEDIA_END = lazy_regex(r"(?:pic\.(?:twitter|x)\.com|\bt\.co)/[A-Za-z0-9]+\)?[ \t]*\r?$")
URL_IN_TEXT = lazy_regex(r"\[([^\]\n]*)\]\([^)\s]*\)|(?:https?://|pic\.twitter\.com/)\S+")
#: The longest text a post had (Twitter: 140 characters before 2017-11-07, 280 after; a link counts 23).
TEXT_LIMIT, OLD_TEXT_LIMIT, LIMIT_RAISED = 280, 140, "2017-11-07"
#: How many paragraphs above its last a post's text is read over at most.
MORE_PARAGRAPHS = 3
#: How a paragraph of prose ends (a sentence's end, a lead-in's colon, a closing quote or bracket after them).
PROSE_END = lazy_regex(r"[.!?:\u2026\u3002][\"'\u201d\u2019\u00bb)\]*_]*\s*$")
WORD = lazy_regex(r"\w{4,}")


def _heading(text: str) -> bool:
    """Whether a line reads as a heading: at most eight words, each word of four letters or more capitalised."""
    words = text.split()
    long = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return len(words) <= 8 and all(w[0].isupper() for w in long)


def _post_length(text: str) -> int:
    """A post's length as the platform counts it: each link 23 characters (a Markdown link: its text, or 23 when
    the text is a link)."""

    def size(m: regex.Match[str]) -> str:
        shown = m.group(1)
        return shown if shown is not None and "/" not in shown else "x" * 23

    return len(" ".join(URL_IN_TEXT.sub(size, text).split()))


_Body = tuple[int, str | None, list[Link] | None, tuple[str, ...], str | None]  # start, text, links, notes, quoted


class _Bodies:
    """Where each attribution's post text is, and what it reads (one document, its attributions in order)."""

    def __init__(
        self,
        doc: str,
        lines: Lines,
        markdown: bool,
        blank_paragraphs: bool,
        heads: list[Head],
        over_paragraphs: bool = True,
    ) -> None:
        self.doc, self.lines, self.markdown, self.blank = doc, lines, markdown, blank_paragraphs
        self.over_paragraphs = over_paragraphs  # whether a post may be read over several paragraphs (_more)
        self.heads = heads
        self.ends = [h.end for h in heads]
        self.ids: dict[int, str] = {}  # head index -> the citation's id
        self._starts: dict[int, int] = {}  # head index -> where its post's text starts
        self.built_at: dict[int, tuple[int, str]] = {}  # attribution line -> (its quote depth, the citation's id)
        self._wrapped: bool | None = None
        self._width: int | None = None

    def built(self, n: int, cid: str, start: int) -> None:
        h, lines = self.heads[n], self.lines
        self._starts[n] = start
        i = lines.line_of(h.start) - 1
        depth = _depth_at(self.doc, lines.starts[i], h.start)
        self.ids[n] = cid
        self.built_at[i if h.own_line else lines.line_of(h.end) - 1] = (depth, cid)

    def wrapped(self) -> bool:
        if self._wrapped is None:
            self._wrapped = self.blank and _wrapped(self.doc)
            self._width = _wrap_width(self.doc) if self._wrapped and not self.markdown else None
        return self._wrapped

    def width(self) -> int | None:
        """The wrap width of a hard-wrapped plain-text document, else ``None``."""
        self.wrapped()
        return self._width

    def _read(self, start: int, end: int, quoted: bool) -> tuple[str | None, list[Link] | None, tuple[str, ...]]:
        texts = _region_texts(self.doc, start, end, quoted)
        width = self.width()
        lengths = _region_lengths(self.doc, start, end) if width is not None else None
        return _render(texts, self.markdown, lengths, width)

    def _lines(self, body: list[int], quoted: bool) -> tuple[str | None, list[Link] | None, tuple[str, ...]]:
        lines = self.lines
        texts = [(_unquote(lines.get(k)) if quoted else lines.get(k)).lstrip() for k in body]
        width = self.width()
        lengths = [len(lines.get(k).rstrip()) for k in body] if width is not None else None
        return _render(texts, self.markdown, lengths, width)

    def body(self, n: int) -> _Body | None:
        """The post of attribution ``n``: where its text starts, the text, its links, notes, the post it quotes;
        ``None`` when there is none."""
        doc, lines, h = self.doc, self.lines, self.heads[n]
        i = lines.line_of(h.start) - 1
        line_start = lines.starts[i]
        depth = _depth_at(doc, line_start, h.start)  # (not of the line itself: it may be the whole document)
        quoted = depth > 0
        prev_end = self.ends[n - 1] if n else -1
        if prev_end >= line_start:  # after another attribution in the line: the text between the two
            return self._after(n, prev_end, h.start, quoted)
        before = doc[line_start : h.start]
        if (_unquote(before) if quoted else before).strip():
            return self._glued(
                i, line_start + len(before) - len(before.lstrip(" \t>" if quoted else None)), h.start, depth
            )
        body = _body_lines(lines, i, quoted, self.blank)
        if (
            body
            and self.over_paragraphs
            and not quoted
            and _indent(lines.get(i)) < 2
            and not _quotes_above(lines, i, self.blank)
        ):
            body = self._more(body, h)
        if not body:
            # on a line of its own with nothing above: no post; wrapped, the post without its text
            return None if h.own_line else (h.start, None, [], (NO_TEXT,), None)
        start = lines.starts[body[0]]
        if n and prev_end > start and lines.line_of(prev_end) - 1 in body:
            # an attribution glued to text ends inside these lines: the text after it
            return self._after(n, prev_end, line_start, quoted)
        nested: str | None = None
        built_at = self.built_at
        if not quoted and i - 1 in built_at and _quotes_above(lines, i, self.blank):
            nested = built_at[i - 1][1]
        elif not quoted and self.blank and (k := _indented_above(lines, i)) is not None and k in built_at:
            nested = built_at[k][1]
        elif quoted:
            nested = next(
                (built_at[k][1] for k in range(i - 1, body[0], -1) if k in built_at and built_at[k][0] > depth), None
            )
        return (start, *self._lines(body, quoted), nested)

    def _more(self, body: list[int], h: Head) -> list[int]:
        """``body`` with the paragraphs above it that are the same post's: a post written over several lines,
        flattened into a document of one paragraph per line (trafilatura's text) or of blank-line paragraphs, gives
        only its last line otherwise. A paragraph above is the post's only when

        * the post's last paragraph ends in its media or short link (``pic.twitter.com/…``, ``t.co/…``: the end of a
          post as Twitter writes it), and
        * that paragraph does not end as a sentence of prose does (``.``, ``!``, ``?``, ``:``, a closing quote or
          bracket): an article's paragraphs do; a post's lines need not, and
        * it is no heading (a few capitalised words), does not name the author and holds no attribution, and the
          text still fits in a post (:data:`TEXT_LIMIT`, 140 characters before 2017-11-07).

        A post whose paragraphs each end as prose does (two full sentences) is not told apart from an article's
        paragraph before it by its form: it keeps its last paragraph (precision first)."""
        lines = self.lines
        if (h.url and (ref := parse_permalink(h.url)) is not None and ref.platform != "twitter") or (
            _platform(h.handle, None) != "twitter"
        ):
            return body
        if not MEDIA_END.search(lines.get(body[-1])):
            return body
        limit = OLD_TEXT_LIMIT if h.published and h.published < LIMIT_RAISED else TEXT_LIMIT
        total = _post_length(" ".join(lines.get(k) for k in body))
        author = {w.lower() for w in WORD.findall(h.name)} | {h.handle.lower()}
        for _ in range(MORE_PARAGRAPHS):
            j = body[0] - 1
            while j >= 0 and not lines.get(j).strip():
                j -= 1
            para: list[int] = []
            while j >= 0 and lines.get(j).strip() and len(para) < 8:
                para.insert(0, j)
                j -= 1
                if not self.blank:
                    break
            if not para or (self.blank and j >= 0 and lines.get(j).strip()):
                break  # nothing above, or a paragraph longer than a post
            text = " ".join(lines.get(k).strip() for k in para)
            size = _post_length(text)
            if (
                total + 1 + size > limit
                or PROSE_END.search(text)
                or _heading(text)
                or any(ATTRIBUTION.match(lines.get(k)) for k in para)
                or text.startswith(("```", "~~~", ":::", "#", ">", "|", "-", "*", "![", "<"))
                or author & {w.lower() for w in WORD.findall(text)}
            ):
                break
            body = [*range(para[0], body[0]), *body]  # (blank lines between: the paragraphs stay apart)
            total += 1 + size
        return body

    def _after(self, n: int, prev_end: int, end: int, quoted: bool) -> _Body:
        """The text between the attribution before (ending at ``prev_end``) and ``end``. Nothing between: a post
        quoting the one before it (a nested embed flattened), whose text is above the quoted post's when that one
        starts a line."""
        doc, lines, h = self.doc, self.lines, self.heads[n]
        region = doc[prev_end:end]
        if region.strip():
            start = prev_end + len(region) - len(region.lstrip())
            return (start, *self._capped(start, end, quoted), None)
        inner_id = self.ids.get(n - 1)
        inner = found_start = None
        if inner_id is not None:
            inner = self.heads[n - 1]
            found_start = self._starts.get(n - 1)
        result: _Body = (h.start, None, [], (QUOTES_NOTE,), inner_id)
        if inner is None or found_start is None or quoted:
            return result
        k0 = lines.line_of(found_start) - 1
        inner_line = lines.starts[lines.line_of(inner.start) - 1]
        if lines.starts[k0] != found_start or doc[inner_line : inner.start].strip(" \t>"):
            return result
        above = _body_lines(lines, k0, False, self.blank, nesting=False)
        if not above or above[-1] >= k0:
            return result
        return (lines.starts[above[0]], *self._lines(above, False), inner_id)

    def _glued(self, i: int, start: int, end: int, depth: int) -> _Body:
        """Glued to the text before it on line ``i`` (from ``start``): that text, and the lines above it in a wrapped
        paragraph (back to a blank line, another quote depth or the end of an attribution)."""
        doc, lines, ends = self.doc, self.lines, self.ends
        quoted = depth > 0
        if self.wrapped():
            j = i - 1
            while j >= 0:
                line = lines.get(j)
                shown = (_unquote(line) if quoted else line).lstrip()
                if not shown.strip() or _depth(line) != depth:
                    break
                js, je = lines.span(j)
                k = bisect_right(ends, je) - 1
                if k >= 0 and ends[k] > js:  # an attribution ends on that line: the text after it
                    rest = doc[ends[k] : je]
                    if rest.strip():
                        start = je - len(rest.lstrip())
                    break
                start = je - len(shown)
                j -= 1
        return (start, *self._capped(start, end, quoted), None)

    def _capped(self, start: int, end: int, quoted: bool) -> tuple[str | None, list[Link] | None, tuple[str, ...]]:
        """:meth:`_read`, for text glued to an attribution: longer than a post can be, the article is in it."""
        text, links, notes = self._read(start, end, quoted)
        if text is not None and (m := TRAILING_PLACEHOLDER.search(fold(text))) is not None:
            text = text[: m.start()].rstrip() or None  # Bluesky's media placeholder glued before the attribution
            notes = (*notes, "the post has an image or embed the text does not show")
        if text is not None and len(text) > MAX_GLUED_TEXT:
            return None, [], (*notes, RUNS_ON)
        return text, links, notes


_HANDLE_OPENERS = lazy_regex(r"\(\[?[@\uff20]")


def _attribution_lines(doc: str) -> Iterator[regex.Match[str]]:
    """``ATTRIBUTION.finditer(doc)``, matched line by line on the lines that hold a handle's ``(@``: an attribution
    is one line, and the regex engine, asked for the whole document, retried a long line of ``> `` quote marks
    from each of its positions (quadratic)."""
    pos = 0
    while (hit := _HANDLE_OPENERS.search(doc, pos)) is not None:
        start = doc.rfind("\n", 0, hit.start()) + 1
        end = doc.find("\n", hit.end())
        end = len(doc) if end < 0 else end
        m = ATTRIBUTION.match(doc, start, end)
        if m is not None:
            yield m
        pos = end + 1


def extract_attributions(
    doc: str, lines: Lines, path: str | None, *, markdown: bool = False, html: bool = False
) -> list[Citation]:
    """Posts flattened into ``doc`` (the whole document; offsets are into it). With ``markdown``, the text, names and
    dates are read as Markdown (html2text's output): links as their text, escapes resolved.

    Attributions on a line of their own are read by ``ATTRIBUTION``; those glued to text, wrapped or followed by more
    text by :func:`._glued.find_heads`. A post's text goes back to its paragraph's start (:func:`_body_lines`), or to
    the end of an attribution before it in the same paragraph. With ``html``, ``doc`` is the text of an HTML page's
    paragraphs, one a line (:mod:`._html_text`): a post's lines are never apart there (its ``<br>`` are in its
    paragraph), so it is not read over several paragraphs."""
    if "(@" not in doc and "([@" not in doc and "(\uff20" not in doc and "(\\@" not in doc and "([\\@" not in doc:
        return []
    blank_paragraphs = _blank_paragraphs(doc)
    # 1. the attributions: dash, name, handle, date, status link
    heads: list[Head] = []
    for m in _attribution_lines(doc):
        date_text = (m.group("ldate") or m.group("date") or "").strip()
        if "(@" in date_text or "(\uff20" in date_text or "([@" in date_text:
            continue  # a second attribution on the line: read by find_heads
        if markdown:
            date_text = _unescape(date_text)
        url = m.group("url")
        published = parse_date(date_text) if date_text else None
        if published is None and not url and not looks_like_date(date_text):
            continue
        end = m.end()
        if doc[end - 1 : end] == "\r":
            end -= 1
        handle = m.group("handle").replace("\\", "")
        heads.append(Head(m.end("prefix"), end, m.group("name"), handle, date_text, published, url, own_line=True))
    heads.extend(find_heads(doc, lines, [(h.start, h.end) for h in heads]))
    heads.sort(key=lambda h: h.start)
    ctx = _Bodies(doc, lines, markdown, blank_paragraphs, heads, over_paragraphs=not html)
    # 2. the post of each: its text above or before it
    found: list[Citation] = []
    for n, h in enumerate(heads):
        date_text, published, url = h.date_text, h.published, h.url
        if markdown and not h.own_line:
            date_text = _unescape(date_text)
            published = published or (parse_date(date_text) if date_text else None)
        ref = parse_permalink(url) if url else None
        body = ctx.body(n)
        if body is None:
            continue
        start, text, links, notes, nested = body
        name = (_unescape(h.name) if markdown else h.name).strip()
        found.append(
            build(
                platform=_platform(h.handle, ref.platform if ref else None),
                kind="embed",
                method="attribution",
                doc=doc,
                lines=lines,
                path=path,
                start=start,
                end=h.end,
                text=text,
                name=name or None,
                handle=h.handle,
                date_text=date_text or None,
                published=published,
                ref=ref,
                links=links,
                notes=notes,
                quoted=nested,
            )
        )
        ctx.built(n, found[-1].id, start)
    return found
