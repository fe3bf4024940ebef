"""Crawler behaviour against real local HTTP servers: politeness, retries, caps, traps, budgets."""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from crawler.fetch import CrawlSettings, crawl, crawl_directory, crawl_sync
from ita_rules.urls import validate_start_url
from ita_rules.urls import LOCAL_BASE
from crawler.politeness import HostSlots
from crawler.retry import parse_retry_after
from crawler.snapshot import SnapshotReader, SnapshotWriter
from httpsrv import Request, Response, TestSite, free_port

FAST = dict(delay=0.0, backoff_base=0.01, use_sitemaps=False, probe_not_found=False, time_budget=20)
TEXT = "text/plain"


def settings(**kw) -> CrawlSettings:
    return CrawlSettings(**{**FAST, **kw})


def by_path(result, site: TestSite) -> dict:
    return {r.url[len(site.base):]: r for r in result.records}


@pytest.fixture
def site():
    with TestSite() as s:
        yield s


# ---------------------------------------------------------------- robots


def test_robots_wildcards_block_and_are_reported(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /*.pdf$\nDisallow: /private/\n", content_type=TEXT)
    site.html("/", "/doc.pdf", "/doc.pdf?download=1", "/private/a.html", "/public.html")
    for p in ("/doc.pdf", "/private/a.html", "/public.html"):
        site.page(p, "x")
    result = crawl_sync(site.url("/"), settings())
    recs = by_path(result, site)
    assert recs["/doc.pdf"].outcome == "robots_blocked"
    assert "robots.txt" in recs["/doc.pdf"].error
    assert recs["/private/a.html"].outcome == "robots_blocked"
    assert recs["/doc.pdf?download=1"].outcome == "ok"  # "$" anchors the pattern
    assert recs["/public.html"].outcome == "ok"
    assert site.hits["/private/a.html"] == 0 and site.raw_hits["/doc.pdf"] == 0
    assert result.stats["robots_blocked"] == 2
    assert site.hits["/robots.txt"] == 1
    assert [r.role for r in result.aux_records] == ["robots"]


def test_home_blocked_by_robots_is_a_warning(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /\n", content_type=TEXT)
    site.html("/", "/a.html")
    result = crawl_sync(site.url("/"), settings())
    assert result.home.outcome == "robots_blocked"
    assert any("disallowed by robots.txt" in w for w in result.warnings)
    assert site.hits["/"] == 0


def test_robots_404_allows_and_5xx_allows_with_warning(site):
    site.html("/", "/a.html")
    site.html("/a.html")
    result = crawl_sync(site.url("/"), settings())
    assert result.stats["ok"] == 2 and not result.warnings
    site.page("/robots.txt", "down", status=500, content_type=TEXT)
    result = crawl_sync(site.url("/"), settings())
    assert result.stats["ok"] == 2
    assert any("robots.txt unavailable" in w and "allow-all" in w for w in result.warnings)


def test_crawl_delay_spacing_with_fake_clock():
    class Clock:
        def __init__(self, advance: bool) -> None:
            self.now, self.advance, self.sleeps = 0.0, advance, []

        def __call__(self) -> float:
            return self.now

        async def sleep(self, s: float) -> None:
            self.sleeps.append(s)
            if self.advance:
                self.now += s
            await asyncio.sleep(0)

    async def run(concurrency: int, clock: Clock) -> list[float]:
        slots = HostSlots(concurrency, 0.0, clock=clock, sleep=clock.sleep)
        slots.set_delay("www.abc.go.th", 2.0)
        starts = []

        async def one():
            async with slots.slot("abc.go.th"):  # www. and bare host share one slot
                starts.append(clock.now)

        await asyncio.gather(*(one() for _ in range(4)))
        return starts

    clock = Clock(advance=True)
    assert asyncio.run(run(1, clock)) == [0.0, 2.0, 4.0, 6.0]
    # Two slots in parallel with a frozen clock: starts are still reserved 2 s apart.
    clock = Clock(advance=False)
    asyncio.run(run(2, clock))
    assert clock.sleeps == [2.0, 4.0, 6.0]
    slots = HostSlots(1, 0.5, clock=clock, sleep=clock.sleep)
    slots.set_delay("x.go.th", 0.1)
    assert slots.delay("x.go.th") == 0.5  # robots can slow us down, never speed us up
    slots.defer("x.go.th", 30)
    assert slots._get("x.go.th").next_start >= clock.now + 30


def test_crawl_delay_honoured_on_the_wire(site):
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.3\n", content_type=TEXT)
    site.html("/", "/a.html", "/b.html")
    site.html("/a.html")
    site.html("/b.html")
    result = crawl_sync(site.url("/"), settings())
    times = [t for t, raw, _ in site.log if raw != "/robots.txt"]
    assert len(times) == 3
    # Server-side arrival times jitter on a busy machine; without the delay the gaps would be milliseconds.
    assert all(b - a >= 0.2 for a, b in zip(times, times[1:])) and times[-1] - times[0] >= 0.5
    assert result.hosts[site.base]["delay_applied"] == pytest.approx(0.3)
    assert result.hosts[site.base]["crawl_delay_capped"] is False


def test_crawl_delay_cap_is_recorded(site):
    site.page("/robots.txt", "User-agent: ita-rules\nCrawl-delay: 100\n", content_type=TEXT)
    site.html("/")
    result = crawl_sync(site.url("/"), settings(max_crawl_delay=0.05))
    host = result.hosts[site.base]
    assert host["crawl_delay"] == 100 and host["delay_applied"] == pytest.approx(0.05)
    assert host["crawl_delay_capped"] is True
    assert any("capped" in w for w in result.warnings)


# ---------------------------------------------------------------- retries and errors


def _flaky(statuses: list[int], **headers: str):
    calls = {"n": 0}

    def handler(req: Request) -> Response:
        calls["n"] += 1
        if calls["n"] <= len(statuses):
            return Response(statuses[calls["n"] - 1], "busy", headers)
        return Response(200, "<p>finally</p>")

    return handler


def test_429_retry_after_is_honoured(site):
    site.route("/", _flaky([429], **{"Retry-After": "1"}))
    result = crawl_sync(site.url("/"), settings())
    assert result.home.outcome == "ok" and result.home.attempts == 2
    hits = [t for t, raw, _ in site.log if raw == "/"]
    assert hits[1] - hits[0] >= 0.9


def test_503_twice_then_ok(site):
    site.route("/", _flaky([503, 503]))
    result = crawl_sync(site.url("/"), settings())
    assert result.home.outcome == "ok" and result.home.status == 200
    assert result.home.attempts == 3 and site.hits["/"] == 3


def test_other_4xx_not_retried_and_retries_are_bounded(site):
    site.html("/", "/gone", "/busy")
    site.page("/gone", "no", status=404)
    site.page("/busy", "no", status=503)
    result = crawl_sync(site.url("/"), settings(retries=2))
    recs = by_path(result, site)
    assert recs["/gone"].outcome == "http_error" and recs["/gone"].attempts == 1 and site.hits["/gone"] == 1
    assert recs["/busy"].outcome == "http_error" and recs["/busy"].status == 503 and site.hits["/busy"] == 3
    assert recs["/gone"].sha256  # error pages are kept: soft-404 / WAF pages need review later


def test_retry_after_http_date():
    future = datetime.now(timezone.utc) + timedelta(seconds=20)
    assert 15 < parse_retry_after(format_datetime(future, usegmt=True)) <= 20
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("soon") is None


def test_dead_port_is_an_error_record_not_an_exception():
    url = f"http://127.0.0.1:{free_port()}/"
    result = crawl_sync(url, settings(retries=2))
    assert result.home is not None and result.home.outcome == "error"
    assert result.home.error.startswith("ConnectError")
    assert "Errno" in result.home.error and "\n" not in result.home.error
    assert result.home.attempts == 1  # robots.txt already found the host down: no second backoff series
    assert any("could not be fetched" in w for w in result.warnings)


@pytest.mark.parametrize("bad", ["", "ftp://example.com/", "http://", "not a url"])
def test_invalid_start_url_raises_value_error(bad):
    with pytest.raises(ValueError) as err:
        crawl_sync(bad, settings())
    assert "\n" not in str(err.value)


def test_bare_host_gets_a_scheme():
    assert validate_start_url("www.abc.go.th") == "http://www.abc.go.th/"


# ---------------------------------------------------------------- redirects


def _redirect(location: str, **headers: str):
    return lambda req: Response(302, "", {"Location": location, **headers})


def test_redirect_loop_detected(site):
    site.route("/loop1", _redirect("/loop2"))
    site.route("/loop2", _redirect("/loop1"))
    result = crawl_sync(site.url("/loop1"), settings())
    assert result.home.outcome == "redirect_loop"
    assert "loop" in result.home.error and result.home.redirects[-1].endswith("/loop2")
    assert site.hits["/loop1"] == 1 and site.hits["/loop2"] == 1


def test_too_many_redirects_and_chain_recorded(site):
    site.route("/r", lambda req: Response(302, "", {"Location": f"/r?n={int(req.query['n'][0]) - 1}"})
               if int(req.query["n"][0]) > 0 else Response(200, "<p>end</p>"))
    result = crawl_sync(site.url("/r?n=12"), settings())
    assert result.home.outcome == "too_many_redirects" and len(result.home.redirects) == 11
    result = crawl_sync(site.url("/r?n=3"), settings())
    assert result.home.outcome == "ok" and len(result.home.redirects) == 3
    assert result.home.final_url.endswith("/r?n=0")


def test_cookie_bounce_is_not_a_loop(site):
    def bounce(req: Request) -> Response:
        if "visited=1" in req.headers.get("cookie", ""):
            return Response(200, "<p>in</p>")
        return Response(302, "", {"Location": "/start", "Set-Cookie": "visited=1; Path=/"})

    site.route("/start", bounce)
    result = crawl_sync(site.url("/start"), settings())
    assert result.home.outcome == "ok" and site.hits["/start"] == 2


def test_offsite_redirect_recorded_as_external_and_blocked_hop(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type=TEXT)
    site.html("/", "/out", "/go")
    site.route("/out", _redirect("https://www.facebook.com/agency"))
    site.route("/go", _redirect("/private/x.html"))
    result = crawl_sync(site.url("/"), settings())
    recs = by_path(result, site)
    assert recs["/out"].status == 302 and recs["/out"].final_url == "https://www.facebook.com/agency"
    assert any(e.url == "https://www.facebook.com/agency" and e.category == "facebook" for e in result.external_links)
    assert recs["/go"].outcome == "robots_blocked" and recs["/go"].redirects == [site.url("/go")]
    assert site.hits["/private/x.html"] == 0


# ---------------------------------------------------------------- size caps


def test_too_large_by_content_length_and_by_stream(site):
    site.html("/", "/declared.pdf", "/streamed.pdf", "/small.pdf")
    site.page("/declared.pdf", b"%PDF-1.4 tiny", content_type="application/pdf", Content_Length=str(100 * 2**20))
    site.route("/streamed.pdf", lambda req: Response(200, (b"x" * 65536 for _ in range(80)), {}, "application/pdf"))
    site.page("/small.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    result = crawl_sync(site.url("/"), settings(max_bytes=2**20))
    recs = by_path(result, site)
    for p in ("/declared.pdf", "/streamed.pdf"):
        assert recs[p].outcome == "too_large" and recs[p].truncated and recs[p].sha256 is None, p
    assert "Content-Length" in recs["/declared.pdf"].error
    assert recs["/small.pdf"].outcome == "ok" and recs["/small.pdf"].size == 11
    assert result.stats["too_large"] == 2


def _gzip_bomb(mb: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zero = b"\0" * 2**20
    return b"".join([comp.compress(zero) for _ in range(mb)] + [comp.flush()])


def test_gzip_bomb_stops_at_cap_without_inflating(site):
    bomb = _gzip_bomb(100)
    assert len(bomb) < 200_000
    site.route("/", lambda req: Response(200, bomb, {"Content-Encoding": "gzip"}, "text/html"))
    tracemalloc.start()
    try:
        result = crawl_sync(site.url("/"), settings(max_bytes=2**20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.home.outcome == "too_large"
    assert peak < 30 * 2**20


def test_gzip_and_deflate_bodies_are_decoded(site):
    html = "<html><body><a href='/a.html'>ข้อมูล</a></body></html>".encode()
    site.route("/", lambda req: Response(200, gzip.compress(html), {"Content-Encoding": "gzip"}))
    site.route("/a.html", lambda req: Response(200, zlib.compress(b"<p>a</p>")[2:-4], {"Content-Encoding": "deflate"}))
    result = crawl_sync(site.url("/"), settings())
    recs = by_path(result, site)
    assert result.home.size == len(html) and recs["/a.html"].outcome == "ok" and recs["/a.html"].size == 8


# ---------------------------------------------------------------- traps and budgets


def test_calendar_trap_capped_by_pattern(site):
    site.route("/calendar", lambda req: Response(
        200, f'<a href="/calendar?date={int(req.query["date"][0]) + 1}">next</a>'))
    site.html("/", "/calendar?date=1")
    result = crawl_sync(site.url("/"), settings(max_per_pattern=5, max_depth=100))
    assert site.hits["/calendar"] == 5
    skipped = [r for r in result.records if r.outcome == "skipped_trap"]
    assert [r.url for r in skipped] == [site.url("/calendar?date=6")]
    assert result.stats["skipped_trap"] == 1
    assert any("trap guard" in w for w in result.warnings)


def test_menu_links_that_differ_only_by_id_are_not_traps(site):
    # Dungbhumi-style CMSs: every OIT page is /public/list/data/detail/id/N/menu/M, linked from the menu.
    paths = [f"/public/list/data/detail/id/{n}/menu/1141" for n in range(40)]
    site.html("/", *paths)
    for p in paths:
        site.page(p, "<p>หน้าข้อมูล</p>")
    result = crawl_sync(site.url("/"), settings(max_per_pattern=5))
    assert sum(site.hits[p] for p in paths) == 40
    assert result.stats.get("skipped_trap", 0) == 0


def test_depth_limit(site):
    site.html("/", "/d1")
    site.html("/d1", "/d2")
    site.html("/d2", "/d3")
    result = crawl_sync(site.url("/"), settings(max_depth=2))
    recs = by_path(result, site)
    assert recs["/d2"].outcome == "ok" and recs["/d3"].outcome == "out_of_budget" and site.hits["/d3"] == 0


def test_page_budget(site):
    site.html("/", *[f"/p{i}" for i in range(20)])
    for i in range(20):
        site.html(f"/p{i}")
    result = crawl_sync(site.url("/"), settings(max_pages=5))
    assert result.stats["fetched"] == 5
    assert result.stats["out_of_budget"] == 16  # home + 4 children fetched, 16 children left
    assert sum(v for k, v in site.hits.items() if k.startswith("/p")) == 4
    assert any("max_pages" in w for w in result.warnings)


def test_time_budget_ends_the_crawl(site):
    def slow(req: Request) -> Response:
        time.sleep(0.4)
        return Response(200, "<p>slow</p>")

    site.html("/", *[f"/slow{i}" for i in range(10)])
    for i in range(10):
        site.route(f"/slow{i}", slow)
    result = crawl_sync(site.url("/"), settings(time_budget=1.0, per_host_concurrency=2, max_concurrency=2))
    urls = [r.url for r in result.records]
    assert len(urls) == len(set(urls)) == 11  # every URL recorded exactly once
    assert 0 < result.stats["out_of_budget"] < 10
    assert any("time budget" in w for w in result.warnings)


def test_session_id_variants_fetched_once(site):
    site.html("/", "/page?PHPSESSID=abc", "/page?PHPSESSID=def", "/page;jsessionid=XYZ", "/page?utm_source=fb",
              "/page")
    site.html("/page")
    result = crawl_sync(site.url("/"), settings())
    assert site.hits["/page"] == 1
    assert [r.url for r in result.records if "/page" in r.url] == [site.url("/page")]


def test_external_links_recorded_not_fetched(site):
    site.page("/", '<a href="https://www.facebook.com/agency">เฟซบุ๊ก</a> <a href="http://example.invalid/x">X</a>'
                   '<a href="mailto:a@b.go.th">mail</a><iframe src="https://www.youtube.com/embed/1"></iframe>')
    result = crawl_sync(site.url("/"), settings())
    ext = {e.url: e for e in result.external_links}
    assert ext["https://www.facebook.com/agency"].text == "เฟซบุ๊ก"
    assert ext["https://www.facebook.com/agency"].from_page == site.url("/")
    assert "http://example.invalid/x" in ext and "https://www.youtube.com/embed/1" in ext
    assert result.stats["external"] == 3
    assert [r.url for r in result.records] == [site.url("/")]


def test_viewer_frame_document_fetched(site):
    """Held-out test class: a PDF.js viewer frame names its document in file=; the document itself is fetched."""
    site.page("/view.html", '<h1>แผนปฏิบัติการ 2568</h1>'
                            '<iframe src="/pdfjs/web/viewer.html?file=%2Fuploads%2Fplan-2568.pdf#page=1"></iframe>')
    site.html("/", "/view.html")
    site.html("/pdfjs/web/viewer.html")
    site.page("/uploads/plan-2568.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    result = crawl_sync(site.url("/"), settings())
    rec = by_path(result, site)["/uploads/plan-2568.pdf"]
    assert rec.outcome == "ok" and rec.referrer == site.url("/view.html")
    assert site.hits["/uploads/plan-2568.pdf"] == 1


def test_documents_fetched_not_parsed_and_media_skipped(site):
    site.html("/", "/doc.pdf", "/pic.jpg")
    site.page("/doc.pdf", b'%PDF-1.4 <a href="/secret.html">x</a>', content_type="application/pdf")
    result = crawl_sync(site.url("/"), settings())
    assert by_path(result, site)["/doc.pdf"].outcome == "ok"
    assert site.hits["/secret.html"] == 0 and site.hits["/pic.jpg"] == 0
    result = crawl_sync(site.url("/"), settings(follow_documents=False))
    assert site.hits["/doc.pdf"] == 1 and result.stats["documents_not_followed"] == 1


def test_meta_refresh_followed(site):
    site.page("/", '<html><head><meta http-equiv="refresh" content="0; url=/th/index.html"></head></html>')
    site.html("/th/index.html")
    result = crawl_sync(site.url("/"), settings())
    rec = by_path(result, site)["/th/index.html"]
    assert rec.outcome == "ok" and rec.depth == 0 and rec.referrer == site.url("/")


def test_sitemap_index_seeds_urls(site):
    site.page("/robots.txt", f"User-agent: *\nSitemap: {site.url('/smi.xml')}\n", content_type=TEXT)
    site.page("/smi.xml", f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                          f'<sitemap><loc>{site.url("/sm1.xml")}</loc></sitemap></sitemapindex>',
              content_type="application/xml")
    site.page("/sm1.xml", gzip.compress(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{site.url("/orphan.html")}</loc></url>'
        f'<url><loc>https://elsewhere.invalid/x</loc></url></urlset>'.encode()), content_type="application/x-gzip")
    site.html("/")
    site.html("/orphan.html")
    result = crawl_sync(site.url("/"), settings(use_sitemaps=True))
    rec = by_path(result, site)["/orphan.html"]
    assert rec.outcome == "ok" and rec.referrer == site.url("/sm1.xml")
    assert [r.role for r in result.aux_records] == ["robots", "sitemap", "sitemap"]
    assert result.stats["sitemap_urls"] == 1 and site.hits["/sitemap.xml"] == 0


def test_user_agent_and_progress(site):
    site.html("/")
    seen = []
    crawl_sync(site.url("/"), settings(), progress=lambda rec, stats: seen.append((rec.url, stats["fetched"])))
    assert all(ua.startswith("ita-rules/") for _, _, ua in site.log)
    assert (site.url("/"), 1) in seen


def test_async_api_and_sync_wrapper_inside_loop(site):
    site.html("/")

    async def main():
        a = await crawl(site.url("/"), settings())
        b = crawl_sync(site.url("/"), settings())  # must not deadlock inside a running loop
        return a, b

    a, b = asyncio.run(main())
    assert a.home.outcome == b.home.outcome == "ok"


# ---------------------------------------------------------------- snapshot integration


def test_snapshot_written_and_read_back(site, tmp_path):
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type=TEXT)
    site.html("/", "/a.html", "/private/b.html", "https://www.facebook.com/x")
    site.html("/a.html", "/")
    result = crawl_sync(site.url("/"), settings(), writer=SnapshotWriter(tmp_path / "snap"))
    reader = SnapshotReader(tmp_path / "snap")
    stored = list(reader.records())
    assert sorted(r.model_dump_json() for r in stored) == sorted(
        r.model_dump_json() for r in result.records + result.aux_records)
    assert [r.url for r in reader.pages()] == [r.url for r in result.records]
    home = next(r for r in stored if r.url == site.url("/"))
    assert b'href="/a.html"' in reader.body(home.sha256)
    m = reader.manifest
    assert m["complete"] is True and m["target"] == site.url("/") and m["stats"] == result.stats
    assert m["counts"]["records"] == len(stored) and m["settings"]["delay"] == 0.0
    assert m["tool"]["name"] == "ita-rules" and m["finished_at"]


# ---------------------------------------------------------------- local directory


def test_crawl_directory(tmp_path):
    root = tmp_path / "build"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text(
        '<a href="a.html">A</a><a href="sub/">S</a><a href="missing.html">M</a>'
        '<a href="ไฟล์ ข้อ.html">T</a><a href="doc.pdf">D</a><a href="https://www.facebook.com/x">F</a>'
        '<a href="../../../etc/passwd">P</a>', encoding="utf-8")
    (root / "a.html").write_text('<a href="/">home</a>', encoding="utf-8")
    (root / "sub" / "index.html").write_text("<p>sub</p>", encoding="utf-8")
    (root / "ไฟล์ ข้อ.html").write_text("<p>ไทย</p>", encoding="utf-8")
    (root / "doc.pdf").write_bytes(b"%PDF-1.4")
    (root / "orphan.html").write_text("<p>nobody links here</p>", encoding="utf-8")
    result = crawl_directory(root, settings(), SnapshotWriter(tmp_path / "snap"))
    recs = {r.url[len(LOCAL_BASE) - 1:]: r for r in result.records}
    assert result.home.url == LOCAL_BASE and result.home.status == 200
    assert recs["/a.html"].outcome == "ok" and recs["/sub/"].outcome == "ok"
    assert recs["/missing.html"].status == 404 and recs["/etc/passwd"].status == 404
    assert recs["/%E0%B9%84%E0%B8%9F%E0%B8%A5%E0%B9%8C%20%E0%B8%82%E0%B9%89%E0%B8%AD.html"].outcome == "ok"
    assert recs["/doc.pdf"].content_type == "application/pdf"
    assert result.stats["external"] == 1 and result.stats["orphan_files"] == 1
    reader = SnapshotReader(tmp_path / "snap")
    assert reader.manifest["mode"] == "directory" and len(list(reader.pages())) == len(result.records)
    with pytest.raises(ValueError):
        crawl_directory(tmp_path / "nope", settings())


def test_start_url_moving_to_another_domain_is_followed(site):
    new_home = f"http://localhost:{site.base.rsplit(':', 1)[1]}/home"
    site.route("/", _redirect(new_home))
    site.html("/home", "a.html")
    site.html("/a.html")
    result = crawl_sync(site.url("/"), settings())
    assert result.home.outcome == "ok" and result.home.final_url == new_home
    assert any(r.url.endswith("/a.html") and r.outcome == "ok" for r in result.records)
    assert any("redirects to another site" in w for w in result.warnings)


def test_failing_snapshot_writer_aborts_instead_of_hanging(site, tmp_path):
    class Full(SnapshotWriter):
        def add(self, record, body=None):
            if record.role == "page":
                raise OSError(28, "No space left on device")
            return super().add(record, body)

    site.html("/", "/a.html")
    writer = Full(tmp_path / "snap")
    with pytest.raises(OSError):
        crawl_sync(site.url("/"), settings(), writer=writer)
    assert SnapshotReader(tmp_path / "snap").manifest["complete"] is False


def test_scheme_variants_of_one_page_fetched_once(site):
    site.html("/", "/p", site.url("/p").replace("http://", "https://"), "/p#section")
    site.html("/p")
    result = crawl_sync(site.url("/"), settings())
    assert [r.url for r in result.records] == [site.url("/"), site.url("/p")]


def test_many_documents_under_one_pattern_are_not_a_trap(site):
    # An LAO site keeps every file as /datacenter/doc_download/a_<date>_<time>.pdf: documents link nowhere, so
    # the per-pattern trap guard must not drop the OIT evidence among them (held-out lao-jpg-notices).
    docs = [f"/datacenter/doc_download/a_{n:06d}_101530.pdf" for n in range(12)]
    site.html("/", "/list")
    site.html("/list", "/list2")
    site.html("/list2", *docs)
    for d in docs:
        site.route(d, lambda req: Response(200, b"%PDF-1.4\n%%EOF", {"Content-Type": "application/pdf"}))
    result = crawl_sync(site.url("/"), settings(max_per_pattern=5, trap_free_depth=1))
    assert sum(site.hits[d] for d in docs) == 12
    assert result.stats.get("skipped_trap", 0) == 0
