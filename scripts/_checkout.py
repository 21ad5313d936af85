"""Make ``import embeds`` load this checkout's package, whatever else is installed.

Until the branch carries ``embeds/__init__.py`` the local ``embeds`` is a namespace package, and an installed
``embeds`` (an editable install of another checkout) would shadow it.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_checkout() -> None:
    sys.path.insert(0, str(ROOT))
    if not (ROOT / "embeds" / "__init__.py").exists() and "embeds" not in sys.modules:
        package = types.ModuleType("embeds")
        package.__path__ = [str(ROOT / "embeds")]
        sys.modules["embeds"] = package
