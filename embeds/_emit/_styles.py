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
from .._rx import lazy_regex
from .._types import Markup
from ._common import (
    MLA_MONTHS,
    MONTHS,
    access_date,
    attachments,
    clean,
    date_parts,
    display_name,
    genre,
    handle_mark,
    initials,
    letter_suffix,
    media_descriptor,
    name_of_platform,
    one_line,
    person_names,
    printed_url,
    title_of,
)

Style: TypeAlias = Literal["apa", "mla", "chicago", "chicago-17", "chicago-author-date"]
#: The styles :func:`cite` knows; each is also an output format (``apa``), with ``-md`` and ``-html`` variants.
STYLES: tuple[Style, ...] = ("apa", "mla", "chicago", "chicago-17", "chicago-author-date")
#: Format-name suffix → markup.
MARKUP_SUFFIXES: dict[str, Markup] = {"": "text", "-md": "markdown", "-html": "html"}

APA_TITLE_WORDS = 20
CHICAGO_TEXT_LIMIT = {"chicago": 280, "chicago-17": 160, "chicago-author-date": 280}

_EMOJI = lazy_regex(
    r"(?:\p{Extended_Pictographic}[\uFE0F\U0001F3FB-\U0001F3FF]*"
    r"(?:\u200D\p{Extended_Pictographic}[\uFE0F\U0001F3FB-\U0001F3FF]*)*"
    r"|[\U0001F1E6-\U0001F1FF]{2})"
)
# ``'`` ``"``, ``--`` and ``...`` too: pandoc's ``smart`` extension would curl, dash or ellipsize them (the text is
# printed as posted); an escaped one is itself in pandoc and CommonMark alike.
_MD_SPECIAL = lazy_regex(r"[\\`*_\[\]<>@$^~'\"]|&(?=#?\w+;)|-(?=-)|(?<=-)-|\.(?=\.\.)|(?<=\.)\.(?=\.)|(?<=\.\.)\.")
_MD_PLAIN = lazy_regex(r"@|-(?=-)|(?<=-)-")
# What opens a block when it starts a line (heading, list, block quote, fenced div, line block, table, thematic
# break, setext underline, example list): its first character, or the delimiter after a list number or letter.
# (``* > _ ~ @ <`` are escaped everywhere already.)
_MD_BLOCK_START = lazy_regex(r"^(?:[#:|+\-=]|(\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+))([.)])(?=\s|$))")


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
                # "[@handle]" would be a citation to pandoc, MLA's "---." a dash (smart) or a rule
                run = _MD_PLAIN.sub(lambda m: "\\" + m.group(), text)
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


_MEDIA_LINK = lazy_regex(r"(?i)^(?:https?://)?pic\.(?:twitter|x)\.com/\S+$")


def apa_title(text: str) -> str:
    """APA's title for a post: its first 20 words (white-space separated), trailing ``,;:`` dropped, no ellipsis. A
    trailing ``pic.twitter.com/…`` link is not part of it: the attachment descriptor says what it was, as in APA's
    ``[Image attached]`` examples."""
    words = one_line(text).split(" ")
    while len(words) > 1 and _MEDIA_LINK.match(words[-1]):
        words.pop()
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


_OPENING_CONTEXT = lazy_regex(r"[\s(\[{\u2014\u2013-]")


def nested_quotes(text: str) -> str:
    """``text`` ready to stand inside double quotation marks: its own double quotes (straight or curly) become single
    ones (``She said "no"`` → ``She said ‘no’``), as MLA and Chicago want for a quotation within a quotation; an
    apostrophe stays as it is."""
    if not any(q in text for q in '"“”'):
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "“":
            out.append("‘")
        elif ch == "”":
            out.append("’")
        elif ch == '"':
            opening = i == 0 or bool(_OPENING_CONTEXT.match(text[i - 1]))
            out.append("‘" if opening else "’")
        else:
            out.append(ch)
    return "".join(out)


def _close_quote(text: str, mark: str) -> str:
    """``text`` ended for closing quotation marks with ``mark`` (``.`` or ``,``) inside, American style: a final
    period gives way to ``mark``; ``?`` and ``!`` stand alone."""
    if text.endswith(("?", "!", "?’", "!’")) or (mark == "." and text.endswith(("…", "..."))):
        return text
    if text.endswith(".") and not text.endswith("..."):  # an ellipsis keeps its three dots
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
    """What an entry files under: the family name (then given), the name as shown, the handle; with no author the
    title, and with no title the bracketed description (``[Video]`` files under "video", APA 9.12), never ""."""
    names = person_names(c)
    title = title_of(c)
    name = (
        names[1] + " " + names[0]
        if names
        else (display_name(c) or c.author.handle or (apa_title(title) if title else None) or genre(c))
    )
    return regex.sub(r"^\W+", "", name).casefold()


def _sort_key(c: Citation) -> tuple[str, tuple[int, ...], str]:
    return (_sort_name(c), date_parts(c), one_line(title_of(c) or "").casefold())


def _title_sort_key(c: Citation) -> tuple[str, tuple[int, ...], str]:
    """One author's entries by title, whatever their dates (a Chicago bibliography; Chicago author-date's letters
    within a year)."""
    return (_sort_name(c), (), regex.sub(r"^\W+", "", one_line(title_of(c) or "")).casefold())


def _mla_sort_key(c: Citation) -> tuple[str, tuple[int, ...], str]:
    """MLA entries begin with the handle: alphabetize on it (without ``@``), else as the others do; one author's
    entries by title."""
    first = c.author.handle or ""
    title = regex.sub(r"^\W+", "", one_line(title_of(c) or "")).casefold()
    return (first.casefold() or _sort_name(c), (), title)


def year_letters(
    citations: Sequence[Citation],
    author: Callable[[Citation], str],
    order: Callable[[Citation], tuple[str, tuple[int, ...], str]] = _sort_key,
) -> dict[int, str]:
    """APA 9.47 and Chicago author-date: the letter each entry adds to its year when one author has more than one
    entry in that year (or more than one undated), keyed by ``id()`` of the record. Letters follow ``order``: APA's
    by date, then title; Chicago's by title."""
    groups: dict[tuple[str, int | None], list[Citation]] = {}
    for c in citations:
        who = author(c)
        if not who:
            continue  # with no author the title leads the entry: no letters
        parts = date_parts(c)
        groups.setdefault((who, parts[0] if parts else None), []).append(c)
    letters: dict[int, str] = {}
    for group in groups.values():
        if len(group) > 1:
            for n, c in enumerate(sorted(group, key=order)):
                letters[id(c)] = letter_suffix(n)
    return letters


def _year(parts: tuple[int, ...], letter: str) -> str:
    return f"{parts[0]}{letter}" if parts else f"n.d.-{letter}" if letter else "n.d."


# --- APA 7 ---------------------------------------------------------------------------------------------------------


def _apa_who(c: Citation) -> str:
    names = person_names(c)
    return f"{names[1]}, {initials(names[0])}".rstrip(", ") if names else (display_name(c) or "")


def _apa_author_key(c: Citation) -> str:
    return f"{_apa_who(c)}\x00{c.author.handle or ''}" if (_apa_who(c) or c.author.handle) else ""


def apa(c: Citation, letter: str = "") -> list[Piece]:
    """The APA 7 reference-list entry (``letter``: the a/b that tells one author's same-year entries apart). With no
    author known, the title (or, with no title, the bracketed description) moves to the author position, before the
    date (APA 7 §9.12). A video with its own title is ``*Title* [Video]``."""
    a = c.author
    who = _apa_who(c)
    parts = date_parts(c)
    year = _year(parts, letter)
    if len(parts) == 3:
        date = f"{year}, {MONTHS[parts[1] - 1]} {parts[2]}"
    elif len(parts) == 2:
        date = f"{year}, {MONTHS[parts[1] - 1]}"
    else:
        date = year
    descriptors = " ".join(f"[{d}]" for d in [*attachments(c), genre(c)])
    title = apa_title(c.text) if c.text and c.text.strip() else title_of(c)
    mark = handle_mark(c)
    pieces: list[Piece] = []
    if who or a.handle:
        if who and a.handle:
            pieces += [Piece(who, "content"), Piece(f" [{mark}"), Piece(a.handle, "content"), Piece("]. ")]
        elif who:
            pieces += [Piece(_ends(who), "content"), Piece(" ")]
        else:
            pieces += [Piece(mark), Piece(_ends(a.handle or ""), "content"), Piece(" ")]
        pieces.append(Piece(f"({date}). "))
        if title:
            pieces += [Piece(title, "italic"), Piece(" ")]
        pieces.append(Piece(f"{descriptors}. "))
    else:
        if title:
            pieces += [Piece(title, "italic"), Piece(" ")]
        pieces.append(Piece(f"{descriptors}. ({date}). "))
    pieces.append(Piece(_ends(name_of_platform(c)), "content"))
    url = printed_url(c)
    if url:
        pieces += [Piece(" "), Piece(url, "url")]
    return pieces


# --- MLA 9 ---------------------------------------------------------------------------------------------------------


def _mla_date(parts: tuple[int, ...]) -> str:
    if len(parts) == 3:
        return f"{parts[2]} {MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _mla_author(c: Citation) -> list[Piece]:
    a = c.author
    name = display_name(c)
    pieces: list[Piece] = []
    if a.handle:
        pieces += [Piece(handle_mark(c)), Piece(a.handle, "content")]
        if name:
            pieces += [Piece(" ("), Piece(name, "content"), Piece(")")]
        pieces.append(Piece(". "))
    elif name:
        names = person_names(c)
        who = f"{names[1]}, {names[0]}".rstrip(", ") if names else name
        pieces += [Piece(_ends(who), "content"), Piece(" ")]
    return pieces


def mla(c: Citation, repeated: bool = False) -> list[Piece]:
    """The MLA 9 works-cited entry; ``repeated``: the author is the previous entry's, written ``---.``. With no date,
    the access date (when given) ends the entry (``Accessed 31 Jan. 2025.``)."""
    author = _mla_author(c)
    pieces: list[Piece] = [Piece("---. ")] if repeated and author else author
    title = title_of(c)
    if title:
        pieces += [Piece("“"), Piece(_close_quote(nested_quotes(one_line(title)), "."), "content"), Piece("” ")]
    pieces.append(Piece(name_of_platform(c), "italic"))
    parts = date_parts(c)
    if parts:
        pieces.append(Piece(", " + _mla_date(parts)))
    url = printed_url(c)
    if url:
        pieces += [Piece(", "), Piece(regex.sub(r"(?i)^https?://(?:www\.)?", "", url), "url")]
    pieces.append(Piece("."))
    accessed = access_date(c)
    if not parts and accessed:
        y, m, d = (int(x) for x in accessed.split("-"))
        pieces.append(Piece(f" Accessed {_mla_date((y, m, d))}."))
    return pieces


def _mla_author_key(c: Citation) -> str:
    return render(_mla_author(c), "text")


# --- Chicago -------------------------------------------------------------------------------------------------------


def _chicago_who(c: Citation, *, inverted: bool) -> list[Piece]:
    a = c.author
    names = person_names(c)
    who = f"{names[1]}, {names[0]}".rstrip(", ") if inverted and names else display_name(c) or ""
    mark = handle_mark(c)
    pieces: list[Piece] = []
    if who:
        pieces.append(Piece(who, "content"))
        if a.handle:
            pieces += [Piece(f" ({mark}"), Piece(a.handle, "content"), Piece(")")]
    elif a.handle:
        pieces += [Piece(mark), Piece(a.handle, "content")]
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


def _chicago_container(c: Citation) -> str:
    """The platform, with the media descriptor for a media post (``Instagram photo``, ``TikTok video``)."""
    descriptor = media_descriptor(c)
    return f"{name_of_platform(c)} {descriptor}" if descriptor else name_of_platform(c)


def chicago_note(c: Citation, style: Style = "chicago", number: int | None = 1) -> list[Piece]:
    """The full note (``1. Name (@handle), “Text,” Twitter, Month D, YYYY, URL.``)."""
    pieces: list[Piece] = [Piece(f"{number}. ", "marker")] if number is not None else []
    who = _chicago_who(c, inverted=False)
    if who:
        pieces += [*who, Piece(", ")]
    title = title_of(c)
    if title:
        text = chicago_text(nested_quotes(title), CHICAGO_TEXT_LIMIT[style])
        pieces += [Piece("“"), Piece(_close_quote(text, ","), "content"), Piece("” ")]
    tail = [_chicago_container(c)]
    date = _chicago_date(c)
    if date:
        tail.append(date)
    pieces.append(Piece(", ".join(tail), "content"))
    url = printed_url(c)
    if url:
        pieces += [Piece(", "), Piece(url, "url")]
    pieces.append(Piece("."))
    return pieces


def _chicago_author_key(c: Citation) -> str:
    return render(_chicago_who(c, inverted=True), "text")


def chicago_bibliography(c: Citation, style: Style = "chicago", letter: str = "") -> list[Piece]:
    """The bibliography entry, full text (``Family, Given (@handle). “Text.” Twitter, Month D, YYYY. URL.``); for
    ``chicago-author-date`` the reference-list entry, with the year (and ``letter``, for one author's same-year
    entries) after the author. With no author, the title leads (then the year); with no title either, the platform
    and its descriptor do."""
    pieces: list[Piece] = []
    who = _chicago_who(c, inverted=True)
    if who:
        last = who[-1]
        pieces += [*who[:-1], Piece(_ends(last.text), last.kind), Piece(" ")]
    parts = date_parts(c)
    year = Piece(_ends(_year(parts, letter)) + " ")
    title = title_of(c)
    quoted = []
    if title:
        quoted = [Piece("“"), Piece(_close_quote(nested_quotes(one_line(title)), "."), "content"), Piece("” ")]
    tail = [_chicago_container(c)]
    if style == "chicago-author-date" and not who and not title:
        # nothing to lead with but the work's description: "Instagram photo. n.d. URL."
        pieces += [Piece(_ends(tail[0]), "content"), Piece(" "), year]
        tail = []
    elif style == "chicago-author-date" and not who:
        pieces += [*quoted, year]
    elif style == "chicago-author-date":
        pieces += [year, *quoted]
    else:
        pieces += quoted
    date = _chicago_date(c)
    if date:
        tail.append(date)
    if tail:
        pieces.append(Piece(_ends(", ".join(tail)), "content"))
    url = printed_url(c)
    if url:
        pieces += [Piece(" " if tail else ""), Piece(url, "url"), Piece(".")]
    out = pieces
    while out and out[-1].kind == "plain" and out[-1].text.strip() == "":
        out = out[:-1]
    if out and out[-1].kind == "plain" and out[-1].text.endswith(" "):
        out = [*out[:-1], Piece(out[-1].text.rstrip(), "plain")]
    return out


# --- whole outputs -------------------------------------------------------------------------------------------------


def cite(citation: Citation, style: str = "apa", markup: Markup = "text") -> str:
    """One citation formatted in ``style`` (``apa``, ``mla``, ``chicago`` — 18th edition, ``chicago-17``,
    ``chicago-author-date``) as ``markup`` (``text``, ``markdown``, ``html``). For Chicago notes and bibliography
    this is the bibliography entry; :func:`chicago_note` gives the note. (Alone, an entry has no a/b year letter:
    :func:`embeds.dumps` gives those, over the whole list.)"""
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


def reference_list(citations: Sequence[Citation], style: Style) -> list[list[Piece]]:
    """The style's reference list (bibliography), sorted, with year letters (APA, Chicago author-date) and MLA's
    ``---.`` for a repeated author."""
    if style == "apa":
        letters = year_letters(citations, _apa_author_key)
        return [apa(c, letters.get(id(c), "")) for c in sorted(citations, key=_sort_key)]
    if style == "mla":
        out: list[list[Piece]] = []
        previous = None
        for c in sorted(citations, key=_mla_sort_key):
            key = _mla_author_key(c)
            out.append(mla(c, repeated=bool(key) and key == previous))
            previous = key
        return out
    if style == "chicago-author-date":
        letters = year_letters(citations, _chicago_author_key, _title_sort_key)
        ordered = sorted(citations, key=lambda c: (_sort_key(c)[0], date_parts(c)[:1], letters.get(id(c), "")))
        return [chicago_bibliography(c, style, letters.get(id(c), "")) for c in ordered]
    return [chicago_bibliography(c, style) for c in sorted(citations, key=_title_sort_key)]


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

    def dumps(self, citations: Sequence[Citation]) -> str:
        style, markup = self.style, self.markup
        entries = [render(pieces, markup) for pieces in reference_list(citations, style)]
        if style == "apa":
            return _list(entries, markup, "references")
        if style == "mla":
            return _list(entries, markup, "works-cited")
        bibliography = _list(entries, markup, "bibliography")
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
