"""`ita check --sites`: many sites at once, polite per host, stored in SQLite, resumable after any stop."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_ita
from httpsrv import TestSite

from cli.runs.batch import load_sites_csv, run_batch
from cli.pipeline import run_check
from fixtures.serve import serve_site
from crawler.settings import CrawlSettings
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.errors import ItaError

FIXTURE_SITES = ["index-site", "menu-site", "legacy-cp874", "traps", "demo"]
FAST = CrawlSettings(delay=0)


def _hosts(n: int) -> list[str]:
    """Loopback addresses 127.0.0.1..n (distinct hosts to the crawler); only 127.0.0.1 where others fail."""
    out = []
    for i in range(1, n + 1):
        with contextlib.suppress(OSError), socket.socket() as s:
            s.bind((f"127.0.0.{i}", 0))
            out.append(f"127.0.0.{i}")
    return out if len(out) == n else ["127.0.0.1"] * n


class Meter:
    """Requests being answered at once, per server IP: the politeness the crawler actually showed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()

    def wrap(self, server) -> None:
        meter, ip, base = self, server.server_address[0], server.RequestHandlerClass

        class Metered(base):
            # A request counts from its arrival until just before its headers go out: after that the client
            # may have its answer and send the next one while this thread, slowed by a busy machine, has not
            # yet returned, which would count as two in flight.
            def _handle(self, head: bool) -> None:
                with meter.lock:
                    meter.now[ip] += 1
                    meter.peak[ip] = max(meter.peak[ip], meter.now[ip])
                self._metered = True
                try:
                    super()._handle(head)
                finally:
                    self._answered()

            def end_headers(self) -> None:
                self._answered()
                super().end_headers()

            def _answered(self) -> None:
                if getattr(self, "_metered", False):
                    self._metered = False
                    with meter.lock:
                        meter.now[ip] -= 1

        server.RequestHandlerClass = Metered


@pytest.fixture(scope="module")
def fleet():
    """50 live fixture sites: the five fixtures on ten loopback hosts, each on its own port."""
    meter = Meter()
    with contextlib.ExitStack() as stack:
        sites = []
        for k, host in enumerate(_hosts(10), 1):
            for name in FIXTURE_SITES:
                server, base = stack.enter_context(serve_site(FIXTURES / "sites" / name, host=host))
                meter.wrap(server)
                sites.append(SiteSpec(name=f"{name}-{k}", target=base + "/", agency_type="อบต."))
        yield sites, meter


@pytest.fixture(scope="module")
def batch(fleet, pack2568, tmp_path_factory):
    sites, meter = fleet
    db = tmp_path_factory.mktemp("batch") / "results.sqlite"
    t0 = time.monotonic()
    summary = run_batch(sites, pack2568, 2568, "th", FAST, db, max_sites_in_flight=4)
    return summary, db, time.monotonic() - t0, dict(meter.peak)


def _rows(db: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_fifty_sites_equal_single_checks(batch, fleet, pack2568):
    summary, db, seconds, peaks = batch
    sites, _ = fleet
    assert (summary.done, summary.stored_now, summary.complete, summary.exit_code) == (50, 50, True, 1)
    assert _rows(db, "SELECT COUNT(*), COUNT(DISTINCT name) FROM sites") == [(50, 50)]
    assert _rows(db, "SELECT COUNT(*) FROM items") == [(50 * 28,)]
    stored = {name: json.loads(text) for name, text in _rows(db, "SELECT name, result FROM sites")}
    for name in FIXTURE_SITES:
        one = run_check(next(s.target for s in sites if s.name == f"{name}-1"), pack2568, 2568, "th", FAST)
        want = [(i.id, i.outcome, i.reason) for i in one.items]
        for k in range(1, 11):
            got = stored[f"{name}-{k}"]
            assert [(i["id"], i["outcome"], i["reason"]) for i in got["items"]] == want, f"{name}-{k}"
            assert (got["oit"]["min"], got["oit"]["max"], got["counts"]) == (one.oit.min, one.oit.max, one.counts)


def test_politeness_holds_across_sites_of_a_host(batch):
    summary, _db, _s, peaks = batch
    # Five sites per host, yet never more requests in flight to one host than one crawl may make.
    assert peaks and max(peaks.values()) <= FAST.per_host_concurrency
    if len(peaks) > 1:
        assert summary.peak_in_flight > 1  # sites on different hosts did run together


def test_same_host_other_port_shares_the_delay(pack2568, tmp_path):
    with TestSite() as a, TestSite() as b:
        for site in (a, b):
            site.html("/", "/p1", "/p2", "/p3")
            for p in ("/p1", "/p2", "/p3"):
                site.html(p, "/")
        sites = [SiteSpec(name="a", target=a.url("/")), SiteSpec(name="b", target=b.url("/"))]
        settings = CrawlSettings(delay=0.25, use_sitemaps=False, probe_not_found=False, respect_robots=False)
        summary = run_batch(sites, pack2568, 2568, "th", settings, tmp_path / "r.sqlite", max_sites_in_flight=2)
    assert summary.done == 2
    ta, tb = [t for t, _, _ in a.log], [t for t, _, _ in b.log]
    assert len(ta) == len(tb) == 4
    starts = sorted(ta + tb)
    assert min(y - x for x, y in zip(starts, starts[1:])) >= 0.2  # one host, one gap: ports do not matter
    assert max(ta) < min(tb) or max(tb) < min(ta)  # and its sites are crawled one after another


def test_stop_after_then_resume_stores_each_site_once(fleet, pack2568, tmp_path):
    sites = fleet[0][:11] + [SiteSpec(name="local-demo", target=str(FIXTURES / "sites" / "demo"))]
    db = tmp_path / "r.sqlite"
    first = run_batch(sites, pack2568, 2568, "th", FAST, db, stop_after=5)
    assert (first.done, first.stored_now, first.complete) == (5, 5, False)
    assert _rows(db, "SELECT status FROM runs") == [("interrupted",)]
    kept = _rows(db, "SELECT name, finished_at, rowid FROM sites")
    second = run_batch(sites, pack2568, 2568, "th", FAST, db, resume=True)
    assert (second.run_id, second.skipped, second.stored_now, second.done, second.complete) == (
        first.run_id, 5, 7, 12, True)
    assert _rows(db, "SELECT name, finished_at, rowid FROM sites ORDER BY rowid LIMIT 5") == kept
    assert _rows(db, "SELECT COUNT(*), COUNT(DISTINCT name) FROM sites") == [(12, 12)]
    assert _rows(db, "SELECT COUNT(*) FROM items") == [(12 * 28,)]
    assert _rows(db, "SELECT status FROM runs") == [("finished",)]
    again = run_batch(sites, pack2568, 2568, "th", FAST, db, run_id=first.run_id)
    assert (again.stored_now, again.done) == (0, 12)
    with pytest.raises(ItaError, match="different site list"):
        run_batch(sites[:3], pack2568, 2568, "th", FAST, db, run_id=first.run_id)


KILLABLE = """
import sys
from cli.runs.batch import load_sites_csv, run_batch
from crawler.settings import CrawlSettings
from ita_rules.loader import pack_by_id

if __name__ == "__main__":
    run_batch(load_sites_csv(sys.argv[1]), pack_by_id("ita-2568"), 2568, "th", CrawlSettings(delay=0.02),
              sys.argv[2], max_sites_in_flight=2)
"""


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_sigkill_mid_run_then_resume(fleet, pack2568, tmp_path):
    sites = fleet[0][:15]
    listing = tmp_path / "sites.csv"
    with listing.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "url", "type"])
        w.writerows([s.name, s.target, s.agency_type] for s in sites)
    db, script = tmp_path / "r.sqlite", tmp_path / "killable.py"
    script.write_text(KILLABLE)
    proc = subprocess.Popen([sys.executable, str(script), str(listing), str(db)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while stored < 3:
            assert proc.poll() is None and time.monotonic() < deadline, "the batch ended before it was killed"
            time.sleep(0.05)
            with contextlib.suppress(sqlite3.OperationalError):
                stored = _rows(db, "SELECT COUNT(*) FROM sites")[0][0]
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    killed_at = _rows(db, "SELECT COUNT(*) FROM sites")[0][0]
    assert 3 <= killed_at < 15
    assert _rows(db, "SELECT status FROM runs") == [("running",)]  # nobody could mark it
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers)), "evaluation workers outlived their killed parent"
    summary = run_batch(load_sites_csv(listing), pack2568, 2568, "th", FAST, db, resume=True)
    assert (summary.skipped, summary.done, summary.complete) == (killed_at, 15, True)
    assert _rows(db, "SELECT COUNT(*), COUNT(DISTINCT name) FROM sites") == [(15, 15)]
    assert _rows(db, "SELECT COUNT(*) FROM items") == [(15 * 28,)]


def test_results_cli_lists_shows_and_renders(batch, tmp_path):
    summary, db, _s, _p = batch
    p = run_ita("results", "--db", str(db))
    assert p.returncode == 0, p.stderr
    assert str(summary.run_id) in p.stdout and "50/50" in p.stdout and "finished" in p.stdout
    p = run_ita("results", "show", str(summary.run_id), "--db", str(db))
    assert p.returncode == 0 and "traps-10" in p.stdout and "73.75–80.00" in p.stdout, p.stderr
    out = tmp_path / "m.csv"
    p = run_ita("results", "matrix", str(summary.run_id), "--db", str(db), "--format", "csv", "-o", str(out))
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 50 and len({r["site"] for r in rows}) == 50
    p = run_ita("results", "--db", str(db), "matrix", "--format", "html")
    assert p.returncode == 0 and p.stdout.count('<td class="n') >= 50 * 3 and "ตัวชี้วัดที่ 10" in p.stdout
    p = run_ita("results", "diff", "demo-1", "--db", str(db))
    assert p.returncode == 2 and "needs two" in p.stderr and len(p.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("text,line,message", [
    ("name,url\nก,http://a.test/\nข,\n", 3, "has no URL"),
    ("name,url\na,http://a.test/\n\nb,http://b.test/\na,http://c.test/\n", 5, "duplicate site name 'a' (first on line 2)"),
    ("name,url\na,ftp://a.test/\n", 2, "only http and https"),
    (",url\n", 1, "needs columns name and url"),
    ("name,url,target\n", 1, "two columns mean 'target'"),
    ("name,url\n,http://a.test/\n", 2, "has no name"),
    ("name,url\na,http://a.test/\nb,sites/missing\n", 3, "neither a directory"),
])
def test_bad_sites_csv_names_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "sites.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ItaError) as err:
        load_sites_csv(path)
    assert err.value.where == f"{path}:{line}" and message in err.value.message


def test_thai_headers_cp874_comments_and_local_dirs(tmp_path):
    (tmp_path / "site").mkdir()
    text = "ชื่อหน่วยงาน,เว็บไซต์,ประเภท,จังหวัด\n# ตัวอย่าง\nอบต.หนึ่ง,www.one.go.th,อบต.,ลำปาง\nโรงเรียนสอง,site,,\n"
    path = tmp_path / "sites.csv"
    path.write_bytes(text.encode("cp874"))
    one, two = load_sites_csv(path)
    assert (one.name, one.target, one.agency_type, one.declared_in) == ("อบต.หนึ่ง", "www.one.go.th", "อบต.",
                                                                       f"{path}:3")
    assert (two.name, two.target, two.agency_type) == ("โรงเรียนสอง", str((tmp_path / "site").resolve()), None)


FAST_FLAGS = ["--delay", "0", "--retries", "0"]


def test_bad_sites_csv_exits_2_with_one_line(tmp_path):
    """`ita check --sites`: one line naming file:line, exit 2, no database touched."""
    path = tmp_path / "sites.csv"
    path.write_text("name,url\na,http://a.test/\na,http://b.test/\n", encoding="utf-8")
    p = run_ita("check", "--sites", str(path), "--db", str(tmp_path / "r.sqlite"), *FAST_FLAGS, cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    assert p.stderr.strip().splitlines() == [f"ita: error: {path}:3: duplicate site name 'a' (first on line 2)"]
    assert not (tmp_path / "r.sqlite").exists()


def test_check_sites_exit_codes(tmp_path):
    with TestSite() as up:
        up.html("/", title="หน้าแรก")
        p = run_ita("check", "--sites", "-", "--db", "x", *FAST_FLAGS, cwd=tmp_path)
        assert p.returncode == 2  # "-" is no CSV file
        listing = tmp_path / "sites.csv"
        listing.write_text(f"name,url\nup,{up.url('/')}\n", encoding="utf-8")
        p = run_ita("check", "--sites", str(listing), "--db", str(tmp_path / "r.sqlite"), *FAST_FLAGS, cwd=tmp_path)
    assert p.returncode == 1 and "[1/1] up: OIT" in p.stderr, p.stderr  # an empty site fails items
    down = tmp_path / "down.csv"
    down.write_text("name,url\nd1,http://127.0.0.1:9/\nd2,http://127.0.0.1:9/x/\n", encoding="utf-8")
    p = run_ita("check", "--sites", str(down), "--db", str(tmp_path / "r.sqlite"), *FAST_FLAGS, cwd=tmp_path)
    assert p.returncode == 3, p.stderr
