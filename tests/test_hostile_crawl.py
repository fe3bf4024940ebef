"""Hostile sites (issue 11 #3, #9, #12 and the crawl minors): a clear, bounded outcome, never a wrong one.

Every hostile server is generated here (tests/httpsrv.py); nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from conftest import run_ita
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
    cov = json.loads(p.stdout)["coverage"]
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
