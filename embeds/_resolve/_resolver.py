"""The asynchronous resolver: the only module that touches the network.

It sends requests with an injected (or its own) ``httpx.AsyncClient`` and applies the pure redirect logic of
:mod:`._policy`. httpx's exceptions are translated into error strings here, in :func:`_describe`, and nowhere else.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Protocol

import httpx

from ._models import Hop, Resolution, ResolveOptions
from ._policy import blocked_reason, cache_key, host_of, is_terminal, redirect_target, shortcut

logger = logging.getLogger(__name__)


class Cache(Protocol):
    """Where resolutions are kept between runs (see :class:`embeds.SQLiteCache`)."""

    def get(self, key: str) -> Resolution | None: ...

    def put(self, key: str, resolution: Resolution) -> None: ...


def _describe(exc: Exception) -> str:
    """One line for a failure, naming its class (httpx errors are mapped here, once)."""
    if isinstance(exc, httpx.TimeoutException):
        return f"timeout ({type(exc).__name__})"
    if isinstance(exc, httpx.ConnectError):
        return f"network unreachable or host unknown ({exc})"
    if isinstance(exc, httpx.HTTPError):
        return f"{type(exc).__name__}: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AsyncResolver:
    """Follows short links. An async context manager::

        async with AsyncResolver() as resolver:
            results = await resolver.resolve_many(["https://t.co/4dQcLYEsK6"])

    Pass ``client`` to use your own ``httpx.AsyncClient`` (it is not closed here); otherwise one is created and
    closed on exit. Failures never raise: they come back as a :class:`Resolution` with ``error`` set.
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        cache: Cache | None = None,
        options: ResolveOptions | None = None,
    ) -> None:
        self.options = options or ResolveOptions()
        self.cache = cache
        self._client = client
        self._own_client = client is None
        self._global = asyncio.Semaphore(self.options.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._inflight: dict[str, asyncio.Future[Resolution]] = {}

    async def __aenter__(self) -> AsyncResolver:
        if self._client is None:
            o = self.options
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(o.read_timeout, connect=o.connect_timeout),
                limits=httpx.Limits(max_connections=o.concurrency, max_keepalive_connections=o.concurrency),
                headers={"User-Agent": o.user_agent},
                follow_redirects=False,
            )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    def _host_limit(self, host: str) -> asyncio.Semaphore:
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(self.options.per_host)
        return sem

    async def _fetch(self, url: str) -> tuple[int, dict[str, str], str]:
        assert self._client is not None, "use the resolver as an async context manager"
        async with self._global, self._host_limit(host_of(url)):
            request = self._client.build_request("GET", url, headers={"User-Agent": self.options.user_agent})
            response = await self._client.send(request, stream=True, follow_redirects=False)
            try:
                body = b""
                ctype = response.headers.get("content-type", "")
                if response.status_code == 200 and ("html" in ctype or not ctype):
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) >= self.options.max_body:
                            break
                headers = {k.lower(): v for k, v in response.headers.items()}
                return response.status_code, headers, body[: self.options.max_body].decode("utf-8", "replace")
            finally:
                await response.aclose()

    async def _follow(self, url: str) -> Resolution:
        current = shortcut(url)
        chain: list[Hop] = []
        seen: set[str] = set()
        status: int | None = None
        for _ in range(self.options.max_hops + 1):
            reason = blocked_reason(current, allow_private=self.options.allow_private)
            if reason:
                return Resolution(url, current, status, tuple(chain), f"blocked: {reason}", resolved_at=_now())
            if chain and is_terminal(current):
                return Resolution(url, current, status, tuple(chain), None, resolved_at=_now())
            key = cache_key(current)
            if key in seen:
                return Resolution(url, current, status, tuple(chain), "redirect loop", resolved_at=_now())
            seen.add(key)
            try:
                status, headers, body = await self._fetch(current)
            except Exception as exc:  # translated into the result, never raised (batch work)
                chain.append(Hop(current, None))
                return Resolution(url, current, None, tuple(chain), _describe(exc), resolved_at=_now())
            chain.append(Hop(current, status))
            target = redirect_target(current, status, headers, body)
            if target is None:
                error = None if status < 400 else f"HTTP {status}"
                return Resolution(url, current, status, tuple(chain), error, resolved_at=_now())
            current = target
        return Resolution(url, current, status, tuple(chain), "too many redirects", resolved_at=_now())

    async def resolve(self, url: str) -> Resolution:
        """Follow one link (shared with any identical request already in flight)."""
        key = cache_key(url)
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                return dataclasses.replace(cached, url=url, from_cache=True)
        pending = self._inflight.get(key)
        if pending is not None:
            done = await asyncio.shield(pending)
            return Resolution(
                url, done.final_url, done.status, done.chain, done.error, done.from_cache, done.resolved_at
            )
        future: asyncio.Future[Resolution] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            result = await self._follow(url)
            if self.cache is not None:
                self.cache.put(key, result)
            future.set_result(result)
            return result
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved
            raise
        finally:
            del self._inflight[key]

    async def resolve_many(self, urls: Iterable[str]) -> dict[str, Resolution]:
        """Resolve every distinct URL; the mapping is keyed by the URLs as given."""
        return {r.url: r async for r in self.iter_resolve(urls)}

    async def iter_resolve(self, urls: Iterable[str]) -> AsyncIterator[Resolution]:
        """Yield each distinct URL's :class:`Resolution` as it completes."""
        tasks = [asyncio.ensure_future(self.resolve(u)) for u in dict.fromkeys(urls)]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for t in tasks:
                t.cancel()
