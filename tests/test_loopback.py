"""The resolver end to end against a real HTTP server on 127.0.0.1 (``allow_private=True``), and the address guard
of its own transport (which refuses loopback without it)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from embeds import AsyncResolver, ResolveBlocked, ResolveOptions
from embeds._resolve._transport import AddressBlocked, GuardedBackend, HostPoolTransport


class Server:
    """A tiny HTTP/1.1 server (asyncio streams) with canned routes; counts requests per method and path."""

    def __init__(self) -> None:
        self.port = 0
        self.hits: dict[tuple[str, str], int] = {}
        self.in_flight = 0
        self.connections = 0
        self.max_in_flight = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, method: str, path: str, n: int) -> tuple[int, dict[str, str], bytes] | None:
        base = f"//127.0.0.1:{self.port}"
        if method == "HEAD" and path == "/head":
            return 405, {}, b""
        table: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/start": (301, {"Location": "/relative"}, b""),
            "/relative": (302, {"Location": f"{base}/meta"}, b""),
            "/meta": (200, {"Content-Type": "text/html"}, b'<meta http-equiv="refresh" content="0; url=/js">'),
            "/js": (200, {"Content-Type": "text/html"}, b'<script>location.replace("\\/final")</script>'),
            "/final": (200, {"Content-Type": "text/plain"}, b"done"),
            "/head": (301, {"Location": "/final"}, b""),
            "/loop": (301, {"Location": "/loop2"}, b""),
            "/loop2": (301, {"Location": "/loop"}, b""),
            "/dead": (410, {}, b""),
        }
        if path == "/busy":
            return (429, {"Retry-After": "0"}, b"") if n == 1 else (301, {"Location": "/final"}, b"")
        if path == "/flaky":
            return (502, {}, b"") if n == 1 else (301, {"Location": "/final"}, b"")
        if path.startswith("/slow"):
            return None
        return table.get(path, (404, {}, b""))

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
                n = self.hits[(method, path)] = self.hits.get((method, path), 0) + 1
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                await asyncio.sleep(0.01)
                answer = self.route(method, path, n)
                if answer is None:
                    await asyncio.sleep(30)  # stalls; the client times out first
                    return
                status, headers, body = answer
                lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"]
                lines += [f"{k}: {v}" for k, v in headers.items()]
                self.in_flight -= 1
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (b"" if method == "HEAD" else body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    srv = Server()
    handle = await asyncio.start_server(srv.handle, "127.0.0.1", 0)
    srv.port = handle.sockets[0].getsockname()[1]
    async with handle:
        yield srv
        handle.close()


OPTIONS = ResolveOptions(allow_private=True, per_host=2, read_timeout=0.5, connect_timeout=0.5, stall_after=1)


@pytest.mark.anyio
async def test_chains_over_real_sockets(server: Server) -> None:
    options = ResolveOptions(
        allow_private=True, per_host=2, read_timeout=0.5, connect_timeout=0.5, head_hosts=(f"127.0.0.1:{server.port}",)
    )
    paths = ["/start", "/head", "/loop", "/dead", "/busy", "/flaky", "/start"]
    async with AsyncResolver(options=options) as resolver:
        results = await resolver.resolve_many([server.url(p) for p in paths])
    start = results[server.url("/start")]
    assert start.ok and start.final_url == server.url("/final")
    assert [h.url.rsplit("/", 1)[1] for h in start.chain] == ["start", "relative", "meta", "js", "final"]
    assert results[server.url("/head")].final_url == server.url("/final")
    assert results[server.url("/loop")].error == "redirect loop"
    assert results[server.url("/dead")].error == "HTTP 410"
    assert results[server.url("/busy")].ok and results[server.url("/flaky")].ok
    assert server.max_in_flight <= 2  # the per-host limit held on every hop
    assert server.hits[("GET", "/final")] == 1  # shared hop fetched once
    assert server.hits[("HEAD", "/head")] == 1 and server.hits[("GET", "/head")] == 1  # 405: asked again with GET


@pytest.mark.anyio
async def test_hops_on_one_host_share_a_kept_alive_connection(server: Server) -> None:
    async with AsyncResolver(options=OPTIONS) as resolver:
        r = await resolver.resolve(server.url("/start"))
    assert r.ok and len(r.chain) == 5
    # the redirects' (empty) bodies and the pages' were read to their end: one connection carried all five hops
    assert server.connections == 1


@pytest.mark.anyio
async def test_a_stalled_host_fails_fast(server: Server) -> None:
    async with AsyncResolver(options=OPTIONS) as resolver:
        results = await resolver.resolve_many([server.url(f"/slow{i}") for i in range(6)])
    assert all((r.error or "").startswith("timeout") for r in results.values())
    assert sum(server.hits.values()) == 2  # only the first per_host requests waited; the rest failed at once


@pytest.mark.anyio
async def test_loopback_is_refused_by_default(server: Server) -> None:
    async with AsyncResolver() as resolver:
        r = await resolver.resolve(server.url("/start"))
    assert (r.error or "").startswith("blocked:") and not server.hits
    # a host *name* that resolves to loopback is refused by the transport, before any connection
    async with httpx.AsyncClient(transport=HostPoolTransport()) as client:
        with pytest.raises(httpx.ConnectError, match=r"^blocked: localhost resolves to"):
            await client.get(f"http://localhost:{server.port}/final")
    assert not server.hits


@pytest.mark.anyio
async def test_guard_checks_every_address_and_connects_to_the_vetted_one(monkeypatch: pytest.MonkeyPatch) -> None:
    answers: dict[str, list[str]] = {"rebind.test": ["93.184.216.34", "10.0.0.7"], "public.test": ["93.184.216.34"]}

    async def fake_getaddrinfo(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", fake_getaddrinfo)
    guard = GuardedBackend()
    with pytest.raises(AddressBlocked, match=r"10\.0\.0\.7"):
        await guard._vet("rebind.test", 443, 1.0)
    assert await guard._vet("public.test", 443, 1.0) == "93.184.216.34"
    with pytest.raises(AddressBlocked):
        await guard._vet("fe80::1", 443, 1.0)


@pytest.mark.anyio
async def test_a_name_resolving_to_a_private_address_fails_typed_as_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    async def fake_getaddrinfo(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]  # placeholder name, private answer

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", fake_getaddrinfo)
    async with AsyncResolver() as resolver:
        r = await resolver.resolve("https://private-name.example/x")
    assert r.error_kind == "blocked" and (r.error or "").startswith("blocked: private-name.example resolves to")
    with pytest.raises(ResolveBlocked):
        r.raise_for_error()
