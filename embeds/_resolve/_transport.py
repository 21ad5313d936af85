"""The resolver's own transport: one small connection pool per host, and addresses checked where they are used.

* :class:`HostPoolTransport` routes each request to a pool of its own per ``scheme://host:port``, capped at
  ``ResolveOptions.per_host`` connections: one huge pool degrades as it fills (every request scans it), small ones
  stay cheap and keep connections alive per host.
* :class:`GuardedBackend` is the httpcore network backend those pools connect through. Unless private addresses are
  allowed, it resolves the host name itself, refuses if **any** address it resolves to is loopback, private,
  link-local, multicast or reserved, and then connects to the vetted address. Checking and connecting use the same
  lookup, so a DNS answer that changes between the two (DNS rebinding) cannot slip a private address through; TLS
  still verifies the certificate against the host name.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from types import TracebackType

import httpcore
import httpx
from httpcore._utils import is_socket_readable

from ._models import ResolveOptions
from ._policy import address_blocked_reason

BLOCKED_PREFIX = "blocked: "


def no_cookies() -> http.cookiejar.CookieJar:
    """A cookie jar that keeps nothing: no cookie is ever carried from one host (or one link) to another."""
    return http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


class AddressBlocked(httpcore.ConnectError):
    """The host name resolves to an address the policy refuses (surfaces as ``httpx.ConnectError``)."""


class _Stream(httpcore.AsyncNetworkStream):
    """A connection as the backend made it, with its socket looked up once: the pool asks every idle connection
    whether its socket is readable (the server closed it) each time it hands out a request, and anyio builds a table
    of every attribute of the stream to answer each time (a fifth of the client's CPU per request at 16 per host)."""

    __slots__ = ("_inner", "_socket")

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> object:
        if info == "socket":
            return self._socket
        if info == "is_readable":
            return self._socket is not None and is_socket_readable(self._socket)
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to public addresses (see the module docstring)."""

    def __init__(self, *, allow_private: bool = False) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private

    async def _vet(self, host: str, port: int, timeout: float | None) -> str:
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            ip = None
        if ip is not None:
            addresses = [ip]
        else:
            loop = asyncio.get_running_loop()
            try:
                infos = await asyncio.wait_for(
                    loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP), timeout
                )
            except TimeoutError as exc:
                raise httpcore.ConnectTimeout(f"DNS lookup of {host} timed out") from exc
            except OSError as exc:
                raise httpcore.ConnectError(f"{host}: {exc}") from exc
            addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
        if not addresses:
            raise httpcore.ConnectError(f"{host}: no address")
        for address in addresses:
            reason = address_blocked_reason(address)
            if reason:
                raise AddressBlocked(f"{BLOCKED_PREFIX}{host} resolves to {address}: {reason}")
        return str(addresses[0])

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if not self._allow_private:
            host = await self._vet(host, port, timeout)
        stream = await self._inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )
        return _Stream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used for link resolution")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _HostTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request/response mapping, error translation) over a pool with a guarded backend."""

    def __init__(self, *, ssl_context: ssl.SSLContext, limits: httpx.Limits, backend: GuardedBackend) -> None:
        super().__init__(verify=ssl_context, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


class HostPoolTransport(httpx.AsyncBaseTransport):
    """One small guarded pool per ``scheme://host:port`` (see the module docstring)."""

    def __init__(self, options: ResolveOptions | None = None) -> None:
        o = options or ResolveOptions()
        self._limits = httpx.Limits(
            max_connections=o.per_host, max_keepalive_connections=o.per_host, keepalive_expiry=o.keepalive_expiry
        )
        self._backend = GuardedBackend(allow_private=o.allow_private)
        self._ssl_context: ssl.SSLContext | None = None  # made once, on first use, and shared by every pool
        self._pools: dict[tuple[bytes, bytes, int | None], _HostTransport] = {}

    def _pool_for(self, url: httpx.URL) -> _HostTransport:
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            if self._ssl_context is None:
                self._ssl_context = httpx.create_ssl_context()
            pool = self._pools[key] = _HostTransport(
                ssl_context=self._ssl_context, limits=self._limits, backend=self._backend
            )
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pool_for(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.aclose()
