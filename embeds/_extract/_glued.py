"""Attributions anywhere in a line: ``— Name (@handle) Date`` glued to the post's text, wrapped over two lines, or
followed by more text, as scrapers write them.

* trafilatura, inscriptis, BeautifulSoup ``get_text()`` when the embed has no ``<p>`` or its ``</p>`` touches the dash:
  ``…hummus. ♥️— Slack (@SlackHQ) September 16, 2016``; BeautifulSoup also glues the next block to the date
  (``May 4, 2023Inner post…``) and ``get_text(" ")`` puts a whole page on one line;
* html2text: ``…computers-- Paul Betts (@paulcbetts) [June 7, 2016](…)``, an empty date link (``-- Name (@h) [](url)``),
  and lines wrapped at 78 columns (``-- Name (@h) [January 26,`` ⏎ ``> 2022](url)``), the wrapped line sometimes
  without its ``>``;
* pandoc: plain text wrapped at 72 columns (``…it — Slack`` ⏎ ``(@SlackHQ) September 16, 2016``); Markdown writes the
  dash as ``---``.

:func:`find_heads` finds these attributions (the dash, name, handle, date and an optional status link) with a
literal-led scan for ``(@``; the text before each is the post's (:mod:`._attribution` decides how far back).
:func:`match_date` reads the date (after a weekday, if one is there) with patterns compiled only when a position
can start one.
A date is required, and prose may not go on after it in lower case: ``— Jane Doe (@jane) is a reporter`` and
``— Jane (@jane) May 4, 2023 wrote that…`` are not posts.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from .._parse import Lines
from .._rx import lazy_regex
from ..platforms import parse_permalink
from ._dates import WEEKDAY_LETTERS, is_weekday, looks_like_date, parse_date

#: A line break inside an attribution, with the next line's quote marks and indentation (a wrapped line).
BREAK = r"[ \t]*\r?\n(?:[ \t]*>)*[ \t]*"
#: White space: spaces, or one line break (never a blank line: that ends a paragraph).
SP = rf"(?:{BREAK}|[ \t]+)"
SOFT = rf"(?:{BREAK}|[ \t]*)"
HANDLE = lazy_regex(  # not VERBOSE, so that it compiles on re (see embeds._rx)
    r"\(\[?\\?[@\uff20](?P<handle>"  # "\@": pandoc's Markdown escape
    r"(?:[A-Za-z0-9]|\\?_){1,30}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # Mastodon user@host
    r"|(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}"  # Bluesky domain handle
    r"|(?:[A-Za-z0-9]|\\?_){1,20}"  # Twitter/X handle
    r")(?:\]\([^)\s]*\))?\)"
)
_MONTH = r"\p{L}{3,12}"
_TIME = (
    rf"(?:,?{SOFT}(?:(?:at|um|à|a{SP}las|a{SP}la|alle|às|as|om|kl\.?|в|о|o|saat){SP})?"
    rf"(?:午前|午後|上午|下午|오전|오후)?[ \t]*\d{{1,2}}[:.h]\d{{2}}(?::\d{{2}})?(?!\d)"
    rf"(?:[ \t]*[AaPp]\.?[ \t]?[Mm]\.?(?!\p{{L}}))?(?:[ \t]*[Uu]hr|[ \t]*h(?!\p{{L}}))?)?"
)
#: A weekday before a date: a run of its letters, which :func:`._dates.is_weekday` must take (see :func:`match_date`).
WEEKDAY = lazy_regex(rf"(?P<name>{WEEKDAY_LETTERS}+)\.?,?{SP}")
#: A date as embeds print it (see :mod:`._dates`), at a position, followed by anything: the year ends at a non-digit.
#: Here those that start with a digit; :data:`DATE_BY_NAME` the one that starts with a letter (:func:`match_date`).
DATE_BY_NUMBER = lazy_regex(
    rf"""
        \d{{1,2}}(?:\.|er|º|ª|°)?{SP}?(?:de{SP})?{_MONTH}\.?,?{SP}(?:de{SP})?\d{{4}}(?!\d)
            (?:[ \t]*(?:г|р|r|yılı)\.?(?!\p{{L}}))?
      | \d{{4}}[ \t]*(?:[年년]|,)[ \t]*\d{{1,2}}[ \t]*[月월][ \t]*\d{{1,2}}(?!\d)[ \t]*[日일]?
      | \d{{4}}-\d{{2}}-\d{{2}}(?!\d)(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
      | \d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}(?!\d)
    """,
    regex.VERBOSE,
)
DATE_BY_NAME = lazy_regex(rf"{_MONTH}\.?{SP}\d{{1,2}}(?:st|nd|rd|th)?,?{SP}\d{{4}}(?!\d)", regex.VERBOSE)
#: The time after a date, or nothing.
TIME = lazy_regex(_TIME, regex.VERBOSE)
#: After the handle: a linked date (possibly empty, possibly wrapped) or a date.
TAIL = lazy_regex(
    rf"{SOFT}(?:\[(?P<ldate>[^\]\n]{{0,80}}(?:\n[^\]\n]{{0,80}})?)\]\((?P<url>[^)\s]+)\)|(?=\S))",
)
#: A status link written after the date: ``(url)``, ``<url>``, ``[url]`` or bare.
AFTER_URL = lazy_regex(r"[ \t]*(?:(?P<open>[(<\[])(?P<u1>https?://[^\s)>\]]+)[)>\]]|(?P<u2>https?://[^\s)>\]]+))")
#: The dash before the name: ``—``, ``–``, ``--``, ``---`` (pandoc's Markdown), the entities; a hyphen only between
#: spaces or at a line's start.
DASH = lazy_regex(
    r"\u2014|\u2013|&mdash;|&\#8212;|&\#x2014;|&ndash;|-{2,3}|(?:(?<=^|[\s>])-(?=[ \t]))", regex.MULTILINE
)
UNBREAK = lazy_regex(r"[ \t]*\r?\n(?:[ \t]*>)*[ \t]*")
NAME_REACH = 160  # how far back from "(@" the dash is looked for


class Head(NamedTuple):
    """An attribution found in a line: ``doc[start:end]`` from its dash to the end of its date (or status link)."""

    start: int
    end: int
    name: str
    handle: str
    date_text: str
    published: str | None
    url: str | None
    own_line: bool = False  # on a line of its own (read by the line pattern of :mod:`._attribution`)


def match_date(doc: str, pos: int) -> tuple[int, int] | None:
    """Where a date at ``doc[pos]`` (after a weekday, if one is there) ends, and where the time after it ends (the
    same place when there is none); ``None`` if there is no date.

    This matches what one pattern did: an optional case-insensitive alternation of the weekday names, the five forms
    of a date, the time. It took about 7 ms to compile, and a scan compiled it for the first ``(@`` followed by
    anything. The weekday is now a run of its letters looked up in a set (:data:`WEEKDAY`, on ``re``), and the date
    is tried after it, then (as the optional part backtracked) where the weekday starts: a name ends before ".",
    "," or a space, none of which is in the run, and a date starts with a digit or a letter, not a space or ">", so
    no other reading of the weekday and the space after it led to a date. The date's forms that start with a digit
    and the one that starts with a letter are two patterns, and only the one that can match is compiled (either
    for a character outside ASCII); none for an ASCII character that is neither. The time, which may be empty, is
    matched after the date's first match, as the whole pattern did. ``tests/test_rx_dates.py`` matches both ways
    over the seeds, the cases and generated probes.
    """
    c = doc[pos : pos + 1]
    if not c or (c.isascii() and not c.isalnum()):
        return None
    w = WEEKDAY.match(doc, pos)
    if w is not None and is_weekday(w.group("name")):
        day = _date_end(doc, w.end())
        if day is not None:
            return _with_time(doc, day)
    day = _date_end(doc, pos)
    return None if day is None else _with_time(doc, day)


def _date_end(doc: str, pos: int) -> int | None:
    """Where :data:`DATE_BY_NUMBER` or :data:`DATE_BY_NAME` matches at ``doc[pos]`` ends (one at most does: a digit
    is not a letter)."""
    c = doc[pos : pos + 1]
    if c.isascii():
        m = DATE_BY_NUMBER.match(doc, pos) if c.isdigit() else DATE_BY_NAME.match(doc, pos) if c.isalpha() else None
    else:
        m = DATE_BY_NAME.match(doc, pos) or DATE_BY_NUMBER.match(doc, pos)
    return None if m is None else m.end()


def _with_time(doc: str, day: int) -> tuple[int, int]:
    time = TIME.match(doc, day)  # it never fails: it may be empty
    return day, day if time is None else time.end()


def _flat(s: str) -> str:
    """``s`` with wrapped lines joined and white space runs made one space."""
    return " ".join(UNBREAK.sub(" ", s).split())


PROSE_AFTER = lazy_regex(r"[ \t]+(?:(?:\u2014|\u2013|--?|,|;)[ \t]*)?\p{Ll}|(?:,|;)[ \t]*\p{Ll}")


#: What prose puts between a dash and a handle, where an attribution has the author's name: ``— posted by Jane Doe
#: (@jane) May 4, 2023``, ``— says Jane (@jane)`` (not words that begin names: "From", "Via", "Reports").
PROSE_NAME = lazy_regex(r"(?i)(?:by|posted|says|said|wrote|writes|tweeted|according|reported|quoting|cited)\b")


def _prose_after(doc: str, end: int) -> bool:
    """Whether prose goes on after a date at ``end``: a lower-case word after a space, a comma or a dash
    (``… 2023 wrote that``, ``… 2023 — was deleted``, ``… 2023, when``)."""
    return PROSE_AFTER.match(doc, end) is not None


def _dash_before(doc: str, lines: Lines, p: int, floor: int) -> regex.Match[str] | None:
    """The last dash before ``doc[p]`` (``(@``) on its line or the line above (a wrapped name), not before ``floor``."""
    i = lines.line_of(p) - 1
    ls = lines.starts[i]
    lo = ls
    if i > 0 and ls > p - NAME_REACH:
        prev = lines.starts[i - 1]
        if doc[prev : ls - 1].strip(" \t\r>"):
            lo = prev  # the line above is part of the same paragraph: the name may start there
    lo = max(lo, floor, p - NAME_REACH)
    last = None
    for d in DASH.finditer(doc, lo, p):
        last = d
    return last


def find_heads(doc: str, lines: Lines, skip: list[tuple[int, int]]) -> list[Head]:
    """Attributions in ``doc`` whose ``(@`` is in none of the ``skip`` spans (sorted; attributions already read)."""
    heads: list[Head] = []
    k = 0
    floor = 0
    for m in HANDLE.finditer(doc):
        p = m.start()
        while k < len(skip) and skip[k][1] <= p:
            floor = max(floor, skip[k][1])
            k += 1
        if k < len(skip) and skip[k][0] <= p:
            continue
        t = TAIL.match(doc, m.end())
        if t is None:
            continue
        url = t.group("url")
        if url is not None:
            date_raw = t.group("ldate")
            end = t.end()
            date_text = _flat(date_raw)
            published = parse_date(date_text) if date_text else None
            ref = parse_permalink(url)
            if published is None and not looks_like_date(date_text) and ref is None:
                continue
        else:
            found = match_date(doc, t.end())
            if found is None:
                continue
            day_end, end = found
            date_text = _flat(doc[t.end() : end])
            published = parse_date(date_text)
            if published is None and end > day_end:  # an impossible time: the date alone
                date_text = _flat(doc[t.end() : day_end])
                published = parse_date(date_text)
                end = day_end
            if published is None and not looks_like_date(date_text):
                continue
            after = AFTER_URL.match(doc, end)
            if after is not None:
                link = after.group("u1") or after.group("u2")
                if parse_permalink(link) is not None:
                    url, end = link, after.end()
            if url is None and _prose_after(doc, end):
                continue
        dash = _dash_before(doc, lines, p, max(floor, heads[-1].end if heads else 0))
        if dash is None:
            continue
        name = _flat(doc[dash.end() : p])
        if len(name) > 100 or "\n\n" in doc[dash.end() : p] or PROSE_NAME.match(name):
            continue
        heads.append(
            Head(
                start=dash.start(),
                end=end,
                name=name,
                handle=m.group("handle").replace("\\", ""),
                date_text=date_text,
                published=published,
                url=url,
            )
        )
    return heads
