"""Attribution dates: embeds' month table against ``dateparser`` (PyPI), accuracy and speed in one run.

Both read the dates in ``tests/fixtures/dates/dates.txt`` (15 locales, as embeds print them); a reading is
right when it gives the expected ISO value (date, plus hour and minute when one is shown). Install the
alternative with ``pip install dateparser`` (the bench runs without it, and says so).
Run: ``python3 bench/dates.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from embeds._extract._dates import parse_date

ROOT = Path(__file__).resolve().parent.parent

FIXTURE = ROOT / "tests" / "fixtures" / "dates" / "dates.txt"


def cases() -> list[tuple[str, str]]:
    out = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("%%"):
            text, expected = line.split(" => ")
            out.append((text, expected))
    return out


def per_second(read: Callable[[str], object], texts: list[str], seconds: float = 1.0) -> float:
    """Dates read per second (whole passes over ``texts`` for about ``seconds``)."""
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for text in texts:
            read(text)
        n += len(texts)
    return n / (time.perf_counter() - t0)


def main() -> int:
    data = cases()
    texts = [t for t, _ in data]
    ours_right = sum(parse_date(t) == e for t, e in data)
    ours = per_second(parse_date, texts)
    print(f"{len(data)} dates from {FIXTURE.relative_to(ROOT)}\n")
    print(f"embeds parse_date   right {ours_right:>3}/{len(data)}   {ours:>10,.0f} dates/s")
    try:
        import dateparser  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        print("dateparser is not installed (pip install dateparser): no comparison")
        return 0

    def theirs_read(text: str) -> str | None:
        value = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
        return None if value is None else value.isoformat()

    def theirs_right(text: str, expected: str) -> bool:
        got = theirs_read(text)
        if got is None:
            return False
        if "T" not in expected:
            return got.startswith(expected + "T00:00:00") or got == expected
        return got.startswith(expected[:16])

    theirs_ok = [theirs_right(t, e) for t, e in data]
    theirs = per_second(theirs_read, texts)
    print(f"dateparser {dateparser.__version__:<8} right {sum(theirs_ok):>3}/{len(data)}   {theirs:>10,.0f} dates/s")
    print(f"\nratio: embeds reads {ours / theirs:,.0f}x as many dates per second")
    wrong = [
        f"{t!r} -> {theirs_read(t)!r} (expected {e})" for (t, e), ok in zip(data, theirs_ok, strict=True) if not ok
    ]
    if wrong:
        print("\ndateparser misses:\n  " + "\n  ".join(wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
