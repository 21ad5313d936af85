"""Dates (``tests/fixtures/dates/``), id-encoded times (vectors from each platform's published id format), and the
note ``build`` adds when the two disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

from embeds._extract._build import build, date_disagreement
from embeds._extract._dates import looks_like_date, parse_date
from embeds._parse import Lines
from embeds.platforms import PostRef, id_time

FIXTURES = Path(__file__).parent / "fixtures" / "dates"


def _lines(name: str) -> list[object]:
    out: list[object] = []
    for number, line in enumerate((FIXTURES / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("%%"):
            out.append(pytest.param(*line.split(" => "), id=f"{name}:{number} {line[:30]!r}"))
    return out


@pytest.mark.parametrize(("text", "expected"), _lines("dates.txt"))
def test_dates(text: str, expected: str) -> None:
    assert parse_date(text) == expected
    assert looks_like_date(text)


@pytest.mark.parametrize("text", _lines("not_dates.txt"))
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_looks_like_date_without_a_known_month() -> None:
    assert looks_like_date("12 Kislev 2020")
    assert not looks_like_date("hello world")


@pytest.mark.parametrize(
    ("platform", "post_id", "expected"),
    [
        # citations.md: Zotero Twitter.js fixtures, APA examples; platforms.md: checked against embeds
        ("twitter", "105608278976905216", "2011-08-22T11:52:30.472Z"),
        ("twitter", "1037407737154596864", "2018-09-05T18:30:53.298Z"),
        ("twitter", "1105581965405757440", "2019-03-12T21:30:55.929Z"),
        ("twitter", "958792005034930176", "2018-01-31T20:00:02.151Z"),
        ("twitter", "1301175576703664128", "2020-09-02T15:10:06.816Z"),
        ("twitter", "1170305718425137152", "2019-09-07T12:00:01.158Z"),
        ("twitter", "2044919377544261979", "2026-04-16T23:22:27.028Z"),
        ("twitter", "2298106072", None),  # pre-snowflake (June 2009): sequential
        ("twitter", "20", None),
        ("twitter", "29700859247", None),  # the last sequential id
        ("twitter", "abc", None),
        ("mastodon", "109304791051979061", "2022-11-07T22:05:50.182Z"),
        ("mastodon", "123456", None),  # a small, sequential id
        ("bluesky", "3lcl3glmdx226", "2024-12-05T16:25:35.748Z"),
        ("bluesky", "3lbq7mxsiek2v", "2024-11-24T23:58:51.890Z"),
        ("bluesky", "not-a-tid", None),
        ("tiktok", "6718335390845095173", "2019-07-27T13:32:33.000Z"),
        ("linkedin", str(1_700_000_000_123 << 22 | 12345), "2023-11-14T22:13:20.123Z"),
        ("youtube", "dQw4w9WgXcQ", None),
        ("twitter", None, None),
    ],
)
def test_id_time(platform: str, post_id: str | None, expected: str | None) -> None:
    assert id_time(platform, post_id) == expected


@pytest.mark.parametrize(
    ("published", "created_at", "disagree"),
    [
        ("2023-05-04", "2023-05-04T22:13:28.950Z", False),
        ("2024-11-25T00:58", "2024-11-24T23:58:51.890Z", False),  # local time ahead of UTC
        ("2024-11-25", "2024-11-24T23:58:51.890Z", False),  # the shown day is the embedder's
        ("2022-01-26", "2022-01-28T10:00:00.000Z", True),
        ("2022-01-26T10:00", "2022-01-27T10:30:00.000Z", True),
        ("2022-01-26T10:00:00Z", "2022-01-26T10:00:00.000Z", False),
        (None, "2022-01-26T10:00:00.000Z", False),
        ("2022-01-26", None, False),
    ],
)
def test_date_disagreement(published: str | None, created_at: str | None, disagree: bool) -> None:
    assert (date_disagreement(published, created_at) is not None) is disagree


def _record(published: str, post_id: str) -> tuple[str, ...]:
    doc = "a post"
    ref = PostRef(platform="twitter", post_id=post_id, handle="jack", url=f"https://twitter.com/jack/status/{post_id}")
    citation = build(
        platform="twitter", kind="embed", method="attribution", doc=doc, lines=Lines(doc), path=None,
        start=0, end=len(doc), text=doc, published=published, ref=ref,
    )  # fmt: skip
    assert citation.created_at is not None
    assert citation.published == published
    return citation.notes


def test_build_keeps_both_dates_and_flags_a_disagreement() -> None:
    assert _record("2023-05-04", "1654247902070415360") == ()
    notes = _record("2021-05-04", "1654247902070415360")
    assert len(notes) == 1
    assert "2021-05-04" in notes[0] and "2023-05-04T22:13:28.950Z" in notes[0]


def test_iso_ms_formats_like_strftime() -> None:
    import random
    from datetime import UTC, datetime

    from embeds.platforms._spec import EARLIEST_MS, LATEST_MS
    from embeds.platforms._spec import iso_ms as _iso_ms

    rng = random.Random(0)
    for ms in [EARLIEST_MS, LATEST_MS - 1, *(rng.randrange(EARLIEST_MS, LATEST_MS) for _ in range(2000))]:
        shown = datetime.fromtimestamp(ms // 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"
        assert _iso_ms(ms) == shown
    assert _iso_ms(EARLIEST_MS - 1) is None and _iso_ms(LATEST_MS) is None
