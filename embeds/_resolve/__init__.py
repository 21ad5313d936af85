"""Resolve stage: follow short links (the only stage that touches the network)."""

from __future__ import annotations

from ._cache import SQLiteCache, default_cache_path
from ._models import Hop, Resolution, ResolveOptions
from ._policy import cache_key, needs_resolving, shortcut
from ._replay import FixtureMissing, RecordTransport, ReplayTransport
from ._resolver import AsyncResolver, Cache
from ._transport import HostPoolTransport

__all__ = [
    "AsyncResolver",
    "Cache",
    "FixtureMissing",
    "Hop",
    "HostPoolTransport",
    "RecordTransport",
    "ReplayTransport",
    "Resolution",
    "ResolveOptions",
    "SQLiteCache",
    "cache_key",
    "default_cache_path",
    "needs_resolving",
    "shortcut",
]
