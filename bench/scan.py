"""Scan throughput, peak memory and parallel speed-up on a generated corpus.

    python bench/scan.py --mb 200            # generates bench/.corpus-200 once, then measures
    python bench/scan.py --mb 1000 --jobs 1 2
    python bench/scan.py --kind txt          # 200 MB of text files only (bench/.corpus-200-txt): issue 18's target
    python bench/scan.py --kind html --repeat 3   # three runs of each job count, in turn (paired)

For each job count it runs ``python -m embeds scan CORPUS --no-resolve -f jsonl -o /dev/null -q --jobs N`` and reports
MB/s, the peak resident memory of the whole process tree (main process plus workers, sampled every 20 ms from /proc),
the largest single process and the CPU time of the main process alone (the part two cores cannot share: it should be
small), and with workers each worker's CPU time and its time asleep (waiting for work: it should be near 0); then the
speed-up of each job count over one job, measured in the same run (with ``--repeat``, the median of the runs, which
alternate job counts so that a busy moment on the machine falls on both). On a machine shared with other work the
wall-clock speed-up says little (Linux shares the CPU between sessions, not processes); the CPU figures still hold:
on two idle cores ``-j 2`` takes about (main process CPU before the first worker) + (workers' CPU + the rest of the
main process's CPU) / 2 + the workers' time asleep.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
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


def _cpu(pid: int) -> float:
    """CPU seconds of a process so far (user + system, all its threads)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _waited(pid: int) -> float:
    """Seconds its main thread spent runnable, waiting for a CPU (``/proc/PID/schedstat``)."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as fh:
            return int(fh.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


@dataclass
class Run:
    seconds: float
    peak_tree_kb: int
    peak_one_kb: int
    main_cpu: float
    """CPU seconds of the main process."""
    main_cpu_before_workers: float = 0.0
    """Of it, before the first worker started (interpreter, imports, the forkserver's start)."""
    workers: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    """Per worker: first seen, last seen (seconds into the run), CPU seconds, seconds waiting for a CPU."""

    def worker_figures(self) -> str:
        if not self.workers:
            return ""
        cpu = [w[2] for w in self.workers.values()]
        asleep = [max(0.0, w[1] - w[0] - w[2] - w[3]) for w in self.workers.values()]
        return (
            f"; workers' CPU {' + '.join(f'{c:.2f}' for c in cpu)} s, asleep (waiting for work) "
            f"{' + '.join(f'{a:.2f}' for a in asleep)} s; main process CPU before the first worker "
            f"{self.main_cpu_before_workers:.2f} s"
        )


def run(corpus: Path, jobs: int) -> Run:
    """One scan: its wall time, memory, and where the CPU time went (sampled every 20 ms from /proc)."""
    cmd = [sys.executable, "-m", "embeds", "scan", str(corpus), "--no-resolve", "-f", "jsonl", "-o", os.devnull]
    cmd += ["-q", "--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    peak_tree = peak_one = 0
    before_workers = 0.0
    workers: dict[int, tuple[float, float, float, float]] = {}
    while True:
        # wait4 reaps it when it has exited, and gives the main process's own CPU time
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        tree = _tree(proc.pid)
        sizes = [_rss_kb(p) for p in tree]
        peak_tree = max(peak_tree, sum(sizes))
        peak_one = max(peak_one, max(sizes, default=0))
        now = time.perf_counter() - start
        for child in _children(proc.pid):  # the forkserver (and the resource tracker); workers are its children
            for worker in _children(child):
                if not workers:
                    before_workers = _cpu(proc.pid)
                first = workers.get(worker, (now,))[0]
                workers[worker] = (first, now, _cpu(worker), _waited(worker))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scan failed with exit code {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, peak_tree, peak_one, cpu, before_workers, workers)


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
    runs: dict[int, list[Run]] = {jobs: [] for jobs in args.jobs}
    for _ in range(args.repeat):
        for jobs in args.jobs:
            r = run(corpus, jobs)
            runs[jobs].append(r)
            print(
                f"jobs={jobs}: {r.seconds:6.1f} s  {size / 1e6 / r.seconds:6.1f} MB/s  main process CPU "
                f"{r.main_cpu:5.2f} s  peak RSS tree {r.peak_tree_kb / 1024:5.0f} MB, largest process "
                f"{r.peak_one_kb / 1024:5.0f} MB{r.worker_figures()}",
                flush=True,
            )
    results = {jobs: statistics.median(r.seconds for r in done) for jobs, done in runs.items()}
    base = results.get(1)
    if base:
        for jobs, secs in results.items():
            if jobs != 1:
                print(f"speed-up 1 -> {jobs} processes: {base / secs:.2f}x (target >= 1.7x for 2)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
