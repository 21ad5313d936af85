"""Dates as embeds print them, normalized to ISO 8601 (the text as written is kept by the caller)."""

from __future__ import annotations

import regex

MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

# "January 26, 2022", "Jan 26, 2022", optionally "at 12:58 AM" (Bluesky)
MONTH_DAY_YEAR = regex.compile(
    r"(?i)^(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    r"(?:\s+at\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?)?$"
)
# "26 January 2022"
DAY_MONTH_YEAR = regex.compile(r"(?i)^(?P<day>\d{1,2})\.?\s+(?P<month>[a-z]{3,9})\.?\s+(?P<year>\d{4})$")
ISO = regex.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)


def _valid(year: int, month: int, day: int) -> bool:
    import calendar

    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def parse_date(text: str) -> str | None:
    """``text`` as an ISO 8601 date (or local date-time when a time is given), or ``None`` if it is not a date."""
    s = " ".join(text.split())
    m = MONTH_DAY_YEAR.match(s) or DAY_MONTH_YEAR.match(s)
    if m:
        month = MONTHS.get(m.group("month").lower())
        year, day = int(m.group("year")), int(m.group("day"))
        if month is None or not _valid(year, month, day):
            return None
        date = f"{year:04d}-{month:02d}-{day:02d}"
        if "hour" in m.groupdict() and m.group("hour"):
            hour, minute = int(m.group("hour")), int(m.group("minute"))
            ampm = (m.group("ampm") or "").lower().replace(".", "")
            if ampm:
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if ampm == "pm" else 0)
            if hour > 23 or minute > 59:
                return None
            return f"{date}T{hour:02d}:{minute:02d}"
        return date
    m = ISO.match(s)
    if m:
        y, mo, d = (int(x) for x in m.group("date").split("-"))
        if not _valid(y, mo, d):
            return None
        return s.replace(" ", "T", 1)
    return None


# A date in a shape embeds print, in any language: "13 maggio 2017", "28. September 2018", "2018年9月25日".
DATE_SHAPE = regex.compile(
    r"^(?:\d{1,2}\.?\s+\p{L}{3,12}\.?\s+\d{4}|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4}|\d{4}年\d{1,2}月\d{1,2}日"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})(?:\b.{0,30})?$"
)


def looks_like_date(text: str) -> bool:
    """Whether ``text`` has the shape of a date an embed prints, even when :func:`parse_date` cannot read it."""
    return bool(DATE_SHAPE.match(" ".join(text.split())))
