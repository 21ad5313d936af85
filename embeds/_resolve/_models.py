"""Records and options of the resolve stage."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._exceptions import ResolveBlocked, ResolveError, ResolveHTTPError, ResolveNetworkError, ResolveTimeout
from .._models import _as_dict
from .._types import ErrorKind
from .._version import __version__


def default_cache_path() -> Path:
    """The per-user cache file: ``$EMBEDS_CACHE_DIR/resolve.sqlite3`` if that variable is set, else
    ``$XDG_CACHE_HOME/embeds/resolve.sqlite3``, else ``~/.cache/embeds/resolve.sqlite3`` (here, not in the cache's
    module, so that the command line can name it without loading sqlite3)."""
    explicit = os.environ.get("EMBEDS_CACHE_DIR")
    if explicit:
        return Path(explicit) / "resolve.sqlite3"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "embeds" / "resolve.sqlite3"


#: The exception :meth:`Resolution.raise_for_error` raises for each failure kind (the others: ResolveError).
ERRORS_BY_KIND: dict[ErrorKind, type[ResolveError]] = {
    "timeout": ResolveTimeout,
    "network": ResolveNetworkError,
    "http-status": ResolveHTTPError,
    "blocked": ResolveBlocked,
    "loop": ResolveBlocked,
    "too-many-hops": ResolveBlocked,
}


@dataclass(frozen=True, slots=True)
class Hop:
    """One request of a redirect chain."""

    url: str
    """The URL requested."""
    status: int | None
    """The HTTP status it answered, or ``None`` when no answer came."""

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class Resolution:
    """What following a link found."""

    url: str
    """The URL asked for, as given."""
    final_url: str
    """The last URL reached, even when resolution failed part-way."""
    status: int | None
    """HTTP status of the last response, or ``None`` when none came."""
    chain: tuple[Hop, ...] = ()
    """Every hop requested (or served from cache), in order."""
    error: str | None = None
    """Why resolution failed, or ``None`` on success."""
    from_cache: bool = False
    """Whether the answer came from the cache."""
    resolved_at: str | None = None
    """When the chain was followed (ISO 8601 UTC)."""
    error_kind: ErrorKind | None = None
    """Why resolution failed, typed (``timeout``, ``network``, ``http-status``, ``blocked``, ``loop``,
    ``too-many-hops``, ``bad-url``, ``bad-response``, ``no-fixture``, ``unexpected``), or ``None`` on success."""

    @property
    def ok(self) -> bool:
        """Resolution succeeded (no error)."""
        return self.error is None

    def raise_for_error(self) -> Resolution:
        """Raise the :class:`~embeds.ResolveError` subclass of this failure's kind (``ResolveTimeout``,
        ``ResolveNetworkError``, ``ResolveHTTPError``, ``ResolveBlocked``, else ``ResolveError``); return ``self``
        when resolution succeeded."""
        if self.error is None:
            return self
        kind = self.error_kind
        cls = ERRORS_BY_KIND.get(kind, ResolveError) if kind is not None else ResolveError
        raise cls(f"{self.url}: {self.error}", url=self.url, kind=kind)

    def as_dict(self) -> dict[str, Any]:
        return dict(_as_dict(self))


@dataclass(frozen=True, slots=True)
class ResolveOptions:
    """How the resolver behaves. One frozen object; the CLI maps its flags onto it."""

    concurrency: int = 64
    """Requests in flight at once, across all hosts."""
    per_host: int = 16
    """Requests in flight at once to any one host, at most (applied on every hop): the ceiling of the adaptive
    window (see ``per_host_start`` and ``adaptive``)."""
    per_host_start: int = 4
    """Requests in flight at once to a host the resolver knows nothing about yet; the window grows by one per
    window of answers without 429s or slowdowns, up to ``per_host``, and halves on a 429 caused by concurrency."""
    adaptive: bool = True
    """Adapt each host's concurrency (AIMD, see ``embeds/_resolve/_politeness.py``); False: ``per_host`` always, and
    every 429 pauses its whole host."""
    connect_timeout: float = 3.0
    """Seconds to wait for a connection."""
    read_timeout: float = 8.0
    """Seconds to wait for a response (and between bytes of it)."""
    max_hops: int = 10
    """Redirects followed at most before giving up."""
    max_body: int = 65536
    """Bytes of a response body read at most (for meta refresh and script redirects)."""
    retries: int = 2
    """Retries of a 429/5xx/transient failure, with backoff."""
    user_agent: str = f"embeds/{__version__} python-httpx"
    """Sent with every request. A non-browser agent: t.co answers those with a plain 301. It names the tool and its
    version but no web address: the project has no published home yet (it used to point at a package index page that
    is not this project's); a deployment sets its own, with a contact, here."""
    allow_private: bool = False
    """Allow addresses that are not global (loopback, private, CGNAT, link-local, reserved, in any spelling) and
    local host names, for tests against a local server. Off by default, and the one way to relax the guard: it
    holds for the resolver's own client, an injected client or transport, ``RecordTransport`` and replay."""
    head_hosts: tuple[str, ...] = ()
    """Hosts (``host`` or ``host:port``) where HEAD is known to answer like GET; HEAD is used there first."""
    max_retry_after: float = 60.0
    """Longest ``Retry-After`` pause honoured (seconds); a longer one makes the link fail (not cached)."""
    stall_after: int = 2
    """Timeouts in a row after which a host is taken as stalled: its remaining links fail at once."""
    window: int = 4096
    """Links under way at once in ``iter_resolve``/``resolve_many`` (bounds memory on huge inputs)."""
    keepalive_expiry: float = 5.0
    """Seconds an idle connection is kept for reuse."""
