"""Scan throughput, peak memory and parallel speed-up on a generated corpus.

    python bench/scan.py --mb 200            # generates bench/.corpus-200 once, then measures
    python bench/scan.py --mb 1000 --jobs 1 2
    python bench/scan.py --kind txt          # 200 MB of text files only (bench/.corpus-200-txt): issue 18's target
    python bench/scan.py --kind html --repeat 3   # three runs of each job count, in turn (paired)

For each job count it runs ``python -m embeds scan CORPUS --no-resolve -f jsonl -o /dev/null -q --jobs N`` and reports
MB/s, the peak resident memory of the whole process tree (main process plus workers, sampled every 20 ms from /proc),
the largest single process and the CPU time of the main process alone (the part two cores cannot share: it should be
small); then the speed-up of each job count over one job, measured in the same run (with ``--repeat``, the median
of the runs, which alternate job counts so that a busy moment on the machine falls on both).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import KINDS, generate

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


def run(corpus: Path, jobs: int) -> tuple[float, int, int, float]:
    """Seconds, peak tree RSS (KB), peak single-process RSS (KB), CPU seconds of the main process."""
    cmd = [sys.executable, "-m", "embeds", "scan", str(corpus), "--no-resolve", "-f", "jsonl", "-o", os.devnull]
    cmd += ["-q", "--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    peak_tree = peak_one = 0
    while True:
        # wait4 without reaping: the main process's own CPU time comes from its rusage when it has exited
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        sizes = [_rss_kb(p) for p in _tree(proc.pid)]
        peak_tree = max(peak_tree, sum(sizes))
        peak_one = max(peak_one, max(sizes, default=0))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scan failed with exit code {proc.returncode}")
    return elapsed, peak_tree, peak_one, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=200.0, help="corpus size in MB (default 200)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, help="corpus directory (default bench/.corpus-<mb>[-<kind>])")
    parser.add_argument("--kind", choices=KINDS, help="a corpus of this kind of file only (default: all three)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each job count, alternating (default 1)")
    args = parser.parse_args()
    name = f".corpus-{int(args.mb)}" + (f"-{args.kind}" if args.kind else "")
    corpus = args.corpus or ROOT / "bench" / name
    if not corpus.exists():
        t = time.perf_counter()
        files, size = generate(corpus, args.mb, kinds=(args.kind,) if args.kind else KINDS)
        print(f"generated {files} files, {size / 1e6:.0f} MB in {time.perf_counter() - t:.0f} s: {corpus}")
    size = sum(f.stat().st_size for f in corpus.rglob("*") if f.is_file())
    files = sum(1 for f in corpus.rglob("*") if f.is_file())
    print(f"corpus: {files} files, {size / 1e6:.0f} MB; load average {os.getloadavg()[0]:.2f}")
    runs: dict[int, list[tuple[float, int, int, float]]] = {jobs: [] for jobs in args.jobs}
    for _ in range(args.repeat):
        for jobs in args.jobs:
            secs, tree_kb, one_kb, cpu = run(corpus, jobs)
            runs[jobs].append((secs, tree_kb, one_kb, cpu))
            print(
                f"jobs={jobs}: {secs:6.1f} s  {size / 1e6 / secs:6.1f} MB/s  main process CPU {cpu:5.2f} s  "
                f"peak RSS tree {tree_kb / 1024:5.0f} MB, largest process {one_kb / 1024:5.0f} MB",
                flush=True,
            )
    results = {jobs: statistics.median(r[0] for r in done) for jobs, done in runs.items()}
    base = results.get(1)
    if base:
        for jobs, secs in results.items():
            if jobs != 1:
                print(f"speed-up 1 -> {jobs} processes: {base / secs:.2f}x (target >= 1.7x for 2)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
