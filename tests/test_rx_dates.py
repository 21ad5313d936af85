"""The date patterns of ``embeds._extract._dates`` and ``._glued`` match as the patterns they replaced.

The weekday names were a case-insensitive alternation (slow to compile); they are now a run of their letters looked
up in a set, and the day-first and month-first patterns are one. The old patterns are kept here, built from the
same tables, and both are matched over the seeds and the test cases (every line, runs of words, every offset),
the dates fixture, and generated probes: each weekday and month name in each case, folded as ``(?i)`` folds,
decomposed, with look-alikes, cut short, extended, hyphenated, glued to text, before each punctuation and space,
and followed by dates and times in each language's form. Spans and every group must be the same.
"""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

import regex

from embeds._extract import _dates, _glued
from embeds._extract._dates import _TIME, _WEEKDAYS, _YEAR_MARK, MONTHS, WEEKDAY_LETTERS
from embeds._extract._glued import _MONTH, SP
from embeds._rx import fold

ROOT = Path(__file__).resolve().parent.parent

# The patterns as they were.
_OLD_NAMES = "|".join(sorted(map(regex.escape, _WEEKDAYS.split()), key=len, reverse=True))
OLD_WEEKDAY = regex.compile(r"(?i)^(?:" + _OLD_NAMES + r")\.?,?\s+")
OLD_DAY_MONTH_YEAR = regex.compile(
    rf"(?i)^(?P<day>\d{{1,2}})(?:\.|er|º|ª|°)?\s*(?:de\s+)?(?P<month>\p{{L}}+)\.?,?\s*(?:de\s+)?(?P<year>\d{{4}})"
    rf"{_YEAR_MARK}{_TIME}$"
)
OLD_MONTH_DAY_YEAR = regex.compile(
    rf"(?i)^(?P<month>\p{{L}}+)\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}$"
)
OLD_DATE = regex.compile(
    rf"""
    (?:(?i:{_OLD_NAMES})\.?,?{SP})?
    (?P<day>
        \d{{1,2}}(?:\.|er|º|ª|°)?{SP}?(?:de{SP})?{_MONTH}\.?,?{SP}(?:de{SP})?\d{{4}}(?!\d)
            (?:[ \t]*(?:г|р|r|yılı)\.?(?!\p{{L}}))?
      | {_MONTH}\.?{SP}\d{{1,2}}(?:st|nd|rd|th)?,?{SP}\d{{4}}(?!\d)
      | \d{{4}}[ \t]*(?:[年년]|,)[ \t]*\d{{1,2}}[ \t]*[月월][ \t]*\d{{1,2}}(?!\d)[ \t]*[日일]?
      | \d{{4}}-\d{{2}}-\d{{2}}(?!\d)(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
      | \d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}(?!\d)
    )
    (?P<time>{_glued._TIME})
    """,
    regex.VERBOSE,
)
_GROUPS = ("day", "month", "year", "prefix", "hour", "minute", "ampm")
OLD_HANDLE = regex.compile(
    r"""
    \(\[?\\?[@\uff20](?P<handle>                                   # "\@": pandoc's Markdown escape
        (?:[A-Za-z0-9]|\\?_){1,30}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+     # Mastodon user@host
      | (?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}                # Bluesky domain handle
      | (?:[A-Za-z0-9]|\\?_){1,20}                                        # Twitter/X handle
    )(?:\]\([^)\s]*\))?\)
    """,
    regex.VERBOSE,
)


def _old_weekday_end(s: str) -> int | None:
    m = OLD_WEEKDAY.match(s)
    return None if m is None else m.end()


def _new_weekday_end(s: str) -> int | None:
    m = _dates.WEEKDAY.match(s)
    return m.end() if m is not None and _dates.is_weekday(m.group("name")) else None


def _named(m: regex.Match[str] | None) -> object:
    return None if m is None else (m.span(), [(m.span(g), m.group(g)) for g in _GROUPS])


def _old_dated(doc: str, pos: int) -> object:
    m = OLD_DATE.match(doc, pos)
    return None if m is None else (m.span("day"), m.end())


def _new_dated(doc: str, pos: int) -> object:
    """:func:`._glued.match_date`, with where the date starts (after the weekday, or not)."""
    found = _glued.match_date(doc, pos)
    if found is None:
        return None
    w = _glued.WEEKDAY.match(doc, pos)
    after = w is not None and _dates.is_weekday(w.group("name")) and _glued._date_end(doc, w.end()) is not None
    return ((w.end() if after and w is not None else pos, found[0]), found[1])


def _check_whole(texts: set[str]) -> int:
    """The weekday and the named-month date on each text as a whole (as ``parse_date`` matches them)."""
    for s in texts:
        assert _new_weekday_end(s) == _old_weekday_end(s), s
        old = OLD_DAY_MONTH_YEAR.match(s) or OLD_MONTH_DAY_YEAR.match(s)
        assert _named(_dates.NAMED_MONTH.match(s)) == _named(old), s
    return len(texts)


def _check_at(doc: str, positions: object) -> int:
    """The glued date at each position of ``doc`` (as ``find_heads`` matches it)."""
    n = 0
    for pos in positions:  # type: ignore[attr-defined]
        assert _new_dated(doc, pos) == _old_dated(doc, pos), doc[pos : pos + 60]
        n += 1
    return n


def _documents() -> list[str]:
    paths = [*sorted((ROOT / "seeds").iterdir()), *sorted((ROOT / "tests" / "cases").iterdir())]
    return [p.read_text(encoding="utf-8") for p in paths if not p.name.endswith(".json")]


def test_weekday_letters_fold_as_regex_ignorecase_on_every_code_point() -> None:
    """``is_weekday`` folds a character onto a letter of the names exactly when ``(?i)`` matches it to that letter,
    and no character that may end a name (".", ",", white space) is in the run."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    letters = set(_WEEKDAYS.replace(" ", ""))
    run = set(regex.findall(WEEKDAY_LETTERS, everything))
    assert run == set(regex.findall("(?i)[" + regex.escape("".join(letters)) + "]", everything))
    for letter in letters:
        matched = set(regex.findall("(?i)" + regex.escape(letter), everything))
        assert {c for c in run if fold(c) == letter} == matched, letter
    assert not run & set(".,\r\n\t >") and not regex.findall(r"\s", "".join(run))


def test_documents_match_as_before() -> None:
    """Every offset of the seeds and cases for the glued date; every line and every run of up to eight words in
    them (with the spaces as written) for the weekday and the named-month date."""
    whole: set[str] = set()
    n = 0
    for doc in _documents():
        n += _check_at(doc, range(len(doc)))
        for line in doc.splitlines():
            whole.add(line)
            starts = [0, *(m.end() for m in regex.finditer(r"\s+", line))]
            for i, a in enumerate(starts):
                for b in starts[i + 1 : i + 9]:
                    whole.add(line[a:b])
                whole.add(line[a:])
    assert n > 100_000 and _check_whole(whole) > 10_000


def test_fixture_dates_match_as_before() -> None:
    texts: set[str] = set()
    for name in ("dates.txt", "not_dates.txt"):
        for line in (ROOT / "tests" / "fixtures" / "dates" / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("%%"):
                text = line.split(" => ")[0]
                texts |= {text, " ".join(text.split()), text.upper(), text.lower()}
    assert _check_whole(texts) > 100
    for text in texts:
        _check_at("(@h) " + text + " rest", [5])


def _cases(word: str) -> set[str]:
    """``word`` in lower, upper and title case, with the letters ``(?i)`` folds specially, decomposed, and with
    look-alikes (Cyrillic а and о, the Kelvin sign)."""
    out = {word, word.upper(), word.title(), word.capitalize()}
    out |= {
        w.replace(a, b)
        for w in list(out)
        for a, b in (("s", "ſ"), ("S", "ſ"), ("i", "İ"), ("I", "ı"), ("å", "\u212b"), ("k", "\u212a"), ("K", "\u212a"))
    }
    out |= {unicodedata.normalize("NFD", w) for w in list(out)}
    out |= {word.replace("a", "а"), word.replace("o", "о"), word.upper().replace("A", "А")}
    return out


DATES = tuple(
    "26 January 2022|January 26, 2022|Jan 26th, 2022|26. Januar 2022|1er janvier 2020|26 de enero de 2022"
    "|28 сентября 2018 г.|5 maja 2020 r.|12 Mayıs 2020 yılı|2018年9月25日|2018년 9월 25일|2015, 5月 27|2022-01-26"
    "|2022-01-26T12:58:00Z|26/01/2022|26.1.22|٢٦ يناير ٢٠٢٢|２６ January ２０２２|26 Janvier|January 2022"
    "|32 May 2020".split("|")
)
TIMES = tuple(
    "| at 12:58 AM| at 12:58 PM| AT 12:58 P.M.|, 0:58| um 00:58| um 00:58 Uhr| à 14:43| À 14h43| a las 14:43| A LA 1:43"
    "| alle 14:43| às 14:43| as 14:43| om 14:43| kl. 14.43| \u212al 14:43| в 14:43| В 14:43| о 14:43| o 14:43"
    "| saat 14:43| ſaat 14:43| 午後3:00| 上午 3:00| 오후 3:00| at 7:30am PDT| 7:30 pm UTC| 7:30 PM gmt| 14:43 MESZ"
    "| 14:43:10| 14:43h| 25:00| 14:4| at| at 12:58 AMX|\nat 12:58| at\n12:58| ١٤:٤٣| 14:43 and more".split("|")
)
SPACES = tuple("|.|,|.,| |. |, |., |  |\t|\n|.\n|,\n> | \n > > |\r\n|\n\n|-|x ".split("|"))


def test_generated_probes_match_as_before() -> None:
    names = set(_WEEKDAYS.split()) | {"mondays", "mond", "segunda", "feira", "mo-di", "segunda-feira-x", "xmonday"}
    names |= {w[:-1] for w in _WEEKDAYS.split()} | {w + "s" for w in _WEEKDAYS.split()}
    weekdays = {v for w in names for v in _cases(w)}
    months = {v for w in MONTHS for v in _cases(w) if len(w) > 3} | set(MONTHS)
    whole: set[str] = set()
    for weekday, space in itertools.product(weekdays, ("", ". ", ", ", " \n > > ")):
        whole.add(weekday + space + "26 January 2022")
    for weekday, space in itertools.product(names, SPACES):
        whole |= {weekday + space + "26 January 2022", weekday.upper() + space + "January 26, 2022"}
    for day, weekday, space in itertools.product(DATES, names, (" ", ", ", ".\n> ")):
        whole.add(weekday + space + day)
    forms = ("26 {} 2022", "{} 26, 2022", "26. {}. 2022", "{}. 26 2022")  # a weekday's name read as a month
    for month, form in itertools.product(months | names, forms):
        whole.add(form.format(month))
    for day, time in itertools.product(DATES, TIMES):
        whole |= {day + time, (day + time).upper(), "Monday, " + day + time, "ſunday " + day + time}
    assert _check_whole(whole) > 20_000
    doc = "\0".join(sorted(whole))
    n = _check_at(doc, [0, *(i + 1 for i, c in enumerate(doc) if c == "\0")])
    doc = "".join("(@h) " + s + "\n" for s in sorted(whole))
    n += _check_at(doc, [m.end() for m in regex.finditer(r"\(@h\) ", doc)])
    assert n > 40_000


def test_handle_matches_as_before() -> None:
    """The handle pattern, written without VERBOSE so that it compiles on ``re``, finds what it found."""
    probes = [
        f"{open_}{at}{handle}{link})"
        for open_ in ("(", "([", "(\\", "([\\")
        for at in ("@", "\uff20", "@@")
        for handle in (
            "jane",
            "ja\\_ne",
            "a" * 21,
            "j@mastodon.social",
            "jane.bsky.social",
            "x-y.example",
            "jäne",
            "١٢",
        )
        for link in ("", "](https://x.com/jane)", "](a\x1cb)", "](a\u2028b)", "](a b)", "]")
    ]
    for doc in [*_documents(), " ".join(probes), "\n".join(probes)]:
        old = [(m.span(), m.span("handle")) for m in OLD_HANDLE.finditer(doc)]
        assert [(m.span(), m.span("handle")) for m in _glued.HANDLE.finditer(doc)] == old
