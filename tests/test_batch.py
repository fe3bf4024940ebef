"""Batches: XLSX sheets, the synthetic generator, and workers giving the same answers as one process."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, assess_results, run_ita

from ita_rules.batch import PARALLEL_FROM, assess_many
from ita_rules.sheet import load_sheets


def _make(n: int, path) -> None:
    subprocess.run([sys.executable, str(FIXTURES / "make_batch.py"), str(n), "-o", str(path)], check=True)


def test_xlsx_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["agency", "year", "IIT", "EIT", "o5", "OIT"])
    ws.append(["เทศบาลตำบลทดสอบ", 2568, 95.5, 96, None, 90])
    ws.append([None, None, None, None, None, None])
    ws.append(["อบต.ทดสอบ", "2568", 70, 80, 0, 50])
    path = tmp_path / "scores.xlsx"
    wb.save(path)
    p = run_ita("assess", str(path), "--format", "json")
    assert p.returncode == 0, p.stderr
    data = assess_results(p.stdout)
    assert [d["total"] for d in data] == [93.45, 65.0]
    assert data[1]["level"] == "ต้องปรับปรุงโดยด่วน"
    assert any(d["id"] == "o5" for d in data[1]["deficiencies"])


def test_broken_xlsx_is_one_line(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    p = run_ita("assess", str(path))
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "bad.xlsx" in p.stderr


def test_workers_agree_with_one_process(tmp_path):
    path = tmp_path / "batch.csv"
    _make(PARALLEL_FROM + 60, path)
    sheets = load_sheets(path)
    one = [r.model_dump_json() for _, r in assess_many(sheets, jobs=1, as_json=True)]
    two = [text for _, text in assess_many(sheets, jobs=2, as_json=True)]
    assert len(one) == len(sheets) and one == two
    # and the printed batch document is the same bytes whichever way the results came
    printed = [run_ita("assess", str(path), "--format", "json", "--jobs", jobs) for jobs in ("1", "2")]
    assert all(p.returncode == 0 for p in printed) and printed[0].stdout == printed[1].stdout


def test_bad_row_late_in_a_batch_keeps_earlier_results(tmp_path):
    path = tmp_path / "batch.csv"
    _make(30, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[25] = lines[25].replace(",2568,", ",2025,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = run_ita("assess", str(path), "--format", "json")
    assert p.returncode == 2
    assert f"{path}:26" in p.stderr and "2568" in p.stderr
    assert len(assess_results(p.stdout)) == 24  # the document is closed and holds every row before the bad one


def test_batch_json_from_a_result_equals_batch_json_from_its_text(tmp_path):
    # One process writes the batch form straight from each result; workers send JSON text that is compacted
    # after parsing. Both must print the same bytes (previous year, focus, shared and unshared deficiencies).
    from ita_rules.results.assess_batch import Compactor

    path = tmp_path / "b.csv"
    _make(60, path)
    results = [r for _, r in assess_many(load_sheets(path), jobs=1)]
    assert any(r.focus for r in results) and any(r.previous for r in results)
    from_model, from_text = Compactor(), Compactor()
    for r in results:
        text = json.dumps(from_text(json.loads(r.model_dump_json())), ensure_ascii=False, separators=(",", ":"))
        assert from_model.text(r) == text
    assert from_model.packs == from_text.packs


def test_batch_json_escapes_bidi_controls_in_every_piece(tmp_path):
    # The batch form is written piece by piece (the agency's own part, shared deficiencies once): each is escaped.
    path = tmp_path / "b.csv"
    _make(3, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "\u202eevil\u2066" + lines[2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = run_ita("assess", str(path), "--format", "json")
    assert p.returncode == 0, p.stderr
    assert "\u202e" not in p.stdout and "\u2066" not in p.stdout and "\\u202e" in p.stdout
    assert assess_results(p.stdout)[1]["agency"].startswith("\u202eevil\u2066")  # the value itself unchanged


@given(st.integers(min_value=0, max_value=512) | st.none())
def test_auto_jobs_leave_the_main_process_a_core(cpus):
    from ita_rules.batch import MAX_WORKERS, auto_jobs

    n = auto_jobs(cpus)
    assert 1 <= n <= MAX_WORKERS
    assert n == 1 or n < cpus  # workers never take every core: the main process reads and writes
    assert auto_jobs(2) == 1 and auto_jobs(4) == 3
