"""A small threaded HTTP server for the fixture sites under ``fixtures/sites``.

Usage::

    from crawler.serve import serve_site

    with serve_site(Path("fixtures/sites/demo")) as (server, base_url):
        httpx.get(base_url + "/")

Static files are served from the site root.  Directory URLs serve ``index.html``
(``index.htm``/``index.php`` also accepted); a directory requested without the
trailing slash is redirected (301) like Apache does.  A request ``/page.php?id=12``
is served from a file named ``page.php@id=12`` when one exists, else from
``page.php`` (the query is ignored).  ``PHPSESSID`` query parameters are ignored
for lookup.  Extension-less files are sniffed (HTML or PDF).

Optional special routes come from ``ROOT/_routes.yaml``::

    html_charset: utf-8          # charset added to text/html responses; null = none
    routes:
      - {path: /old, status: 301, location: /new}
      - {path: /private/x.html, status: 403}
      - {path: /slow, delay: 3}
      - {glob: "/*.html", headers: {Content-Type: "text/html; charset=windows-874"}}
      - {path_prefix: /calendar, generator: calendar}
      - {glob: "/webboard/*", generator: session}
      - {path: /files/big.pdf, generator: big, size_mb: 50}

Matching: ``path`` is exact, ``path_prefix`` matches the path and anything below it,
``glob`` is an ``fnmatch`` pattern on the path (``*`` also crosses ``/``).  A route
with no matcher applies to every path (only allowed for ``headers``/``session``/
``delay``).  Every matching route contributes its ``delay`` (the largest wins),
its ``headers`` (later routes override earlier ones) and the ``session`` rewrite;
the first matching route that *answers* (``status``, ``location``, ``body``,
``generator: calendar|big``) produces the response, else the static file is
served.  An exact ``path`` route whose file does not exist answers 200 with a
small placeholder page (so ``{path: /slow, delay: 3}`` works on its own).

Files whose name starts with ``_`` at the site root, and ``expected.yaml``, are
never served.  Unknown paths get a Thai 404 page.  Logging is silent.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fnmatch
import html
import mimetypes
import posixpath
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Route",
    "RoutesConfig",
    "FixtureSite",
    "Resolution",
    "serve_site",
    "load_routes",
    "ROUTES_FILE",
    "FIXTURE_SITES_DIR",
    "fixture_site_path",
    "make_server",
]

ROUTES_FILE = "_routes.yaml"
FIXTURE_SITES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "sites"  # source checkout layout
HIDDEN_ROOT_FILES = {"expected.yaml"}
INDEX_FILES = ("index.html", "index.htm", "index.php")
HTML_EXTENSIONS = {".html", ".htm", ".php", ".asp", ".aspx", ".jsp", ".shtml"}
SESSION_PARAM = "PHPSESSID"
CHUNK = 64 * 1024


# --------------------------------------------------------------------------- config


class Route(BaseModel):
    """One special route of ``_routes.yaml``; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    path: str | None = None
    path_prefix: str | None = None
    glob: str | None = None

    status: int | None = Field(default=None, ge=100, le=599)
    location: str | None = None
    delay: float | None = Field(default=None, ge=0, le=60)
    headers: dict[str, str] = Field(default_factory=dict)
    body: str | None = None
    generator: Literal["calendar", "session", "big"] | None = None
    size_mb: float | None = Field(default=None, gt=0, le=4096)
    comment: str | None = None  # free text for humans

    @model_validator(mode="after")
    def _check(self) -> "Route":
        matchers = [m for m in (self.path, self.path_prefix, self.glob) if m is not None]
        if len(matchers) > 1:
            raise ValueError("give at most one of path, path_prefix, glob")
        for m in matchers:
            if not m.startswith("/"):
                raise ValueError(f"route matcher must start with '/': {m!r}")
        if not matchers and (
            self.status is not None
            or self.location is not None
            or self.body is not None
            or self.generator in ("calendar", "big")
        ):
            raise ValueError("a route that answers needs path, path_prefix or glob")
        if self.location is not None:
            if self.status is None:
                self.status = 302
            if not 300 <= self.status < 400:
                raise ValueError("location needs a 3xx status")
        elif self.status is not None and 300 <= self.status < 400:
            raise ValueError("a 3xx status needs a location")
        if self.generator == "big":
            if self.size_mb is None:
                raise ValueError("generator 'big' needs size_mb")
        elif self.size_mb is not None:
            raise ValueError("size_mb is only valid with generator 'big'")
        if self.generator is not None and (self.status is not None or self.body is not None):
            raise ValueError("generator cannot be combined with status/body")
        return self

    # -- matching
    def matches(self, path: str) -> bool:
        if self.path is not None:
            return path == self.path
        if self.path_prefix is not None:
            p = self.path_prefix.rstrip("/")
            return path == p or path.startswith(p + "/") or (p == "" and path.startswith("/"))
        if self.glob is not None:
            return fnmatch.fnmatchcase(path, self.glob)
        return True

    @property
    def answers(self) -> bool:
        return (
            self.status is not None
            or self.location is not None
            or self.body is not None
            or self.generator in ("calendar", "big")
        )


class RoutesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    html_charset: str | None = "utf-8"
    routes: list[Route] = Field(default_factory=list)


def load_routes(root: Path) -> RoutesConfig:
    f = Path(root) / ROUTES_FILE
    if not f.is_file():
        return RoutesConfig()
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    if data is None:
        return RoutesConfig()
    if isinstance(data, list):  # a bare list of routes is accepted too
        data = {"routes": data}
    return RoutesConfig.model_validate(data)


# --------------------------------------------------------------------------- site logic


@dataclass
class Resolution:
    """What a request resolves to (used by the server and by link checks)."""

    kind: Literal["file", "redirect", "route", "not_found"]
    status: int
    file: Path | None = None
    location: str | None = None
    route: Route | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    session: bool = False


def _strip_session(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != SESSION_PARAM]
    return urlencode(pairs)


def _sniff_type(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in HTML_EXTENSIONS:
        return "text/html"
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed:
        return guessed
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError:
        return "application/octet-stream"
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.lstrip()[:1] == b"<":
        return "text/html"
    return "application/octet-stream"


class FixtureSite:
    """A fixture site root plus its routes: path resolution shared by server and tests."""

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(self.root)
        self.config = load_routes(self.root)

    @property
    def routes(self) -> list[Route]:
        return self.config.routes

    def _file_for(self, path: str, query: str) -> tuple[Path | None, str | None]:
        """Return (file, redirect_location) for a URL path."""
        norm = posixpath.normpath(path)
        if path.endswith("/") and norm != "/":
            norm += "/"
        if ".." in norm.split("/"):
            return None, None
        rel = norm.lstrip("/")
        first = rel.split("/", 1)[0]
        if "/" not in rel.rstrip("/") and (first.startswith("_") or first in HIDDEN_ROOT_FILES):
            return None, None
        target = (self.root / rel) if rel else self.root
        try:
            target.resolve().relative_to(self.root)
        except ValueError:
            return None, None
        if query:
            q = _strip_session(query)
            if q and not target.is_dir():
                cand = target.with_name(target.name + "@" + q.replace("/", "%2F"))
                if cand.is_file():
                    return cand, None
        if target.is_dir():
            if not (path.endswith("/") or path == ""):
                loc = quote(path) + "/" + (("?" + query) if query else "")
                return None, loc
            for name in INDEX_FILES:
                if (target / name).is_file():
                    return target / name, None
            return None, None
        if target.is_file():
            return target, None
        return None, None

    def resolve(self, path: str, query: str = "") -> Resolution:
        """Resolve a decoded URL path (starting with '/') and raw query string."""
        if not path.startswith("/"):
            path = "/" + path
        matching = [r for r in self.routes if r.matches(path)]
        headers: dict[str, str] = {}
        delay = 0.0
        session = False
        answering: Route | None = None
        for r in matching:
            headers.update(r.headers)
            if r.delay:
                delay = max(delay, r.delay)
            if r.generator == "session":
                session = True
            if answering is None and r.answers:
                answering = r
        common = dict(headers=headers, delay=delay, session=session)
        if answering is not None:
            if answering.location is not None:
                return Resolution("redirect", answering.status or 302, location=answering.location,
                                  route=answering, **common)
            return Resolution("route", answering.status or 200, route=answering, **common)
        file, loc = self._file_for(path, query)
        if loc is not None:
            return Resolution("redirect", 301, location=loc, **common)
        if file is not None:
            return Resolution("file", 200, file=file, **common)
        exact = next((r for r in matching if r.path == path), None)
        if exact is not None:
            return Resolution("route", 200, route=exact, **common)
        return Resolution("not_found", 404, **common)

    def resolve_url(self, url: str) -> Resolution:
        parts = urlsplit(url)
        return self.resolve(unquote(parts.path or "/"), parts.query)

    def content_type(self, file: Path) -> str:
        ctype = _sniff_type(file)
        if ctype == "text/html" and self.config.html_charset:
            ctype += f"; charset={self.config.html_charset}"
        return ctype


# --------------------------------------------------------------------------- pages

THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]
CALENDAR_EPOCH = _dt.date(2025, 1, 1)  # date=0 -> 1 มกราคม 2568


def _thai_error_page(status: int, message: str) -> bytes:
    title = {
        403: "403 ไม่มีสิทธิ์เข้าถึงหน้านี้",
        404: "404 ไม่พบหน้าที่คุณต้องการ",
        500: "500 ระบบขัดข้อง",
    }.get(status, f"{status} เกิดข้อผิดพลาด")
    return (
        "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>{html.escape(message)}</p>"
        "<p><a href=\"/\">กลับหน้าหลัก</a></p></body></html>\n"
    ).encode("utf-8")


def _calendar_page(prefix: str, n: int) -> bytes:
    day = CALENDAR_EPOCH + _dt.timedelta(days=n)
    label = f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + 543}"
    base = prefix.rstrip("/") or "/"
    return (
        "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\">"
        f"<title>ปฏิทินกิจกรรม {label}</title></head><body>"
        f"<h1>ปฏิทินกิจกรรม</h1><h2>วันที่ {label}</h2>"
        "<p>ไม่มีกิจกรรมในวันนี้</p>"
        f"<p><a href=\"{base}?date={n - 1}\">&laquo; วันก่อนหน้า</a> | "
        f"<a href=\"{base}?date={n + 1}\">วันถัดไป &raquo;</a></p>"
        "<p><a href=\"/\">หน้าหลัก</a></p></body></html>\n"
    ).encode("utf-8")


def _placeholder_page(path: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\">"
        "<title>กรุณารอสักครู่</title></head><body>"
        f"<h1>หน้านี้ตอบสนองช้า</h1><p>{html.escape(path)}</p>"
        "<p><a href=\"/\">กลับหน้าหลัก</a></p></body></html>\n"
    ).encode("utf-8")


_TAG_RE = re.compile(r"<(?:a|area|form)\b[^>]*>", re.I)
_LINK_ATTR_RE = re.compile(r"""(?P<attr>\b(?:href|action)\s*=\s*)(?P<q>["'])(?P<url>[^"']*)(?P=q)""", re.I)


def add_session_ids(body: bytes, charset: str, host_netlocs: set[str]) -> bytes:
    """Append ``PHPSESSID=<random>`` to every internal link (``<a>``, ``<area>``, ``<form action>``)
    of an HTML page, like PHP's ``session.use_trans_sid``; a fresh id for every link."""
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        charset = "latin-1"
        text = body.decode(charset)

    def fix_url(m: re.Match[str]) -> str:
        url = m.group("url")
        low = url.strip().lower()
        if not low or low.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            return m.group(0)
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return m.group(0)
        if parts.netloc and parts.netloc not in host_netlocs:
            return m.group(0)
        sid = secrets.token_hex(13)
        query = (parts.query + "&" if parts.query else "") + f"{SESSION_PARAM}={sid}"
        new = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
        return f"{m.group('attr')}{m.group('q')}{new}{m.group('q')}"

    def fix_tag(m: re.Match[str]) -> str:
        return _LINK_ATTR_RE.sub(fix_url, m.group(0))

    return _TAG_RE.sub(fix_tag, text).encode(charset)


def _charset_of(ctype: str) -> str:
    m = re.search(r"charset=([\w.:-]+)", ctype, re.I)
    return m.group(1) if m else "utf-8"


# --------------------------------------------------------------------------- server


class _Handler(BaseHTTPRequestHandler):
    server_version = "Apache/2.4.41 (Unix)"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes; avoid 40 ms delayed-ACK stalls
    site: FixtureSite  # set on the subclass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._handle(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle(head=True)

    # -- helpers
    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str], head: bool) -> None:
        self.send_response(status)
        merged = {"Content-Type": ctype, "Content-Length": str(len(body))}
        merged.update(headers)
        merged["Content-Length"] = str(len(body))
        for k, v in merged.items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _handle(self, head: bool) -> None:
        try:
            parts = urlsplit(self.path)
            path = unquote(parts.path or "/")
            query = parts.query
            res = self.site.resolve(path, query)
            if res.delay:
                time.sleep(res.delay)
            if res.kind == "redirect":
                body = _thai_error_page(res.status, f"ย้ายไปที่ {res.location}")
                hdrs = dict(res.headers)
                hdrs["Location"] = res.location or "/"
                self._send(res.status, body, "text/html; charset=utf-8", hdrs, head)
            elif res.kind == "not_found":
                self._send(404, _thai_error_page(404, "ไม่พบหน้าเว็บ " + path),
                           "text/html; charset=utf-8", {}, head)
            elif res.kind == "route":
                self._serve_route(res, path, query, head)
            else:
                assert res.file is not None
                ctype = res.headers.get("Content-Type") or self.site.content_type(res.file)
                if res.session and ctype.startswith("text/html"):
                    body = res.file.read_bytes()
                    body = add_session_ids(body, _charset_of(ctype), {self.headers.get("Host", "")})
                    self._send(200, body, ctype, res.headers, head)
                else:
                    self._send_file(res.file, ctype, res.headers, head)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _stream_headers(self, ctype: str, size: int, headers: dict[str, str]) -> None:
        """Status line and headers of a streamed 200 response with a declared length."""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            if k.lower() not in ("content-type", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(size))
        self.end_headers()

    def _send_file(self, file: Path, ctype: str, headers: dict[str, str], head: bool) -> None:
        self._stream_headers(ctype, file.stat().st_size, headers)
        if head:
            return
        with file.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                self.wfile.write(chunk)

    def _serve_route(self, res: Resolution, path: str, query: str, head: bool) -> None:
        r = res.route
        assert r is not None
        if r.generator == "calendar":
            prefix = r.path_prefix or r.path or path
            qs = dict(parse_qsl(query))
            try:
                n = int(qs.get("date", "0"))
            except ValueError:
                n = 0
            body = _calendar_page(prefix if r.path_prefix else path, n)
            if res.session:
                body = add_session_ids(body, "utf-8", {self.headers.get("Host", "")})
            self._send(200, body, "text/html; charset=utf-8", res.headers, head)
        elif r.generator == "big":
            self._send_big(path, int((r.size_mb or 1) * 1024 * 1024), res.headers, head)
        else:
            status = res.status
            if r.body is not None:
                body = r.body.encode("utf-8")
                ctype = "text/html; charset=utf-8"
            elif status >= 400:
                body = _thai_error_page(status, "ไม่สามารถเข้าถึงหน้านี้ได้ " + path)
                ctype = "text/html; charset=utf-8"
            else:
                body = _placeholder_page(path)
                ctype = "text/html; charset=utf-8"
            if res.session and ctype.startswith("text/html"):
                body = add_session_ids(body, "utf-8", {self.headers.get("Host", "")})
            self._send(status, body, res.headers.get("Content-Type", ctype), res.headers, head)

    def _send_big(self, path: str, size: int, headers: dict[str, str], head: bool) -> None:
        ctype = headers.get("Content-Type") or mimetypes.guess_type(path)[0] or "application/octet-stream"
        self._stream_headers(ctype, size, headers)
        if head:
            return
        header = b"%PDF-1.4\n% fixture filler: large file generated on the fly\n"
        filler = (b"0123456789abcdef" * (CHUNK // 16))[:CHUNK]
        sent = 0
        first = header + filler[: CHUNK - len(header)]
        while sent < size:
            chunk = first if sent == 0 else filler
            chunk = chunk[: size - sent]
            self.wfile.write(chunk)
            sent += len(chunk)


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    site: FixtureSite


def make_server(root: Path | str, host: str = "127.0.0.1", port: int = 0) -> FixtureServer:
    site = FixtureSite(root)
    handler = type("FixtureHandler", (_Handler,), {"site": site})
    server = FixtureServer((host, port), handler)
    server.site = site
    return server


def fixture_site_path(name: str) -> Path:
    """Path of a bundled fixture site, e.g. ``fixture_site_path("demo")`` for ``ita demo``."""
    p = FIXTURE_SITES_DIR / name
    if not (p / "expected.yaml").is_file():
        raise FileNotFoundError(f"no fixture site {name!r} under {FIXTURE_SITES_DIR}")
    return p


@contextlib.contextmanager
def serve_site(root: Path | str, host: str = "127.0.0.1", port: int = 0) -> Iterator[tuple[FixtureServer, str]]:
    """Serve a fixture site in a background thread; yields ``(server, base_url)``.

    ``base_url`` has no trailing slash, e.g. ``http://127.0.0.1:54321``.
    """
    server = make_server(root, host, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    h, p = server.server_address[:2]
    shown = f"[{h}]" if ":" in str(h) else h
    try:
        yield server, f"http://{shown}:{p}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Serve a fixture site (python -m crawler.serve fixtures/sites/demo)")
    ap.add_argument("root", type=Path)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args(argv)
    with serve_site(args.root, args.host, args.port) as (_server, base):
        print(f"Serving {args.root} at {base}/  (Ctrl+C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
