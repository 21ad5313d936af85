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
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import httpx

from .._log import logger as _logger
from .._version import __version__
from ._policy import hop_key
from ._transport import HostPoolTransport

logger = _logger(__name__)

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


def _safe_part(text: str) -> str:
    """``text`` as one harmless path component: letters, digits, ``-``, ``_`` and inner dots only (never ``..``,
    ``.``, a separator or a leading dot)."""
    part = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text)
    part = part.replace("..", "__").strip(".")
    return part[:100] or "_"


def fixture_name(method: str, url: str) -> str:
    """A stable, readable file name for an exchange: ``<host>/<method>-<path slug>-<hash>.json``. Every part is
    made safe: whatever the URL holds (a host named ``..``, separators, escapes), the name stays in its directory."""
    u = httpx.URL(url)
    slug = "".join(c if c.isascii() and c.isalnum() else "_" for c in (u.path.strip("/") or "root"))[:40]
    digest = hashlib.sha256(f"{method.upper()} {hop_key(url)}".encode()).hexdigest()[:10]
    host = _safe_part(u.host + (f"_{u.port}" if u.port else ""))
    return f"{host}/{_safe_part(method.lower())}-{slug}-{digest}.json"


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
        self.transport = transport if transport is not None else HostPoolTransport()
        """The transport requests go through: by default the resolver's own, with its address guard."""
        self._command = command if command is not None else shlex.join(sys.argv)
        self._where = platform.node() or "unknown"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # Plain bodies keep the recordings readable.
        request.headers["Accept-Encoding"] = "identity"
        response = await self.transport.handle_async_request(request)
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
        self._write(fixture_name(request.method, str(request.url)), record)
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in ("content-length",)]
        # as a stream: httpx would decode a compressed body whole on construction (a gzip bomb, in full)
        return httpx.Response(response.status_code, headers=headers, stream=httpx.ByteStream(body), request=request)

    def _write(self, name: str, record: dict[str, Any]) -> None:
        """Write one fixture under the directory, never outside it (a symlinked host directory included)."""
        root = self.directory.resolve()
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.parent.resolve().is_relative_to(root):
            logger.warning("not recording %s: it would be written outside %s", name, root)
            return
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)

    async def aclose(self) -> None:
        await self.transport.aclose()


#: A fixture file larger than this is refused (recordings keep at most RECORD_BODY_LIMIT bytes of body).
MAX_FIXTURE_BYTES = 16 * 1024 * 1024


class FixtureError(ValueError):
    """A file in a replay directory that cannot be a fixture (not a regular file, not UTF-8, not JSON, fields of
    the wrong type)."""


def _read_fixture(path: Path) -> tuple[str, str, dict[str, Any]] | None:
    """``(method, url, response)`` of one fixture file, ``None`` for a JSON file that is not a fixture; raises
    :class:`FixtureError`. The file type is checked before opening, and again on the descriptor (opened
    non-blocking, should the file be swapped meanwhile), so a FIFO or device named ``x.json`` is refused without
    waiting on it."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # never opened: a device may act on open, a FIFO may block
            raise FixtureError("not a regular file (FIFO, device, socket or directory): skipped")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise FixtureError(f"cannot be opened ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FixtureError("not a regular file (FIFO, device, socket or directory): skipped")
        if st.st_size > MAX_FIXTURE_BYTES:
            raise FixtureError(f"larger than {MAX_FIXTURE_BYTES} bytes: skipped")
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read(MAX_FIXTURE_BYTES + 1)
    except OSError as exc:
        raise FixtureError(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FixtureError(f"not UTF-8 ({exc.reason} at byte {exc.start}): skipped") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FixtureError(f"not valid JSON ({exc}): skipped") from None
    if not isinstance(data, dict) or "request" not in data or "response" not in data:
        return None
    req, resp = data["request"], data["response"]
    if not isinstance(req, dict) or not isinstance(req.get("url"), str) or not isinstance(resp, dict):
        raise FixtureError("request.url or response missing or not of the right type: skipped")
    status = resp.get("status")
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 999:
        raise FixtureError(f"response.status {status!r} is not an HTTP status: skipped")
    headers = resp.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise FixtureError("response.headers is not an object of strings: skipped")
    body, body64 = resp.get("body", ""), resp.get("body_base64")
    if not isinstance(body, str) or (body64 is not None and not isinstance(body64, str)):
        raise FixtureError("response.body is not a string: skipped")
    if body64 is not None:
        try:
            base64.b64decode(body64, validate=True)
        except ValueError:
            raise FixtureError("response.body_base64 is not base64: skipped") from None
    try:
        hop_key(req["url"])
        httpx.URL(req["url"])
    except Exception as exc:  # any URL httpx refuses: the fixture could never be asked for
        raise FixtureError(f"request.url {req['url']!r} is not a URL ({exc}): skipped") from None
    return str(req.get("method", "GET")).upper(), req["url"], resp


T = TypeVar("T")


def replayed(exchanges: dict[tuple[str, str], T], request: httpx.Request, source: str) -> tuple[str, T]:
    """The recorded answer to ``request`` among ``exchanges`` (keyed by method and :func:`hop_key`), a HEAD answered
    from a recorded GET; ``(method, answer)``. Raises :class:`FixtureMissing` (naming ``source``) when there is none."""
    key = hop_key(str(request.url))
    method = request.method.upper()
    answer = exchanges.get((method, key))
    if answer is None and method == "HEAD":
        answer = exchanges.get(("GET", key))
    if answer is None:
        raise FixtureMissing(f"no {source} for {method} {request.url} (replay)", request=request)
    return method, answer


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
        found: dict[tuple[str, str], Path] = {}
        problems: list[tuple[str, str]] = []
        for path in sorted(self.directory.rglob("*.json")):
            try:
                data = _read_fixture(path)
            except FixtureError as exc:
                problems.append((str(path), str(exc)))
                continue
            if data is None:
                continue  # not a fixture (e.g. an index file)
            method, url, response = data
            key = (method, hop_key(url))
            if key in found:
                problems.append((str(path), f"overrides {found[key]}, an earlier fixture for {method} {url}"))
            found[key] = path
            self._exchanges[key] = response
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        """Fixture files that were skipped or that override an earlier one, as ``(path, why)``: each is a warning
        (``embeds scan`` prints them; the other fixtures are served)."""
        for where, why in problems:
            logger.warning("replay fixture %s: %s", where, why)

    def __len__(self) -> int:
        return len(self._exchanges)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        method, answer = replayed(self._exchanges, request, "fixture")
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
        return httpx.Response(int(answer["status"]), headers=headers, stream=httpx.ByteStream(body), request=request)
