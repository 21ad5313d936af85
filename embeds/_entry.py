"""The ``embeds`` console script: answers ``--version`` (and ``-V``) without loading the CLI, then hands over to
:func:`embeds._cli.main`, which loads the scan, the emitters and, when a scan resolves links, the resolver."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from ._version import __version__

        print(f"embeds {__version__}")
        return 0
    from ._cli import main as cli_main

    return cli_main(args)
