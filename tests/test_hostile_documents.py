"""Hostile documents (issue 11 #5, #6): bombs and pathological files end in a clear, bounded outcome.

Bombs run in a fresh interpreter capped at 1 GB of address space, so a regression shows as a failed
test (MemoryError, or the subprocess timeout as a hang guard), never as a machine out of memory.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest
from conftest import ROOT, assess_results, site_result

import hostile_files as h

CAP_BYTES = 1 << 30
TESTS = ROOT / "tests"


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def capped(args: list[str], timeout: float = 240, cwd=None) -> subprocess.CompletedProcess:
    """Run python with `args` under a 1 GB address-space cap; tests/ is importable."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)]), "MALLOC_ARENA_MAX": "2"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd or ROOT, timeout=timeout, preexec_fn=_cap_memory, env=env)


def capped_ita(*args: str, timeout: float = 240, cwd=None) -> subprocess.CompletedProcess:
    """The real `ita` command under the memory cap."""
    return capped(["-m", "cli.main", *args], timeout=timeout, cwd=cwd)


_EXTRACT = """
import json, sys, hostile_files as h
from crawler.extract import extract
d = extract({maker}, {ctype!r}, "http://agency.test/files/doc")
print(json.dumps({{"kind": d.kind, "limit": d.limit, "error": d.error, "chars": len(d.text), "text": d.text[-300:],
                  "tables": len(d.tables), "rows": d.tables[0][:3] if d.tables else [], "links": len(d.links),
                  "headings": d.headings[:3]}}, ensure_ascii=False))
"""


def extract_capped(maker: str, ctype: str | None = None, timeout: float = 240) -> dict:
    """Extract a generated document in a capped interpreter; the summary as a dict."""
    p = capped(["-c", _EXTRACT.format(maker=maker, ctype=ctype)], timeout=timeout)
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- #5 zip bombs


def test_docx_zip_bomb_is_refused_before_inflating():
    d = extract_capped("h.docx_bomb(400)")
    assert d["kind"] == "docx"
    assert "word/document.xml" in d["limit"] and "400 MB" in d["limit"]
    assert d["error"] and d["chars"] == 0


def test_xlsx_shared_string_bomb_is_refused_before_inflating():
    d = extract_capped("h.xlsx_shared_string_bomb(400)")
    assert d["kind"] == "xlsx"
    assert "xl/sharedStrings.xml" in d["limit"]
    assert d["error"] and d["chars"] == 0


def test_archive_guard_accepts_office_files_and_refuses_bombs():
    from ita_rules.zipguard import ZipBomb, check_archive

    check_archive(h.docx(["แผนปฏิบัติการ 2568"]))
    check_archive(h.xlsx_rows([["agency", "year"], ["อบต.ก", 2568]]))
    many = h.office_zip({f"f{i}.xml": b"<x/>" for i in range(50)})
    with pytest.raises(ZipBomb, match="50 files"):
        check_archive(many, max_entries=40)
    dense = h.office_zip({"a.xml": b"A" * (4 << 20)})  # 4 MB of one letter: ~1000:1
    with pytest.raises(ZipBomb, match=r"a\.xml is compressed [\d,]+:1"):
        check_archive(dense)
    parts = h.office_zip({f"p{i}.bin": os.urandom(1 << 20) for i in range(3)})  # incompressible, 3 MB
    with pytest.raises(ZipBomb, match="in all"):
        check_archive(parts, max_total=2 << 20)


def test_text_kept_per_document_is_capped():
    from crawler.limits import ReadLimits

    text = ("ข้อมูลข่าวสาร " * 400_000).encode()  # ~5.6 M characters of plain text
    from crawler.extract import extract

    d = extract(text, "text/plain; charset=utf-8", "http://agency.test/big.txt", ReadLimits(max_chars=100_000))
    assert len(d.text) <= 100_000
    assert d.limit and "100,000 characters" in d.limit and d.error is None


def test_assess_refuses_an_xlsx_zip_bomb_in_one_line(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(h.xlsx_shared_string_bomb(400))
    p = capped_ita("assess", str(bomb))
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    line = p.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert str(bomb) in line and "xl/sharedStrings.xml" in line


# ---------------------------------------------------------------------------- judging documents over a limit

BASE = "http://agency.test"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(path: str, body: bytes, ct: str = "text/html; charset=utf-8", depth: int = 1, limits=None):
    import hashlib

    from crawler.extract import extract
    from crawler.limits import DEFAULT
    from ita_rules.artifacts import FetchRecord, Page

    url = BASE + path
    rec = FetchRecord(url=url, final_url=url, status=200, outcome="ok", depth=depth, content_type=ct,
                      referrer=None if depth == 0 else BASE + "/", sha256=hashlib.sha256(body).hexdigest())
    return Page(record=rec, doc=extract(body, ct, url, limits or DEFAULT))


def _index_site(links: dict[str, str]) -> list:
    from ita_rules.loader import pack_by_id

    pack = pack_by_id("ita-2568")
    rows = "".join(f"<tr><td>O{k[1:]}</td><td>{pack.item[k].title.th}</td><td><a href='{v}'>เอกสาร</a></td></tr>"
                   for k, v in links.items())
    filler = "".join(f"<tr><td>O{n}</td><td>{pack.item[f'o{n}'].title.th}</td><td>-</td></tr>" for n in range(10, 16))
    index = (f"<html><head><title>การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568</title></head><body>"
             f"<h1>การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568</h1><table>{rows}{filler}</table></body></html>")
    home = "<html><head><title>หน้าแรก</title></head><body><a href='/ita.html'>ITA</a></body></html>"
    return [_page("/", home.encode(), depth=0), _page("/ita.html", index.encode())]


def _findings(pages: list) -> dict:
    from ita_rules.evidence.locate import locate
    from ita_rules.loader import pack_by_id

    return {f.id: f for f in locate(pack_by_id("ita-2568"), 2568, pages)}


def test_a_document_refused_as_a_bomb_is_needs_review_with_the_limit_named():
    pages = _index_site({"o8": "/o8.docx"}) + [_page("/o8.docx", h.docx_bomb(60), DOCX)]
    f = _findings(pages)["o8"]
    assert (f.outcome, f.reason) == ("needs_review", "extraction_limit")
    assert "zip bomb" in f.evidence[0].note and "word/document.xml" in f.evidence[0].note


def test_a_fail_read_off_part_of_a_document_is_unsure():
    from crawler.limits import ReadLimits

    # The manual's words come after the text cap: what was read names nothing of o8.
    body = ("ข้อความทั่วไปของหน่วยงาน " * 200 + "คู่มือการปฏิบัติงาน ประจำปีงบประมาณ พ.ศ. 2568").encode()
    whole = _index_site({"o8": "/o8.txt"}) + [_page("/o8.txt", body, "text/plain; charset=utf-8")]
    part = _index_site({"o8": "/o8.txt"}) + [_page("/o8.txt", body, "text/plain; charset=utf-8",
                                                    limits=ReadLimits(max_chars=1000))]
    assert _findings(whole)["o8"].outcome == "pass"
    f = _findings(part)["o8"]
    assert (f.outcome, f.reason) == ("needs_review", "extraction_limit")
    assert "1,000 characters" in f.evidence[0].note


# ---------------------------------------------------------------------------- #6 bounded reading


def test_thirty_thousand_nested_tables_are_read_whole():
    d = extract_capped("h.nested_tables(30000)", "text/html; charset=utf-8", timeout=120)
    assert d["error"] is None and d["limit"] is None
    assert d["text"].endswith("ข้อมูลชั้นในสุด\nหลังตาราง")
    assert d["tables"] >= 1


def test_nested_tables_with_a_link_at_every_level_keep_every_link():
    d = extract_capped("h.nested_tables(8000, links=True)", "text/html; charset=utf-8", timeout=120)
    assert d["error"] is None and d["limit"] is None
    assert d["links"] == 8000


def test_a_page_over_the_tag_cap_is_read_in_part_and_says_so():
    d = extract_capped("h.link_flood(300000)", "text/html; charset=utf-8")
    assert d["error"] is None
    assert d["links"] == 10_000
    assert "tags" in d["limit"] and "the first 10,000 were kept" in d["limit"]


def test_a_pdf_of_inflating_streams_is_bounded():
    d = extract_capped("h.pdf_flate_bomb(50, 70)", "application/pdf", timeout=120)
    assert d["kind"] == "pdf" and d["chars"] == 0
    assert "content stream" in d["limit"] and d["error"]


def test_a_docx_of_many_paragraphs_is_streamed_within_the_text_cap():
    d = extract_capped("h.docx_many_paragraphs(40)", timeout=120)
    assert d["kind"] == "docx" and d["error"] is None
    assert d["chars"] == 2_000_000 and "text cut at 2,000,000 characters" in d["limit"]


def test_xlsx_rows_follow_the_cells_not_the_stated_dimension():
    from crawler.extract import extract

    rows = [["จัดซื้อวัสดุ", 2568], ["จ้างเหมาซ่อมถนน", 2568], ["จัดซื้อครุภัณฑ์", 2568]]
    d = extract(h.xlsx_rows(rows, dimension="A1"), None, "http://agency.test/skr.xlsx")
    assert d.tables == [[["จัดซื้อวัสดุ", "2568"], ["จ้างเหมาซ่อมถนน", "2568"], ["จัดซื้อครุภัณฑ์", "2568"]]]
    far = extract_capped("h.xlsx_rows([['จัดซื้อวัสดุ', 2568]], far_cell='XFD1048576')", timeout=120)
    assert far["rows"] == [["จัดซื้อวัสดุ", "2568"]] and far["error"] is None


def test_assess_reads_an_xlsx_with_a_far_cell_by_its_cells(tmp_path):
    sheet = tmp_path / "far.xlsx"
    sheet.write_bytes(h.xlsx_rows([["agency", "year", "o1"], ["อบต.ทดสอบ", 2568, 100]], far_cell="XFD1048576"))
    p = capped_ita("assess", str(sheet), "--format", "json", timeout=120)
    assert p.returncode in (0, 1), p.stderr[-2000:]
    assert assess_results(p.stdout)[0]["agency"] == "อบต.ทดสอบ"


@pytest.mark.parametrize("maker, ctype", [
    ("pdf", "application/pdf"), ("docx", None), ("xlsx", None), ("html", "text/html; charset=utf-8")])
def test_a_document_past_its_time_is_refused_with_the_reason(maker, ctype):
    from crawler.extract import extract
    from crawler.limits import ReadLimits

    body = {"pdf": lambda: h.pdf_text(2), "docx": lambda: h.docx(["คู่มือ"]),
            "xlsx": lambda: h.xlsx_rows([["จัดซื้อ"]]), "html": lambda: h.nested_tables(3)}[maker]()
    d = extract(body, ctype, "http://agency.test/doc", ReadLimits(seconds=0))
    assert d.kind == maker and d.error and "per-document time limit of 0 s" in d.limit
    spent = extract(body, ctype, "http://agency.test/doc", ReadLimits(deadline=0.0))
    assert spent.error and "--time-budget" in spent.limit


def test_a_pdf_stopped_at_its_time_keeps_the_pages_read(monkeypatch):
    import crawler.limits
    from crawler.extract import extract
    from crawler.limits import ReadLimits

    now = iter(range(1000))  # every look at the clock is one second later
    monkeypatch.setattr(crawler.limits.time, "monotonic", lambda: float(next(now)))
    d = extract(h.pdf_text(5), "application/pdf", "http://agency.test/a.pdf", ReadLimits(seconds=2.5))
    assert d.error is None and d.page_count == 5
    assert "after 1 of 5 pages" in d.limit and d.text == "Annual plan"


def test_evaluation_reads_pages_first_and_stops_at_the_deadline(tmp_path):
    from crawler.limits import ReadLimits
    from crawler.pages import load_pages
    from crawler.snapshot import SnapshotReader, SnapshotWriter
    from ita_rules.artifacts import FetchRecord

    w = SnapshotWriter(tmp_path / "snap")
    w.add(FetchRecord(url="http://a.test/o8.docx", outcome="ok", status=200, content_type=DOCX),
          h.docx(["คู่มือการปฏิบัติงาน"]))
    w.add(FetchRecord(url="http://a.test/", outcome="ok", status=200, content_type="text/html"),
          b"<html><body><a href='/o8.docx'>x</a></body></html>")
    w.close({"target": "http://a.test/"})
    pages = load_pages(SnapshotReader(tmp_path / "snap"), ReadLimits(deadline=0.0))
    assert [p.url for p in pages] == ["http://a.test/o8.docx", "http://a.test/"]  # record order kept
    assert all(p.doc.error and "--time-budget" in p.doc.limit for p in pages)


def test_time_budget_bounds_gathering_and_evaluation():
    from httpsrv import TestSite

    # Each PDF is 50 pages of 1 MB content streams: about 1.5 s a page for pypdf, a minute a file.
    pdf = h.pdf_flate_bomb(50, 1)
    labels = ["แผนการดำเนินงานประจำปี", "รายงานผลการดำเนินงาน", "คู่มือการปฏิบัติงาน", "แผนการใช้จ่ายงบประมาณ",
              "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้าง", "แผนการจัดซื้อจัดจ้าง"]
    with TestSite() as site:
        site.page("/", "<html><head><title>หน้าแรก</title></head><body>" + "".join(
            f'<p><a href="/d{i}.pdf">{label} 2568</a></p>' for i, label in enumerate(labels)) + "</body></html>")
        for i in range(len(labels)):
            site.page(f"/d{i}.pdf", pdf, content_type="application/pdf")
        p = capped_ita("check", site.url("/"), "--format", "json", "--delay", "0", "--time-budget", "20",
                       timeout=150)
    assert p.returncode in (0, 1), p.stderr[-2000:]
    data = site_result(p.stdout)
    assert not data["coverage"]["complete"]
    assert any("--time-budget" in w for w in data["coverage"]["warnings"])
    assert all(i["outcome"] != "pass" for i in data["items"]), [(i["id"], i["detail"]) for i in data["items"] if i["outcome"] == "pass"]


# ---------------------------------------------------------------------------- every bomb at once, 1 GB


def test_memory_cap_run_over_every_bomb_ends_in_a_clear_result(tmp_path):
    from httpsrv import TestSite

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    files = {  # path: (label on the home page, body, content type)
        "/manual.docx": ("คู่มือการปฏิบัติงาน 2568", h.docx_bomb(400), DOCX),
        "/procure.xlsx": ("ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้าง 2568", h.xlsx_shared_string_bomb(400), xlsx),
        "/far.xlsx": ("แผนการจัดซื้อจัดจ้าง 2568", h.xlsx_rows([["แผน"]], far_cell="XFD1048576"), xlsx),
        "/plan.pdf": ("แผนการดำเนินงานประจำปี 2568", h.pdf_flate_bomb(50, 70), "application/pdf"),
        "/tables.html": ("รายงานผลการดำเนินงาน 2568", h.nested_tables(30000), "text/html; charset=utf-8"),
        "/links.html": ("ข่าวประชาสัมพันธ์", h.link_flood(300_000), "text/html; charset=utf-8"),
    }
    with TestSite() as site:
        site.page("/", "<html><head><title>หน้าแรก</title></head><body>" + "".join(
            f'<p><a href="{path}">{label}</a></p>' for path, (label, _, _) in files.items()) + "</body></html>")
        for path, (_, body, ctype) in files.items():
            site.page(path, body, content_type=ctype)
        p = capped_ita("check", site.url("/"), "--format", "json", "--delay", "0", "--retries", "0",
                       "--max-pages", "60", "--time-budget", "120", timeout=300)
    assert "Traceback" not in p.stderr and "MemoryError" not in p.stderr, p.stderr[-3000:]
    assert p.returncode in (0, 1), (p.returncode, p.stderr[-2000:])
    data = site_result(p.stdout)
    assert data["coverage"]["reachable"]
    warnings = "\n".join(data["coverage"]["warnings"])
    for why in ("word/document.xml", "xl/sharedStrings.xml", "content stream", "300,000 links"):
        assert why in warnings, why
    assert all(i["outcome"] != "pass" for i in data["items"]), [(i["id"], i["detail"]) for i in data["items"] if i["outcome"] == "pass"]
