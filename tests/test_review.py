"""`ita review` without a browser: the page's safety checks, decide and undo, batch runs in SQLite, agreement."""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

import pytest
import yaml
from conftest import FIXTURES, run_ita
from test_review_chromium import start_review, stop

from ita_rules.decisions.model import DecisionEntry, Fingerprint, ToolVerdict
from ita_rules.decisions.stats import agreement

DEMO = FIXTURES / "sites" / "demo"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    snap = tmp_path_factory.mktemp("review") / "snap"
    assert run_ita("check", str(DEMO), "--save-snapshot", str(snap)).returncode == 1
    return snap


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post(url: str, fields: dict) -> tuple[int, str]:
    data = urllib.parse.urlencode(fields).encode("utf-8")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=data), timeout=30) as r:
            return r.status, r.headers.get("Location", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "")


def _token(page: str) -> str:
    return re.search(r"name='token' value='([^']+)'", page).group(1)


def test_other_sites_cannot_post_decisions(snapshot, tmp_path):
    dec = tmp_path / "d.yaml"
    proc, url = start_review(str(snapshot), "--decisions", str(dec), "--lang", "en")
    try:
        status, page = _get(url)
        assert status == 200 and "o20" in page and "Opening opportunities for participation" in page
        assert _post(url + "decide", {"site": "demo", "item": "o20", "decision": "pass"})[0] == 403
        assert _post(url + "decide", {"token": "guess", "site": "demo", "item": "o20", "decision": "pass"})[0] == 403
        assert _get(url, host="attacker.example")[0] == 403  # DNS rebinding: a foreign Host header
    finally:
        stop(proc)
    assert not dec.exists()


def test_decide_change_and_undo_rewrite_the_file_each_time(snapshot, tmp_path):
    dec = tmp_path / "d.yaml"
    proc, url = start_review(str(snapshot), "--decisions", str(dec), "--by", "reviewer one")
    try:
        token = _token(_get(url)[1])
        form = {"token": token, "site": "demo", "item": "o20", "show": "todo", "next": "x", "only": ""}
        status, where = _post(url + "decide", {**form, "decision": "fail", "comment": "โพสต์ไม่ระบุวันที่",
                                               "evidence_url": "https://www.facebook.com/sairung.sao"})
        assert status == 303 and where.endswith("/?show=todo#x")
        e = yaml.safe_load(dec.read_text(encoding="utf-8"))["sites"]["demo"]["o20"]
        assert (e["decision"], e["by"], e["comment"]) == ("fail", "reviewer one", "โพสต์ไม่ระบุวันที่")
        assert e["evidence_url"] == "https://www.facebook.com/sairung.sao"
        page = _get(url)[1]
        assert "86.25" in page and "ตัดสินแล้ว: ไม่ผ่าน โดย reviewer one" in page  # a decided fail: one score
        assert _post(url + "by", {**form, "by": "  ผู้ตรวจ   สอง "})[0] == 303
        assert _post(url + "decide", {**form, "decision": "pass"})[0] == 303
        e = yaml.safe_load(dec.read_text(encoding="utf-8"))["sites"]["demo"]["o20"]
        assert (e["decision"], e["by"]) == ("pass", "ผู้ตรวจ สอง")
        assert _post(url + "decide", {**form, "decision": "maybe"})[0] == 400
        assert _post(url + "decide", {**form, "item": "o99", "decision": "pass"})[0] == 404
        assert _post(url + "decide", {**form, "decision": "pass", "evidence_url": "not a url"})[0] == 400
        assert _post(url + "undo", form)[0] == 303
        assert yaml.safe_load(dec.read_text(encoding="utf-8"))["sites"] == {}
    finally:
        stop(proc)


def test_a_malformed_decisions_file_stops_the_review_with_exit_4(snapshot, tmp_path):
    dec = tmp_path / "d.yaml"
    dec.write_text("version: 1\nsites:\n  demo:\n    o20: {decision: maybe}\n", encoding="utf-8")
    p = run_ita("review", str(snapshot), "--decisions", str(dec), "--port", "0")
    assert p.returncode == 4 and f"{dec}:4" in p.stderr and "Traceback" not in p.stderr


def _batch(tmp_path):
    for name in ("demo-a", "demo-b"):
        shutil.copytree(DEMO, tmp_path / name)
    csv = tmp_path / "sites.csv"
    csv.write_text("name,url\ndemo-a,demo-a\ndemo-b,demo-b\n", encoding="utf-8")
    return csv


def _sites(db) -> dict:
    p = run_ita("results", "show", "--db", str(db), "--format", "json")
    assert p.returncode == 0, p.stderr
    return {s["name"]: s for s in json.loads(p.stdout)}


def test_batch_runs_store_decisions_and_review_keeps_the_database_in_step(snapshot, tmp_path):
    from cli.pipeline import evaluate_snapshot
    from ita_rules.decisions.apply import entry_for
    from ita_rules.decisions.write import DecisionsFile
    from ita_rules.loader import pack_by_id

    csv, db, dec = _batch(tmp_path), tmp_path / "r.sqlite", tmp_path / "d.yaml"
    tool = evaluate_snapshot(snapshot, pack_by_id("ita-2568"), 2568, "th")
    DecisionsFile(dec).set("demo-a", "o20", entry_for(next(i for i in tool.items if i.id == "o20"), "pass", "x"))
    p = run_ita("check", "--sites", str(csv), "--db", str(db), "--decisions", str(dec))
    assert p.returncode == 1, p.stderr
    sites = _sites(db)
    assert (sites["demo-a"]["decided"], sites["demo-a"]["counts"]["needs_review"]) == (1, 0)
    assert (sites["demo-b"]["decided"], sites["demo-b"]["counts"]["needs_review"]) == (0, 1)
    assert sites["demo-a"]["oit_min"] == sites["demo-a"]["oit_max"] == 88.75
    table = run_ita("results", "show", "--db", str(db)).stdout
    assert "decided" in table and "undecided" in table

    dec2 = tmp_path / "d2.yaml"
    proc, url = start_review("--db", str(db), "--decisions", str(dec2), "--by", "assessor")
    try:
        page = _get(url + "?show=todo")[1]
        assert "demo-b" in page and page.count("<article") == 2 and page.count("class='decided'") == 1
        form = {"token": _token(page), "site": "demo-b", "item": "o20", "decision": "fail", "comment": "no date"}
        assert _post(url + "decide", form)[0] == 303
    finally:
        stop(proc)
    kept = yaml.safe_load(dec2.read_text(encoding="utf-8"))["sites"]
    assert kept["demo-b"]["o20"]["decision"] == "fail"
    assert kept["demo-a"]["o20"]["decision"] == "pass"  # the run's stored decision copied in, not lost
    b = _sites(db)["demo-b"]
    assert (b["decided"], b["counts"]["needs_review"], b["counts"]["fail"]) == (1, 0, 4)
    assert b["oit_min"] == b["oit_max"] == 86.25

    p = run_ita("review", "--stats", "--decisions", str(dec2), "--db", str(db), "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert "2 decisions" in p.stdout and "left to the person" in p.stdout and "o20" in p.stdout


def _entry(tool: str, reason: str, decision: str) -> DecisionEntry:
    return DecisionEntry(decision=decision, by="x", at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                         tool=ToolVerdict(outcome=tool, reason=reason), fingerprint=Fingerprint())


def test_agreement_counts_the_tools_verdicts_the_person_confirmed():
    entries = [("a", "o7", _entry("fail", "wrong_year", "fail")), ("b", "o7", _entry("fail", "wrong_year", "pass")),
               ("a", "o19", _entry("fail", "no_link", "fail")),
               ("a", "o20", _entry("needs_review", "external_unverifiable", "pass")),
               ("b", "o20", _entry("needs_review", "external_unverifiable", "fail")),
               ("c", "o1", _entry("pass", "verified", "fail"))]
    total, items, reasons = agreement(entries)
    assert (total.decisions, total.agree, total.disagree, total.unsure) == (6, 2, 2, 2) and total.rate == 0.5
    by_item = {a.key: a for a in items}
    assert [a.key for a in items] == ["o1", "o7", "o19", "o20"]
    assert (by_item["o7"].agree, by_item["o7"].disagree, by_item["o7"].rate) == (1, 1, 0.5)
    assert by_item["o20"].rate is None and (by_item["o20"].person_pass, by_item["o20"].person_fail) == (1, 1)
    by_reason = {a.key: a for a in reasons}
    assert by_reason["verified"].rate == 0.0 and by_reason["no_link"].rate == 1.0
