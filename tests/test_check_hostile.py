"""Hostile and broken targets: a clear outcome or one line, never a traceback, never a hang."""

from __future__ import annotations

import gzip
import io
import time

import pytest
from conftest import run_ita, site_result
from httpsrv import Response, TestSite, free_port

FAST = ["--delay", "0", "--timeout", "3", "--time-budget", "30"]


def _check(*args: str, timeout: float = 90):
    t0 = time.monotonic()
    p = run_ita("check", *args, *FAST, timeout=timeout)
    assert "Traceback" not in p.stderr, p.stderr
    return p, time.monotonic() - t0


def _json(p):
    data = site_result(p.stdout)
    assert len(data["items"]) == 28
    assert {"target", "year", "pack", "coverage", "items", "oit", "deficiencies"} <= set(data)
    return data


def test_unreachable_host_exits_3_and_nothing_passes():
    p, secs = _check(f"http://127.0.0.1:{free_port()}/", "--format", "json", "--retries", "0")
    assert p.returncode == 3
    data = _json(p)
    assert not data["coverage"]["reachable"] and "ConnectError" in (data["coverage"]["home_error"] or "")
    assert {i["outcome"] for i in data["items"]} == {"not_crawled"}
    assert data["oit"]["min"] == 0 and data["oit"]["max"] == 100
    assert secs < 30  # no retries asked for: a dead host is reported at once


def test_dns_failure_exits_3():
    p, _ = _check("http://no-such-agency.invalid/", "--format", "json", "--retries", "1")
    assert p.returncode == 3
    assert not _json(p)["coverage"]["reachable"]


def test_tls_error_exits_3():
    with TestSite() as site:
        site.html("/")
        p, _ = _check(site.url("/").replace("http://", "https://"), "--format", "json")
    assert p.returncode == 3
    assert not _json(p)["coverage"]["reachable"]


@pytest.mark.parametrize("bad", ["http://", "ftp://example.go.th/", "http://exa mple.go.th/", "not a url"])
def test_invalid_url_is_one_line_exit_2(bad):
    p, _ = _check(bad)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert len(p.stderr.strip().splitlines()) == 1


def test_missing_snapshot_is_one_line_exit_2(tmp_path):
    p = run_ita("check", "--snapshot", str(tmp_path / "nope"))
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "nope" in p.stderr


def _pdf(text: str | None) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_home_page_that_is_a_pdf():
    with TestSite() as site:
        site.page("/", _pdf(None), content_type="application/pdf")
        p, _ = _check(site.url("/"), "--format", "json")
    assert p.returncode in (0, 1)
    data = _json(p)
    assert data["coverage"]["reachable"]
    assert "pass" not in {i["outcome"] for i in data["items"]}


def test_bombs_broken_files_and_html_do_not_break_the_check():
    bomb = gzip.compress(b"<p>" + b"A" * (60 * 1024 * 1024))
    with TestSite() as site:
        site.page("/", '<html><body><div><a href="/bomb.html">ข่าวประชาสัมพันธ์</a> <a href="/bad.pdf">'
                       'แผนยุทธศาสตร์ 2568</a><p><a href="/big.pdf">คู่มือการปฏิบัติงาน</a></sapn> <a href="/broken'
                       '.html">โครงสร้าง</b></i></div></body')
        site.page("/bomb.html", bomb, content_encoding="gzip")
        site.page("/bad.pdf", b"%PDF-1.7\n%\xe2\xe3 garbage obj << /Type /Catalog", content_type="application/pdf")
        site.route("/big.pdf", lambda req: Response(200, (b"0" * 65536 for _ in range(800)), {},
                                                    "application/pdf"))  # 50 MB, no Content-Length
        site.page("/broken.html", "<html><table><tr><td>โครงสร้าง<td><a href='/x'>x</a></tr></tbody><<<>>")
        p, secs = _check(site.url("/"), "--format", "json", "--max-mb", "5")
    assert p.returncode in (0, 1), p.stderr
    data = _json(p)
    assert data["coverage"]["too_large"] >= 2  # the bomb and the 50 MB file were not read whole
    assert secs < 60


def test_time_budget_ends_a_slow_crawl():
    def drip(req):
        def body():
            for _ in range(120):
                time.sleep(0.5)
                yield b"<p>.</p>"
        return Response(200, body(), {}, "text/html; charset=utf-8")

    with TestSite() as site:
        site.html("/", *[f"/slow{i}" for i in range(10)])
        for i in range(10):
            site.route(f"/slow{i}", drip)
        t0 = time.monotonic()
        p = run_ita("check", site.url("/"), "--format", "json", "--delay", "0", "--time-budget", "4",
                    "--timeout", "30", timeout=120)
        secs = time.monotonic() - t0
    assert "Traceback" not in p.stderr
    assert p.returncode in (0, 1)
    data = _json(p)
    assert secs < 30
    assert not data["coverage"]["complete"]
