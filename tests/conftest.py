from __future__ import annotations

import sys
from pathlib import Path

# tests import their helpers (seedgate) by name
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """The resolver is written for asyncio (it uses asyncio primitives); run async tests on asyncio only."""
    return "asyncio"


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes to the real per-user cache: the default cache lives in a temporary directory."""
    monkeypatch.setenv("EMBEDS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
