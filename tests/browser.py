"""Debian's Chromium, headless, driven by playwright (``executable_path``; never ``playwright install``).

Missing Chromium or playwright skips (fails under ``EMBEDS_REQUIRE_TOOLS=1``, as in ``.ci/run``, which installs
both). The browser runs with a fresh profile and no background traffic of its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import tools

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    exe = os.environ.get("EMBEDS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        tools._missing("chromium (apt-get install chromium)")
        raise AssertionError("unreachable")
    return exe


@contextmanager
def browser_context(**options: Any) -> Iterator[Any]:
    """A persistent Chromium context on a fresh user-data-dir, closed (and the directory removed) on exit."""
    sync_api = tools.module("playwright.sync_api")
    exe = chromium_path()
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory(prefix="embeds-chromium-") as profile:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=exe, args=FLAGS, headless=True, **options)
        try:
            yield ctx
        finally:
            ctx.close()
