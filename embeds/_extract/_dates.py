"""Dates as embeds print them, normalized to ISO 8601 (the text as written is kept by the caller).

Embeds print the date in the embedding page's language (Twitter's ``data-lang``) or the reader's locale
(Bluesky): ``January 26, 2022``, ``25. September 2018``, ``13 maggio 2017``, ``26 de enero de 2022``,
``28 сентября 2018 г.``, ``2018年9月25日``, ``2018년 9월 25일`` (Twitter's Japanese embeds of 2014-2016 wrote
``2015, 5月 27``), with Bluesky's time appended
(``November 25, 2024 at 12:58 AM``, ``20 novembre 2024 à 14:43``). A month table covers en, de, fr, es, it,
pt, nl, sv, ru, uk, pl and tr (full names, genitives and abbreviations); ja, zh and ko write numbers. Times
are local (no zone), as the embed shows them: ``2024-11-25T00:58``. ISO 8601 timestamps pass through.
A weekday before the date (``Wednesday, January 26, 2022``) is skipped: it is read as a run of the names' letters
looked up in :data:`WEEKDAYS`, which matches as a case-insensitive alternation of the names did and compiles in a
tenth of the time.
``bench/dates.py`` compares this with ``dateparser``.
"""

# Month names and markers in Cyrillic and Turkish look like Latin letters, as they should.

from __future__ import annotations

import calendar

import regex

from .._rx import fold, lazy_regex

_MONTH_NAMES = (
    # en; de; fr; es; it; pt; nl; sv; tr
    "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari ocak oca",
    "february feb februar février fevrier févr fevr febrero febbraio fevereiro fev februari şubat şub",
    "march mar märz mär mrz mars marzo março maart mrt mart",
    "april apr avril avr abril abr aprile nisan nis",
    "may mai mayo maggio mag maio mei maj mayıs",
    "june jun juni juin junio giugno giu junho haziran haz",
    "july jul juli juillet juil julio luglio lug julho temmuz tem",
    "august aug août aout agosto ago augustus augusti ağustos ağu",
    "september sep sept septembre septiembre setiembre settembre set setembro eylül eyl",
    "october oct oktober okt octobre octubre ottobre ott outubro out ekim eki",
    "november nov novembre noviembre novembro kasım kas",
    "december dec dezember dez décembre decembre déc dic diciembre dicembre dezembro aralık ara",
)
_MONTH_NAMES_CYRILLIC_POLISH = (
    # ru (genitive, nominative, abbreviations); uk; pl
    "января январь янв січня січень січ stycznia styczeń sty",
    "февраля февраль фев февр лютого лютий лют lutego luty lut",
    "марта март мар березня березень бер marca marzec",
    "апреля апрель апр квітня квітень квіт kwietnia kwiecień kwi",
    "мая май травня травень трав maja",
    "июня июнь июн червня червень черв czerwca czerwiec cze",
    "июля июль июл липня липень лип lipca lipiec",
    "августа август авг серпня серпень серп sierpnia sierpień sie",
    "сентября сентябрь сен сент вересня вересень вер верес września wrzesień wrz",
    "октября октябрь окт жовтня жовтень жовт października październik paź",
    "ноября ноябрь ноя нояб листопада листопад лист listopada listopad lis",
    "декабря декабрь дек грудня грудень груд grudnia grudzień gru",
)
#: month name (lower case, no trailing dot) -> month number
MONTHS: dict[str, int] = {
    name: i
    for table in (_MONTH_NAMES, _MONTH_NAMES_CYRILLIC_POLISH)
    for i, names in enumerate(table, start=1)
    for name in names.split()
}

# A time after the date: "at 12:58 AM" (en), "um 00:58" (de), "à 14:43" (fr), "a las 14:43" (es), "alle" (it),
# "às" (pt), "om" (nl), "kl." (sv), "в" (ru), "о" (uk), "o" (pl), "saat" (tr), or just ", 14:43"; ja/zh/ko put
# 午前/午後, 上午/下午 or 오전/오후 before the hour.
_TIME = (
    r"(?:\s*,?\s*(?:at|um|à|a\s+las|a\s+la|alle|às|as|om|kl\.?|в|о|o|saat)?\s*"
    r"(?P<prefix>午前|午後|上午|下午|오전|오후)?\s*"
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*uhr|\s*h)?"
    r"(?:\s+(?:[a-z]{1,3}[sd]t|utc|gmt|mesz|mez))?)?"  # a zone after the time (Instagram: "at 7:30am PDT")
)
_YEAR_MARK = r"(?:\s*(?:г|р|r|yılı)\.?)?"  # "2018 г." (ru), "2018 р." (uk), "2018 r." (pl)
_DAY_FIRST = (
    r"(?P<day>\d{1,2})(?:\.|er|º|ª|°)?\s*(?:de\s+)?(?P<month>\p{L}+)\.?,?\s*(?:de\s+)?(?P<year>\d{4})" + _YEAR_MARK
)
_MONTH_FIRST = r"(?P<month>\p{L}+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
#: ``25 November 2024``, else ``November 25, 2024``, either with a time: one pattern, so that ``_TIME`` is compiled
#: once (an alternation tries its first branch's every way before the second's: this matches as the day-first
#: pattern would, else as the month-first one would; the branches' groups share names).
NAMED_MONTH = lazy_regex(rf"(?i)^(?:{_DAY_FIRST}|{_MONTH_FIRST}){_TIME}$")
YEAR_MONTH_DAY = lazy_regex(  # 2018年9月25日 (ja, zh), 2018년 9월 25일 (ko), 2015, 5月 27 (ja embeds of 2014-16)
    rf"^(?P<year>\d{{4}})\s*(?:[年년]|,)\s*(?P<month>\d{{1,2}})\s*[月월]\s*(?P<day>\d{{1,2}})\s*[日일]?"
    rf"(?:\s*\([^)]{{1,3}}\))?{_TIME}$"
)
ISO = lazy_regex(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_PM = ("午後", "下午", "오후")

# A weekday before the date ("Wednesday, January 26, 2022", "Mi., 26. Januar 2022", "mercredi 26 janvier 2022"):
# full names in the month table's Latin-script languages, English three-letter and German two-letter abbreviations.
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles jueves viernes sábado domingo "
    "lunedì martedì mercoledì giovedì venerdì sabato domenica "
    "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag "
    "måndag tisdag onsdag torsdag fredag lördag söndag"
)
WEEKDAYS = frozenset(_WEEKDAYS.split())
# A weekday is a run of the letters the names are written with, looked up in WEEKDAYS (a case-insensitive
# alternation of the names took 2-2.5 ms to compile on regex, WEEKDAY takes 0.2 ms on re). The run takes what
# (?i) on regex took (simple case folding): a letter, its upper case, and İ (U+0130) for i, ſ (U+017F) for s,
# the Ångström sign (U+212B) for å, which embeds._rx.fold turns back into the letter; tests/test_rx_dates.py checks
# that on every code point. A name ends before ".", "," or white space, none of which is in the run: the run is
# the name.
_LETTERS = set(_WEEKDAYS.replace(" ", "").replace("-", ""))
#: The letters (and hyphen) of a weekday name as written, as a set for a pattern.
WEEKDAY_LETTERS = "[" + "".join(sorted({*_LETTERS, *(c.upper() for c in _LETTERS), *"\u0130\u017f\u212b"})) + "-]"
WEEKDAY = lazy_regex(rf"^(?P<name>{WEEKDAY_LETTERS}+)\.?,?\s+")


def is_weekday(word: str) -> bool:
    """Whether ``word`` (a run of :data:`WEEKDAY_LETTERS`) is a weekday name in any case."""
    return fold(word) in WEEKDAYS


def _after_weekday(s: str) -> str:
    """``s`` without the weekday (and its punctuation and space) it starts with, if any."""
    m = WEEKDAY.match(s)
    return s[m.end() :] if m is not None and is_weekday(m.group("name")) else s


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _time(m: regex.Match[str]) -> str | None:
    """``Thh:mm`` for the time in ``m`` (``""`` when there is none), or ``None`` for an invalid time."""
    if not m.group("hour"):
        return ""
    hour, minute = int(m.group("hour")), int(m.group("minute"))
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    prefix = m.group("prefix")
    if ampm or prefix:
        if not 1 <= hour <= 12 and not (prefix and hour == 0):
            return None
        hour = hour % 12 + (12 if ampm == "pm" or prefix in _PM else 0)
    if hour > 23 or minute > 59:
        return None
    return f"T{hour:02d}:{minute:02d}"


def parse_date(text: str) -> str | None:
    """``text`` as an ISO 8601 date (or local date-time when a time is shown), or ``None`` if not a date."""
    s = _after_weekday(" ".join(text.split()))
    m = ISO.match(s)
    if m:
        y, mo, d = (int(x) for x in m.group("date").split("-"))
        return s.replace(" ", "T", 1) if _valid(y, mo, d) else None
    m = NAMED_MONTH.match(s)
    if m:
        month = MONTHS.get(m.group("month").lower())
    else:
        m = YEAR_MONTH_DAY.match(s)
        if m is None:
            return None
        month = int(m.group("month"))
    year, day = int(m.group("year")), int(m.group("day"))
    if month is None or not _valid(year, month, day):
        return None
    time = _time(m)
    if time is None:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}{time}"


# A date in a shape embeds print, in any language, even one parse_date cannot read.
DATE_SHAPE = lazy_regex(
    r"^(?:\d{1,2}\.?\s+(?:de\s+)?\p{L}{3,12}\.?\s+(?:de\s+)?\d{4}|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{4}\s*(?:[年년]|,)\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:\b.{0,30})?$"
)


def looks_like_date(text: str) -> bool:
    """Whether ``text`` has the shape of a date an embed prints, even one :func:`parse_date` cannot read."""
    s = _after_weekday(" ".join(text.split()))
    return bool(DATE_SHAPE.match(s)) or parse_date(s) is not None
