"""Entities: the fixture files in ``tests/fixtures/entities/``, reentrancy, records, linear-time scanning."""

from __future__ import annotations

import pickle
import time
from pathlib import Path
from typing import NamedTuple

import pytest

from embeds._extract._entities import entities, reply_to
from embeds._models import Entity

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
#: kinds a negative file refuses, by file
REFUSED = {
    "not_mentions.txt": {"mention", "list"},
    "not_hashtags.txt": {"hashtag"},
    "not_cashtags.txt": {"cashtag"},
    "not_urls.txt": {"url"},
}


class Case(NamedTuple):
    where: str
    text: str
    expected: tuple[Entity, ...]


def _decode(s: str) -> str:
    return s.encode("latin-1", "backslashreplace").decode("unicode-escape")


def _cases(name: str) -> list[Case]:
    """The cases of a fixture file: lines of text, each followed (in positive files) by its entities."""
    cases: list[Case] = []
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("%%"):
            continue
        if line.startswith("  "):
            kind, value, start, end, *platform = line.split()
            entity = Entity(kind, _decode(value), int(start), int(end), platform[0] if platform else None)  # type: ignore[arg-type]
            where, text, expected = cases[-1]
            cases[-1] = Case(where, text, (*expected, entity))
        else:
            cases.append(Case(f"{name}:{number}", _decode(line), ()))
    return cases


def _params(names: list[str]) -> list[object]:
    return [pytest.param(c, id=f"{c.where} {c.text[:40]!r}") for n in names for c in _cases(n)]


POSITIVE = sorted(p.name for p in FIXTURES.glob("*.txt") if not p.name.startswith("not_"))


def test_every_fixture_file_is_used() -> None:
    assert {p.name for p in FIXTURES.glob("*.txt")} == set(POSITIVE) | set(REFUSED)
    assert all(_cases(name) for name in [*POSITIVE, *REFUSED])


@pytest.mark.parametrize("case", _params(POSITIVE))
def test_positive(case: Case) -> None:
    assert entities(case.text) == case.expected
    for e in case.expected:
        sigil = 0 if e.kind == "url" else 1
        assert case.text[e.start + sigil : e.end] == e.value


@pytest.mark.parametrize("case", _params(sorted(REFUSED)))
def test_negative(case: Case) -> None:
    kinds = REFUSED[case.where.split(":")[0]]
    assert [e for e in entities(case.text) if e.kind in kinds] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@username reply", "username"),
        ("\u3000@username reply", "username"),
        (" \t@user_name hi", "user_name"),
        (".@username mention, not a reply", None),
        ("a @username mention", None),
        ("@http://twitter.com", None),
        ("", None),
    ],
)
def test_reply_to(text: str, expected: str | None) -> None:
    assert reply_to(text) == expected


def test_empty_and_plain_text() -> None:
    assert entities("") == ()
    assert entities("no entities here, none at all") == ()


def test_reentrant_and_picklable() -> None:
    text = "RT @jack: #one $TWTR https://t.co/x and @a@mastodon.social"
    first = entities(text)
    assert entities("other @text #here") != first
    assert entities(text) == first
    assert pickle.loads(pickle.dumps(first)) == first
    assert first[0].as_dict() == {"kind": "mention", "value": "jack", "start": 3, "end": 8, "platform": None}


def _best_of(text: str, repeat: int = 7) -> float:
    """The least CPU time of this process over ``repeat`` scans (CPU time, not wall time: a scan preempted by
    another process on a busy machine is not counted longer)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        entities(text)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize(
    "unit",
    ["@", "#", "$", "a.", "http://", "((((", "@#$", "@a#a$a", "a@", "@a.", "http://a.", "日."],
)
def test_scanning_is_linear(unit: str) -> None:
    """Scanning 4x the text takes about 4x the time (16x if it were quadratic).

    Not a timed assertion: the bound is a ratio between two runs of the same code, best of 7, with room for
    noise (< 10 where linear gives 4); the absolute numbers are in ``bench/pathological.py``.
    """
    n = 20_000 // len(unit)
    small = _best_of(unit * n + " a.com")
    large = _best_of(unit * (4 * n) + " a.com")
    assert large < 10 * max(small, 1e-4)


@pytest.mark.parametrize(
    ("prefix", "unit"),
    [
        ("http://a.com/", "("),
        ("http://a.com/", "(a)"),
        ("http://a.com/", "(a(b)c)"),
        ("http://a.com/", "a."),
        ("http://a.com/", "."),
        ("http://a.com/?", "a!"),
    ],
)
def test_url_tail_is_linear(prefix: str, unit: str) -> None:
    """One long path or query after a domain: read in time linear in its length, as above."""
    n = 20_000 // len(unit)
    small = _best_of(prefix + unit * n + " a.com")
    large = _best_of(prefix + unit * (4 * n) + " a.com")
    assert large < 10 * max(small, 1e-4)
