"""The real citation tools the output is checked with (pandoc, citeproc-py, pybtex, jsonschema, rispy).

A tool that is missing skips its tests on a developer's machine; CI sets ``EMBEDS_REQUIRE_TOOLS=1`` (``.ci/run``),
which turns such a skip into a failure, so the checks cannot quietly stop running there.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
from types import ModuleType

import pytest

REQUIRED = os.environ.get("EMBEDS_REQUIRE_TOOLS") == "1"


def _missing(what: str) -> None:
    if REQUIRED:
        pytest.fail(f"{what} is required (EMBEDS_REQUIRE_TOOLS=1) but not installed")
    pytest.skip(f"{what} is not installed")


def module(name: str) -> ModuleType:
    """Import a checker library, or skip (fail under EMBEDS_REQUIRE_TOOLS=1)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        _missing(f"the Python package providing {name!r}")
        raise


def pandoc(*args: str, stdin: str = "") -> tuple[str, str]:
    """Run pandoc; returns (stdout, stderr). Fails the test on a non-zero exit."""
    exe = shutil.which("pandoc")
    if exe is None:
        _missing("pandoc")
        raise AssertionError("unreachable")
    done = subprocess.run(
        [exe, *args], input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr
