"""The asynchronous resolver: the only module that sends requests.

It sends requests with an injected (or its own) ``httpx.AsyncClient`` and applies the pure redirect logic of
:mod:`._policy`. httpx's exceptions are translated here, in :func:`_describe`, and nowhere else, into a typed failure
kind (:data:`embeds._types.ErrorKind`) and a sentence. Nothing a server or a link does raises out of a batch call: a
malformed redirect target, an unreadable header or an unexpected error becomes a failed :class:`Resolution`.

How it stays fast and polite:

* a global bound on requests in flight, and a per-host bound applied on **every hop** (the host slot is taken first,
  so links waiting for a busy host do not hold global slots);
* its own client routes each host to a small pool of its own (:class:`~._transport.HostPoolTransport`);
* identical links in flight are followed once, and a hop memo makes chains that share an intermediate hop fetch it
  once;
* each host's concurrency adapts (:mod:`._politeness`, AIMD): it starts polite and grows while the host answers
  well; a ``429`` caused by concurrency halves it, a ``429`` on one link makes that link wait, 429s that persist
  pause the whole host (``Retry-After`` honoured); ``5xx`` are retried with backoff; a host that keeps timing out
  is taken as stalled for a while and its queued links fail at once instead of holding slots;
* HEAD only on hosts configured as safe, falling back to GET (and giving HEAD up on that host) on 405/501 or HTML.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import socket
import zlib
from collections import deque
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Protocol

import httpx

from .._log import logger as _logger
from .._types import ErrorKind
from ._models import Hop, Resolution, ResolveOptions
from ._policy import (
    REDIRECT_STATUSES,
    RETRY_STATUSES,
    _join,
    address_blocked_reason,
    backoff,
    blocked_reason,
    cache_key,
    cache_ttl,
    head_needs_get,
    hop_key,
    host_address,
    host_key,
    is_terminal,
    redirect_target,
    retry_after,
    shortcut,
    url_problem,
    use_head,
    wants_body,
)
from ._politeness import HostPolicy, Ticket
from ._replay import FixtureMissing, RecordTransport, ReplayTransport
from ._transport import BLOCKED_PREFIX, AddressBlocked, HostPoolTransport, no_cookies

logger = _logger(__name__)

MEMO_SIZE = 200_000
"""Hops remembered per resolver (oldest finished ones are dropped first)."""


class Cache(Protocol):
    """Where resolutions are kept between runs (see :class:`embeds.SQLiteCache`)."""

    def get(self, key: str) -> Resolution | None: ...

    def put(self, key: str, resolution: Resolution) -> None: ...


def _describe(exc: BaseException) -> tuple[ErrorKind, str]:
    """The kind of a failure and one line for it, naming its class (httpx errors are mapped here, once)."""
    if isinstance(exc, FixtureMissing):
        return "no-fixture", f"not resolved: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", f"timeout ({type(exc).__name__})"
    if isinstance(exc, TimeoutError):
        return "timeout", "timeout (response too slow)"
    if isinstance(exc, httpx.ConnectError):
        if isinstance(exc.__cause__, AddressBlocked):
            return "blocked", str(exc)
        return "network", f"network unreachable or host unknown ({exc})"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol | UnicodeError):  # idna's errors are UnicodeErrors
        return "bad-url", f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.DecodingError | httpx.RemoteProtocolError):
        return "bad-response", f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.TransportError):
        return "network", f"{type(exc).__name__}: {exc}"
    return "unexpected", f"{type(exc).__name__}: {exc}"


def _guarded(transport: httpx.AsyncBaseTransport) -> bool:
    """Whether a transport vets addresses itself (the resolver's own) or touches no network (replay, JSON or WARC)."""
    from ._warc import WARCRecordTransport

    if isinstance(transport, RecordTransport):
        return _guarded(transport.transport)
    if isinstance(transport, WARCRecordTransport):
        return _guarded(transport._transport)
    return isinstance(transport, HostPoolTransport) or _replays(transport)


def _replays(transport: httpx.AsyncBaseTransport) -> bool:
    """Whether a transport answers from recordings (JSON fixtures or a WARC file) and never from the network."""
    from ._warc import WARCReplayTransport

    return isinstance(transport, ReplayTransport | WARCReplayTransport)


#: Bytes of compressed body read at most per response (a page worth reading is far smaller).
MAX_RAW_BODY = 1 << 20


async def _read_bounded(response: httpx.Response, encoding: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a body **after** decompression, decompressing no more than that: a gzip bomb
    (a few kB that inflate to gigabytes) costs ``limit`` bytes and a few milliseconds, never memory or the event
    loop. ``gzip``, ``deflate`` (zlib or raw) and ``identity`` are read (the resolver asks for no other); any other
    coding gives an empty body (nothing read from it can be a redirect)."""
    try:
        return response.content[:limit]  # a response built in memory (a mock transport) was read (and decoded) already
    except httpx.ResponseNotRead:
        pass
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip() and c.strip().lower() != "identity"]
    inflate: Any = None
    if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
        return b""
    if codings:
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS if codings[0] != "deflate" else zlib.MAX_WBITS)
    out = bytearray()
    raw = 0
    async for chunk in response.aiter_raw():
        raw += len(chunk)
        if inflate is None:
            out += chunk
        else:
            try:
                if codings[0] == "deflate" and raw == len(chunk) and chunk[:1] and chunk[0] & 0x0F != 8:
                    inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send it
                data = chunk
                while data and len(out) < limit:
                    out += inflate.decompress(data, limit - len(out))
                    data = inflate.unconsumed_tail
            except zlib.error as exc:
                raise httpx.DecodingError(f"{codings[0]} body does not decode: {exc}") from exc
        if len(out) >= limit or raw >= max(MAX_RAW_BODY, limit):
            break
    return bytes(out[:limit])


#: A body that is not read (a redirect's, a HEAD answer's) is still drained when it is at most this many bytes, so
#: that its connection stays open for the host's next request (closing a response mid-body closes the connection:
#: a new TCP connection per hop costs the client more CPU than anything else it does per request).
DRAIN_MAX = 16_384
#: Seconds a drain waits for the rest of such a body; a server that holds it back costs a connection, not the hop.
DRAIN_WAIT = 0.5


async def _drain(response: httpx.Response, length: str | None) -> None:
    """Read and drop a small body nobody needs (see :data:`DRAIN_MAX`); never raises for the body's sake."""
    if response.is_stream_consumed or (length is not None and not (length.isdigit() and int(length) <= DRAIN_MAX)):
        return  # read already (a response built in memory), or too long (or unreadable) to be worth it
    try:
        async with asyncio.timeout(DRAIN_WAIT):
            size = 0
            async for chunk in response.aiter_raw():
                size += len(chunk)
                if size > DRAIN_MAX:
                    return
    except (httpx.HTTPError, httpx.StreamError, TimeoutError):
        return  # the answer is known from its status and headers; the connection is closed with the response


def _retryable(exc: BaseException) -> bool:
    """Transient transport failures worth another try: a connection dropped mid-exchange. Not timeouts (they would
    hold slots again) nor connection failures (DNS, refused: they persist, and are not cached, so a later run
    tries again)."""
    if isinstance(exc, FixtureMissing):
        return False
    return isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclasses.dataclass(slots=True)
class _HopResult:
    status: int | None
    target: str | None
    error: str | None
    kind: ErrorKind | None = None
    body: str = ""
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, slots=True)
class Fetched:
    """An endpoint's answer (:meth:`AsyncResolver.fetch`): status and body, or why none came."""

    url: str
    status: int | None
    body: str
    error: str | None
    error_kind: ErrorKind | None
    fetched_at: str
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """The last answer's headers, names lower-cased."""


class _HostGate:
    """One host's queue: links wait here, in order, until its :class:`~._politeness.HostPolicy` lets them go."""

    __slots__ = ("head", "policy", "timer", "waiters")

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy
        self.waiters: deque[asyncio.Future[Ticket | str]] = deque()
        self.timer: asyncio.TimerHandle | None = None
        self.head = True

    async def enter(self) -> Ticket | str:
        """A ticket to send one request, or the reason the host is stalled."""
        future: asyncio.Future[Ticket | str] = asyncio.get_running_loop().create_future()
        self.waiters.append(future)
        self.pump()
        try:
            return await future
        except asyncio.CancelledError:
            granted = future.result() if future.done() and not future.cancelled() else None
            if isinstance(granted, Ticket):
                self.release(granted)
            raise

    def release(self, ticket: Ticket) -> None:
        self.policy.abandon(ticket)
        self.pump()

    def pump(self) -> None:
        """Let through as many waiting links as the policy allows now."""
        loop = asyncio.get_running_loop()
        policy = self.policy
        while self.waiters:
            if self.waiters[0].done():  # cancelled while waiting
                self.waiters.popleft()
                continue
            now = loop.time()
            verdict = policy.admit(now)
            if isinstance(verdict, str):
                while self.waiters:
                    future = self.waiters.popleft()
                    if not future.done():
                        future.set_result(verdict)
                return
            if verdict is None:
                return
            if verdict > 0:
                if self.timer is None:
                    self.timer = loop.call_later(verdict, self._wake)
                return
            self.waiters.popleft().set_result(policy.sent(now))

    def _wake(self) -> None:
        self.timer = None
        self.pump()


class AsyncResolver:
    """Follows short links. An async context manager::

        async with AsyncResolver() as resolver:
            results = await resolver.resolve_many(["https://t.co/4dQcLYEsK6"])

    Pass ``client`` to use your own ``httpx.AsyncClient`` (it is not closed here); otherwise one is created (small
    pools per host, addresses checked, no cookies) and closed on exit. ``cache`` keeps outcomes between runs (see
    :class:`embeds.SQLiteCache`). Failures never raise: they come back as a :class:`Resolution` with ``error`` set.
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        cache: Cache | None = None,
        options: ResolveOptions | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if client is not None and transport is not None:
            raise ValueError("give a client or a transport, not both")
        self.options = options or ResolveOptions()
        self.cache = cache
        self._client = client
        self._transport = transport
        self._own_client = client is None
        o = self.options
        self._global = asyncio.Semaphore(o.concurrency)
        self._hosts: dict[str, _HostGate] = {}
        self._inflight: dict[str, asyncio.Future[Resolution]] = {}
        self._hops: dict[str, asyncio.Future[_HopResult]] = {}
        self._head_hosts = frozenset(h.lower() for h in o.head_hosts)
        self._headers = {"User-Agent": o.user_agent, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
        self._timeout: dict[str, Any] = httpx.Timeout(o.read_timeout, connect=o.connect_timeout).as_dict()
        self._deadline = o.connect_timeout + o.read_timeout
        self._vetted: dict[str, str | None] = {}
        self.requests = 0
        """Requests sent so far (retries and HEAD fallbacks included)."""

    async def __aenter__(self) -> AsyncResolver:
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport if self._transport is not None else HostPoolTransport(self.options),
                cookies=no_cookies(),
                follow_redirects=False,
                trust_env=False,
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

    # -- one request ----------------------------------------------------------------------------------------------

    def _host(self, host: str) -> _HostGate:
        gate = self._hosts.get(host)
        if gate is None:
            o = self.options
            policy = HostPolicy(start=o.per_host_start, ceiling=o.per_host, adaptive=o.adaptive)
            gate = self._hosts[host] = _HostGate(policy)
        return gate

    def host_policies(self) -> dict[str, HostPolicy]:
        """What the resolver has learnt per host (``host:port`` → window, known limit, 429s caused): for reports."""
        return {host: gate.policy for host, gate in self._hosts.items()}

    async def _send(
        self, method: str, url: str, read: int | None = None, headers: Mapping[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        """One request, no redirect followed; reads at most ``max_body`` bytes, and only of a page that may redirect
        (or at most ``read`` bytes of any answer, for :meth:`fetch`)."""
        client = self._client
        assert client is not None, "use the resolver as an async context manager"
        # Built directly (not with client.build_request) so that no cookie from the client's jar is ever attached,
        # and handed straight to the transport the client would pick for it (its mounts and proxies respected):
        # client.send would also parse the Location into a redirect request (raising on `javascript:` and other
        # junk the policy wants to see and refuse itself), store cookies, and cost CPU on every hop.
        sent = self._headers if headers is None else {**self._headers, **headers}
        request = httpx.Request(method, url, headers=sent, extensions={"timeout": self._timeout})
        transport = client._transport_for_url(request.url)
        if not self.options.allow_private and not _guarded(transport):
            await self._vet_name(request.url.host)
        self.requests += 1
        async with asyncio.timeout(self._deadline):
            response = await transport.handle_async_request(request)
            response.request = request
            try:
                headers = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                body = b""
                if method == "GET" and (read is not None or wants_body(status, headers)):
                    limit = self.options.max_body if read is None else read
                    body = await _read_bounded(response, headers.get("content-encoding", ""), limit)
                else:
                    await _drain(response, headers.get("content-length"))
                return status, headers, body.decode("utf-8", "replace")
            finally:
                await response.aclose()

    async def _vet_name(self, host: str) -> None:
        """The address guard for a client or transport that is not the resolver's own (whose connections are
        vetted where they are made): a host *name* is looked up first, and refused when any address it has is not
        public (literal addresses were refused by the policy already). A name that does not resolve is left to the
        client, which fails on it. Checked once per host per resolver."""
        name = host.rstrip(".").lower()
        if not name or host_address(name) is not None:
            return
        reason = self._vetted.get(name)
        if name not in self._vetted:
            loop = asyncio.get_running_loop()
            try:
                infos = await asyncio.wait_for(
                    loop.getaddrinfo(name, None, type=socket.SOCK_STREAM), self.options.connect_timeout
                )
            except (OSError, TimeoutError, UnicodeError):
                infos = []
            for info in infos:
                address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
                why = address_blocked_reason(address)
                if why:
                    reason = f"{BLOCKED_PREFIX}{name} resolves to {address}: {why}"
                    break
            self._vetted[name] = reason
        if reason:
            raise httpx.ConnectError(reason) from AddressBlocked(reason)

    async def _request(self, url: str, read: int | None = None, extra: Mapping[str, str] | None = None) -> _HopResult:
        """Fetch one hop, with the host's politeness, pauses, retries and the HEAD→GET fallback applied (``read``: a
        GET whose body, up to that many bytes, is the point, as :meth:`fetch` asks)."""
        o = self.options
        loop = asyncio.get_running_loop()
        host = host_key(url)
        gate = self._host(host)
        policy = gate.policy
        method = "HEAD" if read is None and gate.head and use_head(url, self._head_hosts) else "GET"
        attempt = 0
        while True:
            ticket = await gate.enter()
            if isinstance(ticket, str):
                return _HopResult(None, None, f"timeout (host {host} stalled: {ticket})", "timeout")
            failure: BaseException | None = None
            try:
                async with self._global:
                    status, headers, body = await self._send(method, url, read, extra)
            except Exception as exc:  # translated below, never raised (batch work)
                failure = exc
            except BaseException:
                gate.release(ticket)
                raise
            if failure is not None:
                if isinstance(failure, httpx.TimeoutException | TimeoutError):
                    kind, error = _describe(failure)
                    policy.timed_out(
                        ticket, loop.time(), stall_after=o.stall_after, stall_for=4 * self._deadline, reason=error
                    )
                    gate.pump()
                    return _HopResult(None, None, error, kind)
                gate.release(ticket)
                if _retryable(failure) and attempt < o.retries:
                    attempt += 1
                    await asyncio.sleep(backoff(attempt))
                    continue
                kind, error = _describe(failure)
                return _HopResult(None, None, error, kind)
            asked = retry_after(headers.get("retry-after"), datetime.now(UTC)) if status in RETRY_STATUSES else None
            too_long = asked is not None and asked > o.max_retry_after
            verdict, wait = policy.answered(ticket, loop.time(), status, None if too_long else asked)
            gate.pump()
            if verdict == "concurrency":
                continue  # our doing, not the link's: tried again once the window allows, no retry spent
            if method == "HEAD" and head_needs_get(status, headers):
                gate.head = False  # this host's answers to HEAD are no use: GET from now on
                method = "GET"
                continue
            if status in RETRY_STATUSES and attempt < o.retries:
                attempt += 1
                if too_long:
                    error = f"HTTP {status} (Retry-After {asked:.0f} s is too long)"
                    return _HopResult(status, None, error, "http-status")
                if asked is None and status != 429:
                    wait = backoff(attempt)
                if wait > 0:
                    await asyncio.sleep(wait)  # this link alone waits (a host-wide pause is the gate's)
                continue
            if read is not None:  # an endpoint's answer: only a real redirect is followed, the body is kept
                location = headers.get("location") if status in REDIRECT_STATUSES else None
                target = _join(url, location) if location else None
                if status < 400:
                    return _HopResult(status, target, None, body=body, headers=headers)
                return _HopResult(status, None, f"HTTP {status}", "http-status", body=body, headers=headers)
            target = redirect_target(url, status, headers, body)
            if status < 400 or target:
                return _HopResult(status, target, None)
            return _HopResult(status, target, f"HTTP {status}", "http-status")

    async def _hop(self, url: str) -> _HopResult:
        """One hop, fetched once per resolver however many chains pass through it."""
        key = hop_key(url)
        memo = self._hops.get(key)
        if memo is not None:
            return await asyncio.shield(memo)
        future: asyncio.Future[_HopResult] = asyncio.get_running_loop().create_future()
        self._hops[key] = future
        if len(self._hops) > MEMO_SIZE:
            oldest = next(iter(self._hops))
            if self._hops[oldest].done():
                del self._hops[oldest]
        try:
            result = await self._request(url)
        except BaseException as exc:
            del self._hops[key]
            future.set_exception(exc)
            future.exception()  # mark retrieved
            raise
        future.set_result(result)
        return result

    # -- one endpoint -----------------------------------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        max_body: int = 2_097_152,
        headers: Mapping[str, str] | None = None,
        follow: bool = True,
    ) -> Fetched:
        """GET an endpoint (an oEmbed or API URL) and read its answer, through the same machinery as links: the
        address guard, per-host limits, ``Retry-After`` pauses, retries, record/replay; redirects followed (each
        target checked) up to ``max_hops``, or not at all when ``follow`` is false (a Memento TimeGate's redirect is
        the answer). Never raises: a failure is a :class:`Fetched` with ``error`` set."""
        current = url
        status: int | None = None
        try:
            for _ in range(self.options.max_hops + 1):
                problem = url_problem(current)
                if problem:
                    return Fetched(current, status, "", problem, "bad-url", _now())
                reason = blocked_reason(current, allow_private=self.options.allow_private)
                if reason:
                    return Fetched(current, status, "", f"blocked: {reason}", "blocked", _now())
                hop = await self._request(current, max_body, headers)
                status = hop.status
                if hop.error is not None or hop.target is None or not follow:
                    return Fetched(current, status, hop.body, hop.error, hop.kind, _now(), hop.headers)
                current = hop.target
            return Fetched(current, status, "", "too many redirects", "too-many-hops", _now())
        except Exception as exc:  # a bug or an input nothing foresaw: this endpoint fails, the batch goes on
            logger.warning("fetching %r failed unexpectedly", url, exc_info=True)
            kind, error = _describe(exc)
            return Fetched(current, status, "", error, kind, _now())

    # -- one chain ------------------------------------------------------------------------------------------------

    async def _follow(self, url: str) -> Resolution:
        current = shortcut(url)
        chain: list[Hop] = []
        seen: set[str] = set()
        status: int | None = None

        def end(error: str | None = None, kind: ErrorKind | None = None) -> Resolution:
            return Resolution(url, current, status, tuple(chain), error, resolved_at=_now(), error_kind=kind)

        for _ in range(self.options.max_hops + 1):
            problem = url_problem(current)
            if problem:
                return end(problem if not chain else f"bad redirect target: {problem}", "bad-url")
            reason = blocked_reason(current, allow_private=self.options.allow_private)
            if reason:
                return end(f"blocked: {reason}", "blocked")
            if is_terminal(current):  # an X/Twitter post URL: known by its pattern, never fetched
                return end()
            key = hop_key(current)
            if key in seen:
                return end("redirect loop", "loop")
            seen.add(key)
            hop = await self._hop(current)
            status = hop.status
            chain.append(Hop(current, status))
            if hop.target is None or hop.error is not None:
                return end(hop.error, hop.kind)
            current = hop.target
        return end("too many redirects", "too-many-hops")

    def _replaying(self, url: str) -> bool:
        """Whether ``url`` is answered from replay fixtures: such an answer is never stored as a live one."""
        client = self._client
        if client is None:
            return False
        transports = [client._transport, *client._mounts.values()]
        if not any(t is not None and _replays(t) for t in transports):
            return False  # no transport of the client replays: no need to parse the URL to pick one
        try:
            transport = client._transport_for_url(httpx.URL(shortcut(url)))
        except Exception:  # an URL httpx cannot take: nothing was fetched, nothing to tell
            return False
        return _replays(transport)

    def _cached(self, key: str) -> Resolution | None:
        """The cache's answer for ``key``; a cache that fails (a key no encoding can write, a damaged file) is
        logged and taken as a miss: the link is resolved, the batch goes on."""
        if self.cache is None:
            return None
        try:
            return self.cache.get(key)
        except Exception:
            logger.warning("the cache failed to look up %r; resolving it", key, exc_info=True)
            return None

    def _store(self, key: str, result: Resolution) -> None:
        assert self.cache is not None
        try:
            self.cache.put(key, result)
        except Exception:
            logger.warning("the cache failed to store %r; going on", key, exc_info=True)

    async def resolve(self, url: str) -> Resolution:
        """Follow one link (from the cache when it holds a fresh answer; shared with an identical link in flight)."""
        key = cache_key(url)
        cached = self._cached(key)
        if cached is not None:
            return dataclasses.replace(cached, url=url, from_cache=True)
        pending = self._inflight.get(key)
        if pending is not None:
            done = await asyncio.shield(pending)
            return dataclasses.replace(done, url=url)
        future: asyncio.Future[Resolution] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            try:
                result = await self._follow(url)
            except Exception as exc:  # a bug or an input nothing foresaw: this link fails, the batch goes on
                logger.warning("resolving %r failed unexpectedly", url, exc_info=True)
                kind, error = _describe(exc)
                result = Resolution(url, url, None, (), error, resolved_at=_now(), error_kind=kind)
            if (
                self.cache is not None
                and not self._replaying(url)
                and cache_ttl(result.status, result.error_kind, failed=not result.ok) is not None
            ):
                self._store(key, result)
            future.set_result(result)
            return result
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved
            raise
        finally:
            del self._inflight[key]

    # -- many links -----------------------------------------------------------------------------------------------

    async def resolve_many(self, urls: Iterable[str]) -> dict[str, Resolution]:
        """Resolve every distinct URL; the mapping is keyed by the URLs as given."""
        return {r.url: r async for r in self.iter_resolve(urls)}

    async def iter_resolve(self, urls: Iterable[str]) -> AsyncIterator[Resolution]:
        """Yield each distinct URL's :class:`Resolution` as it completes. ``urls`` is read lazily, keeping at most
        ``ResolveOptions.window`` links under way, so a generator of millions of links is fine."""
        queue: asyncio.Queue[Resolution | BaseException | int] = asyncio.Queue()
        window = asyncio.Semaphore(self.options.window)
        tasks: set[asyncio.Task[None]] = set()

        async def run(u: str) -> None:
            try:
                queue.put_nowait(await self.resolve(u))
            except asyncio.CancelledError:
                raise
            except BaseException as exc:  # handed to the consumer, which re-raises it
                queue.put_nowait(exc)
            finally:
                window.release()

        async def feed() -> None:
            seen: set[str] = set()
            try:
                for u in urls:
                    if u in seen:
                        continue
                    seen.add(u)
                    await window.acquire()
                    task = asyncio.create_task(run(u))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
            except Exception as exc:  # the caller's iterable failed: hand it to the consumer
                queue.put_nowait(exc)
                return
            queue.put_nowait(len(seen))

        feeder = asyncio.create_task(feed())
        total: int | None = None
        yielded = 0
        try:
            while total is None or yielded < total:
                item = await queue.get()
                if isinstance(item, int):
                    total = item
                elif isinstance(item, BaseException):
                    raise item
                else:
                    yielded += 1
                    yield item
            await feeder
        finally:
            feeder.cancel()
            for t in list(tasks):
                t.cancel()
