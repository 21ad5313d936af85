"""HTTP exchanges as WARC (ISO 28500), the web archivists' format: record with :class:`WARCRecordTransport`
(``--record-warc FILE.warc.gz``), replay with :class:`WARCReplayTransport` (``--replay FILE.warc.gz``).

The file opens with a ``warcinfo`` record (the tool, the command, the machine); each exchange is a ``response``
record (status line, headers and body as received, ``WARC-Target-URI``, ``WARC-Date``, payload digest) followed by
its ``request`` record (method, target and headers sent; ``WARC-Concurrent-To`` names the response). Each record is
its own gzip member, flushed as written: a run that is killed leaves a file readable up to its last exchange.
Bodies are kept up to :data:`~._replay.RECORD_BODY_LIMIT` bytes, plain (``Accept-Encoding: identity`` is asked for,
as in JSON recordings). Standard tools read the file (``warcio check``, ``warcio index``, pywb, ReplayWeb.page).

Replay answers a request from the response recorded for the same method and URL (matched as JSON fixtures are:
fragment dropped, host lower-cased); a HEAD with no HEAD exchange is answered from the GET one without body; a
request with none raises :class:`~._replay.FixtureMissing`, reported "not resolved", never guessed.

warcio is needed for both (``pip install 'embeds[warc]'``).
"""

from __future__ import annotations

import io
import os
import platform
import shlex
import sys
from pathlib import Path
from typing import Any, BinaryIO, cast

import httpx

from .._exceptions import InputError
from .._version import __version__
from ._policy import hop_key
from ._replay import _SECRET_HEADERS, RECORD_BODY_LIMIT, replayed
from ._transport import HostPoolTransport

_HOP_BY_HOP = frozenset(("content-length", "transfer-encoding", "connection", "keep-alive"))


def _warcio() -> Any:
    try:
        import warcio  # type: ignore[import-untyped]
        import warcio.archiveiterator  # type: ignore[import-untyped]
        import warcio.statusandheaders  # type: ignore[import-untyped]
        import warcio.warcwriter  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the test extras install it
        raise InputError("WARC needs warcio: pip install 'embeds[warc]'") from None
    return warcio


def is_warc(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a WARC file (``.warc``, ``.warc.gz``) rather than a directory of JSON fixtures."""
    name = os.fspath(path).lower()
    return name.endswith((".warc", ".warc.gz"))


class WARCRecordTransport(httpx.AsyncBaseTransport):
    """Sends through ``transport`` and appends every exchange to the WARC file ``path`` (gzipped when it ends in
    ``.gz``; created, or truncated, when the transport is made)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        command: str | None = None,
    ) -> None:
        w = _warcio()
        self.path = Path(path)
        self._transport = transport if transport is not None else HostPoolTransport()  # guarded by default
        self._file: BinaryIO = open(self.path, "wb")  # noqa: SIM115 - kept open for the transport's life
        self._writer = w.warcwriter.WARCWriter(self._file, gzip=self.path.name.lower().endswith(".gz"))
        self._headers_cls = w.statusandheaders.StatusAndHeaders
        info = self._writer.create_warcinfo_record(
            self.path.name,
            {
                "software": f"embeds {__version__}",
                "format": "WARC File Format 1.1",
                "command": command if command is not None else shlex.join(sys.argv),
                "hostname": platform.node() or "unknown",
            },
        )
        self._writer.write_record(info)
        self._file.flush()

    def _write(self, request: httpx.Request, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        uri = str(request.url)
        reason = httpx.codes.get_reason_phrase(status) or "Unknown"
        kept = [(k, v) for k, v in headers if k.lower() not in _HOP_BY_HOP and k.lower() != "set-cookie"]
        kept.append(("Content-Length", str(len(body))))
        response_headers = self._headers_cls(f"{status} {reason}", kept, protocol="HTTP/1.1")
        response = self._writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=response_headers
        )
        target = request.url.raw_path.decode("ascii", "replace") or "/"
        sent = [("Host", request.url.netloc.decode("ascii", "replace"))] + [
            (k, v) for k, v in request.headers.items() if k.lower() not in _SECRET_HEADERS and k.lower() != "host"
        ]
        request_headers = self._headers_cls(
            f"{request.method} {target} HTTP/1.1", sent, protocol="HTTP/1.1", is_http_request=True
        )
        req = self._writer.create_warc_record(
            uri, "request", payload=io.BytesIO(b""), length=0, http_headers=request_headers
        )
        req.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
        self._writer.write_record(response)
        self._writer.write_record(req)
        self._file.flush()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["Accept-Encoding"] = "identity"
        response = await self._transport.handle_async_request(request)
        body = b""
        try:
            if request.method != "HEAD":
                async for chunk in cast(httpx.AsyncByteStream, response.stream):
                    body += chunk
                    if len(body) >= RECORD_BODY_LIMIT:
                        break
        finally:
            await response.aclose()
        body = body[:RECORD_BODY_LIMIT]
        headers = [(k, v) for k, v in response.headers.multi_items()]
        self._write(request, response.status_code, headers, body)
        passed = [(k, v) for k, v in headers if k.lower() != "content-length"]
        # as a stream: httpx would decode a compressed body whole on construction (a gzip bomb, in full)
        return httpx.Response(response.status_code, headers=passed, stream=httpx.ByteStream(body), request=request)

    async def aclose(self) -> None:
        try:
            await self._transport.aclose()
        finally:
            self._file.close()


class WARCReplayTransport(httpx.AsyncBaseTransport):
    """Serves the exchanges of a WARC file (``response`` records, any tool's; ``revisit`` and others are skipped);
    never touches the network."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        w = _warcio()
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"replay WARC file {self.path} does not exist")
        responses: dict[str, tuple[str, tuple[int, list[tuple[str, str]], bytes]]] = {}
        methods: dict[str, str] = {}
        with open(self.path, "rb") as f:
            for record in w.archiveiterator.ArchiveIterator(f):
                kind = record.rec_type
                if kind == "response" and record.http_headers is not None:
                    rid = record.rec_headers.get_header("WARC-Record-ID")
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    status = int(record.http_headers.get_statuscode())
                    body = record.content_stream().read()
                    responses[rid] = (uri, (status, list(record.http_headers.headers), body))
                elif kind == "request" and record.http_headers is not None:
                    to = record.rec_headers.get_header("WARC-Concurrent-To")
                    method = (record.http_headers.protocol or "GET").split(" ")[0]
                    if to:
                        methods[to] = method.upper()
        self._exchanges: dict[tuple[str, str], tuple[int, list[tuple[str, str]], bytes]] = {}
        for rid, (uri, answer) in responses.items():
            self._exchanges.setdefault((methods.get(rid, "GET"), hop_key(uri)), answer)

    def __len__(self) -> int:
        return len(self._exchanges)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        method, (status, headers, body) = replayed(self._exchanges, request, "WARC record")
        kept = [(k, v) for k, v in headers if k.lower() not in _HOP_BY_HOP and k.lower() != "content-encoding"]
        stream = httpx.ByteStream(b"" if method == "HEAD" else body)  # streamed: read bounded by the resolver
        return httpx.Response(status, headers=kept, stream=stream, request=request)
