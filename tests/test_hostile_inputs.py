"""Issue 11, hostile and careless inputs and outputs: nothing lost, nothing unbounded, never exit 70.

Every file here is made by the test itself; the real `ita` runs in a subprocess, as a user would run it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assess_results, run_ita

GOOD = "agency: ก\nyear: 2568\nscores: {IIT: 90, EIT: 90, OIT: 80}\n"


def _one_line(p, code: int, *words: str) -> str:
    """The command failed with `code` and one line on stderr holding every word; that line."""
    assert p.returncode == code, (p.returncode, p.stdout[-2000:], p.stderr[-2000:])
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr, p.stderr
    lines = [x for x in p.stderr.strip().splitlines()  # provisional-pack notes aside
             if "ฉบับชั่วคราว" not in x and "is provisional" not in x]
    assert len(lines) == 1, p.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


@pytest.fixture
def sheet(tmp_path) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def assessed(tmp_path, sheet) -> Path:
    out = tmp_path / "result.json"
    p = run_ita("assess", str(sheet), "--format", "json", "-o", str(out))
    assert p.returncode == 0, p.stderr
    return out


@pytest.fixture
def checked(tmp_path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><head><title>อบต.</title></head><body>หน้าแรก</body></html>",
                                     encoding="utf-8")
    out = tmp_path / "check.json"
    p = run_ita("check", str(site), "--no-config", "--year", "2568", "--format", "json", "-o", str(out),
                "--soft-fail")
    assert p.returncode == 0, p.stderr
    return out


# ---------------------------------------------------------------- 1. outputs: nothing lost


def test_assess_output_over_its_own_sheet_is_refused_and_the_sheet_kept(sheet):
    p = run_ita("assess", str(sheet), "-o", str(sheet))
    _one_line(p, 2, str(sheet), "overwrite")
    assert sheet.read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize("bad", ["missing.yaml", "broken.yaml"])
def test_assess_that_fails_leaves_an_existing_output_untouched(tmp_path, bad):
    (tmp_path / "broken.yaml").write_text("agency: ก\nyear: 2568\nscores: {o99: 1}\n", encoding="utf-8")
    keep = tmp_path / "keep.json"
    keep.write_text('{"kept": true}\n', encoding="utf-8")
    p = run_ita("assess", str(tmp_path / bad), "--format", "json", "-o", str(keep))
    assert p.returncode == 2, p.stderr
    assert keep.read_text(encoding="utf-8") == '{"kept": true}\n'
    assert sorted(x.name for x in tmp_path.iterdir()) == sorted(["broken.yaml", "keep.json"])  # no temp file left


def test_every_writer_replaces_its_file_atomically(tmp_path):
    from ita_rules.outfile import atomic_open, save_document, write_text

    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as fh:
            fh.write("half")
            raise RuntimeError("a crash half-way")
    assert target.read_text(encoding="utf-8") == "old"

    class Broken:
        def save(self, name):
            Path(name).write_text("partial", encoding="utf-8")
            raise ValueError("cannot render")

    with pytest.raises(ValueError):
        save_document(Broken(), target)
    assert target.read_text(encoding="utf-8") == "old"
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [x.name for x in tmp_path.iterdir()] == ["out.txt"]
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_text(link, "through the link")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "through the link"


def test_writers_go_through_the_one_helper():
    """No renderer or command opens its output file itself (an open() for writing truncates at once)."""
    import re

    root = Path(__file__).resolve().parent.parent
    bad = []
    for folder in ("ita_rules", "cli"):
        for f in (root / folder).rglob("*.py"):
            if f.name == "outfile.py":
                continue
            text = f.read_text(encoding="utf-8")
            if re.search(r"\.write_text\(|\.write_bytes\(|\b(wb|doc)\.save\(|open\([^)]*[\"']w", text):
                bad.append(str(f.relative_to(root)))
    assert bad == [], bad


def test_report_plan_and_export_refuse_to_overwrite_their_input(assessed, checked):
    for args, path in ((("report", str(assessed), "-o"), assessed),
                       (("report", str(assessed), "--format", "markdown", "-o"), assessed),
                       (("plan", str(assessed), "--force", "-o"), assessed),
                       (("plan", str(checked), "--force", "-o"), checked),
                       (("export-check", str(checked), "-o"), checked)):
        before = path.read_bytes()
        p = run_ita(*args, str(path))
        _one_line(p, 2, str(path), "overwrite")
        assert path.read_bytes() == before, args


def test_report_check_input_is_an_input_too(assessed, checked):
    before = checked.read_bytes()
    p = run_ita("report", str(assessed), "--check", str(checked), "-o", str(checked))
    _one_line(p, 2, "overwrite")
    assert checked.read_bytes() == before


def test_check_output_over_its_config_or_decisions_is_refused(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><title>x</title></html>", encoding="utf-8")
    cfg = tmp_path / "ita.toml"
    cfg.write_text(f'[[sites]]\nname = "s"\ndir = "{site}"\n', encoding="utf-8")
    before = cfg.read_text(encoding="utf-8")
    p = run_ita("check", "--config", str(cfg), "--year", "2568", "--format", "json", "-o", str(cfg))
    _one_line(p, 2, "overwrite", str(cfg))
    assert cfg.read_text(encoding="utf-8") == before
    waivers = tmp_path / "waivers.toml"
    waivers.write_text("", encoding="utf-8")
    p = run_ita("check", str(site), "--no-config", "--year", "2568", "--waivers", str(waivers),
                "-o", f"sarif={waivers}")
    _one_line(p, 2, "overwrite")


def test_review_decisions_over_the_reviewed_result_is_refused(checked):
    before = checked.read_bytes()
    _one_line(run_ita("review", str(checked), "--decisions", str(checked), "--port", "0"), 2, "overwrite")
    assert checked.read_bytes() == before


def test_results_matrix_refuses_to_overwrite_the_database(tmp_path):
    db = tmp_path / "r.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = db.read_bytes()
    p = run_ita("results", "--db", str(db), "matrix", "-o", str(db))
    _one_line(p, 2, "overwrite")
    assert db.read_bytes() == before


# ---------------------------------------------------------------- 2. baselines and snapshots: nothing replaced


def _site(folder: Path, title: str = "อบต.") -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(f"<html><head><title>{title}</title></head><body>หน้าแรก</body></html>",
                                       encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["ita.toml", "notes.md"])
def test_create_baseline_refuses_an_existing_file(tmp_path, name):
    site = _site(tmp_path / "site")
    existing = tmp_path / name
    existing.write_text("# an officer's notes\n", encoding="utf-8")
    p = run_ita("check", str(site), "--no-config", "--year", "2568", "--create-baseline", str(existing))
    _one_line(p, 2, str(existing), "already exists", "--force")
    assert existing.read_text(encoding="utf-8") == "# an officer's notes\n"
    p = run_ita("check", str(site), "--no-config", "--year", "2568", "--create-baseline", str(existing), "--force",
                "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(existing.read_text(encoding="utf-8"))["version"] == 1


def test_save_snapshot_over_another_sites_snapshot_is_refused(tmp_path):
    one, two = _site(tmp_path / "one", "หนึ่ง"), _site(tmp_path / "two", "สอง")
    snap = tmp_path / "snap"
    args = ("--no-config", "--year", "2568", "--soft-fail", "--save-snapshot", str(snap))
    assert run_ita("check", str(one), *args).returncode == 0
    manifest = (snap / "manifest.json").read_bytes()
    p = run_ita("check", str(two), *args)
    _one_line(p, 2, str(snap), "snapshot of", str(one))
    assert (snap / "manifest.json").read_bytes() == manifest
    p = run_ita("check", str(one), *args)  # the same site's snapshot may be refreshed
    assert p.returncode == 0, p.stderr


def test_save_snapshot_into_a_folder_of_other_files_is_refused(tmp_path):
    site = _site(tmp_path / "site")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "records.jsonl").write_text("my own data\n", encoding="utf-8")
    p = run_ita("check", str(site), "--no-config", "--year", "2568", "--save-snapshot", str(docs))
    _one_line(p, 2, str(docs), "no snapshot")
    assert (docs / "records.jsonl").read_text(encoding="utf-8") == "my own data\n"


# ---------------------------------------------------------------- 4. YAML alias bombs and mistyped keys


def _alias_bomb(key: str, levels: int = 9) -> str:
    """`key:` holding a list whose anchors nest ten of the previous each: 10**levels values from ~400 bytes."""
    lines = [f"{key}:", "  - &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        lines.append(f"  - &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("key", ["agency", "pack", "scores"])
def test_alias_bomb_in_a_sheet_is_refused_at_once(tmp_path, key):
    path = tmp_path / "bomb.yaml"
    head = "" if key == "agency" else "agency: ก\n"
    path.write_text(head + _alias_bomb(key) + ("year: 2568\n" if key == "scores" else "year: 2568\nscores: {OIT: 80}\n"),
                    encoding="utf-8")
    p = run_ita("assess", str(path), timeout=30)
    _one_line(p, 2, f"{path}:", "alias")


def test_alias_bombs_under_a_1gb_memory_cap_end_in_one_line(tmp_path):
    from test_hostile_documents import capped_ita

    sheet = _write(tmp_path / "bomb.yaml", _alias_bomb("agency", levels=12) + "year: 2568\nscores: {OIT: 80}\n")
    plan = _write(tmp_path / "plan.yaml", "agency: ก\n" + _alias_bomb("measures", levels=12))
    for args in (("assess", str(sheet)), ("progress", str(plan), "-o", str(tmp_path / "p.html"))):
        p = capped_ita(*args, timeout=60)
        _one_line(p, 2, "alias")
        assert "MemoryError" not in p.stderr


def test_alias_bombs_in_decisions_and_plans_are_refused(tmp_path, assessed):
    from ita_rules.decisions.load import load as load_decisions
    from ita_rules.decisions.model import DecisionsError
    from ita_rules.errors import ItaError
    from ita_rules.plan_read import load_plan

    bomb = tmp_path / "d.yaml"
    bomb.write_text("version: 1\n" + _alias_bomb("sites"), encoding="utf-8")
    with pytest.raises(DecisionsError, match="alias"):
        load_decisions(bomb, {"o1"})
    with pytest.raises(ItaError, match="alias"):
        load_plan(bomb)


def test_recursive_alias_and_many_aliases_are_refused(tmp_path):
    from ita_rules.errors import ItaError
    from ita_rules.yamlpos import MAX_ALIASES, load_text

    with pytest.raises(ItaError, match="contains it"):
        load_text("a: &a [1, *a]\n", "r.yaml")
    many = "a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(ItaError, match="too many aliases"):
        load_text(many, "m.yaml")
    assert load_text("a: &a {k: 1}\nb: *a\nc: [*a, *a]\n", "ok.yaml").data["c"][1] == {"k": 1}


def test_a_pack_that_is_not_text_is_a_sheet_error_with_its_line(tmp_path):
    path = tmp_path / "pack5.yaml"
    path.write_text("agency: ก\nyear: 2568\npack: 5\nscores: {OIT: 80}\n", encoding="utf-8")
    _one_line(run_ita("assess", str(path)), 2, f"{path}:3", "pack")
    path.write_text("agency: [1, 2]\nyear: 2568\nscores: {OIT: 80}\n", encoding="utf-8")
    _one_line(run_ita("assess", str(path)), 2, f"{path}:1", "agency")


# ---------------------------------------------------------------- 10. documented exit codes, never 70


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


SHEETS = {
    "random.csv": (bytes(range(256)) * 16, ":2", "not UTF-8"),  # byte 128 follows the first newline
    "random.yaml": (bytes(range(256)) * 16, ":", "UTF-8"),
    "big-field.csv": ("agency,year,OIT\n" + "ก" * 200_000 + ",2568,80\n", ":2", "CSV"),
    "nul.csv": (b"agency,year,OIT\n\xa1\x00,2568,80\n", ":2", "NUL"),
}


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_unreadable_sheets_are_one_line_exit_2(tmp_path, name):
    data, where, words = SHEETS[name]
    path = _write(tmp_path / name, data)
    _one_line(run_ita("assess", str(path)), 2, f"{path}{where}", words)


def test_a_utf16_csv_is_read(tmp_path):
    path = _write(tmp_path / "u16.csv", "agency,year,IIT,EIT,OIT\nก,2568,90,90,80\n".encode("utf-16"))
    p = run_ita("assess", str(path), "--format", "json")
    assert p.returncode == 0, p.stderr
    assert assess_results(p.stdout)[0]["tools"]["OIT"] == 80.0


def test_fifos_and_devices_are_refused_not_read(tmp_path, sheet):
    import os

    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    _one_line(run_ita("assess", str(fifo), timeout=30), 2, str(fifo), "regular file")
    site = _site(tmp_path / "site")
    base = ("check", str(site), "--no-config", "--year", "2568")
    _one_line(run_ita(*base, "--waivers", "/dev/urandom", timeout=30), 4, "/dev/urandom", "regular file")
    _one_line(run_ita(*base, "--decisions", "/dev/zero", timeout=30), 4, "/dev/zero", "regular file")
    cfg = _write(tmp_path / "ita.toml", f'waivers = "/dev/urandom"\n[[sites]]\nname = "s"\ndir = "{site}"\n')
    _one_line(run_ita("check", "--config", str(cfg), "--year", "2568", timeout=30), 4, "/dev/urandom")
    _one_line(run_ita("report", "/dev/zero", timeout=30), 2, "/dev/zero", "regular file")


def test_oversized_inputs_are_refused_before_parsing(tmp_path, monkeypatch):
    from ita_rules import infile
    from ita_rules.errors import SheetError
    from ita_rules.sheet import load_sheets

    monkeypatch.setattr(infile, "MAX_DATA_BYTES", 1000)
    big = _write(tmp_path / "big.csv", "agency,year,OIT\n" + "ก,2568,80\n" * 500)
    with pytest.raises(SheetError, match="too large"):
        load_sheets(big)


def test_empty_target_is_usage_not_internal():
    _one_line(run_ita("check", "", "--no-config"), 2, "TARGET")


def test_snapshot_with_a_bad_first_record_names_its_line(tmp_path):
    site = _site(tmp_path / "site")
    snap = tmp_path / "snap"
    assert run_ita("check", str(site), "--no-config", "--year", "2568", "--soft-fail", "--save-snapshot",
                   str(snap)).returncode == 0
    records = snap / "records.jsonl"
    records.write_text("{bad json\n" + records.read_text(encoding="utf-8"), encoding="utf-8")
    _one_line(run_ita("check", "--snapshot", str(snap), "--no-config", "--year", "2568"), 2,
              f"{records}:1", "invalid record")


def test_deeply_nested_config_baseline_and_results(tmp_path):
    site = _site(tmp_path / "site")
    deep_toml = _write(tmp_path / "deep.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    _one_line(run_ita("check", str(site), "--config", str(deep_toml)), 4, str(deep_toml), "nested")
    deep_json = _write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    _one_line(run_ita("check", str(site), "--no-config", "--year", "2568", "--baseline", str(deep_json)), 4,
              str(deep_json), "nested")
    _one_line(run_ita("report", str(deep_json)), 2, str(deep_json), "nested")
    _one_line(run_ita("plan", str(deep_json)), 2, str(deep_json))


def test_progress_on_an_impossible_plan_year_names_the_line(tmp_path, assessed):
    plan = tmp_path / "plan.yaml"
    assert run_ita("plan", str(assessed), "-o", str(plan)).returncode == 0
    text = plan.read_text(encoding="utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if x.startswith("plan_year:"))
    plan.write_text("\n".join("plan_year: 99999" if x.startswith("plan_year:") else x for x in text.splitlines()),
                    encoding="utf-8")
    for fmt in ("html", "docx", "xlsx"):
        _one_line(run_ita("progress", str(plan), "-o", str(tmp_path / f"p.{fmt}")), 2, f"{plan}:{line}")


@pytest.fixture(scope="module")
def results_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("db")
    for name in ("one", "two"):
        _site(root / name)
    csv_path = _write(root / "sites.csv", "name,url\nหนึ่ง,one\nสอง,two\n")
    db = root / "r.sqlite"
    p = run_ita("check", "--sites", str(csv_path), "--db", str(db), "--no-config", "--year", "2568", "--delay", "0")
    assert p.returncode in (0, 1), p.stderr
    return db


@pytest.mark.parametrize("damage", ["UPDATE sites SET counts = '{bad'", "UPDATE sites SET indicators = '[1, 2]'",
                                    "UPDATE sites SET oit_min = 'abc'", "UPDATE runs SET indicators = 'nope'",
                                    "UPDATE runs SET target = 'abc'"])
def test_results_on_a_damaged_row_is_one_line(tmp_path, results_db, damage):
    import shutil
    import sqlite3

    db = tmp_path / "c.sqlite"
    shutil.copy(results_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute(damage)
    conn.close()
    for sub in (("show",), ("show", "--format", "json"), ("matrix",), ("matrix", "--format", "csv")):
        _one_line(run_ita("results", "--db", str(db), *sub), 2, str(db), "damaged")


# ---------------------------------------------------------------- minor findings


@pytest.mark.parametrize("score", ["9_0", "0x5A", "1:30", "nan", "infinity"])
def test_scores_are_plain_decimals(tmp_path, score):
    yaml_sheet = _write(tmp_path / "s.yaml", f"agency: ก\nyear: 2568\nscores:\n  OIT: {score}\n")
    _one_line(run_ita("assess", str(yaml_sheet)), 2, f"{yaml_sheet}:4", "score")
    csv_sheet = _write(tmp_path / "s.csv", f"agency,year,OIT\nก,2568,{score}\n")
    _one_line(run_ita("assess", str(csv_sheet)), 2, f"{csv_sheet}:2", "score")


def test_plain_numbers_still_read_and_text_round_trips():
    import yaml

    from ita_rules.yamlpos import load_text

    data = load_text("a: 90\nb: 85.5\nc: -3\nd: 1.5e+2\ne: ๙๐\nf: 1e2\ng: '09'\nh: 09\n", "x.yaml").data
    assert data == {"a": 90, "b": 85.5, "c": -3, "d": 150.0, "e": "๙๐", "f": "1e2", "g": "09", "h": "09"}
    # What PyYAML writes unquoted as text stays text when read back (a site named 1e2, an item named 010).
    for text in ("1e2", "010", "09", "1_000", "0x1F", "1:30"):
        assert load_text(yaml.safe_dump({"k": text}), "y.yaml").data == {"k": text}


@pytest.mark.parametrize("name,text,where", [
    ("year-first.yaml", "agency: ก\nyear: 2568\nscores: {OIT: 80}\nprevious: {year: 2569, scores: {OIT: 70}}\n", ":4"),
    ("previous-first.yaml", "previous:\n  year: 2568\n  scores: {OIT: 70}\nagency: ก\nyear: 2568\nscores: {OIT: 80}\n",
     ":2"),
    ("year-first.csv", "agency,year,OIT,previous_year,prev.OIT\nก,2568,80,2569,70\n", ":2"),
    ("previous-first.csv", "agency,previous_year,prev.OIT,year,OIT\nก,2570,70,2568,80\n", ":2"),
])
def test_previous_year_must_come_before_the_year(tmp_path, name, text, where):
    path = _write(tmp_path / name, text)
    _one_line(run_ita("assess", str(path)), 2, f"{path}{where}", "previous year")


def test_a_repeated_agency_row_is_warned_and_the_first_wins(tmp_path):
    path = _write(tmp_path / "dup.csv", "agency,year,IIT,EIT,OIT\nก,2568,90,90,80\nข,2568,90,90,90\n"
                                        "ก,2568,10,10,10\n")
    p = run_ita("assess", str(path), "--format", "json", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert [(r["agency"], r["tools"]["OIT"]) for r in assess_results(p.stdout)] == [("ก", 80.0), ("ข", 90.0)]
    warning = [x for x in p.stderr.splitlines() if "again" in x]
    assert len(warning) == 1 and f"{path}:4" in warning[0] and f"{path}:2" in warning[0] and "first" in warning[0]


def test_no_pack_for_the_year_names_the_sheets_line(tmp_path):
    path = _write(tmp_path / "old.yaml", "agency: ก\nscores: {OIT: 80}\nyear: 2566\n")
    _one_line(run_ita("assess", str(path)), 2, f"{path}:3", "no rule pack covers fiscal year 2566")
    path = _write(tmp_path / "old.csv", "agency,year,OIT\nก,2568,80\nข,2566,80\n")
    _one_line(run_ita("assess", str(path), "--format", "json"), 2, f"{path}:3", "2566")
    path = _write(tmp_path / "pack.yaml", "agency: ก\nyear: 2568\npack: ita-2999\nscores: {OIT: 80}\n")
    _one_line(run_ita("assess", str(path)), 2, f"{path}:3", "ita-2999")


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_endless_time_budget_is_refused(tmp_path, value):
    site = _site(tmp_path / "site")
    cfg = _write(tmp_path / "ita.toml", f'[[sites]]\nname = "s"\ndir = "{site}"\n[crawl]\ntime_budget = {value}\n')
    _one_line(run_ita("check", "--config", str(cfg), "--year", "2568"), 4, f"{cfg}:5", "time_budget")
    if value != "-inf":
        p = run_ita("check", str(site), "--no-config", "--time-budget", value)
        assert p.returncode == 2 and "finite" in p.stderr and "Traceback" not in p.stderr, p.stderr


def test_content_nested_past_what_lxml_reads_is_said_in_the_coverage(tmp_path):
    from hostile_files import _XML, _W, _docx_members, office_zip

    site = _site(tmp_path / "site")
    (site / "index.html").write_text('<html><head><title>อบต.</title></head><body><a href="plan.docx">แผน</a>'
                                     + "<div>" * 1000 + "ข้อความลึก" + "</div>" * 1000 + "</body></html>",
                                     encoding="utf-8")
    deep = "<w:tbl><w:tr><w:tc>" * 300 + "<w:p><w:r><w:t>ลึก</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * 300
    (site / "plan.docx").write_bytes(office_zip(_docx_members(
        _XML + f'<w:document xmlns:w="{_W}"><w:body>{deep}</w:body></w:document>'.encode())))
    snap = tmp_path / "snap"
    p = run_ita("check", str(site), "--no-config", "--year", "2568", "--format", "json", "--soft-fail",
                "--save-snapshot", str(snap))
    assert p.returncode == 0, p.stderr
    warnings = json.loads(p.stdout)["sites"][0]["result"]["coverage"]["warnings"]
    assert any("plan.docx" in w and "nested deeper than 256 levels" in w for w in warnings), warnings
    from crawler.extract import extract  # HTML nested 1,000 deep is read in full (no tree depth limit)

    page = extract((site / "index.html").read_bytes(), "text/html", "http://x/")
    assert "ข้อความลึก" in page.text and page.limit is None
