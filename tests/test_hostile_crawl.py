"""Hostile sites (issue 11 #3, #9, #12 and the crawl minors): a clear, bounded outcome, never a wrong one.

Every hostile server is generated here (tests/httpsrv.py); nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from conftest import run_ita, site_result
from httpsrv import Response, TestSite

FAST = ["--delay", "0", "--retries", "0"]


def _records(snapshot: Path) -> list[dict]:
    return [json.loads(line) for line in (snapshot / "records.jsonl").read_text("utf-8").splitlines() if line]


def _trickle(seconds: float, gap: float = 1.0):
    """A route that sends one byte every `gap` seconds for `seconds` (each read is quick, the whole is not)."""
    def route(req):
        def body():
            yield b"<"
            for _ in range(int(seconds / gap)):
                time.sleep(gap)
                yield b" "
        return Response(200, body(), {}, "application/xml")
    return route


# ---------------------------------------------------------------------------- #9 slow sitemap, total fetch time


def test_a_slow_sitemap_does_not_make_a_healthy_site_unreachable():
    with TestSite() as site:
        site.html("/", "/about.html", title="หน้าแรก")
        site.html("/about.html", title="เกี่ยวกับเรา")
        site.route("/sitemap.xml", _trickle(600))
        p = run_ita("check", site.url("/"), "--format", "json", "--time-budget", "30", *FAST, timeout=120)
        assert site.hits["/"] >= 1
    assert p.returncode in (0, 1), p.stderr
    cov = site_result(p.stdout)["coverage"]
    assert cov["reachable"] and cov["home_outcome"] == "ok"
    assert cov["ok"] >= 2
    assert any("sitemap" in w for w in cov["warnings"])


def test_timeout_bounds_a_whole_response(tmp_path):
    with TestSite() as site:
        site.html("/", "/slow.html", title="หน้าแรก")
        site.route("/slow.html", _trickle(600, gap=0.5))  # every read is quick, the response never ends
        p = run_ita("check", site.url("/"), "--format", "json", "--time-budget", "60", "--timeout", "3",
                    "--save-snapshot", str(tmp_path / "snap"), *FAST, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    slow = next(r for r in _records(tmp_path / "snap") if r["url"].endswith("/slow.html"))
    assert slow["outcome"] == "error" and "3 s" in slow["error"]


# ---------------------------------------------------------------------------- #12 a page of 300,000 links


def test_a_page_of_300000_links_stays_bounded_and_is_counted_right(tmp_path):
    from hostile_files import link_flood
    from test_hostile_documents import capped_ita

    with TestSite() as site:
        site.page("/", link_flood(300_000))  # 10 MB; every /pN is a 404
        p = capped_ita("check", site.url("/"), "--format", "json", "--max-pages", "50", "--time-budget", "60",
                       "--save-snapshot", str(tmp_path / "snap"), *FAST, timeout=240)
        fetched = sum(n for path, n in site.hits.items() if path not in ("/robots.txt", "/sitemap.xml")
                      and not path.startswith("/ita-rules-probe-"))
    assert p.returncode in (0, 1), p.stderr[-2000:]
    cov = site_result(p.stdout)["coverage"]
    assert cov["pages_fetched"] == fetched <= 50
    assert not cov["complete"]
    assert any("300,000 links" in w for w in cov["warnings"])
    records = _records(tmp_path / "snap")
    assert len(records) < 5_000  # links not fetched are counted, not written one record each
    assert (tmp_path / "snap" / "records.jsonl").stat().st_size < 5 << 20
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text("utf-8"))
    assert manifest["stats"]["links_not_followed"] >= 290_000


def test_links_below_256_nesting_levels_are_followed():
    deep = "<div>" * 600 + '<a href="/deep.html">ลึก</a>' + "</div>" * 600
    with TestSite() as site:
        site.page("/", f"<html><body>{deep}<a href='/after.html'>ถัดไป</a></body></html>")
        site.html("/deep.html", title="deep")
        site.html("/after.html", title="after")
        p = run_ita("check", site.url("/"), "--format", "json", "--time-budget", "30", *FAST, timeout=120)
        assert site.hits["/deep.html"] == 1 and site.hits["/after.html"] == 1
    assert p.returncode in (0, 1), p.stderr


# ---------------------------------------------------------------------------- batch minors


def _sites_csv(tmp_path: Path, *urls: str) -> Path:
    listing = tmp_path / "sites.csv"
    listing.write_text("name,url\n" + "".join(f"site{i},{u}\n" for i, u in enumerate(urls)), encoding="utf-8")
    return listing


def test_a_one_site_sites_batch_prints_the_run_document(tmp_path):
    with TestSite() as site:
        site.html("/", title="หน้าแรก")
        p = run_ita("check", "--sites", str(_sites_csv(tmp_path, site.url("/"))), "--db", str(tmp_path / "r.sqlite"),
                    "--format", "json", "--time-budget", "30", *FAST, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    data = json.loads(p.stdout)
    assert data["schema_id"] == "ita-check-run/1" and [s["site"]["name"] for s in data["sites"]] == ["site0"]


def test_a_second_resume_of_a_running_batch_is_refused(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    def slow(req):
        time.sleep(1.5)
        return Response(200, "<html><head><title>ช้า</title></head><body>" + "".join(
            f'<a href="/p{i}.html">หน้า {i}</a>' for i in range(6)) + "</body></html>")

    with TestSite() as a, TestSite() as b:
        for site in (a, b):
            site.route("/", slow)
            for i in range(6):
                site.route(f"/p{i}.html", slow)
        listing = _sites_csv(tmp_path, a.url("/"), b.url("/"))
        db = tmp_path / "r.sqlite"
        args = [sys.executable, "-m", "cli.main", "check", "--sites", str(listing), "--db", str(db), "--resume",
                "--format", "json", "--time-budget", "60", *FAST]
        first = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            deadline = time.monotonic() + 60
            while a.hits["/"] + b.hits["/"] == 0:  # the first run is crawling
                assert first.poll() is None and time.monotonic() < deadline, first.stderr.read()
                time.sleep(0.05)
            second = run_ita("check", "--sites", str(listing), "--db", str(db), "--resume", "--format", "json",
                             "--time-budget", "60", *FAST, timeout=60)
            hits_during = a.hits["/"] + b.hits["/"]
            assert first.wait(120) in (0, 1), first.stderr.read()
        finally:
            if first.poll() is None:
                first.kill()
    assert second.returncode == 2, (second.returncode, second.stderr)
    assert len(second.stderr.strip().splitlines()) == 1 and "already running" in second.stderr
    assert str(db) in second.stderr
    assert hits_during <= 2  # the refused run crawled nothing


def test_stale_batch_folders_are_removed_at_the_next_start(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id nobody holds any more: its folder was left by a kill -9
    stale = scratch / f"ita-batch-{gone.pid}-x1y2"
    (stale / "site-0" / "bodies").mkdir(parents=True)
    live = scratch / f"ita-batch-{os.getpid()}-a3b4"  # a run still going (this test's process) keeps its folder
    live.mkdir()
    with TestSite() as site:
        site.html("/", title="หน้าแรก")
        p = subprocess.run([sys.executable, "-m", "cli.main", "check", "--sites",
                            str(_sites_csv(tmp_path, site.url("/"))), "--db", str(tmp_path / "r.sqlite"),
                            "--format", "json", "--time-budget", "30", *FAST], cwd=ROOT, capture_output=True,
                           text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)})
    assert p.returncode in (0, 1), p.stderr
    assert not stale.exists() and live.exists()
    assert not [d for d in scratch.iterdir() if d != live]  # and this run cleaned up after itself
