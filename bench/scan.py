"""Scan throughput, peak memory and parallel speed-up on a generated corpus.

    python bench/scan.py --mb 200            # generates bench/.corpus-200 once, then measures
    python bench/scan.py --mb 1000 --jobs 1 2

For each job count it runs ``python -m embeds scan CORPUS --no-resolve -f jsonl -o /dev/null -q --jobs N`` and reports
MB/s, the peak resident memory of the whole process tree (main process plus workers, sampled every 20 ms from /proc)
and the largest single process; then the speed-up of each job count over one job, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

ROOT = Path(__file__).resolve().parent.parent


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                kids.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return kids


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(_children(p))
    return out


def run(corpus: Path, jobs: int) -> tuple[float, int, int]:
    """Seconds, peak tree RSS (KB), peak single-process RSS (KB)."""
    cmd = [sys.executable, "-m", "embeds", "scan", str(corpus), "--no-resolve", "-f", "jsonl", "-o", os.devnull]
    cmd += ["-q", "--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    peak_tree = peak_one = 0
    while proc.poll() is None:
        sizes = [_rss_kb(p) for p in _tree(proc.pid)]
        peak_tree = max(peak_tree, sum(sizes))
        peak_one = max(peak_one, max(sizes, default=0))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scan failed with exit code {proc.returncode}")
    return elapsed, peak_tree, peak_one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=200.0, help="corpus size in MB (default 200)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, help="corpus directory (default bench/.corpus-<mb>)")
    args = parser.parse_args()
    corpus = args.corpus or ROOT / "bench" / f".corpus-{int(args.mb)}"
    if not corpus.exists():
        t = time.perf_counter()
        files, size = generate(corpus, args.mb)
        print(f"generated {files} files, {size / 1e6:.0f} MB in {time.perf_counter() - t:.0f} s: {corpus}")
    size = sum(f.stat().st_size for f in corpus.rglob("*") if f.is_file())
    files = sum(1 for f in corpus.rglob("*") if f.is_file())
    print(f"corpus: {files} files, {size / 1e6:.0f} MB")
    results = {}
    for jobs in args.jobs:
        secs, tree_kb, one_kb = run(corpus, jobs)
        results[jobs] = secs
        print(
            f"jobs={jobs}: {secs:6.1f} s  {size / 1e6 / secs:6.1f} MB/s  "
            f"peak RSS tree {tree_kb / 1024:5.0f} MB, largest process {one_kb / 1024:5.0f} MB"
        )
    base = results.get(1)
    if base:
        for jobs, secs in results.items():
            if jobs != 1:
                print(f"speed-up 1 -> {jobs} processes: {base / secs:.2f}x (target >= 1.7x for 2)")


if __name__ == "__main__":
    main()
