"""`ita report`: the published analysis report round-trips the saved `ita assess` JSON."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES, run_ita

from ita_rules.assess import assess
from ita_rules.sheet import load_sheets

MEASURES_HEADER = ["ประเด็น", "มาตรการ โครงการ กิจกรรม", "ผู้รับผิดชอบ", "ขั้นตอน/วิธีปฏิบัติ", "ระยะเวลาดำเนินงาน"]


def _result_json(tmp_path, sheet: str, lang: str = "th", name: str | None = None):
    (s,) = load_sheets(FIXTURES / "sheets" / sheet)
    path = tmp_path / (name or f"{sheet}.{lang}.json")
    path.write_text(assess(s, lang=lang).model_dump_json(indent=2), encoding="utf-8")
    return path


@pytest.fixture
def seed001(tmp_path):
    return _result_json(tmp_path, "seed-001-2568.yaml")


def _report(*args: str) -> str:
    proc = run_ita("report", *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _part2(text: str) -> str:
    return text[text.index("ส่วนที่ ๒"):]


def test_markdown_has_scores_change_level_and_measures(seed001):
    md = _report(str(seed001), "--format", "markdown")
    assert "90.42" in md and "ผ่าน" in md and "95.16" in md and "ผ่านดี" in md
    assert "ปีงบประมาณ พ.ศ. 2568" in md and "| คะแนน 2567 | คะแนน 2568 | การเปลี่ยนแปลง |" in md
    assert re.search(r"\| \*\*คะแนนรวม\*\* \| 95\.16 \| 90\.42 \| ลดลง \(-4\.74\) \|", md)
    assert "คะแนนรวมตั้งแต่ 85 คะแนนขึ้นไป แต่มีเครื่องมือใดเครื่องมือหนึ่ง" in md  # what the level means
    part2 = _part2(md)
    assert "| " + " | ".join(MEASURES_HEADER) + " |" in part2
    for item in ("o5", "o12", "o23"):
        assert re.search(rf"^\| \d+\. {item} ", part2, re.M), item
    assert "1 ตุลาคม 2568 – 30 กันยายน 2569" in part2
    # the analysis names each tool and the items that fell short, with why
    for tool in ("ภายใน (IIT)", "ภายนอก (EIT)", "สาธารณะ (OIT)"):
        assert re.search(rf"^### ข้อเสนอแนะสำหรับแบบวัด.*{re.escape(tool)}$", md, re.M), tool
    assert "o23 การประเมินความเสี่ยงที่อาจเกิดการให้หรือรับสินบน" in md and "ไม่ได้คะแนน" in md


def _cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_tables_round_trip(seed001, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    out = tmp_path / "report.docx"
    _report(str(seed001), "--format", "docx", "-o", str(out))
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "องค์การบริหารส่วนตำบลเชียงพิณ" in text and "ปีงบประมาณ พ.ศ. 2568" in text and "ส่วนที่ ๒" in text

    scores = next(t for t in doc.tables if "การเปลี่ยนแปลง" in _cells(t)[0])
    rows = _cells(scores)
    assert rows[1][3:5] == ["2567", "2568"]
    by_name = {r[2]: r for r in rows[2:]}
    assert by_name["คะแนนรวม"][3:] == ["95.16", "90.42", "ลดลง (-4.74)"]
    assert by_name["ระดับการประเมิน"][3:5] == ["ผ่านดี", "ผ่าน"]
    assert by_name["การป้องกันการทุจริต"][3:5] == ["100.00", "75.00"]
    assert by_name["การใช้งบประมาณ"][5].startswith("เพิ่มขึ้น")

    measures = next(t for t in doc.tables if _cells(t)[0] == MEASURES_HEADER)
    body = _cells(measures)[1:]
    for item in ("o5", "o12", "o23"):
        row = next(r for r in body if re.match(rf"\d+\. {item} ", r[0]))
        assert row[1] and row[2] and row[3].startswith("1. ") and "ตุลาคม 2568" in row[4]
    o23 = next(r for r in body if re.match(r"\d+\. o23 ", r[0]))
    assert o23[4] == "1 ตุลาคม 2568 – 30 กันยายน 2569"
    assert "สินบน" in o23[1]

    # Thai typography: TH Sarabun New for the complex script too, and Thai as the bidi language.
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:cs")) == "TH Sarabun New" == rfonts.get(qn("w:ascii"))
    section = doc.sections[0]
    assert abs(section.page_width.cm - 21) < 0.1 and abs(section.page_height.cm - 29.7) < 0.1


def test_thai_digits_everywhere(seed001, tmp_path):
    md = _report(str(seed001), "--format", "markdown", "--thai-digits")
    assert "๙๐.๔๒" in md and "๙๕.๑๖" in md and "๒๕๖๘" in md and "๑ ตุลาคม ๒๕๖๘ – ๓๐ กันยายน ๒๕๖๙" in md
    assert "90.42" not in md and "2568" not in md
    assert "o23" in md  # ids stay readable
    out = tmp_path / "th.docx"
    _report(str(seed001), "--format", "docx", "-o", str(out), "--thai-digits")
    from docx import Document

    cells = {c.text for t in Document(str(out)).tables for row in t.rows for c in row.cells}
    assert "๙๐.๔๒" in cells and "๒๕๖๗" in cells


def test_english_result_renders_english_labels(tmp_path):
    path = _result_json(tmp_path, "seed-001-2568.yaml", lang="en")
    md = _report(str(path), "--format", "markdown")
    assert "Part 2 Putting each finding into practice" in md
    assert "| Finding | Measure, project or activity | Owner | Steps | Timeframe |" in md
    assert "Fiscal year 2568 (BE)" in md and "90.42" in md and "Pass" in md
    for thai_label in ("ส่วนที่", "ประเด็น", "คะแนนรวม", "ผู้รับผิดชอบ", "ปีงบประมาณ"):
        assert thai_label not in md, thai_label
    html = _report(str(path), "--format", "html")
    assert '<html lang="en">' in html and "Indicator scores against the 85-point line" in html


def test_incomplete_result_names_what_is_missing(tmp_path):
    path = _result_json(tmp_path, "seed-004-2568.yaml")
    md = _report(str(path), "--format", "markdown")
    assert "ข้อมูลไม่ครบ" in md and "(IIT)" in md and "(EIT)" in md
    assert "88.75" in md  # the OIT score that is known
    assert "94.43" not in md  # the published total the sheet could not back up is never invented
    assert re.search(r"\*\*คะแนนรวม\*\* ยังคำนวณไม่ได้", md)
    assert re.search(r"\| \*\*คะแนนรวม\*\* \| -", md)
    for fmt in ("html", "docx"):
        args = ["-o", str(tmp_path / "r4.docx")] if fmt == "docx" else []
        _report(str(path), "--format", fmt, *args)


def test_report_renders_the_saved_numbers_without_recomputing(seed001, tmp_path):
    data = json.loads(seed001.read_text(encoding="utf-8"))
    data["total"] = 12.34  # a renderer that recomputed would print 90.42 again
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    md = _report(str(tampered), "--format", "markdown")
    assert "12.34" in md and "| **คะแนนรวม** | 95.16 | 90.42 |" not in md


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_responsive_and_printable(seed001):
    html = _report(str(seed001), "--format", "html")
    parser = _Tags()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not re.search(r"(src|href)=\"(https?:)?//", html) and "@import" not in html and "url(" not in html
    assert "TH Sarabun New" in html and '<meta name="viewport"' in html
    assert "overflow-x: auto" in html and "@page { size: A4" in html and "break-before: page" in html
    svgs = [a for t, a in parser.tags if t == "svg"]
    assert len(svgs) == 2 and all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    assert html.count("<title id=") == 2 and "stroke-dasharray" in html  # the dashed 85 line
    assert "คะแนนรายตัวชี้วัดเทียบเกณฑ์ 85 คะแนน" in html and "การเปลี่ยนแปลงจากปี 2567 ถึงปี 2568" in html
    assert "10 การป้องกันการทุจริต 75.00" in html  # the chart's text alternative carries the values
    assert html.count("<table") == 2 and "ส่วนที่ ๒" in html


def _check_json(tmp_path):
    from ita_rules.results.check import CheckResult

    item = {"id": "o23", "title": "การประเมินความเสี่ยงการทุจริต", "sub_indicator": "10.1", "outcome": "fail",
            "outcome_text": "ไม่พบ", "reason": "not_found", "reason_text": "ไม่พบลิงก์หรือเอกสาร", "claimed": False,
            "detail": "", "evidence": []}
    ok = dict(item, id="o1", title="โครงสร้าง", sub_indicator="9.1", outcome="pass", outcome_text="ผ่าน",
              reason="verified", reason_text="พบเอกสาร",
              evidence=[{"url": "https://example.go.th/structure.pdf", "via": "index"},
                        {"url": "javascript:alert(1)", "via": "link"}])
    check = CheckResult.model_validate({
        "target": "https://example.go.th/", "year": 2568, "lang": "th",
        "pack": {"id": "ita-2568", "version": "1.0.0", "digest": "x"}, "snapshot": None,
        "coverage": {"home": "https://example.go.th/", "home_status": 200, "home_outcome": "ok", "home_error": None,
                     "reachable": True, "pages_fetched": 40, "ok": 38, "robots_blocked": 1, "errors": 1,
                     "too_large": 0, "skipped_trap": 0, "out_of_budget": 0, "external_links": 3, "complete": True,
                     "warnings": []},
        "items": [ok, item], "counts": {"pass": 1, "fail": 1},
        "oit": {"score": 50.0, "min": 50.0, "max": 50.0, "indicators": {}}, "deficiencies": []})
    path = tmp_path / "check.json"
    path.write_text(check.model_dump_json(), encoding="utf-8")
    return path


def test_check_result_appends_a_website_pre_audit(seed001, tmp_path):
    check = _check_json(tmp_path)
    html = _report(str(seed001), "--format", "html", "--check", str(check))
    assert "ผลการตรวจเว็บไซต์ล่วงหน้าตามแบบ OIT" in html and "https://example.go.th/structure.pdf" in html
    assert 'href="javascript:' not in html  # evidence URLs from a file are links only when they are web links
    assert "ดึงหน้าเว็บได้ 38 จาก 40 หน้า" in html and "คะแนน OIT ที่คาดการณ์ 50.00" in html
    md = _report(str(seed001), "--format", "markdown", "--check", str(check))
    assert "| o23 | การประเมินความเสี่ยงการทุจริต | ไม่พบ |" in md
    # a check result given as RESULT is named for what it is
    proc = run_ita("report", str(check), "--format", "markdown")
    assert proc.returncode == 2 and "ita check" in proc.stderr and str(check) in proc.stderr


def test_a_list_of_results_gives_one_docx_per_agency(tmp_path):
    one = json.loads(_result_json(tmp_path, "seed-001-2568.yaml").read_text(encoding="utf-8"))
    four = json.loads(_result_json(tmp_path, "seed-004-2568.yaml").read_text(encoding="utf-8"))
    both = tmp_path / "both.json"
    both.write_text(json.dumps([one, four], ensure_ascii=False), encoding="utf-8")
    md = _report(str(both), "--format", "markdown")
    assert "องค์การบริหารส่วนตำบลเชียงพิณ" in md and "องค์การบริหารส่วนตำบลสระกระโจม" in md
    outdir = tmp_path / "docs"
    outdir.mkdir()
    _report(str(both), "--format", "docx", "-o", str(outdir))
    assert len(list(outdir.glob("*.docx"))) == 2
    proc = run_ita("report", str(both), "--format", "docx", "-o", str(tmp_path / "one.docx"))
    assert proc.returncode == 2 and "directory" in proc.stderr


@pytest.mark.parametrize("content, expect", [
    (None, "no such file"),
    ("this is not json", "not JSON"),
    ('{"agency": "x"}', "not an `ita assess` result"),
    ("[]", "empty"),
    ("[1, 2]", "not a JSON object"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, content, expect):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    proc = run_ita("report", str(path), "--format", "markdown")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and expect in lines[0], proc.stderr
    assert proc.stdout == ""


def test_docx_needs_an_output_path(seed001):
    proc = run_ita("report", str(seed001), "--format", "docx")
    assert proc.returncode == 2 and "-o" in proc.stderr
