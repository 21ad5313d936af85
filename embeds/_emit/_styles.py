"""Formatted references: APA 7, MLA 9 and Chicago (notes and bibliography, 18th and 17th editions; author-date),
as plain text, Markdown or HTML. Pure. CSL processors cannot do this right for posts (no handle, no 20-word or
160/280-character cut, a leading ``.@`` breaks their punctuation), so the templates are ours.

* **APA 7**: ``Family, G. [@handle]. (YYYY, Month D). *First 20 words* [Image attached] [Tweet]. Twitter. URL``.
  Groups, and authors not known to be persons, keep the name as shown. The title is the first 20 white-space
  separated words (a URL, hashtag or emoji counts as one), trailing ``,;:`` dropped, no ellipsis, emoji not
  italicized.
* **MLA 9**: ``@handle (Name). “Full text.” *Twitter*, 26 Jan. 2022, twitter.com/handle/status/ID.``
* **Chicago** note: ``1. Name (@handle), “Text,” Twitter, Month D, YYYY, URL.`` with the text cut at 280 characters
  (18th edition) or 160 (17th) at a word boundary with ``…``; bibliography (full text): ``Family, Given (@handle).
  “Text.” Twitter, Month D, YYYY. URL.``; author-date: ``Family, Given (@handle). YYYY. “Text.” Twitter, Month D,
  YYYY. URL.`` With no date, an access date (when given) takes its place, as CMOS asks.

The permalink is printed when known and left out when not (it is never made up); the time of day is never printed
(a document shows it in its reader's time zone). Post text is printed as posted, white space runs made one space.

Whatever a record holds, an entry is one line and carries no markup of its own: every string from the record is
cleaned (control characters shown escaped, :func:`._common.clean`) and escaped for the markup. Markdown escapes
``\\ ` * _ [ ] < > @ $ ^ ~`` (links, raw HTML, raw TeX, pandoc citations, math, super/subscripts) and a block
marker at the start of an entry (``#``, ``-``, ``1.``, ``:::``, …); HTML escapes ``& < > " '``. Only http(s) URLs
are printed (:func:`._common.safe_url`), percent-encoded where unsafe, and in HTML linked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

import regex

from .._exceptions import UnsupportedFormatError
from .._models import Citation
from .._types import Markup
from ._common import (
    MLA_MONTHS,
    MONTHS,
    access_date,
    attachments,
    clean,
    date_parts,
    genre,
    initials,
    name_of_platform,
    one_line,
    person_names,
    printed_url,
)

Style: TypeAlias = Literal["apa", "mla", "chicago", "chicago-17", "chicago-author-date"]
#: The styles :func:`cite` knows; each is also an output format (``apa``), with ``-md`` and ``-html`` variants.
STYLES: tuple[Style, ...] = ("apa", "mla", "chicago", "chicago-17", "chicago-author-date")
#: Format-name suffix → markup.
MARKUP_SUFFIXES: dict[str, Markup] = {"": "text", "-md": "markdown", "-html": "html"}

APA_TITLE_WORDS = 20
CHICAGO_TEXT_LIMIT = {"chicago": 280, "chicago-17": 160, "chicago-author-date": 280}

_EMOJI = regex.compile(
    r"(?:\p{Extended_Pictographic}[\uFE0F\U0001F3FB-\U0001F3FF]*"
    r"(?:\u200D\p{Extended_Pictographic}[\uFE0F\U0001F3FB-\U0001F3FF]*)*"
    r"|[\U0001F1E6-\U0001F1FF]{2})"
)
_MD_SPECIAL = regex.compile(r"[\\`*_\[\]<>@$^~]|&(?=#?\w+;)")
# What opens a block when it starts a line (heading, list, block quote, fenced div, line block, table, thematic
# break, setext underline, example list): its first character, or the delimiter after a list number or letter.
# (``* > _ ~ @ <`` are escaped everywhere already.)
_MD_BLOCK_START = regex.compile(r"^(?:[#:|+\-=]|(\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+))([.)])(?=\s|$))")


# --- pieces of an entry --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of an entry: template text, content from the post (escaped for the markup), italic, or a URL."""

    text: str
    kind: Literal["plain", "content", "italic", "url", "marker"] = "plain"
    """``marker`` is a note's number: the one piece that may open a Markdown block (a numbered list)."""


def _escape_md(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)


def _escape_md_block_start(text: str) -> str:
    """``text`` (already escaped) with a block marker at its start escaped, so that it stays inline text."""
    m = _MD_BLOCK_START.match(text)
    if not m:
        return text
    if m.group(1) is not None:  # "1." or "a)": escape the delimiter
        return text[: m.start(2)] + "\\" + text[m.start(2) :]
    return "\\" + text


def _escape_html(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _italic_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` split into (run, italic?) with emoji (and the spaces around them) not italic."""
    runs: list[tuple[str, bool]] = []
    pos = 0
    for m in _EMOJI.finditer(text):
        if m.start() > pos:
            runs.append((text[pos : m.start()], True))
        runs.append((m.group(), False))
        pos = m.end()
    if pos < len(text):
        runs.append((text[pos:], True))
    out: list[tuple[str, bool]] = []
    for run, italic in runs:
        if italic:  # spaces at a run's edge stay outside the emphasis (Markdown needs that)
            stripped = run.strip()
            lead, trail = run[: len(run) - len(run.lstrip())], run[len(run.rstrip()) :]
            out.extend([(lead, False), (stripped, True), (trail, False)])
        else:
            out.append((run, False))
    return [(r, i) for r, i in out if r]


def render(pieces: Sequence[Piece], markup: Markup) -> str:
    """The pieces as one string in ``markup``. Pieces from the record (``content``, ``italic``, ``url``) are cleaned
    and escaped; template pieces (``plain``) are written as they are in text and Markdown."""
    out: list[str] = []
    at_start = True  # at the start of the entry, or just after a note's number
    for p in pieces:
        text = p.text if p.kind in ("plain", "marker") else clean(p.text)
        if markup == "text":
            out.append(text)
        elif markup == "markdown":
            if p.kind == "italic":
                run = "".join(f"*{_escape_md(r)}*" if i else _escape_md(r) for r, i in _italic_runs(text))
            elif p.kind == "plain":
                run = text.replace("@", "\\@")  # "[@handle]" would be a citation to pandoc
            elif p.kind == "marker":
                run = text
            else:
                run = _escape_md(text)
            if at_start and p.kind != "marker":
                run = _escape_md_block_start(run)  # the entry's (or a note's) first words stay inline text
            at_start = p.kind == "marker" or (at_start and not run)
            out.append(run)
        elif p.kind == "italic":
            out.extend(f"<i>{_escape_html(r)}</i>" if i else _escape_html(r) for r, i in _italic_runs(text))
        elif p.kind == "url":
            href = text if "://" in text else "https://" + text
            out.append(f'<a href="{_escape_html(href)}">{_escape_html(text)}</a>')
        else:
            out.append(_escape_html(text))
    return "".join(out)


# --- shared rules --------------------------------------------------------------------------------------------------


def apa_title(text: str) -> str:
    """APA's title for a post: its first 20 words (white-space separated), trailing ``,;:`` dropped, no ellipsis."""
    words = one_line(text).split(" ")
    if len(words) <= APA_TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:APA_TITLE_WORDS]).rstrip(",;:")


def chicago_text(text: str, limit: int) -> str:
    """The post text for a Chicago note: whole when it has at most ``limit`` characters, else its longest run of
    whole words that, with trailing ``,;:.`` dropped and ``…`` added, has at most ``limit`` characters."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    kept = ""
    for word in text.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if len(candidate.rstrip(",;:.")) + 1 > limit:
            break
        kept = candidate
    return (kept or text[: limit - 1]).rstrip(" ,;:.") + "…"


def _close_quote(text: str, mark: str) -> str:
    """``text`` ended for closing quotation marks with ``mark`` (``.`` or ``,``) inside, American style: a final
    period gives way to ``mark``; ``?`` and ``!`` stand alone."""
    if text.endswith(("?", "!", "?”", "!”")) or (mark == "." and text.endswith("…")):
        return text
    if text.endswith("."):
        text = text[:-1]
    return text + mark


def _month_day_year(parts: tuple[int, ...]) -> str:
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _ends(text: str, mark: str = ".") -> str:
    return text if text.endswith((".", "?", "!")) else text + mark


def _sort_name(c: Citation) -> str:
    names = person_names(c)
    # with no author the entry begins with its title (the text), and files there
    name = names[1] + " " + names[0] if names else (c.author.name or c.author.handle or c.text or "")
    return regex.sub(r"^\W+", "", name).casefold()


def _sort_key(c: Citation) -> tuple[str, tuple[int, ...], str]:
    return (_sort_name(c), date_parts(c), c.text or "")


def _mla_sort_key(c: Citation) -> tuple[str, tuple[int, ...], str]:
    """MLA entries begin with the handle: alphabetize on it (without ``@``), else as the others do."""
    first = c.author.handle or ""
    return (first.casefold() or _sort_name(c), date_parts(c), c.text or "")


# --- APA 7 ---------------------------------------------------------------------------------------------------------


def apa(c: Citation) -> list[Piece]:
    """The APA 7 reference-list entry. With no author known, the title (or, with no text, the bracketed description)
    moves to the author position, before the date (APA 7 §9.12)."""
    a = c.author
    names = person_names(c)
    who = f"{names[1]}, {initials(names[0])}".rstrip(", ") if names else (a.name or "")
    parts = date_parts(c)
    if len(parts) == 3:
        date = f"{parts[0]}, {MONTHS[parts[1] - 1]} {parts[2]}"
    elif len(parts) == 2:
        date = f"{parts[0]}, {MONTHS[parts[1] - 1]}"
    else:
        date = str(parts[0]) if parts else "n.d."
    descriptors = " ".join(f"[{d}]" for d in [*attachments(c), genre(c)])
    pieces: list[Piece] = []
    if who or a.handle:
        if who and a.handle:
            pieces += [Piece(who, "content"), Piece(" [@"), Piece(a.handle, "content"), Piece("]. ")]
        elif who:
            pieces += [Piece(_ends(who), "content"), Piece(" ")]
        else:
            pieces += [Piece("@"), Piece(a.handle or "", "content"), Piece(". ")]
        pieces.append(Piece(f"({date}). "))
        if c.text:
            pieces += [Piece(apa_title(c.text), "italic"), Piece(" ")]
        pieces.append(Piece(f"{descriptors}. "))
    else:
        if c.text:
            pieces += [Piece(apa_title(c.text), "italic"), Piece(" ")]
        pieces.append(Piece(f"{descriptors}. ({date}). "))
    pieces.append(Piece(_ends(name_of_platform(c)), "content"))
    url = printed_url(c)
    if url:
        pieces += [Piece(" "), Piece(url, "url")]
    return pieces


# --- MLA 9 ---------------------------------------------------------------------------------------------------------


def mla(c: Citation) -> list[Piece]:
    """The MLA 9 works-cited entry."""
    a = c.author
    pieces: list[Piece] = []
    if a.handle:
        pieces += [Piece("@"), Piece(a.handle, "content")]
        if a.name and a.name != a.handle:
            pieces += [Piece(" ("), Piece(a.name, "content"), Piece(")")]
        pieces.append(Piece(". "))
    elif a.name:
        names = person_names(c)
        who = f"{names[1]}, {names[0]}".rstrip(", ") if names else a.name
        pieces += [Piece(_ends(who), "content"), Piece(" ")]
    if c.text:
        pieces += [Piece("“"), Piece(_close_quote(one_line(c.text), "."), "content"), Piece("” ")]
    pieces.append(Piece(name_of_platform(c), "italic"))
    parts = date_parts(c)
    tail: list[str] = []
    if len(parts) == 3:
        tail.append(f"{parts[2]} {MLA_MONTHS[parts[1] - 1]} {parts[0]}")
    elif len(parts) == 2:
        tail.append(f"{MLA_MONTHS[parts[1] - 1]} {parts[0]}")
    elif parts:
        tail.append(str(parts[0]))
    url = printed_url(c)
    if tail:
        pieces.append(Piece(", " + tail[0]))
    if url:
        pieces += [Piece(", "), Piece(regex.sub(r"(?i)^https?://(?:www\.)?", "", url), "url")]
    pieces.append(Piece("."))
    return pieces


# --- Chicago -------------------------------------------------------------------------------------------------------


def _chicago_who(c: Citation, *, inverted: bool) -> list[Piece]:
    a = c.author
    names = person_names(c)
    who = f"{names[1]}, {names[0]}".rstrip(", ") if inverted and names else a.name or ""
    pieces: list[Piece] = []
    if who:
        pieces.append(Piece(who, "content"))
        if a.handle:
            pieces += [Piece(" (@"), Piece(a.handle, "content"), Piece(")")]
    elif a.handle:
        pieces += [Piece("@"), Piece(a.handle, "content")]
    return pieces


def _chicago_date(c: Citation) -> str | None:
    parts = date_parts(c)
    if parts:
        return _month_day_year(parts)
    accessed = access_date(c)
    if accessed:  # CMOS: an access date only when the post's date cannot be told
        y, m, d = (int(x) for x in accessed.split("-"))
        return f"accessed {_month_day_year((y, m, d))}"
    return None


def chicago_note(c: Citation, style: Style = "chicago", number: int | None = 1) -> list[Piece]:
    """The full note (``1. Name (@handle), “Text,” Twitter, Month D, YYYY, URL.``)."""
    pieces: list[Piece] = [Piece(f"{number}. ", "marker")] if number is not None else []
    who = _chicago_who(c, inverted=False)
    if who:
        pieces += [*who, Piece(", ")]
    if c.text:
        text = chicago_text(c.text, CHICAGO_TEXT_LIMIT[style])
        pieces += [Piece("“"), Piece(_close_quote(text, ","), "content"), Piece("” ")]
    tail = [name_of_platform(c)]
    date = _chicago_date(c)
    if date:
        tail.append(date)
    pieces.append(Piece(", ".join(tail), "content"))
    url = printed_url(c)
    if url:
        pieces += [Piece(", "), Piece(url, "url")]
    pieces.append(Piece("."))
    return pieces


def chicago_bibliography(c: Citation, style: Style = "chicago") -> list[Piece]:
    """The bibliography entry, full text (``Family, Given (@handle). “Text.” Twitter, Month D, YYYY. URL.``); for
    ``chicago-author-date`` the reference-list entry, with the year after the author."""
    pieces: list[Piece] = []
    who = _chicago_who(c, inverted=True)
    if who:
        last = who[-1]
        pieces += [*who[:-1], Piece(_ends(last.text), last.kind), Piece(" ")]
    parts = date_parts(c)
    if style == "chicago-author-date":
        pieces.append(Piece(f"{parts[0] if parts else 'n.d.'}. "))
    if c.text:
        pieces += [Piece("“"), Piece(_close_quote(one_line(c.text), "."), "content"), Piece("” ")]
    tail = [name_of_platform(c)]
    date = _chicago_date(c)
    if date:
        tail.append(date)
    pieces.append(Piece(_ends(", ".join(tail)), "content"))
    url = printed_url(c)
    if url:
        pieces += [Piece(" "), Piece(url, "url"), Piece(".")]
    return pieces


# --- whole outputs -------------------------------------------------------------------------------------------------


def cite(citation: Citation, style: str = "apa", markup: Markup = "text") -> str:
    """One citation formatted in ``style`` (``apa``, ``mla``, ``chicago`` — 18th edition, ``chicago-17``,
    ``chicago-author-date``) as ``markup`` (``text``, ``markdown``, ``html``). For Chicago notes and bibliography
    this is the bibliography entry; :func:`chicago_note` gives the note."""
    if style == "apa":
        pieces = apa(citation)
    elif style == "mla":
        pieces = mla(citation)
    elif style in CHICAGO_TEXT_LIMIT:
        pieces = chicago_bibliography(citation, style)  # type: ignore[arg-type]
    else:
        raise UnsupportedFormatError(f"unknown citation style {style!r}; expected one of {', '.join(STYLES)}")
    if markup not in MARKUP_SUFFIXES.values():
        raise UnsupportedFormatError(f"unknown markup {markup!r}; expected text, markdown or html")
    return render(pieces, markup)


def _list(entries: Sequence[str], markup: Markup, css: str) -> str:
    if not entries:
        return ""
    if markup == "html":
        body = "".join(f"  <p>{e}</p>\n" for e in entries)
        return f'<div class="{css}">\n{body}</div>\n'
    sep = "\n\n" if markup == "markdown" else "\n"
    return sep.join(entries) + "\n"


def _heading(title: str, markup: Markup) -> str:
    if markup == "markdown":
        return f"## {title}\n\n"
    if markup == "html":
        return f"<h2>{title}</h2>\n"
    return f"{title}\n\n"


class StyleEmitter:
    """A formatted bibliography (``apa``, ``mla``, …) in one markup. Entries are sorted as the style wants; Chicago
    notes-and-bibliography styles print the notes (numbered in order found) and then the bibliography."""

    streams: bool = False
    extensions: tuple[str, ...] = ()

    def __init__(self, style: Style, markup: Markup) -> None:
        suffix = next(s for s, m in MARKUP_SUFFIXES.items() if m == markup)
        self.name: str = style + suffix
        self.style: Style = style
        self.markup: Markup = markup

    def _entries(
        self,
        citations: Sequence[Citation],
        entry: Callable[[Citation], list[Piece]],
        key: Callable[[Citation], tuple[str, tuple[int, ...], str]] = _sort_key,
    ) -> list[str]:
        return [render(entry(c), self.markup) for c in sorted(citations, key=key)]

    def dumps(self, citations: Sequence[Citation]) -> str:
        style, markup = self.style, self.markup
        if style == "apa":
            return _list(self._entries(citations, apa), markup, "references")
        if style == "mla":
            return _list(self._entries(citations, mla, _mla_sort_key), markup, "works-cited")
        bibliography = _list(self._entries(citations, lambda c: chicago_bibliography(c, style)), markup, "bibliography")
        if style == "chicago-author-date" or not citations:
            return bibliography
        if markup == "html":
            items = "".join(f"  <li>{render(chicago_note(c, style, None), markup)}</li>\n" for c in citations)
            notes = f'<ol class="notes">\n{items}</ol>\n'
        else:
            sep = "\n\n" if markup == "markdown" else "\n"
            notes = sep.join(render(chicago_note(c, style, n), markup) for n, c in enumerate(citations, 1)) + "\n"
        return _heading("Notes", markup) + notes + "\n" + _heading("Bibliography", markup) + bibliography

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("a bibliography is sorted; write it whole")


STYLE_EMITTERS: tuple[StyleEmitter, ...] = tuple(
    StyleEmitter(style, markup) for style in STYLES for markup in MARKUP_SUFFIXES.values()
)
