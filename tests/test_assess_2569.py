"""A FY2569 score sheet (26 items) against its hand-computed totals, compared with a FY2568 sheet item by
item through the mapping, and the FY2570 documents (report, plan) made from it."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml
from conftest import FIXTURES, run_ita

from ita_rules.assess import assess
from ita_rules.plan import plan_from_result
from ita_rules.render.report import build
from ita_rules.results.assess import AssessResult
from ita_rules.sheet import iter_sheets

SHEETS = FIXTURES / "sheets"
S2569 = SHEETS / "fixture-2569-bueng-nam-sai.yaml"
S2568 = SHEETS / "fixture-2568-bueng-nam-sai.yaml"


@pytest.fixture(scope="module")
def result() -> AssessResult:
    return assess(next(iter_sheets(S2569)))


def test_total_and_level_match_the_hand_computation(result):
    # The arithmetic is written out at the top of the sheet.
    assert result.pack.id == "ita-2569" and result.pack.status == "stable"
    assert len(result.items) == 26
    assert result.indicators["9"] == 89.47 and result.indicators["10"] == 71.43
    assert (result.tools["IIT"], result.tools["EIT"], result.tools["OIT"]) == (94.00, 90.30, 80.45)
    assert result.total == 87.47 and result.level == "ผ่าน" and result.complete
    assert result.previous.total == 87.42 and result.previous.level.name == "ผ่าน"
    assert result.changes["total"].delta == 0.05 and result.changes["total"].direction == "up"


def test_previous_year_column_is_read_item_by_item_through_the_mapping(result):
    prev = result.previous.items
    assert result.previous.pack == "ita-2568" and list(prev) == [f"o{n}" for n in range(1, 27)]
    expect = {"o10": (0.0, ["o10", "o11"], "merged", "up"), "o11": (50.0, ["o12"], "split", "same"),
              "o12": (100.0, ["o13"], "split", "same"), "o20": (50.0, ["o21", "o22"], "merged", "up"),
              "o21": (0.0, ["o23"], "renamed", "same"), "o25": (100.0, ["o27"], "kept", "down"),
              "o5": (100.0, ["o5"], "kept", "down"), "o26": (100.0, ["o28"], "kept", "same")}
    for item, (score, sources, kind, direction) in expect.items():
        assert (prev[item].score, prev[item].sources, prev[item].kind) == (score, sources, kind), item
        assert result.changes[item].direction == direction, item


def test_previous_block_is_the_fy2568_sheet(result):
    s2568 = next(iter_sheets(S2568))
    s2569 = next(iter_sheets(S2569))
    assert s2569.previous.year == s2568.year == 2568 and s2569.previous.scores == s2568.scores
    assert assess(s2568).total == result.previous.total


def test_text_and_markdown_show_the_item_column(tmp_path):
    p = run_ita("assess", str(S2569))
    assert p.returncode == 0, p.stderr
    assert "ข้อ OIT เทียบกับปีก่อน" in p.stdout and "o10+o11" in p.stdout and "o21+o22" in p.stdout
    assert "87.47" in p.stdout and "(ชุดเกณฑ์ ita-2569 1.0.0)" in p.stdout
    p = run_ita("assess", str(S2569), "--format", "markdown", "--lang", "en")
    row = next(ln for ln in p.stdout.splitlines() if ln.startswith("| o10 "))
    assert row.split(" | ")[2:] == ["o10+o11", "0.00", "100.00", "up |"]
    assert "**Focus indicator (o25 Fiscal year (BE) 2570): Indicator 10" in p.stdout


def test_focus_is_the_weakest_indicator_for_fy2570s_o25(result):
    f = result.focus
    assert (f.indicator, f.score, f.item, f.plan_year, f.pack) == ("10", 71.43, "o25", 2570, "ita-2570")
    assert set(f.findings) == {"10", "o21", "o25"} and f.measures
    assert all(date(2026, 10, 1) <= m.start <= m.end <= date(2027, 9, 30) for m in f.measures)  # FY2570


def test_report_is_the_fy2570_document(result):
    rp = build(result)
    assert rp.part2_year == "มาตรการดำเนินการในปีงบประมาณ พ.ศ. 2570"
    assert rp.focus.startswith("ประเด็นมุ่งเน้นตามข้อ o25 การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร ปีงบประมาณ พ.ศ. 2570")
    assert "ตัวชี้วัดที่ 10 การป้องกันการทุจริต" in rp.focus
    assert {m.timeframe for m in rp.measures if m.timeframe} >= {"1 ตุลาคม 2569 – 30 กันยายน 2570"}
    first = [m.issue for m in rp.measures if m.issue]
    assert first[0].split(". ", 1)[1].split()[0] in {"o21", "o25", "ตัวชี้วัดที่"}  # the focus findings lead
    focus_rows = len(result.focus.findings)
    assert all(x.split(". ", 1)[1].split()[0] not in {"o5", "o11"} for x in first[:focus_rows])


def test_plan_cli_writes_the_fy2570_plan(tmp_path):
    rj = tmp_path / "r.json"
    assert run_ita("assess", str(S2569), "--format", "json", "-o", str(rj)).returncode == 0
    out = tmp_path / "plan.yaml"
    p = run_ita("plan", str(rj), "-o", str(out))
    assert p.returncode == 0, p.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (data["assessed_year"], data["plan_year"]) == (2569, 2570)
    assert data["focus"].startswith("ตัวชี้วัด 10 การป้องกันการทุจริต (71.43): o25")
    assert data["measures"][0]["issue_id"] in {"o21", "o25", "10"}
    assert all(date(2026, 10, 1) <= m["start"] <= m["end"] <= date(2027, 9, 30) for m in data["measures"])
    p = run_ita("report", str(rj), "--format", "markdown")
    assert "1 ตุลาคม 2569 – 30 กันยายน 2570" in p.stdout and "ประเด็นมุ่งเน้นตามข้อ o25" in p.stdout


def test_a_fy2570_sheet_uses_the_provisional_pack_and_says_so(tmp_path):
    sheet = yaml.safe_load(S2569.read_text(encoding="utf-8"))
    sheet["previous"] = {"year": 2569, "scores": sheet["scores"]}
    sheet["year"] = 2570
    path = tmp_path / "s2570.yaml"
    path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
    p = run_ita("assess", str(path), "--format", "json")
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert r["pack"] == {**r["pack"], "id": "ita-2570", "status": "provisional"} and r["total"] == 87.47
    assert r["warnings"][0].startswith("คำเตือน: ชุดเกณฑ์ ita-2570 เป็นฉบับชั่วคราว")
    assert [ln for ln in p.stderr.splitlines() if "ita-2570" in ln] == [f"ita: {r['warnings'][0]}"]
    assert all(v["kind"] == "kept" for v in r["previous"]["items"].values())
    rj = tmp_path / "r.json"
    rj.write_text(p.stdout, encoding="utf-8")
    for cmd in (("report", str(rj), "--format", "markdown"), ("plan", str(rj))):
        q = run_ita(*cmd)
        assert q.returncode == 0 and "ita-2570" in q.stderr, cmd
    plan = plan_from_result(AssessResult.model_validate(r))
    assert plan.plan_year == 2571 and plan.focus  # no FY2571 pack yet: its own documents section stands in


def test_previous_ids_are_last_years(tmp_path):
    sheet = yaml.safe_load(S2569.read_text(encoding="utf-8"))
    sheet["previous"]["scores"]["o29"] = 100
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
    p = run_ita("assess", str(path))
    assert p.returncode == 2 and "unknown id 'o29' in previous-year scores for ita-2568" in p.stderr
