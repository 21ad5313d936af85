"""The ``embeds`` console script: answers ``--version`` (and ``-V``) without loading the CLI, then hands over to
:func:`embeds._cli.main`, which loads the scan, the emitters and, when a scan resolves links, the resolver."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

#: Allocations between two runs of the garbage collector's youngest generation (Python's default: 700). Loading
#: the command line and its patterns allocates a few hundred thousand objects that all live on, which the collector
#: would otherwise walk again and again (2 % of ``embeds scan seeds/``); the throughput of long scans is the same
#: (``bench/scan_floor.py``).
GC_THRESHOLD = 20_000


def run() -> int:
    """The console script and ``python -m embeds``: :func:`main`, with the collector's first threshold raised
    (:data:`GC_THRESHOLD`), then every object left is moved out of the collector's sight (``gc.freeze``), so that
    the interpreter's exit does not walk them all looking for cycles to free (about 3 % of a short scan's work).
    Nothing is lost: output files are closed before :func:`main` returns, standard output and error are flushed at
    exit as always, and nothing in embeds waits for a finalizer."""
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from ._version import __version__

        print(f"embeds {__version__}")
        return 0
    if _workers_asked(args):
        from ._pool import start_early

        start_early()
    from ._cli import main as cli_main

    return cli_main(args)


def _workers_asked(args: list[str]) -> bool:
    """Whether the command line is ``scan`` with ``--jobs N`` (``-j N``, ``--jobs=N``, ``-jN``), N > 1: the worker
    processes' server is then started before the command line is imported (:func:`embeds._pool.start_early`)."""
    if args[:1] != ["scan"]:
        return False
    value = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("-j", "--jobs") and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--jobs="):
            value = arg.removeprefix("--jobs=")
        elif arg.startswith("-j") and arg[2:].isdigit():
            value = arg[2:]
    return value is not None and value.isdigit() and int(value) > 1
