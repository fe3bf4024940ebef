"""Issue 9 class 7: XLSX and DOCX evidence is read like a PDF (title rows, header rows, month sheets, date cells)."""

from __future__ import annotations

import io
from datetime import datetime

from sitebuild import find, home, html, page

from ita_rules.evidence.years import first_half_months, fiscal_years

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The procurement list layout the Comptroller General's Department asks for (16 columns).
HEADER_16 = ["ลำดับ", "ปีงบประมาณ", "ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "กระทรวง", "ประเภทหน่วยงาน",
             "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร", "แหล่งที่มาของงบประมาณ",
             "สถานะการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง", "ราคาที่ตกลงซื้อหรือจ้าง",
             "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการ"]
AGENCY = ["อบต.หนองตัวอย่าง", "เมือง", "ตัวอย่าง", "มหาดไทย", "องค์กรปกครองส่วนท้องถิ่น"]


def _row(n: int, fy: int, what: str, status) -> list:
    return [n, fy, *AGENCY, what, 50000, "เทศบัญญัติ", status, "เฉพาะเจาะจง", 50000, 49500, "ร้านตัวอย่าง",
            f"6{n}109000001"]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def docx(paragraphs: list[tuple[str, bool]], table: list[list[str]]) -> bytes:
    import docx as _docx

    d = _docx.Document()
    for text, bold in paragraphs:
        d.add_paragraph().add_run(text).bold = bold
    t = d.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            t.cell(r, c).text = str(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def procurement_site(path: str, body: bytes, ct: str, row_text: str = "รายการการจัดซื้อจัดจ้างและความก้าวหน้า (Excel)"):
    """A procurement page whose download row names no item: only the file itself can say what it is."""
    menu = '<li><a href="/procurement.html">งานพัสดุ</a></li>'
    table = f'<table><tr><td>1</td><td>{row_text}</td><td><a href="{path}">ดาวน์โหลด</a></td></tr></table>'
    return [home(menu), page("/procurement.html", html("งานพัสดุ", table, menu)), page(path, body, ct=ct)]


# ---------------------------------------------------------------- reading the dates themselves


def test_iso_date_cells_count_for_their_fiscal_year_and_month():
    # openpyxl gives date cells as ISO dates ("2024-10-28"): October 2024 is fiscal year 2568
    assert fiscal_years("ตรวจรับ 2024-10-28") == {2568}
    assert fiscal_years("2025-03-02") == {2568}
    assert fiscal_years("2567-11-05") == {2568}  # a BE year written ISO-style
    assert first_half_months("2024-10-28 | 2024-11-03 | 2025-03-31", 2568) == {10, 11, 3}
    assert fiscal_years("เลขที่ 2024-001") == {2567}  # not a date: the bare year as before


# ---------------------------------------------------------------- XLSX


def test_xlsx_named_by_its_title_row_and_16_column_header_passes_o12():
    rows = [["รายการการจัดซื้อจัดจ้างและความก้าวหน้า อบต.หนองตัวอย่าง ตั้งแต่ 1 ตุลาคม 2567 ถึง 31 มีนาคม 2568"],
            HEADER_16,
            _row(1, 2568, "จ้างขุดลอกคลอง", "ตรวจรับ 28 ต.ค. 2567"),
            _row(2, 2568, "ซื้ออาหารเสริม (นม)", "ลงนามในสัญญา 1 พ.ย. 2567"),
            _row(3, 2568, "ซื้อถังขยะ", "ตรวจรับ 16 ธ.ค. 2567"),
            _row(4, 2568, "จ้างเหมารถน้ำ", "ลงนาม 17 ก.พ. 2568"),
            _row(5, 2568, "จ้างก่อสร้างรางระบายน้ำ", "ประกาศผู้ชนะ 24 มี.ค. 2568"),
            ["หมายเหตุ เดือนมกราคม 2568 ไม่มีการจัดซื้อจัดจ้าง"]]
    f = find(procurement_site("/files/egp-list.xlsx", xlsx({"Sheet1": rows}), XLSX))["o12"]
    assert (f.outcome, f.reason) == ("pass", "verified")
    assert f.evidence[0].url.endswith("/files/egp-list.xlsx") and f.evidence[0].years == [2568]


def test_xlsx_of_another_year_fails_on_its_cells():
    rows = [["รายการการจัดซื้อจัดจ้างและความก้าวหน้า ปีงบประมาณ พ.ศ. 2566"], HEADER_16,
            _row(1, 2566, "จ้างขุดลอกคลอง", "ตรวจรับ 28 ต.ค. 2565"),
            _row(2, 2566, "ซื้อถังขยะ", "ตรวจรับ 16 ก.พ. 2566")]
    f = find(procurement_site("/files/egp-list.xlsx", xlsx({"Sheet1": rows}), XLSX))["o12"]
    assert (f.outcome, f.reason) == ("fail", "wrong_year")


def test_an_annual_summary_by_method_is_not_the_monthly_list():
    # o13's table shares one column name with o12's layout; a single keyword must not make it o12 evidence
    rows = [["สรุปการจัดซื้อจัดจ้าง ตั้งแต่ 1 ตุลาคม 2567 ถึง 31 มีนาคม 2568"],
            ["วิธีการจัดซื้อจัดจ้าง", "จำนวนโครงการ", "วงเงิน (บาท)"],
            ["เฉพาะเจาะจง", 41, 2450000], ["e-bidding", 3, 5120000]]
    f = find(procurement_site("/files/summary.xlsx", xlsx({"Sheet1": rows}), XLSX, "สรุปงานพัสดุ (Excel)"))["o12"]
    assert f.outcome == "fail"


def test_every_month_sheet_of_a_workbook_is_read():
    # a summary sheet then one sheet per month, October to March: seven sheets, March is the last
    months = [("ต.ค.67", "10 ต.ค. 2567"), ("พ.ย.67", "12 พ.ย. 2567"), ("ธ.ค.67", "3 ธ.ค. 2567"),
              ("ม.ค.68", "20 ม.ค. 2568"), ("ก.พ.68", "5 ก.พ. 2568"), ("มี.ค.68", "14 มี.ค. 2568")]
    sheets = {"สรุป": [["รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ปีงบประมาณ พ.ศ. 2568"], ["เดือน", "จำนวน", "วงเงิน"]]}
    for k, (name, day) in enumerate(months, 1):
        sheets[name] = [[f"รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ({name})"], HEADER_16,
                        _row(k, 2568, f"ซื้อวัสดุ ครั้งที่ {k}", f"ตรวจรับ {day}")]
    f = find(procurement_site("/files/egp-2568.xlsx", xlsx(sheets), XLSX))["o12"]
    assert (f.outcome, f.reason) == ("pass", "verified")


def test_date_cells_give_the_months_and_the_missing_ones_are_named():
    # the year lives only in real date cells (Oct-Dec 2024 = fiscal 2568): three of six months, a person must look
    rows = [["รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้า"], HEADER_16,
            _row(1, "", "จ้างขุดลอกคลอง", datetime(2024, 10, 28)),
            _row(2, "", "ซื้ออาหารเสริม (นม)", datetime(2024, 11, 1)),
            _row(3, "", "ซื้อถังขยะ", datetime(2024, 12, 16))]
    f = find(procurement_site("/files/egp-list.xlsx", xlsx({"Sheet1": rows}), XLSX))["o12"]
    assert (f.outcome, f.reason) == ("needs_review", "months_missing")
    assert f.evidence[0].years == [2568]
    assert "ม.ค." in f.evidence[0].note and "มี.ค." in f.evidence[0].note


# ---------------------------------------------------------------- DOCX


def test_docx_table_with_the_16_column_header_passes_o12():
    table = [HEADER_16,
             _row(1, 2568, "จ้างขุดลอกคลอง", "ตรวจรับ 28 ต.ค. 2567"),
             _row(2, 2568, "ซื้ออาหารเสริม (นม)", "ลงนาม 1 พ.ย. 2567"),
             _row(3, 2568, "ซื้อถังขยะ", "ตรวจรับ 16 ธ.ค. 2567"),
             _row(4, 2568, "ไม่มีการจัดซื้อจัดจ้าง (ม.ค. 2568)", "-"),
             _row(5, 2568, "จ้างเหมารถน้ำ", "ลงนาม 17 ก.พ. 2568"),
             _row(6, 2568, "จ้างก่อสร้างรางระบายน้ำ", "ประกาศผู้ชนะ 24 มี.ค. 2568")]
    body = docx([("รายการการจัดซื้อจัดจ้างและความก้าวหน้า ไตรมาส 1-2", True),
                 ("อบต.หนองตัวอย่าง ปีงบประมาณ พ.ศ. 2568", False)], [[str(c) for c in r] for r in table])
    f = find(procurement_site("/files/egp-list.docx", body, DOCX, "รายการการจัดซื้อจัดจ้างและความก้าวหน้า (Word)"))["o12"]
    assert (f.outcome, f.reason) == ("pass", "verified")
    assert f.evidence[0].url.endswith("/files/egp-list.docx")
