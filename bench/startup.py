"""Start-up time of the command line and the library (issue 18: ``embeds --version`` and ``import embeds`` under
0.08 s, ``embeds scan seeds/ --no-resolve`` under 0.3 s).

    python3 bench/startup.py [--runs 21]

Times, with the ``embeds`` installed for this interpreter (the quick start's ``pip install .``; an editable install
adds its import hook, which this says), each command ``--runs`` times, the commands in turn so that a busy moment
falls on all of them, and prints the median and the best wall time and CPU time (the process's and its children's)
of each, and the ratio of the median to the baseline measured in the same run: the bare interpreter
(``python -c pass``). Bytecode is compiled once first, into a temporary cache (``PYTHONPYCACHEPREFIX``), as an
install from a wheel has it: without it every run would compile the sources again (``PYTHONDONTWRITEBYTECODE`` is
set in some environments). Exits 1 when a median is over its target.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[tuple[str, list[str], float | None]]:
    """(label, argv, target in seconds) — the first is the baseline."""
    script = Path(sys.executable).with_name("embeds")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "embeds"]
    return [
        ("python -c pass (baseline)", [sys.executable, "-c", "pass"], None),
        ("python -c 'import embeds'", [sys.executable, "-c", "import embeds"], 0.08),
        ("embeds --version", [*cli, "--version"], 0.08),
        ("embeds scan seeds/ --no-resolve", [*cli, "scan", "seeds/", "--no-resolve"], 0.3),
    ]


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=21, help="runs of each command (default 21)")
    args = ap.parse_args()
    where = subprocess.run(
        [sys.executable, "-c", "import embeds; print(embeds.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
    ).stdout.strip()
    editable = "site-packages" not in where
    cache = tempfile.mkdtemp(prefix="embeds-pycache-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    try:
        cmds = commands()
        for _, argv, _ in cmds:  # compile once: every module these import gets its bytecode in the cache
            run(argv, env)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in cmds}
        for _ in range(args.runs):
            for label, argv, _ in cmds:
                times[label].append(run(argv, env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    hook = " (an editable install: its import hook adds to every run)" if editable else ""
    print(f"embeds from {where}{hook}")
    print(f"load average {os.getloadavg()[0]:.2f}; {args.runs} runs each, in turn; bytecode compiled first")
    print(f"{'command':<34} {'wall median':>11} {'best':>7} {'CPU median':>11} {'ratio':>6}  target")
    baseline = statistics.median(w for w, _ in times[cmds[0][0]])
    failed = False
    for label, _, target in cmds:
        walls = [w for w, _ in times[label]]
        cpus = [c for _, c in times[label]]
        median = statistics.median(walls)
        verdict = ""
        if target is not None:
            ok = median < target
            failed |= not ok
            verdict = f"< {target:g} s: {'met' if ok else 'NOT met'}"
        print(
            f"{label:<34} {median:>9.3f} s {min(walls):>5.3f} s {statistics.median(cpus):>9.3f} s "
            f"{median / baseline:>5.1f}x  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
