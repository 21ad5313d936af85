"""Scan time of :func:`embeds.entities` on pathological inputs, at n and 4n characters.

Linear scanning gives a ratio near 4; a quadratic one near 16. Run: ``python3 bench/pathological.py [n]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from embeds._extract._entities import entities

#: name -> input of about n characters (each gets " a.com" appended, so no scanner is skipped by a pre-check)
CASES: dict[str, Callable[[int], str]] = {
    "@ run": lambda n: "@" * n,
    "# run": lambda n: "#" * n,
    "$ run": lambda n: "$" * n,
    "a. run": lambda n: "a." * (n // 2),
    "http:// run": lambda n: "http://" * (n // 7),
    "(((( run": lambda n: "((((" * (n // 4),
    "alternating @#$": lambda n: "@#$" * (n // 3),
    "alternating @a#a$a": lambda n: "@a#a$a" * (n // 6),
    "one long word": lambda n: "a" * n,
    "@a. (domain handle)": lambda n: "@" + "a." * (n // 2),
    "@a@ (Mastodon)": lambda n: "a@" * (n // 2),
    "#1 (digits)": lambda n: "#" + "1" * n,
    "URL path of (": lambda n: "http://a.com/" + "(" * n,
    "URL path of a(": lambda n: "http://a.com/" + "a(" * (n // 2),
    "URL path of .": lambda n: "http://a.com/" + "." * n,
    "URL query of ?": lambda n: "http://a.com/?" + "!" * n,
    "URL path of (a)": lambda n: "http://a.com/" + "(a)" * (n // 3),
    "URL path of (a(b)c)": lambda n: "http://a.com/" + "(a(b)c)" * (n // 7),
    "URL path of a.": lambda n: "http://a.com/" + "a." * (n // 2),
    "URL query of a!": lambda n: "http://a.com/?" + "a!" * (n // 2),
    "http://a. run": lambda n: "http://" + "a." * (n // 2),
    "a-.": lambda n: "a-." * (n // 3),
    "x.co/ repeated": lambda n: "x.co/" * (n // 5),
    "CJK + dots": lambda n: "日." * (n // 2),
}


def best_of(text: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        entities(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 25_000
    print(f"{'input':<24} {'n=' + str(n):>12} {'4n':>12} {'ratio':>7}")
    worst = 0.0
    for name, make in CASES.items():
        small, large = best_of(make(n) + " a.com"), best_of(make(4 * n) + " a.com")
        ratio = large / small if small else float("nan")
        worst = max(worst, ratio)
        print(f"{name:<24} {small * 1e3:>10.2f}ms {large * 1e3:>10.2f}ms {ratio:>7.1f}")
    print(f"\nworst ratio {worst:.1f} (linear: about 4; quadratic: about 16)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
