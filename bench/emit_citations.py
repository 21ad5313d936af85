"""Emit throughput for the citation formats, as a ratio against the ``json`` emitter measured in the same run.

    python3 bench/emit_citations.py [N]

N (default 20000) records are made by repeating the seed article's two tweets with distinct ids and texts.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import embeds


def records(n: int) -> list[embeds.Citation]:
    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_d9c4edf5c14bd4ab.txt"
    base = embeds.normalize(embeds.extract(seed.read_text(encoding="utf-8")))
    return [
        dataclasses.replace(base[i % 2], id=f"twitter:hash:{i:016x}", text=f"{base[i % 2].text} {i}") for i in range(n)
    ]


def best_of(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    items = records(n)
    baseline = best_of(lambda: embeds.dumps(items, "json"))
    print(f"{n} records; json baseline {baseline:.3f} s ({n / baseline:,.0f} records/s)")
    for fmt in ("csl-json", "biblatex", "bibtex", "ris", "apa", "mla-md", "chicago-html"):
        t = best_of(lambda fmt=fmt: embeds.dumps(items, fmt))
        print(f"{fmt:14} {t:.3f} s  {n / t:>10,.0f} records/s  ratio to json {t / baseline:.2f}")


if __name__ == "__main__":
    main()
