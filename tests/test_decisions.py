"""A person's decisions: validated like waivers, applied before the OIT prediction, withheld when the evidence changed."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import pytest
import yaml
from conftest import FIXTURES, run_ita
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_rules.decisions.apply import entry_for
from ita_rules.decisions.load import load
from ita_rules.decisions.model import DecisionsError, SiteDecisions
from ita_rules.decisions.write import DecisionsFile

DEMO = FIXTURES / "sites" / "demo"  # fails o7, o19, o27; needs review o20; verified OIT 86.25, at most 88.75
AT = datetime(2026, 5, 1, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo_snapshot(tmp_path_factory):
    snap = tmp_path_factory.mktemp("decisions") / "snap"
    p = run_ita("check", str(DEMO), "--save-snapshot", str(snap), "--format", "json")
    assert p.returncode == 1, p.stderr  # the demo fails three items
    return snap


@pytest.fixture(scope="module")
def tool_result(demo_snapshot, pack2568):
    from cli.pipeline import evaluate_snapshot

    return evaluate_snapshot(demo_snapshot, pack2568, 2568, "th")


def _decide(result, item: str, decision: str, comment: str = "") -> SiteDecisions:
    it = next(i for i in result.items if i.id == item)
    return SiteDecisions(source="d.yaml", entries={item: entry_for(it, decision, "สมศรี", comment, at=AT)})


def test_a_decided_pass_leaves_nothing_unsure_and_the_range_is_one_number(demo_snapshot, tool_result, pack2568):
    from cli.pipeline import evaluate_snapshot

    assert (tool_result.oit.min, tool_result.oit.max) == (86.25, 88.75)
    r = evaluate_snapshot(demo_snapshot, pack2568, 2568, "th", decisions=_decide(tool_result, "o20", "pass"))
    assert r.oit.min == r.oit.max == r.oit.score == 88.75
    o20 = next(i for i in r.items if i.id == "o20")
    assert o20.outcome == "pass" and o20.reason == "external_unverifiable"  # the tool's reason stays visible
    assert o20.decision.applied and o20.decision.tool_outcome == "needs_review" and o20.decision.by == "สมศรี"
    assert not any("o20" in d.items or d.id == "o20" for d in r.deficiencies)
    assert r.counts["needs_review"] == 0 and r.counts["pass"] == 25
    assert (r.decisions.applied, r.decisions.stale, r.decisions.undecided) == (1, 0, 0)


def test_a_decided_fail_scores_nothing_and_its_measure_carries_the_comment(demo_snapshot, tool_result, pack2568):
    from cli.pipeline import evaluate_snapshot

    r = evaluate_snapshot(demo_snapshot, pack2568, 2568, "th",
                          decisions=_decide(tool_result, "o20", "fail", "โพสต์ไม่มีรายชื่อผู้เข้าร่วม"))
    assert r.oit.min == r.oit.max == 86.25
    (d,) = [d for d in r.deficiencies if "o20" in d.items]
    assert d.outcome == "fail" and d.reason == "external_unverifiable" and d.measures
    assert "โพสต์ไม่มีรายชื่อผู้เข้าร่วม" in d.message


def test_rejudging_a_decided_result_starts_from_the_tools_verdict(tool_result, pack2568):
    from ita_rules.evidence.evaluate import rejudge

    decided = rejudge(tool_result, pack2568, _decide(tool_result, "o20", "pass"))
    back = rejudge(decided, pack2568, SiteDecisions(source="none.yaml"))
    assert next(i for i in back.items if i.id == "o20").outcome == "needs_review"
    assert (back.oit.min, back.oit.max) == (86.25, 88.75)
    assert [d.id for d in back.deficiencies] == [d.id for d in tool_result.deficiencies]


def _site_copy(tmp_path):
    site = tmp_path / "demo"
    shutil.copytree(DEMO, site)
    return site


def _write(path, result, decisions: dict[str, tuple[str, str]], site: str = "demo") -> None:
    f = DecisionsFile(path)
    for item, (decision, comment) in decisions.items():
        f.set(site, item, entry_for(next(i for i in result.items if i.id == item), decision, "สมศรี", comment, at=AT))


def test_a_decision_on_changed_evidence_is_reported_and_not_applied(tmp_path, pack2568):
    from cli.pipeline import evaluate_snapshot

    site = _site_copy(tmp_path)
    first = json.loads(run_ita("check", str(site), "--save-snapshot", str(tmp_path / "s1"), "--format",
                               "json").stdout)["sites"][0]["result"]
    assert first["items"][6]["id"] == "o7" and first["items"][6]["evidence"][0]["sha256"]
    result = evaluate_snapshot(tmp_path / "s1", pack2568, 2568, "th")
    dec = tmp_path / "decisions.yaml"
    _write(dec, result, {"o7": ("pass", "ฉบับปี 2567 ส่งทางหนังสือแล้ว"), "o20": ("pass", "")})
    # The agency replaces the wrong-year report with another file under the same name: the hash changes.
    (pdf,) = [p for p in (site / "docs").iterdir() if "2566" in p.name and "รายงานผลการดำเนินงาน" in p.name]
    pdf.write_bytes(pdf.read_bytes() + b"\n% re-uploaded\n")
    p = run_ita("check", str(site), "--decisions", str(dec), "--format", "json")
    data = json.loads(p.stdout)["sites"][0]["result"]
    o7 = next(i for i in data["items"] if i["id"] == "o7")
    o20 = next(i for i in data["items"] if i["id"] == "o20")
    assert o7["outcome"] == "fail" and o7["decision"]["applied"] is False and o7["decision"]["stale"]
    assert o20["outcome"] == "pass" and o20["decision"]["applied"] is True  # its evidence did not change
    assert data["decisions"] == {"source": str(dec), "applied": 1, "stale": 1, "undecided": 0}
    line = load(dec).where(("sites", "demo", "o7"))
    stale = [ln for ln in p.stderr.splitlines() if "o7" in ln]
    assert len(stale) == 1 and line in stale[0] and "ita review" in stale[0], p.stderr
    assert any(d["id"] == "o7" or "o7" in d["items"] for d in data["deficiencies"])


def test_a_decision_whose_evidence_moved_is_stale(tool_result):
    from ita_rules.decisions.apply import apply_items

    entries = _decide(tool_result, "o20", "pass")
    entry = entries.entries["o20"]
    moved = entry.model_copy(update={"fingerprint": entry.fingerprint.model_copy(
        update={"url": "https://www.facebook.com/other/post"})})
    (o20,) = [i for i in apply_items(tool_result.items, SiteDecisions(source="d", entries={"o20": moved}), "en")
              if i.id == "o20"]
    assert o20.outcome == "needs_review" and not o20.decision.applied and "moved" in o20.decision.stale


def test_decisions_for_a_site_not_in_the_run_are_reported(tmp_path, tool_result):
    dec = tmp_path / "d.yaml"
    _write(dec, tool_result, {"o20": ("pass", "")}, site="another-agency")
    p = run_ita("check", str(DEMO), "--decisions", str(dec), "--lang", "en")
    assert "another-agency" in p.stderr and "not used" in p.stderr
    assert "Predicted OIT score 86.25–88.75" in p.stdout


GOOD = """version: 1
sites:
  demo:
    o20:
      decision: pass
      by: สมศรี
      at: 2026-05-01T10:00:00+07:00
      comment: ok
      tool: {outcome: needs_review, reason: external_unverifiable}
      fingerprint: {url: "https://www.facebook.com/x", sha256: null}
"""

# (what is wrong, the file, the line the error must name, a word the message must hold)
MALFORMED = [
    ("yaml syntax", GOOD.replace("decision: pass", "decision: [pass"), 6, "invalid YAML"),
    ("not a mapping", "- o20: pass\n", 1, "mapping"),
    ("unknown key", GOOD.replace("      comment: ok\n", "      comment: ok\n      approver: x\n"), 9, "approver"),
    ("missing who", GOOD.replace("      by: สมศรี\n", ""), 4, "'by'"),
    ("bad decision", GOOD.replace("decision: pass", "decision: maybe"), 5, "pass or fail"),
    ("yes for pass", GOOD.replace("decision: pass", "decision: yes"), 5, "pass or fail"),
    ("bad time", GOOD.replace("at: 2026-05-01T10:00:00+07:00", "at: yesterday"), 7, "at"),
    ("unknown item", GOOD.replace("    o20:", "    o99:"), 4, "o99"),
    ("bad outcome", GOOD.replace("outcome: needs_review", "outcome: maybe"), 9, "outcome"),
    ("bad hash", GOOD.replace("sha256: null", "sha256: abc"), 10, "SHA-256"),
    ("bad url", GOOD.replace("      comment: ok\n", "      comment: ok\n      evidence_url: facebook\n"), 9,
     "http"),
    ("no fingerprint", GOOD.replace('      fingerprint: {url: "https://www.facebook.com/x", sha256: null}\n', ""), 4,
     "fingerprint"),
    ("duplicate item", GOOD + GOOD.split("sites:\n  demo:\n")[1], 11, "duplicate"),
    ("version", GOOD.replace("version: 1", "version: 2"), 1, "version"),
]


@pytest.mark.parametrize("kind,text,line,word", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_decisions_exit_4_naming_file_and_line_before_any_crawl(tmp_path, kind, text, line, word):
    bad = tmp_path / "decisions.yaml"
    bad.write_text(text, encoding="utf-8")
    # Nothing listens on port 9: had the crawl started first, this would be exit 3 (unreachable).
    p = run_ita("check", "http://127.0.0.1:9/", "--decisions", str(bad), "--timeout", "1", "--retries", "0")
    assert p.returncode == 4, (kind, p.returncode, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    assert lines[0].startswith(f"ita: error: {bad}:{line}: "), (kind, lines[0])
    assert word.lower() in lines[0].lower(), (kind, lines[0])


def test_a_missing_decisions_file_is_exit_4(tmp_path):
    p = run_ita("check", "http://127.0.0.1:9/", "--decisions", str(tmp_path / "none.yaml"))
    assert p.returncode == 4 and "file not found" in p.stderr


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(comment=_text, by=_text.filter(lambda s: s.strip()), decision=st.sampled_from(["pass", "fail"]),
       site=_text.filter(lambda s: s.strip()))
def test_what_the_file_keeps_loads_back_unchanged(tmp_path_factory, tool_result, comment, by, decision, site):
    path = tmp_path_factory.mktemp("rt") / "d.yaml"
    it = next(i for i in tool_result.items if i.id == "o7")
    entry = entry_for(it, decision, by, comment, at=AT)
    f = DecisionsFile(path)
    f.set(site, "o7", entry)
    back = load(path, {"o7"}).doc.sites[site]["o7"]
    assert back.decision == decision and back.by == by.strip() and back.comment == comment.strip()
    assert back.fingerprint == entry.fingerprint and back.tool == entry.tool and back.at == AT
    assert f.remove(site, "o7") and load(path).doc.sites == {}


def test_the_decisions_file_is_replaced_whole_never_half_written(tmp_path, tool_result, monkeypatch):
    import os

    path = tmp_path / "d.yaml"
    f = DecisionsFile(path)
    f.set("demo", "o20", entry_for(next(i for i in tool_result.items if i.id == "o20"), "pass", "a", at=AT))
    before = path.read_bytes()

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(DecisionsError, match="No space left"):
        f.set("demo", "o7", entry_for(next(i for i in tool_result.items if i.id == "o7"), "fail", "a", at=AT))
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["d.yaml"]


def test_report_and_workbook_say_what_a_person_decided(demo_snapshot, tmp_path, tool_result):
    dec, decided, sheet = tmp_path / "d.yaml", tmp_path / "decided.json", tmp_path / "assess.json"
    _write(dec, tool_result, {"o20": ("pass", "เห็นภาพกิจกรรมแล้ว"), "o7": ("fail", "ยังเป็นฉบับปี 2566")})
    p = run_ita("check", "--snapshot", str(demo_snapshot), "--decisions", str(dec), "--format", "json", "-o",
                str(decided))
    assert p.returncode == 1, p.stderr
    p = run_ita("assess", str(FIXTURES / "sheets" / "seed-001-2568.yaml"), "--format", "json", "-o", str(sheet))
    assert p.returncode == 0, p.stderr
    md = run_ita("report", str(sheet), "--format", "markdown", "--check", str(decided)).stdout
    assert "ผู้ตรวจตัดสินรายข้อด้วยตนเอง 2 ข้อ" in md and "ผ่าน (ผู้ตรวจตัดสิน)" in md
    plan = yaml.safe_load(run_ita("plan", str(decided)).stdout)
    (o7,) = [m for m in plan["measures"] if m["issue"].startswith("o7 ")]
    assert "ความเห็นผู้ตรวจ สมศรี: ยังเป็นฉบับปี 2566" in o7["issue"]
    assert not any("o20" in m["issue"] for m in plan["measures"])
    from openpyxl import load_workbook

    assert run_ita("export-check", str(decided), "-o", str(tmp_path / "c.xlsx")).returncode == 0
    rows = {r[0]: r for r in load_workbook(tmp_path / "c.xlsx").active.iter_rows(values_only=True)}
    assert rows["o20"][2] == "ผ่าน (ผู้ตรวจตัดสิน)" and rows["o20"][10:] == ("ผ่าน", "สมศรี", "เห็นภาพกิจกรรมแล้ว",
                                                                              "ต้องตรวจสอบเพิ่ม")
