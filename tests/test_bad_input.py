"""Bad input gets one line naming file and line, exit 2, never a traceback."""

from __future__ import annotations

import pytest
from conftest import assess_results, run_ita

CASES = {
    "unknown-id.yaml": ("agency: ก\nyear: 2568\nscores:\n  o5: 100\n  o99: 50\n", ":5:", "o99"),
    "over-100.yaml": ("agency: ก\nyear: 2568\nscores:\n  \"4\": 120\n", ":4:", "outside 0-100"),
    "no-year.yaml": ("agency: ก\nscores:\n  OIT: 80\n", ":1:", "year"),
    "broken.yaml": ("agency: ก\nyear: 2568\nscores: {o1: 100\n", ".yaml:", "invalid YAML"),
    "empty.csv": ("", "empty.csv", "empty sheet"),
    "header-only.csv": ("agency,year,o1\n", ":1", "no agency rows"),
    "bad-row.csv": ("agency,year,o1,o2\nก,2568,100,100\nข,2568,100,abc\n", ":3", "abc"),
    "gregorian.yaml": ("agency: ก\nyear: 2025\nscores: {OIT: 80}\n", ":2:", "2568"),
    "unknown-key.yaml": ("agency: ก\nyear: 2568\nscore: {OIT: 80}\n", ":3:", "unknown key"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_sheet_one_line_exit_2(tmp_path, name):
    text, where, words = CASES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    p = run_ita("assess", str(path))
    assert p.returncode == 2, (p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert "Traceback" not in p.stderr
    assert where in lines[0] and words in lines[0]
    assert str(path) in lines[0]


def test_missing_file_and_unknown_pack(tmp_path):
    p = run_ita("assess", str(tmp_path / "nope.yaml"))
    assert p.returncode == 2 and "file not found" in p.stderr
    good = tmp_path / "g.yaml"
    good.write_text("agency: ก\nyear: 2568\nscores: {OIT: 80}\n", encoding="utf-8")
    p = run_ita("assess", str(good), "--pack", "ita-2999")
    assert p.returncode == 2 and "unknown rule pack" in p.stderr


def test_csv_batch_gives_json_list(tmp_path):
    import json

    path = tmp_path / "many.csv"
    path.write_text("agency,year,IIT,EIT,OIT,previous_year,prev.OIT\n"
                    "ก,2568,90,90,90,2567,80\nข,๒๕๖๘,80,80,60,,\n", encoding="utf-8")
    p = run_ita("assess", str(path), "--format", "json")
    assert p.returncode == 0, p.stderr
    data = assess_results(p.stdout)
    assert [d["agency"] for d in data] == ["ก", "ข"]
    assert data[0]["total"] == 90.0 and data[0]["changes"]["OIT"]["label"] == "เพิ่มขึ้น"
    assert data[1]["year"] == 2568 and data[1]["total"] == 72.0 and data[1]["level"] == "ต้องปรับปรุง"


def test_thai_output_survives_a_latin1_terminal():
    import os
    import subprocess
    import sys

    from conftest import FIXTURES, ROOT

    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "LC_ALL": "C"}
    p = subprocess.run([sys.executable, "-m", "cli.main", "assess", str(FIXTURES / "sheets" / "seed-001-2567.yaml")],
                       capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    assert "ผ่านดี" in p.stdout.decode("utf-8")
