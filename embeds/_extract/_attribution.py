"""Flattened embeds: the text a scraper leaves behind — the post's text, then ``— Name (@handle) Date``.

Accepted attribution lines (one line, optionally quoted with ``>``):
``— Name (@handle) January 26, 2022`` (trafilatura), ``-- Name (@handle) [Date](url)`` (html2text),
``— Name (@handle)[Date](url)`` (Markdown, space lost), with ``—``, ``–``, ``--``, ``-`` or ``&mdash;`` as the dash.
A date (or a linked date) is required: a dash, a name and a handle alone are too common in prose to mean a post.

The post's text is the block above the attribution line: the quoted lines (``>``) when the attribution is quoted;
otherwise the paragraph above when the document separates paragraphs with blank lines, else the one line above.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .._models import Citation, Link
from .._parse import Lines, parse_inline
from .._types import Platform
from ..platforms import parse_permalink
from ._build import build, link_for
from ._dates import looks_like_date, parse_date

ATTRIBUTION = regex.compile(
    r"""
    ^(?P<prefix>(?:[ \t]*>)*[ \t]*)
    (?:\u2014|\u2013|--|-|&mdash;|&\#8212;)[ \t]*
    (?P<name>[^\n]{0,100}?)[ \t]*
    \(\[?[@\uff20](?P<handle>
        (?:[A-Za-z0-9]|\\?_){1,30}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+     # Mastodon user@host
      | (?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}                # Bluesky domain handle
      | (?:[A-Za-z0-9]|\\?_){1,20}                                        # Twitter/X handle
                                          # ("_" may be escaped by a Markdown writer: trafilatura's "@a\_b")
    )(?:\]\([^)\s]*\))?\)
    [ \t]*
    (?:\[(?P<ldate>[^\]\n]{1,80})\]\((?P<url>[^)\s]+)\)|(?P<date>[^\n]{0,80}?))
    [ \t]*\r?$
    """,
    regex.VERBOSE | regex.MULTILINE,
)
QUOTE_PREFIX = regex.compile(r"^(?:[ \t]*>)+[ \t]?")
QUOTE_MARKS = regex.compile(r"^(?:[ \t]*>)+")
PLACEHOLDER = regex.compile(r"(?i)^\[image or embed\]$")
#: A Markdown backslash escape (html2text writes ``25\. September 2018``, ``Jane\_Doe``).
ESCAPE = regex.compile(r"\\([!-/:-@\[-`{-~])")


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _depth(line: str) -> int:
    """How many ``>`` quote the line."""
    m = QUOTE_MARKS.match(line)
    return m.group().count(">") if m else 0


def _unquote(line: str) -> str:
    return QUOTE_PREFIX.sub("", line, count=1)


def _quotes_above(lines: Lines, i: int, blank_paragraphs: bool) -> bool:
    """Whether unquoted attribution line ``i`` follows, with no blank line between, the attribution of a post it
    quotes: in a document of blank-line paragraphs (trafilatura's Markdown) a nested embed is flattened as the outer
    text, the inner text, the inner attribution and the outer one (separate embeds have a blank line between)."""
    return blank_paragraphs and i > 0 and ATTRIBUTION.match(lines.get(i - 1)) is not None


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
    if quoted:
        depth = _depth(lines.get(i))
        while j >= 0 and _is_quoted(lines.get(j)):
            line = lines.get(j)
            d = _depth(line)
            if d < depth or (d == depth and ATTRIBUTION.match(line)):
                break
            if d == depth:
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
    if url_platform:
        return url_platform
    if "@" in handle:
        return "mastodon"
    if "." in handle:
        return "bluesky"
    return "twitter"


_HANDLE_OPENERS = regex.compile(r"\(\[?[@\uff20]")


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


def extract_attributions(doc: str, lines: Lines, path: str | None, *, markdown: bool = False) -> list[Citation]:
    """Posts flattened into ``doc`` (the whole document; offsets are into it). With ``markdown``, the text, names and
    dates are read as Markdown (html2text's output): links as their text, escapes resolved."""
    if "(@" not in doc and "([@" not in doc and "(\uff20" not in doc:
        return []
    blank_paragraphs = "\n\n" in doc or "\n\r\n" in doc
    found: list[Citation] = []
    built_at: dict[int, tuple[int, str]] = {}  # attribution line -> (its quote depth, the citation's id)
    for m in _attribution_lines(doc):
        date_text = (m.group("ldate") or m.group("date") or "").strip()
        if markdown:
            date_text = _unescape(date_text)
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
        nested: str | None = None  # a post this one quotes: a deeper attribution between its text and its own
        if not quoted and i - 1 in built_at and _quotes_above(lines, i, blank_paragraphs):
            nested = built_at[i - 1][1]
        elif quoted:
            depth = _depth(lines.get(i))
            nested = next(
                (built_at[k][1] for k in range(i - 1, body[0], -1) if k in built_at and built_at[k][0] > depth), None
            )
        texts = [_unquote(lines.get(k)).strip() if quoted else lines.get(k).strip() for k in body]
        kept = [t for t in texts if t and not PLACEHOLDER.match(t)]
        links: list[Link] | None = None
        if markdown:
            text, links = markdown_text(kept)
        else:
            text = "\n".join(kept) or None
        notes: tuple[str, ...] = ()
        if any(PLACEHOLDER.match(t) for t in texts):
            notes = ("the post has an image or embed the text does not show",)
        handle = m.group("handle").replace("\\", "")
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
                name=(_unescape(m.group("name")) if markdown else m.group("name")).strip() or None,
                handle=handle,
                date_text=date_text or None,
                published=published,
                ref=ref,
                links=links,
                notes=notes,
                quoted=nested,
            )
        )
        built_at[i] = (_depth(lines.get(i)), found[-1].id)
    return found
