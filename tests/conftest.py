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
