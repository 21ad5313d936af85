"""Names a package exports but loads on first use (PEP 562): the resolver and the scan load httpx, asyncio and
sqlite3, which extraction alone never needs."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy(
    package: str, table: Mapping[str, str], namespace: dict[str, Any], exported: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package``: a name of ``table`` (name -> the relative module it
    lives in) is imported when first asked for and kept in ``namespace`` (the package's globals)."""
    names = frozenset(exported)

    def getattr_(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted(set(namespace) | names)

    return getattr_, dir_
