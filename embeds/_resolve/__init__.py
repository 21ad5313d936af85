"""Resolve stage: follow short links (the only stage that touches the network)."""

from __future__ import annotations

from ._models import Hop, Resolution, ResolveOptions
from ._policy import cache_key, needs_resolving, shortcut
from ._resolver import AsyncResolver, Cache

__all__ = ["AsyncResolver", "Cache", "Hop", "Resolution", "ResolveOptions", "cache_key", "needs_resolving", "shortcut"]
