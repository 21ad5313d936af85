"""Resolve stage: follow short links (the only stage that touches the network).

The pure parts (:mod:`._models`, :mod:`._policy`) load with the package; the parts that need httpx, asyncio or
sqlite3 (the resolver, its transports and cache) load when first asked for, so that the pure core (extract,
normalize, emit) can be imported without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy
from ._models import Hop, Resolution, ResolveOptions, default_cache_path
from ._policy import cache_key, needs_resolving, shortcut

if TYPE_CHECKING:
    from ._cache import SQLiteCache
    from ._hydrate import AsyncHydrator, HydrateOptions
    from ._replay import FixtureMissing, RecordTransport, ReplayTransport
    from ._resolver import AsyncResolver, Cache
    from ._transport import HostPoolTransport
    from ._warc import WARCRecordTransport, WARCReplayTransport

__all__ = [
    "AsyncHydrator",
    "AsyncResolver",
    "Cache",
    "FixtureMissing",
    "Hop",
    "HostPoolTransport",
    "HydrateOptions",
    "RecordTransport",
    "ReplayTransport",
    "Resolution",
    "ResolveOptions",
    "SQLiteCache",
    "WARCRecordTransport",
    "WARCReplayTransport",
    "cache_key",
    "default_cache_path",
    "needs_resolving",
    "shortcut",
]

#: Names loaded on first use, and the module each lives in.
_LAZY = {
    "SQLiteCache": "._cache",
    "FixtureMissing": "._replay",
    "RecordTransport": "._replay",
    "ReplayTransport": "._replay",
    "AsyncResolver": "._resolver",
    "AsyncHydrator": "._hydrate",
    "HydrateOptions": "._hydrate",
    "Cache": "._resolver",
    "HostPoolTransport": "._transport",
    "WARCRecordTransport": "._warc",
    "WARCReplayTransport": "._warc",
}

__getattr__, __dir__ = lazy(__name__, _LAZY, globals(), __all__)
