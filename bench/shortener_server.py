"""A loopback server simulating link shorteners, for ``bench/resolve.py``. Run as a separate process::

    python bench/shortener_server.py SCENARIO.json

It listens on one 127.0.0.1 port per simulated host (each port is one host, as the resolver keys its per-host limit
by ``host:port``) plus a control port, prints ``{"hosts": [port, …], "control": port}`` on one line, and serves until
killed. ``GET /stats`` on the control port returns the counters (and resets them).

Every response comes after ``latency`` seconds. A host answers **429** at once (counted as ``cap_429``) when a request
arrives while ``cap`` requests are already in flight on it. Routes (``path → spec``) per host:

* ``{"kind": "redirect", "status": 301, "to": URL}``   ``{"kind": "meta", "to": URL}``  (200 HTML meta refresh)
* ``{"kind": "final"}`` (200 text)   ``{"kind": "dead"}`` (404)   ``{"kind": "stall"}`` (never answers)
* a host with ``"throttle_at": [n, …]`` limits *the client*: from its n-th request (whatever the path) on, it answers
  every request with 429 and ``Retry-After: 1`` for ``throttle_for`` seconds (1 by default; counted as
  ``scripted_429``, apart from ``cap_429``); the client must pause the whole host, then retry
* ``{"kind": "link429", "to": URL}``: a limit on *that link*: its first request is answered 429 with
  ``Retry-After: 1`` (``scripted_429``), later ones 301; the host serves its other links meanwhile
* ``{"kind": "r5xx", "to": URL}``: first request 503, then a 301
* ``{"kind": "head405", "to": URL}``: HEAD answers 405, GET a 301

``URL`` may use ``{h<N>}`` for ``127.0.0.1:<port of host N>``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any


class Host:
    def __init__(
        self,
        name: str,
        routes: dict[str, dict[str, Any]],
        cap: int,
        latency: float,
        throttle_at: list[int],
        throttle_for: float = 1.0,
    ) -> None:
        self.name = name
        self.throttle_at = set(throttle_at)
        self.throttle_for = throttle_for
        self.throttled_until = 0.0
        self.scripted_429 = 0
        self.routes = routes
        self.cap = cap
        self.latency = latency
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests = 0
        self.cap_429 = 0
        self.seen: dict[str, int] = {}

    def answer(self, method: str, path: str) -> bytes | None:
        spec = self.routes.get(path)
        n = self.seen[path] = self.seen.get(path, 0) + 1
        if spec is None:
            return _response(404, {})
        kind = spec["kind"]
        to = spec.get("to", "")
        if kind == "stall":
            return None
        if kind == "final":
            return _response(200, {"Content-Type": "text/plain"}, b"final page", method)
        if kind == "dead":
            return _response(404, {"Content-Type": "text/plain"}, b"gone", method)
        if kind == "meta":
            body = f'<html><head><meta http-equiv="refresh" content="0; url={to}"></head></html>'.encode()
            return _response(200, {"Content-Type": "text/html"}, body, method)
        if kind == "link429" and n == 1:
            self.scripted_429 += 1
            return _response(429, {"Retry-After": "1"})
        if kind == "r5xx" and n == 1:
            return _response(503, {})
        if kind == "head405" and method == "HEAD":
            return _response(405, {"Allow": "GET"})
        return _response(int(spec.get("status", 301)), {"Location": to})


def _response(status: int, headers: dict[str, str], body: bytes = b"", method: str = "GET") -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (b"" if method == "HEAD" else body)


class HostProtocol(asyncio.Protocol):
    def __init__(self, host: Host) -> None:
        self.host = host
        self.buf = b""
        self.pending: list[asyncio.TimerHandle | None] = []
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            method, path = head.split(b"\r\n", 1)[0].decode().split(" ")[:2]
            self.request(method, path)

    def request(self, method: str, path: str) -> None:
        h = self.host
        h.requests += 1
        assert self.transport is not None
        if h.in_flight >= h.cap:
            h.cap_429 += 1
            self.transport.write(_response(429, {}))
            return
        h.in_flight += 1
        h.max_in_flight = max(h.max_in_flight, h.in_flight)
        loop = asyncio.get_running_loop()
        if h.requests in h.throttle_at:
            h.throttled_until = loop.time() + h.throttle_for
        if h.throttled_until > loop.time():
            h.scripted_429 += 1
            data: bytes | None = _response(429, {"Retry-After": "1"})
        else:
            data = h.answer(method, path)
        if data is None:  # stall: hold the request (and the slot) until the client gives up
            self.pending.append(None)
            return
        self.pending.append(loop.call_later(h.latency, self.respond, data))

    def respond(self, data: bytes) -> None:
        self.pending.pop(0)
        self.host.in_flight -= 1
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)

    def connection_lost(self, exc: Exception | None) -> None:
        for handle in self.pending:
            if handle is not None:
                handle.cancel()
            self.host.in_flight -= 1
        self.pending.clear()
        self.transport = None


async def serve(scenario: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()
    hosts = [
        Host(h["name"], {}, h["cap"], scenario["latency"], h.get("throttle_at", []), h.get("throttle_for", 1.0))
        for h in scenario["hosts"]
    ]
    servers = [await loop.create_server(lambda h=h: HostProtocol(h), "127.0.0.1", 0) for h in hosts]
    ports = [s.sockets[0].getsockname()[1] for s in servers]
    for h, spec in zip(hosts, scenario["hosts"], strict=True):
        for path, route in spec["routes"].items():
            route = dict(route)
            if "to" in route:
                for i, port in enumerate(ports):
                    route["to"] = route["to"].replace(f"{{h{i}}}", f"127.0.0.1:{port}")
            h.routes[path] = route

    async def control(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        stats = {
            h.name: {
                "requests": h.requests,
                "cap_429": h.cap_429,
                "scripted_429": h.scripted_429,
                "max_in_flight": h.max_in_flight,
            }
            for h in hosts
        }
        for h in hosts:
            h.requests = h.cap_429 = h.scripted_429 = h.max_in_flight = 0
            h.throttled_until = 0.0
            h.seen.clear()
        body = json.dumps(stats).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    ctl = await asyncio.start_server(control, "127.0.0.1", 0)
    print(json.dumps({"hosts": ports, "control": ctl.sockets[0].getsockname()[1]}), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        asyncio.run(serve(json.load(fh)))
