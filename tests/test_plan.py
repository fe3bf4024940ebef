"""The measures plan: built from an assessment, dumped as editable YAML, loaded back with one-line errors."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import FIXTURES, run_ita
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_rules.plan import DONE, IN_PROGRESS, NOT_STARTED, STATUSES, Plan, PlanError, PlanMeasure, addressee, \
    dump_plan, parse_date, plan_from_result
from ita_rules.plan_read import load_plan
from ita_rules.results.assess import AssessResult


@pytest.fixture(scope="module")
def result_json(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("assess") / "r.json"
    p = run_ita("assess", str(FIXTURES / "sheets" / "seed-001-2568.yaml"), "--format", "json", "-o", str(out))
    assert p.returncode == 0, p.stderr
    return str(out)


@pytest.fixture(scope="module")
def result(result_json) -> AssessResult:
    return AssessResult.model_validate_json(open(result_json, encoding="utf-8").read())


def test_plan_from_result_one_entry_per_measure_in_impact_order(result):
    plan = plan_from_result(result, source="r.json", created=date(2025, 10, 1))
    # FY2569's o25 (the document a FY2568 result feeds) puts the weakest indicator first: seed 001's
    # indicator 10 (75.00); within it and after it, the measures keep the order of impact.
    assert result.focus is not None and result.focus.indicator == "10" and result.focus.item == "o25"
    focus = [d for d in result.deficiencies if d.id in result.focus.findings]
    rest = [d for d in result.deficiencies if d.id not in result.focus.findings]
    assert focus and rest and {"10", "o23"} <= {d.id for d in focus}
    catalogue = [m.id for d in focus + rest for m in d.measures]
    assert [m.id.split("/", 1)[1] for m in plan.measures] == list(dict.fromkeys(catalogue))
    assert plan.measures[0].issue_id in result.focus.findings and plan.focus.startswith("ตัวชี้วัด 10")
    assert plan.agency == result.agency and plan.assessed_year == 2568 and plan.plan_year == 2569
    assert plan.source == "r.json" and plan.created == date(2025, 10, 1)
    o23 = next(m for m in plan.measures if m.issue_id == "o23")
    assert o23.id == "o23/m-o23-o24-bribery-risk"
    assert o23.issue.startswith("o23 การประเมินความเสี่ยง")
    assert o23.status == NOT_STARTED and o23.results == "" and o23.evidence_urls == []
    assert (o23.start, o23.end) == (date(2025, 10, 1), date(2026, 9, 30))


def test_shared_measure_is_one_entry_naming_every_deficiency(result):
    plan = plan_from_result(result)
    shared = [m for m in plan.measures if m.id.endswith("/m-oit-publishing-order")]
    assert len(shared) == 1
    inside = result.focus.findings
    ordered = [d for d in result.deficiencies if d.id in inside] + [d for d in result.deficiencies if d.id not in inside]
    names = [d.id for d in ordered if any(x.id == "m-oit-publishing-order" for x in d.measures)]
    assert len(names) > 1
    assert [line.split()[0] for line in shared[0].issue.splitlines()] == names
    assert shared[0].issue_id == names[0]


def test_dump_is_commented_unescaped_thai_and_loads_back(result, tmp_path):
    plan = plan_from_result(result, created=date(2025, 10, 1))
    text = dump_plan(plan)
    assert text.startswith("# แผนมาตรการ")
    assert all(s in text for s in STATUSES) and "not_started" in text and "1 ต.ค. 2568" in text
    assert "\\u0e" not in text and "องค์การบริหารส่วนตำบลเชียงพิณ" in text
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_plan(path) == plan
    assert dump_plan(plan, "en").startswith("# Integrity and transparency measures plan")


_THAI = "กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮะาำิีึืุูเแโใไ่้๊๋็์ๆ๐๑๒๓๔๕๖๗๘๙"
_text = st.text(alphabet=st.sampled_from(_THAI + "abcXYZ0123 .,:;#-'\"|>&*!%@\n\t[]{}?"), max_size=60) \
    | st.text(max_size=30)


@st.composite
def plans(draw) -> Plan:
    measures = []
    for n in range(draw(st.integers(0, 4))):
        start = draw(st.dates(date(2000, 1, 1), date(2090, 12, 31)))
        measures.append(PlanMeasure(
            id=f"m{n}/{draw(st.text(min_size=1, max_size=10))}", issue=draw(_text), issue_id=draw(_text),
            measure=draw(_text.filter(bool)), steps=draw(st.lists(_text, max_size=3)), owner=draw(_text),
            start=start, end=start + timedelta(days=draw(st.integers(0, 400))), follow_up=draw(_text),
            status=draw(st.sampled_from([*STATUSES, "not_started", "in_progress", "done"])),
            results=draw(_text), outcomes=draw(_text), suggestions=draw(_text),
            evidence_urls=draw(st.lists(st.just("https://example.go.th/ita/o23?id=1&y=2568"), max_size=2))))
    return Plan(agency=draw(_text.filter(bool)), assessed_year=draw(st.integers(2500, 2700)),
                plan_year=draw(st.integers(2500, 2700)), source=draw(st.none() | _text),
                created=draw(st.dates(date(2000, 1, 1), date(2090, 1, 1))), measures=measures)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans())
def test_plan_yaml_round_trips(plan, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(dump_plan(plan), encoding="utf-8")
    assert load_plan(path) == plan


def test_english_status_aliases_and_thai_artefacts_are_stored_in_thai():
    base = dict(id="a", measure="ม", start="2025-10-01", end="2025-12-31")
    assert PlanMeasure(**base, status="done").status == DONE
    assert PlanMeasure(**base, status="In progress").status == IN_PROGRESS
    assert PlanMeasure(**base, status="ดําเนินการเรียบร้อยแล้ว").status == DONE  # NIKHAHIT + SARA AA
    assert PlanMeasure(**base, status=None).status == NOT_STARTED


@pytest.mark.parametrize("text, expected", [
    ("2025-10-01", date(2025, 10, 1)), ("1 ต.ค. 2568", date(2025, 10, 1)), ("๓๐ กันยายน ๒๕๖๙", date(2026, 9, 30)),
    ("31 มี.ค. พ.ศ. 2569", date(2026, 3, 31)), ("1 ตค 2568", date(2025, 10, 1)),
])
def test_thai_dates_are_accepted(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["1 ต.ค. 2025", "31 ก.พ. 2569", "next week", "2025-13-01"])
def test_bad_dates_are_rejected(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_addressee_follows_the_agency_kind():
    assert addressee("องค์การบริหารส่วนตำบลนาโสม") == "นายกองค์การบริหารส่วนตำบลนาโสม"
    assert addressee("เทศบาลตำบลโป่งน้ำร้อน") == "นายกเทศมนตรีตำบลโป่งน้ำร้อน"


# ---------------------------------------------------------------- invalid plans through the CLI

_GOOD = """\
agency: องค์การบริหารส่วนตำบลทดสอบ
assessed_year: 2568
plan_year: 2569
created: 2025-10-01
measures:
  - id: o23/m-a
    measure: ประเมินความเสี่ยงการรับสินบน
    start: 2025-10-01
    end: 2026-09-30
    status: {status}
    {extra}
"""

BAD = {
    "bad status": (_GOOD.format(status="เสร็จแล้ว", extra=""), 10, "status"),
    "end before start": (_GOOD.format(status="done", extra="").replace("end: 2026-09-30", "end: 2025-09-01"),
                         9, "before start"),
    "unknown key": (_GOOD.format(status="done", extra="colour: red"), 11, "unknown key 'colour'"),
    "broken yaml": (_GOOD.format(status="done", extra="results: [unclosed"), 12, "invalid YAML"),
    "impossible date": (_GOOD.format(status="done", extra="").replace("end: 2026-09-30", "end: 2026-02-30"),
                        9, "invalid date"),
    "thai date typo": (_GOOD.format(status="done", extra="").replace("end: 2026-09-30", "end: 30 ก.ย. 2026"),
                       9, "Buddhist era"),
    "duplicate id": (_GOOD.format(status="done", extra="") + "  - id: o23/m-a\n    measure: x\n"
                     "    start: 2025-10-01\n    end: 2025-10-02\n", 12, "duplicate measure id"),
    "missing measure": (_GOOD.format(status="done", extra="").replace("    measure: ประเมินความเสี่ยงการรับสินบน\n",
                                                                      ""), 6, "missing required key 'measure'"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_invalid_plan_one_line_exit_2_naming_file_and_line(tmp_path, name):
    text, line, words = BAD[name]
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    p = run_ita("progress", str(path), "--format", "html")
    assert p.returncode == 2, (p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    assert f"plan.yaml:{line}:" in lines[0] and words in lines[0], lines[0]


def test_good_plan_template_is_valid(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(_GOOD.format(status="อยู่ระหว่างดำเนินการ", extra="results: |\n      ประชุมแล้ว\n"
                                 "      ครั้งที่ 2"), encoding="utf-8")
    plan = load_plan(path)
    assert plan.measures[0].status == IN_PROGRESS and plan.measures[0].results == "ประชุมแล้ว\nครั้งที่ 2\n"


def test_plan_command_writes_yaml_and_refuses_to_overwrite(result_json, tmp_path):
    out = tmp_path / "plan.yaml"
    p = run_ita("plan", result_json, "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert load_plan(out).measures
    again = run_ita("plan", result_json, "-o", str(out))
    assert again.returncode == 2 and "--force" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    assert run_ita("plan", result_json, "-o", str(out), "--force").returncode == 0
    stdout = run_ita("plan", result_json, "--lang", "en")
    assert stdout.returncode == 0 and stdout.stdout.startswith("# Integrity and transparency")


def test_plan_command_rejects_what_is_not_a_result(tmp_path):
    bad = tmp_path / "r.json"
    bad.write_text(json.dumps({"agency": "ก", "year": 2568}, ensure_ascii=False), encoding="utf-8")
    p = run_ita("plan", str(bad))
    assert p.returncode == 2 and "r.json:1" in p.stderr and "ita assess" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    p = run_ita("plan", str(tmp_path / "missing.json"))
    assert p.returncode == 2 and "file not found" in p.stderr


def test_plan_xlsx_round_trips_and_reports_cells(result_json, tmp_path):
    import openpyxl

    xlsx, yml = tmp_path / "plan.xlsx", tmp_path / "plan.yaml"
    assert run_ita("plan", result_json, "-o", str(xlsx)).returncode == 0
    assert run_ita("plan", result_json, "-o", str(yml)).returncode == 0
    assert load_plan(xlsx) == load_plan(yml)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["มาตรการ"]
    heads = [c.value for c in ws[1]]
    assert heads[0] == "รหัสมาตรการ (id)" and "สถานะ (status)" in heads and "ผลการดำเนินการ (results)" in heads
    col = heads.index("สถานะ (status)") + 1
    ws.cell(row=3, column=col, value="done")
    ws.cell(row=4, column=col, value="พักไว้ก่อน")
    wb.save(xlsx)
    with pytest.raises(PlanError) as err:
        load_plan(xlsx)
    assert f"มาตรการ!{ws.cell(row=4, column=col).column_letter}4" in str(err.value)
