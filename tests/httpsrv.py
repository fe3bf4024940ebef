"""Tiny threaded HTTP server for crawler tests: routes are Python callables, every hit is logged."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterable
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    """What a route handler sees."""

    path: str
    query: dict[str, list[str]]
    raw: str
    headers: dict[str, str]


@dataclass
class Response:
    """What a route handler returns; an iterable body is streamed without Content-Length."""

    status: int = 200
    body: bytes | str | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"


Route = Callable[[Request], Response]


def free_port() -> int:
    """A port nobody listens on (bound then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        app = self.server.app
        parts = urlsplit(self.path)
        req = Request(parts.path, parse_qs(parts.query, keep_blank_values=True), self.path,
                      {k.lower(): v for k, v in self.headers.items()})
        with app.lock:
            app.hits[req.path] += 1
            app.raw_hits[req.raw] += 1
            app.log.append((time.monotonic(), req.raw, req.headers.get("user-agent", "")))
        route = app.routes.get(req.path) or app.routes.get("*")  # "*": what every other path answers
        resp = route(req) if route else Response(404, "<h1>not found</h1>")
        try:
            self._send(resp)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up on purpose (size caps)

    def _send(self, resp: Response) -> None:
        self.send_response(resp.status)
        headers = {k.lower(): v for k, v in resp.headers.items()}
        if resp.content_type and "content-type" not in headers:
            headers["content-type"] = resp.content_type
        body = resp.body.encode("utf-8") if isinstance(resp.body, str) else resp.body
        if isinstance(body, bytes) and "content-length" not in headers:
            headers["content-length"] = str(len(body))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if isinstance(body, bytes):
            self.wfile.write(body)
        else:
            for chunk in body:
                self.wfile.write(chunk)
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # slow handlers must not hold up the test's teardown
    app: "TestSite"


class TestSite:
    """Start with `with TestSite() as site:`; `site.url("/x")` gives an absolute URL."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.raw_hits: Counter[str] = Counter()
        self.log: list[tuple[float, str, str]] = []
        self.lock = threading.Lock()

    def route(self, path: str, fn: Route) -> None:
        self.routes[path] = fn

    def page(self, path: str, body: str | bytes = "", status: int = 200,
             content_type: str | None = "text/html; charset=utf-8", **headers: str) -> None:
        self.routes[path] = lambda req: Response(status, body, {k.replace("_", "-"): v for k, v in headers.items()},
                                                 content_type)

    def html(self, path: str, *links: str, title: str = "") -> None:
        """A page linking to the given hrefs."""
        anchors = "".join(f'<a href="{h}">link {i}</a> ' for i, h in enumerate(links))
        self.page(path, f"<html><head><title>{title or path}</title></head><body>{anchors}</body></html>")

    def url(self, path: str = "/") -> str:
        return self.base + path

    def __enter__(self) -> "TestSite":
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.app = self
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
