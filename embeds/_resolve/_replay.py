"""Record and replay HTTP exchanges as readable JSON files: httpx transports, so the resolver is unchanged.

* :class:`RecordTransport` wraps the real transport and writes each exchange to ``DIR/<host>/<name>.json`` with its
  provenance (when, from which machine, by which command).
* :class:`ReplayTransport` serves those files and never touches the network: a request with no fixture raises
  :class:`FixtureMissing` (an ``httpx.TransportError``), which the resolver reports as "not resolved", never guessed.

A fixture file::

    {
      "provenance": {"origin": "recorded" | "hand-built", "recorded_at": "…", "recorded_from": "…",
                     "command": "…", "note": "…"},
      "request": {"method": "GET", "url": "https://t.co/…", "headers": {"User-Agent": "…"}},
      "response": {"status": 301, "headers": {"Location": "…"}, "body": ""}
    }

``body`` is text (UTF-8); a body that is not text is stored as ``body_base64`` instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import platform
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import httpx

from .._version import __version__
from ._policy import hop_key

RECORD_BODY_LIMIT = 262_144
"""Bytes of a body kept in a recording at most (the resolver reads far less)."""
_SECRET_HEADERS = frozenset(("authorization", "cookie", "proxy-authorization"))


def _header_bytes(value: str) -> bytes:
    """A recorded header value as it came over the wire: httpx read it as Latin-1 when it was not ASCII (so
    ``Retry-After: ²`` is kept as the byte 0xB2), and a hand-built value that is not Latin-1 is sent as UTF-8."""
    try:
        return str(value).encode("latin-1")
    except UnicodeEncodeError:
        return str(value).encode("utf-8")


class FixtureMissing(httpx.TransportError):
    """Replay has no recorded exchange for a request."""


def fixture_name(method: str, url: str) -> str:
    """A stable, readable file name for an exchange: ``<host>/<method>-<path slug>-<hash>.json``."""
    u = httpx.URL(url)
    slug = "".join(c if c.isalnum() else "_" for c in (u.path.strip("/") or "root"))[:40]
    digest = hashlib.sha256(f"{method.upper()} {hop_key(url)}".encode()).hexdigest()[:10]
    host = u.host + (f"_{u.port}" if u.port else "")
    return f"{host}/{method.lower()}-{slug}-{digest}.json"


def _body_fields(body: bytes) -> dict[str, Any]:
    try:
        return {"body": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(body).decode("ascii")}


class RecordTransport(httpx.AsyncBaseTransport):
    """Sends through ``transport`` and writes every exchange under ``directory`` (see the module docstring)."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        command: str | None = None,
    ) -> None:
        self.directory = Path(directory)
        self._transport = transport or httpx.AsyncHTTPTransport()
        self._command = command if command is not None else shlex.join(sys.argv)
        self._where = platform.node() or "unknown"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # Plain bodies keep the recordings readable.
        request.headers["Accept-Encoding"] = "identity"
        response = await self._transport.handle_async_request(request)
        body = b""
        try:
            if request.method != "HEAD":
                async for chunk in cast(httpx.AsyncByteStream, response.stream):  # raw bytes, as the server sent
                    body += chunk
                    if len(body) >= RECORD_BODY_LIMIT:
                        break
        finally:
            await response.aclose()
        body = body[:RECORD_BODY_LIMIT]
        record = {
            "provenance": {
                "origin": "recorded",
                "recorded_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "recorded_from": self._where,
                "command": self._command,
                "tool": f"embeds {__version__}",
            },
            "request": {
                "method": request.method,
                "url": str(request.url),
                "headers": {k: v for k, v in request.headers.items() if k.lower() not in _SECRET_HEADERS},
            },
            "response": {
                "status": response.status_code,
                "headers": {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"},
                **_body_fields(body),
            },
        }
        path = self.directory / fixture_name(request.method, str(request.url))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in ("content-length",)]
        return httpx.Response(response.status_code, headers=headers, content=body, request=request)

    async def aclose(self) -> None:
        await self._transport.aclose()


class ReplayTransport(httpx.AsyncBaseTransport):
    """Serves the exchanges recorded (or built by hand) under ``directory``; never touches the network.

    Requests are matched by method and URL (fragment dropped, host lower-cased). A HEAD request with no HEAD fixture
    is answered from the GET fixture without its body.
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise FileNotFoundError(f"replay directory {self.directory} does not exist")
        self._exchanges: dict[tuple[str, str], dict[str, Any]] = {}
        for path in sorted(self.directory.rglob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or "request" not in data or "response" not in data:
                continue  # not a fixture (e.g. an index file)
            req = data["request"]
            self._exchanges[(str(req.get("method", "GET")).upper(), hop_key(str(req["url"])))] = data["response"]

    def __len__(self) -> int:
        return len(self._exchanges)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = hop_key(str(request.url))
        method = request.method.upper()
        answer = self._exchanges.get((method, key))
        if answer is None and method == "HEAD":
            answer = self._exchanges.get(("GET", key))
        if answer is None:
            raise FixtureMissing(f"no fixture for {method} {request.url} (replay)", request=request)
        if "body_base64" in answer:
            body = base64.b64decode(answer["body_base64"])
        else:
            body = str(answer.get("body", "")).encode("utf-8")
        if method == "HEAD":
            body = b""
        headers = [
            (_header_bytes(k), _header_bytes(v))
            for k, v in dict(answer.get("headers", {})).items()
            if k.lower() != "content-length"
        ]
        return httpx.Response(int(answer["status"]), headers=headers, content=body, request=request)
