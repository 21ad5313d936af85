"""HTML scanning cost against a bare parse of the same pages with the fastest parser available, in the same run.

    python3 bench/html_scan.py [--pages N] [--size CHARS] [--embeds N] [--repeat R] [--cpu]

Prints the time per page of ``embeds.extract(page, format="html")`` and of a bare parse with selectolax (lexbor) and
lxml (whichever are installed), and the ratio against the fastest of them. The target is a ratio ≤ 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# This file is named html.py: keep its directory off sys.path, or it would shadow the standard library's html.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(BENCH.parent))

import embeds  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_pages", BENCH / "pages.py")
assert _spec is not None and _spec.loader is not None
pages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pages)


def _parsers() -> dict[str, Callable[[str], object]]:
    found: dict[str, Callable[[str], object]] = {}
    try:
        from selectolax.lexbor import LexborHTMLParser

        found["selectolax/lexbor"] = LexborHTMLParser
    except ImportError:
        pass
    try:
        import lxml.html

        found["lxml"] = lxml.html.document_fromstring
    except ImportError:
        pass
    return found


def _time(
    fns: dict[str, Callable[[str], object]], docs: list[str], repeat: int, clock: Callable[[], float]
) -> dict[str, float]:
    """Best-of-``repeat`` seconds per page of each of ``fns``, taken in turn within each round (on a shared machine a
    burst of load then falls on all of them, not on one)."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = clock()
            for d in docs:
                fn(d)
            best[name] = min(best[name], (clock() - t0) / len(docs))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--size", type=int, default=300_000)
    ap.add_argument("--embeds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--cpu", action="store_true", help="time with the process's CPU time (time.process_time), not the wall clock"
    )
    args = ap.parse_args()
    docs = [pages.page(i, size=args.size, embeds=args.embeds) for i in range(args.pages)]
    found = sum(len(embeds.extract(d, format="html")) for d in docs)
    print(f"{len(docs)} pages, {statistics.mean(map(len, docs)) / 1000:.0f} k chars each, {found} citations found")
    parsers = _parsers()
    if not parsers:
        print("no baseline parser installed (pip install selectolax lxml)")
        return 1
    ours_name = "embeds.extract(format=html)"
    timed = _time(
        {**parsers, ours_name: lambda d: embeds.extract(d, format="html")},
        docs,
        args.repeat,
        time.process_time if args.cpu else time.perf_counter,
    )
    ours = timed.pop(ours_name)
    base = timed
    for name, t in base.items():
        print(f"bare parse, {name:<18} {t * 1000:7.3f} ms/page")
    print(f"embeds.extract(format=html)    {ours * 1000:7.3f} ms/page")
    fastest = min(base, key=base.__getitem__)
    print(f"ratio vs fastest ({fastest}): {ours / base[fastest]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
