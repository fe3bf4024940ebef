"""The seeds as acceptance tests: real agencies' published figures must come out of `ita assess`."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_ita

from ita_rules.assess import assess
from ita_rules.sheet import load_sheets


def _one(name: str, lang: str = "th"):
    (sheet,) = load_sheets(FIXTURES / "sheets" / name)
    return assess(sheet, lang=lang)


def test_seed_001_fy2568_total_level_and_indicators():
    r = _one("seed-001-2568.yaml")
    assert r.total == 90.42
    assert r.level == "ผ่าน" and r.level_detail.id == "pass"
    assert r.indicators["9"] == 80.00 and r.indicators["10"] == 75.00
    assert r.tools["OIT"] == 77.5 and r.tools["IIT"] == 98.24 and r.tools["EIT"] == 99.83
    assert r.indicators["7"] == 99.81  # given; e4-e6 parts (99.61, 100) agree
    assert not r.warnings or all("indicator 7" not in w for w in r.warnings)


def test_seed_001_fy2568_deficiencies_have_measures():
    r = _one("seed-001-2568.yaml")
    by_id = {d.id: d for d in r.deficiencies}
    for item in ("o5", "o12", "o23"):
        assert item in by_id, item
        assert by_id[item].kind == "item_not_met"
        assert by_id[item].measures, item
        m = by_id[item].measures[0]
        assert m.title and m.steps and m.owner and m.timeframe
    # a partial 50 earns nothing, so it is a deficiency too
    assert {"o6", "o13", "o22"} <= set(by_id)
    # fully met items are not
    assert "o1" not in by_id and "o28" not in by_id
    assert "OIT" in by_id and by_id["OIT"].kind == "tool_below"
    # ordered by effect on the total: an indicator-10 item (1 of 8) outweighs an indicator-9 item (1 of 20)
    impacts = [d.impact for d in r.deficiencies]
    assert impacts == sorted(impacts, reverse=True)
    assert by_id["o23"].impact == 2.5 and by_id["o5"].impact == 1.0


def test_seed_001_change_against_fy2567():
    r = _one("seed-001-2568.yaml")
    assert r.previous.total == 95.16 and r.previous.level.name == "ผ่านดี"
    assert r.changes["2"].label == "เพิ่มขึ้น"
    assert r.changes["4"].label == "ลดลง"
    assert r.changes["1"].label == "-"
    assert r.changes["10"].label == "ลดลง"
    assert r.changes["total"].label == "ลดลง" and r.changes["total"].delta == -4.74
    assert r.changes["level"].label == "ลดลง"


def test_seed_001_fy2567_column_is_good_pass():
    r = _one("seed-001-2567.yaml")
    assert r.total == 95.16
    assert r.level == "ผ่านดี"  # total >= 95 but OIT 89.65 < 95, so not ผ่านดีเยี่ยม


def test_seed_004_is_incomplete_not_invented():
    r = _one("seed-004-2568.yaml")
    assert r.total is None and r.level is None and not r.complete
    assert r.missing == ["IIT", "EIT"]
    assert r.tools["OIT"] == 88.75


def test_seed_000_fy2563_grade_e():
    r = _one("seed-000-2563.yaml")
    assert r.pack.id == "ita-2563"
    assert r.total == 51.0
    assert r.level == "E"
    ids = {d.id for d in r.deficiencies}
    assert {"EIT", "OIT", "i15", "i20"} <= ids


def test_cli_assess_seed_001_prints_thai_recommendations():
    p = run_ita("assess", str(FIXTURES / "sheets" / "seed-001-2568.yaml"))
    assert p.returncode == 0, p.stderr
    assert "90.42" in p.stdout and "ผ่าน" in p.stdout
    for item in ("o5", "o12", "o23"):
        assert item in p.stdout
    assert "มาตรการ" in p.stdout or "ผู้รับผิดชอบ" in p.stdout


def test_cli_assess_json_contract_and_fail_under():
    p = run_ita("assess", str(FIXTURES / "sheets" / "seed-001-2568.yaml"), "--format", "json", "--lang", "en",
                "--fail-under", "95")
    assert p.returncode == 1
    data = json.loads(p.stdout)
    assert {"agency", "year", "total", "level", "tools", "indicators", "deficiencies"} <= set(data)
    assert set(data["tools"]) == {"IIT", "EIT", "OIT"}
    assert set(data["indicators"]) == {str(i) for i in range(1, 11)}
    d = data["deficiencies"][0]
    assert {"id", "kind", "score", "message", "measures"} <= set(d)
    assert {"title", "steps", "owner", "timeframe"} <= set(d["measures"][0])
    assert data["level"] == "Pass"


def test_cli_markdown():
    p = run_ita("assess", str(FIXTURES / "sheets" / "seed-001-2568.yaml"), "--format", "markdown")
    assert p.returncode == 0, p.stderr
    assert "| OIT | 9 |" in p.stdout and "95.16" in p.stdout and "90.42" in p.stdout


@pytest.mark.parametrize("bar", ["inf", "-inf", "nan", "101", "-1", "abc"])
def test_fail_under_is_a_score_from_0_to_100(bar: str):
    p = run_ita("assess", str(FIXTURES / "sheets" / "seed-001-2568.yaml"), "--fail-under", bar)
    assert p.returncode == 2 and "--fail-under" in p.stderr and "Traceback" not in p.stderr, p.stderr
    assert p.stdout == ""
