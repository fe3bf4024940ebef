"""Tests for fixtures.serve: the fixture-site HTTP server."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from fixtures.serve import FixtureSite, Route, RoutesConfig, serve_site

ROUTES = """
routes:
  - {path: /old, status: 301, location: /new.html}
  - {path: /loop-a, status: 302, location: /loop-b}
  - {path: /loop-b, status: 302, location: /loop-a}
  - {path: /private/x.html, status: 403}
  - {path: /slow, delay: 0.4}
  - {glob: "/legacy/*.html", headers: {Content-Type: "text/html; charset=windows-874"}}
  - {glob: "/legacy/*", headers: {X-Powered-By: "PHP/5.2.17"}}
  - {path_prefix: /calendar, generator: calendar}
  - {glob: "/board/*", generator: session}
  - {path: /files/big.pdf, generator: big, size_mb: 3}
  - {path: /inline, body: "<p>สวัสดี</p>"}
"""


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    (tmp_path / "_routes.yaml").write_text(ROUTES, encoding="utf-8")
    (tmp_path / "expected.yaml").write_text("site: x\n", encoding="utf-8")
    (tmp_path / "index.html").write_text("<html><body>หน้าหลัก</body></html>", encoding="utf-8")
    (tmp_path / "new.html").write_text("<p>new</p>", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("<p>docs index</p>", encoding="utf-8")
    (tmp_path / "docs" / "a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "page.php").write_text("<p>page default</p>", encoding="utf-8")
    (tmp_path / "page.php@id=3").write_text("<p>page three</p>", encoding="utf-8")
    (tmp_path / "index.php@option=com_content&view=article&id=12").write_text("<p>article 12</p>", encoding="utf-8")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.html").write_bytes("<p>ภาษาไทย</p>".encode("cp874"))
    (tmp_path / "board").mkdir()
    (tmp_path / "board" / "index.html").write_text(
        '<a href="/board/t1.html">t1</a> <a href="t2.html?x=1">t2</a> <a href="https://example.org/">ext</a>'
        ' <a href="#top">top</a> <img src="/logo.png"> <form action="/board/post"></form>',
        encoding="utf-8",
    )
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    return tmp_path


@pytest.fixture()
def client(site: Path):
    with serve_site(site) as (_server, base):
        with httpx.Client(base_url=base, follow_redirects=False, timeout=10) as c:
            yield c


def test_base_url_and_static(site: Path) -> None:
    with serve_site(site) as (server, base):
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        assert server.server_address[1] > 0
        r = httpx.get(base + "/docs/a.pdf")
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/pdf"
        assert r.content.startswith(b"%PDF")


def test_directory_index_and_slash_redirect(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "หน้าหลัก" in r.text
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert client.get("/docs/").text == "<p>docs index</p>"
    r = client.get("/docs")
    assert r.status_code == 301 and r.headers["location"] == "/docs/"


def test_query_file_mapping(client: httpx.Client) -> None:
    assert "three" in client.get("/page.php?id=3").text
    assert "default" in client.get("/page.php?id=9").text
    assert "three" in client.get("/page.php?id=3&PHPSESSID=abc").text
    # a crawler may sort the parameters; a real server does not care about their order
    assert "article 12" in client.get("/index.php?id=12&option=com_content&view=article").text
    assert "article 12" in client.get("/index.php?view=article&PHPSESSID=x&id=12&option=com_content").text
    assert "article 12" not in client.get("/index.php?id=13&option=com_content&view=article").text


def test_404_thai_page(client: httpx.Client) -> None:
    r = client.get("/no/such/page.html")
    assert r.status_code == 404
    assert "ไม่พบหน้า" in r.text
    assert client.get("/_routes.yaml").status_code == 404
    assert client.get("/expected.yaml").status_code == 404
    assert client.get("/../etc/passwd").status_code == 404
    assert client.get("/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_redirects_and_loop(client: httpx.Client) -> None:
    r = client.get("/old")
    assert r.status_code == 301 and r.headers["location"] == "/new.html"
    assert client.get("/old", follow_redirects=True).text == "<p>new</p>"
    r = client.get("/loop-a")
    assert r.status_code == 302 and r.headers["location"] == "/loop-b"
    with pytest.raises(httpx.TooManyRedirects):
        client.get("/loop-a", follow_redirects=True)


def test_403(client: httpx.Client) -> None:
    r = client.get("/private/x.html")
    assert r.status_code == 403
    assert "ไม่มีสิทธิ์" in r.text


def test_delay(client: httpx.Client) -> None:
    t0 = time.monotonic()
    r = client.get("/slow")
    assert r.status_code == 200
    assert time.monotonic() - t0 >= 0.35


def test_header_override(client: httpx.Client) -> None:
    r = client.get("/legacy/old.html")
    assert r.headers["content-type"] == "text/html; charset=windows-874"
    assert r.headers["x-powered-by"] == "PHP/5.2.17"
    assert r.content.decode("cp874") == "<p>ภาษาไทย</p>"
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")


def test_inline_body(client: httpx.Client) -> None:
    r = client.get("/inline")
    assert r.status_code == 200 and "สวัสดี" in r.text


def test_calendar_is_endless(client: httpx.Client) -> None:
    seen = set()
    url = "/calendar?date=0"
    for _ in range(5):
        r = client.get(url)
        assert r.status_code == 200
        links = re.findall(r'href="(/calendar\?date=-?\d+)"', r.text)
        assert len(links) == 2
        seen.add(url)
        url = links[1]
    assert url == "/calendar?date=5"
    assert 'href="/calendar?date=-1"' in client.get("/calendar").text
    assert client.get("/calendar/anything?date=abc").status_code == 200


def test_session_ids(client: httpx.Client) -> None:
    a = client.get("/board/").text
    b = client.get("/board/").text
    ids_a = re.findall(r"PHPSESSID=([0-9a-f]+)", a)
    assert len(ids_a) == 3  # two internal <a> links and the form action
    assert ids_a != re.findall(r"PHPSESSID=([0-9a-f]+)", b)  # fresh random ids every time
    assert re.search(r'href="/board/t1\.html\?PHPSESSID=[0-9a-f]{26}"', a)
    assert re.search(r'href="t2\.html\?x=1&PHPSESSID=[0-9a-f]{26}"', a)
    assert 'href="https://example.org/"' in a
    assert 'href="#top"' in a
    assert 'src="/logo.png"' in a
    # session ids are ignored when serving
    assert client.get("/board/?PHPSESSID=" + ids_a[0]).status_code == 200
    # pages outside the glob are not rewritten
    assert "PHPSESSID" not in client.get("/").text


def test_big_file_streams_with_content_length(client: httpx.Client) -> None:
    with client.stream("GET", "/files/big.pdf") as r:
        assert r.status_code == 200
        assert r.headers["content-length"] == str(3 * 1024 * 1024)
        assert r.headers["content-type"] == "application/pdf"
        first = next(r.iter_raw(1024))
        assert first.startswith(b"%PDF")
        # close without reading the rest
    h = client.head("/files/big.pdf")
    assert h.status_code == 200 and h.headers["content-length"] == str(3 * 1024 * 1024)
    assert h.content == b""


def test_big_file_full_read_size(site: Path) -> None:
    with serve_site(site) as (_s, base):
        r = httpx.get(base + "/files/big.pdf")
        assert len(r.content) == 3 * 1024 * 1024


def test_robots_is_static(client: httpx.Client) -> None:
    r = client.get("/robots.txt")
    assert r.status_code == 200 and "Disallow: /private/" in r.text


def test_route_validation() -> None:
    with pytest.raises(ValidationError):
        Route.model_validate({"path": "/x", "status": 301})  # 3xx without location
    with pytest.raises(ValidationError):
        Route.model_validate({"path": "/x", "unknown": 1})
    with pytest.raises(ValidationError):
        Route.model_validate({"path": "/x", "generator": "big"})  # no size_mb
    with pytest.raises(ValidationError):
        Route.model_validate({"path": "/x", "size_mb": 5})
    with pytest.raises(ValidationError):
        Route.model_validate({"status": 403})  # answering route without matcher
    with pytest.raises(ValidationError):
        Route.model_validate({"path": "x"})
    with pytest.raises(ValidationError):
        RoutesConfig.model_validate({"routes": [], "extra": True})
    assert Route.model_validate({"path": "/x", "location": "/y"}).status == 302


def test_bad_routes_file_rejected(tmp_path: Path) -> None:
    (tmp_path / "_routes.yaml").write_text("routes:\n  - {path: /a, colour: red}\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        FixtureSite(tmp_path)


def test_resolve_api(site: Path) -> None:
    fs = FixtureSite(site)
    assert fs.resolve_url("/docs/a.pdf").kind == "file"
    assert fs.resolve_url("/old").kind == "redirect"
    assert fs.resolve_url("/private/x.html").status == 403
    assert fs.resolve_url("/calendar?date=9").kind == "route"
    assert fs.resolve_url("/nope").kind == "not_found"
    assert fs.resolve_url("/page.php?id=3").file == site / "page.php@id=3"
