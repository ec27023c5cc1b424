"""Fixtures for the loader tests: a real local HTTP server with one route per case."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.knowledge.loaders.builders import ARTICLE_HTML, HUGE_BYTES, PNG_BYTES, make_pdf

SLOW_SECONDS = 1.5

_MARKDOWN = """---
id: remote-note
title: A note served as Markdown
publisher: Lindenport Gazette
published: 2024-03-01
kind: analysis
---
The tram line opens in spring.
"""

_Route = Callable[[BaseHTTPRequestHandler], None]


def _send(
    status: int, body: bytes, content_type: str | None, extra: dict[str, str] | None = None
) -> _Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type is not None:
            handler.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(SLOW_SECONDS)
    _send(200, b"too late", "text/plain")(handler)


def _drip(handler: BaseHTTPRequestHandler) -> None:
    """Answers at once, then sends one byte every 0.1 s: never idle long, but never done."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    for _ in range(int(SLOW_SECONDS / 0.1)):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.1)


def _huge_unannounced(handler: BaseHTTPRequestHandler) -> None:
    """A big body with no Content-Length, so only streaming can notice the size."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    for _ in range(HUGE_BYTES // 4096):
        handler.wfile.write(b"a" * 4095 + b"\n")


ROUTES: dict[str, _Route] = {
    "/news/kz-denial.html": _send(200, ARTICLE_HTML.encode(), "text/html; charset=utf-8"),
    "/page-without-charset": _send(200, ARTICLE_HTML.encode(), "text/html"),
    "/feed.xhtml": _send(200, ARTICLE_HTML.encode(), "application/xhtml+xml"),
    "/reports/annual.pdf": _send(
        200,
        make_pdf(["Annual report of the tram company", "Ridership rose by a tenth."]),
        "application/pdf",
    ),
    "/notes.txt": _send(200, b"Storm warning\n\nWinds of 90 km/h expected.", "text/plain"),
    "/note.md": _send(200, _MARKDOWN.encode(), "text/markdown; charset=utf-8"),
    "/latin1.txt": _send(
        200, "Caf\u00e9 reopens\n".encode("latin-1"), "text/plain; charset=iso-8859-1"
    ),
    "/bad-utf8.txt": _send(200, "Caf\u00e9 reopens\n".encode("latin-1"), "text/plain"),
    "/empty.txt": _send(200, b"", "text/plain"),
    "/logo.png": _send(200, PNG_BYTES, "image/png"),
    "/no-type": _send(200, b"what am I", None),
    "/missing": _send(404, b"no such page", "text/plain"),
    "/broken": _send(503, b"down", "text/plain"),
    "/old-link": _send(302, b"", "text/plain", {"Location": "/news/kz-denial.html"}),
    "/loop": _send(302, b"", "text/plain", {"Location": "/loop"}),
    "/huge.txt": _send(200, b"a" * HUGE_BYTES, "text/plain"),
    "/huge-unannounced.txt": _huge_unannounced,
    "/slow": _slow,
    "/drip": _drip,
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ROUTES.get(self.path, _send(404, b"not found", "text/plain"))(self)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (timeout, size cap) breaks the pipe; that is expected here."""


@pytest.fixture(scope="session")
def http_base() -> Iterator[str]:
    """`http://127.0.0.1:PORT` of a real server answering the routes above."""
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
