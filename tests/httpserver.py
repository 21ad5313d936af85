"""A loopback HTTP server in a thread, for tests that call the CLI's ``main()`` (which runs its own event loop).

Canned routes: ``/r1`` → 301 ``/r2`` → 302 ``/final`` (200, text); ``/gone`` → 410; ``/loop`` ↔ ``/loop2``.
Hand-built: nothing here models a real service.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/r1": (301, {"Location": "/r2"}, b""),
    "/r2": (302, {"Location": "/final"}, b""),
    "/final": (200, {"Content-Type": "text/plain; charset=utf-8"}, "arrivée\n".encode()),
    "/gone": (410, {"Content-Type": "text/plain"}, b"gone"),
    "/loop": (301, {"Location": "/loop2"}, b""),
    "/loop2": (301, {"Location": "/loop"}, b""),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: list[tuple[str, str]]

    def _answer(self, body: bool) -> None:
        self.hits.append((self.command, self.path))
        status, headers, content = ROUTES.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def do_GET(self) -> None:
        self._answer(True)

    def do_HEAD(self) -> None:
        self._answer(False)

    def log_message(self, *args: object) -> None:  # quiet
        pass


@contextmanager
def serve() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """``(base URL, hits)`` of a server on 127.0.0.1 for the duration of the block."""
    hits: list[tuple[str, str]] = []
    handler = type("Handler", (_Handler,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="embeds-test-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
