"""Behaviour tests for crawler.extract on HTML, PDF, DOCX, XLSX and mislabelled documents."""

import io
import zipfile
from datetime import datetime

import pytest

from ita_rules.artifacts import Extracted
from crawler.extract import extract

PAGE_URL = "http://www.nongbua.go.th/page/ita.php"

ITA_PAGE = """<!DOCTYPE html>
<html lang="th"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-874">
<title>ITA 2568 | องค์การบริหารส่วนตำบลหนองบัว</title>
<style>.hide{display:none}</style>
<script>var menu = "<a href='/from-script.php'>สคริปต์</a>";</script>
</head><body>
<div id="header"><a href="/"><img src="/images/logo.png" alt="หน้าหลัก อบต.หนองบัว"></a></div>
<ul class="sf-menu main-menu">
  <li><a href="/public/list/data/index/menu/1141">ข้อมูลพื้นฐาน</a>
    <ul><li><a href="/page/structure.php">โครงสร้างและอำนาจหน้าที่</a></li></ul></li>
  <li><a href="/page/ita.php"><img src="images2/ITA2568.png" alt="ITA 2568"></a></li>
  <li><a href="javascript:void(0)" onclick="return false">เกี่ยวกับเรา</a></li>
</ul>
<!-- <ul class="menu"><li><a href="/old/oit2566.php">เมนูเก่า OIT 2566</a></li></ul> -->
<!--[if lt IE 9]><a href="/ie-only.php">IE</a><![endif]-->
<h2>ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน</h2>
<table class="table">
<tr><th>ข้อ</th><th>ข้อมูล</th><th>URL/ข้อมูลการเชื่อมโยง</th></tr>
<tr><td>o1</td><td>โครงสร้างและอำนาจหน้าที่</td>
    <td><a href="/page/structure.php">คลิกลิงค์ข้อมูล</a> <a href="../files/o1.pdf" title="แผนผังโครงสร้าง">PDF</a></td></tr>
<tr><td>o2</td><td>ข้อมูลผู้บริหาร</td><td><a href="#">ไม่มีลิงก์</a></td></tr>
<tr><td>O 3</td><td>ข้อมูลการติดต่อ</td>
    <td><a href="https://www.facebook.com/p/อบต.หนองบัว-100064/">Facebook</a>
    <a href="tel:055411234">0 5541 1234</a></td></tr>
</table>
<h3>ตัวชี้วัดย่อยที่ 9.2 การบริหารงาน</h3>
<p>แผนการดำเนินงานประจำปี <a href="/files/o5-2568.pdf"></a>
<a href="/files/o6.pdf" aria-label="รายงานผลการดำเนินงาน รอบ 6 เดือน"></a></p>
<iframe src="https://flowpaper.com/online-pdf-viewer/?pdf=x"></iframe>
<object data="/files/o7.pdf" type="application/pdf"></object>
<form action="/public/login/backend/index" method="POST">
  <input name="user"><input type="password" name="pw"></form>
<form><input name="q"></form>
<p>ข้อความปิดท้าย “โปร่งใส”</p>
</body></html>
"""


def _html_bytes(text: str = ITA_PAGE, enc: str = "cp874") -> bytes:
    return text.encode(enc)


@pytest.fixture(scope="module")
def page() -> Extracted:
    return extract(_html_bytes(), "text/html", PAGE_URL)


def test_html_basics(page):
    assert page.kind == "html" and page.error is None
    assert (page.encoding, page.encoding_source) == ("cp874", "meta")
    assert page.title == "ITA 2568 | องค์การบริหารส่วนตำบลหนองบัว"
    assert page.headings == ["ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน", "ตัวชี้วัดย่อยที่ 9.2 การบริหารงาน"]
    assert "ข้อความปิดท้าย “โปร่งใส”" in page.text


def test_comments_scripts_styles_contribute_nothing(page):
    hrefs = {link.href for link in page.links}
    assert "/old/oit2566.php" not in hrefs
    assert "/ie-only.php" not in hrefs
    assert "/from-script.php" not in hrefs
    assert "เมนูเก่า" not in page.text and "สคริปต์" not in page.text and "display:none" not in page.text


def _link(page: Extracted, href: str):
    matches = [link for link in page.links if link.href == href]
    assert matches, href
    return matches[0]


def test_image_only_links_use_alt(page):
    assert _link(page, "/page/ita.php").text == "ITA 2568"
    assert _link(page, "/page/ita.php").context == ""  # empty menu item and no heading before it
    assert _link(page, "/").text == "หน้าหลัก อบต.หนองบัว"


def test_link_text_fallbacks(page):
    assert _link(page, "../files/o1.pdf").text == "PDF"
    assert _link(page, "/files/o6.pdf").text == "รายงานผลการดำเนินงาน รอบ 6 เดือน"
    assert _link(page, "/files/o5-2568.pdf").text == ""


def test_links_are_canonical(page):
    assert _link(page, "../files/o1.pdf").url == "http://www.nongbua.go.th/files/o1.pdf"
    assert _link(page, "#").url is None
    assert _link(page, "javascript:void(0)").url is None
    assert _link(page, "tel:055411234").url is None
    assert _link(page, "https://www.facebook.com/p/อบต.หนองบัว-100064/").url.startswith(
        "https://www.facebook.com/p/%E0%B8%AD")


def test_context_from_row_list_item_or_heading(page):
    in_table = [link for link in page.links if link.href == "/page/structure.php" and not link.in_nav]
    assert in_table and in_table[0].context == "o1 | โครงสร้างและอำนาจหน้าที่ | คลิกลิงค์ข้อมูล PDF"
    assert _link(page, "#").context == "o2 | ข้อมูลผู้บริหาร | ไม่มีลิงก์"
    assert _link(page, "/files/o5-2568.pdf").context == "ตัวชี้วัดย่อยที่ 9.2 การบริหารงาน"
    assert all(len(link.context) <= 300 for link in page.links)


def test_nav_detection(page):
    assert _link(page, "/").in_nav  # logo inside div#header
    assert _link(page, "/public/list/data/index/menu/1141").in_nav
    assert _link(page, "/page/ita.php").in_nav
    assert not _link(page, "../files/o1.pdf").in_nav


def test_tables(page):
    assert page.tables == [[
        ["ข้อ", "ข้อมูล", "URL/ข้อมูลการเชื่อมโยง"],
        ["o1", "โครงสร้างและอำนาจหน้าที่", "คลิกลิงค์ข้อมูล PDF"],
        ["o2", "ข้อมูลผู้บริหาร", "ไม่มีลิงก์"],
        ["O 3", "ข้อมูลการติดต่อ", "Facebook 0 5541 1234"],
    ]]


def test_iframes_and_forms(page):
    assert page.iframes == ["https://flowpaper.com/online-pdf-viewer/?pdf=x", "http://www.nongbua.go.th/files/o7.pdf"]
    login, search = page.forms
    assert login.has_password and login.method == "post"
    assert login.action == "http://www.nongbua.go.th/public/login/backend/index"
    assert not search.has_password and search.action == PAGE_URL


def test_meta_refresh_and_base_href():
    html = ('<html><head><base href="http://www.nongbua.go.th/web/">'
            '<meta http-equiv="refresh" content="0; URL=\'ita/index.php\'"></head>'
            '<body><a href="o1.html">o1</a></body></html>')
    ex = extract(html.encode(), "text/html; charset=utf-8", "http://www.nongbua.go.th/")
    assert ex.meta_refresh == "http://www.nongbua.go.th/web/ita/index.php"
    assert ex.links[0].url == "http://www.nongbua.go.th/web/o1.html"
    assert (ex.encoding, ex.encoding_source) == ("utf-8", "header")


def test_broken_html_is_tolerated():
    html = "<div><ul class='nav'><li><a href='a.php'>ข่าวประชาสัมพันธ์</sapn></a><li><a href=b.php>ติดต่อเรา"
    ex = extract(html.encode(), "text/html", PAGE_URL)
    assert [(link.text, link.in_nav) for link in ex.links] == [("ข่าวประชาสัมพันธ์", True), ("ติดต่อเรา", True)]


def test_big_table_is_capped():
    rows = "".join(f"<tr><td>{i}</td><td>รายการ {i}</td></tr>" for i in range(2500))
    ex = extract(f"<table>{rows}</table>".encode(), "text/html", PAGE_URL)
    assert len(ex.tables[0]) == 2000


def test_context_is_truncated():
    long_row = "<table><tr><td>" + "ก" * 1000 + "</td><td><a href='x.pdf'>x</a></td></tr></table>"
    ex = extract(long_row.encode(), "text/html; charset=utf-8", PAGE_URL)
    assert 0 < len(ex.links[0].context) <= 300



@pytest.mark.parametrize("footer", ["<footer>{}</footer>", '<div role="contentinfo">{}</div>'])
def test_footer_links_take_no_heading_as_context(footer):
    # A Liferay OIT page ends with a modal titled "O19 ..."; its footer links are not that row's evidence.
    html = ('<div class="modal"><h5>O19 ข้อมูลสถิติเรื่องร้องเรียน ประจำปีงบประมาณ พ.ศ. 2567</h5><p>รวม 6 เรื่อง</p></div>'
            + footer.format('<p><a href="/contact">ติดต่อเรา</a> | <a href="https://www.liferay.com">Liferay</a></p>')
            + '<h2>ข่าว</h2><p><a href="/news/1">อ่านต่อ</a></p>')
    ex = extract(html.encode(), "text/html; charset=utf-8", PAGE_URL)
    by_text = {lk.text: lk.context for lk in ex.links}
    assert by_text["ติดต่อเรา"] == "" and by_text["Liferay"] == ""
    assert by_text["อ่านต่อ"] == "ข่าว"  # headings after the footer still give context


# ---------------------------------------------------------------- PDF


def _text_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with Helvetica text, offsets computed by hand."""
    ops = ["BT /F1 12 Tf 72 720 Td 14 TL"] + [f"({line}) '" for line in lines] + ["ET"]
    content = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_pdf_text():
    ex = extract(_text_pdf(["Procurement summary report", "Fiscal year 2568"]), "application/pdf", PAGE_URL)
    assert ex.kind == "pdf" and ex.error is None
    assert "Procurement summary report" in ex.text and "2568" in ex.text
    assert ex.page_count == 1 and not ex.image_only


def test_pdf_without_text_layer_is_image_only():
    ex = extract(_blank_pdf(3), "application/pdf", PAGE_URL)
    assert ex.kind == "pdf" and ex.error is None
    assert ex.page_count == 3 and ex.image_only


@pytest.mark.parametrize("body", [b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b"%PDF-1.7\n" + b"\x00garbage" * 50])
def test_malformed_pdf_sets_error(body):
    ex = extract(body, "application/pdf", PAGE_URL)
    assert ex.kind == "pdf" and ex.error is not None


def test_truncated_pdf_never_raises():
    full = _text_pdf(["Annual report"])
    for cut in (20, len(full) // 2, len(full) - 30):
        ex = extract(full[:cut], "application/pdf", PAGE_URL)
        assert ex.kind == "pdf"


def test_pdf_served_as_html_is_sniffed():
    ex = extract(b"\r\n" + _text_pdf(["Risk assessment"]), "text/html; charset=utf-8",
                 "http://x.go.th/download.php?type=94")
    assert ex.kind == "pdf" and "Risk assessment" in ex.text


# ---------------------------------------------------------------- DOCX / XLSX


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = "คู่มือการปฏิบัติงาน"
    d.add_heading("คู่มือการปฏิบัติงาน กองคลัง", level=1)
    d.add_paragraph("ประจำปีงบประมาณ พ.ศ. 2568")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "ขั้นตอน", "ระยะเวลา"
    t.cell(1, 0).text, t.cell(1, 1).text = "รับคำร้อง", "1 วัน"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "ต.ค.67"
    ws.append(["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินงบประมาณ", "วิธีซื้อหรือจ้าง",
               "ผู้เสนอราคาและราคาที่เสนอ", "ผู้ได้รับการคัดเลือก", "เหตุผลที่คัดเลือก", "วันที่"])
    ws.append([1, "จัดซื้อวัสดุสำนักงาน", 2568.5, "เฉพาะเจาะจง", "หจก.ตัวอย่าง 2,500", "หจก.ตัวอย่าง",
               "ราคาต่ำสุด", datetime(2024, 10, 15)])
    ws.append([None, None, None])
    ws.append([2, "จ้างเหมาซ่อมแซมถนน", 120000, "เฉพาะเจาะจง"])
    wb.create_sheet("พ.ย.67").append(["ไม่มีการจัดซื้อจัดจ้าง"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_docx():
    ex = extract(_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", PAGE_URL)
    assert ex.kind == "docx" and ex.error is None
    assert ex.title == "คู่มือการปฏิบัติงาน"
    assert ex.headings == ["คู่มือการปฏิบัติงาน กองคลัง"]
    assert "ประจำปีงบประมาณ พ.ศ. 2568" in ex.text and "รับคำร้อง" in ex.text
    assert ex.tables == [[["ขั้นตอน", "ระยะเวลา"], ["รับคำร้อง", "1 วัน"]]]


def test_xlsx_headers_and_rows():
    ex = extract(_xlsx(), "application/octet-stream", "http://x.go.th/files/skr-oct67.xlsx")
    assert ex.kind == "xlsx" and ex.error is None
    first, second = ex.tables
    assert first[0][1] == "งานที่จัดซื้อหรือจัดจ้าง" and len(first[0]) == 8
    assert first[1][2] == "2568.5" and first[1][7] == "2024-10-15"
    assert first[2] == ["2", "จ้างเหมาซ่อมแซมถนน", "120000", "เฉพาะเจาะจง"]  # empty row skipped
    assert second == [["ไม่มีการจัดซื้อจัดจ้าง"]]
    assert ex.headings == ["ต.ค.67", "พ.ย.67"]
    assert "จัดซื้อวัสดุสำนักงาน" in ex.text


@pytest.mark.parametrize(
    "ctype, kind",
    [
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ],
)
def test_corrupt_office_files_set_error(ctype, kind):
    ex = extract(b"PK\x03\x04 this is not a zip", ctype, PAGE_URL)
    assert ex.kind == kind and ex.error is not None
    broken = io.BytesIO()
    name = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr(name, "<not-xml")
    ex = extract(broken.getvalue(), ctype, PAGE_URL)
    assert ex.kind == kind and ex.error is not None


# ---------------------------------------------------------------- dispatch


@pytest.mark.parametrize(
    "body, ctype, kind",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png", "image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, None, "image"),
        (b"GIF89a" + b"\x00" * 10, "application/octet-stream", "image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "application/msword", "other"),
        (b"<!DOCTYPE html><html><body>ITA</body></html>", None, "html"),
        (b"  <html><body>ITA</body></html>", "application/octet-stream", "html"),
        ("ข้อมูลสถิติการให้บริการ ปี 2568".encode("cp874"), "text/plain", "text"),
        (b"a,b\n1,2\n", "text/csv", "text"),
        (b"\x00\x01\x02binary", "application/octet-stream", "other"),
        (b"{}", "application/json", "other"),
    ],
)
def test_dispatch(body, ctype, kind):
    assert extract(body, ctype, PAGE_URL).kind == kind


def test_zip_docx_sniffed_without_content_type():
    ex = extract(_docx(), None, "http://x.go.th/sdc_download/ita2569-o9-03?inline=1")
    assert ex.kind == "docx" and "รับคำร้อง" in ex.text


def test_text_document_decoding():
    ex = extract("ข้อมูลสถิติการให้บริการ ปี 2568".encode("cp874"), "text/plain; charset=tis-620", PAGE_URL)
    assert ex.text == "ข้อมูลสถิติการให้บริการ ปี 2568"
    assert (ex.encoding, ex.encoding_source) == ("cp874", "header")


def test_other_zip_is_other():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    assert extract(buf.getvalue(), "application/zip", PAGE_URL).kind == "other"


def test_accordion_and_details_layout():
    html = (
        '<div class="accordion"><div class="card"><div class="card-header">'
        '<a href="#oit-01" data-toggle="collapse">O1 โครงสร้าง</a></div>'
        '<div id="oit-01" class="collapse"><p><a href="/files/o1.pdf">ดาวน์โหลดเอกสาร</a></p></div></div></div>'
        '<details><summary>ปี 2568</summary><a href="/ita2568/o2.pdf">o2</a></details>'
        "<p><span>ข่าว</span><span>ประชาสัมพันธ์</span></p>"
    )
    ex = extract(html.encode(), "text/html; charset=utf-8", PAGE_URL)
    toggle, doc, yearly = ex.links
    assert toggle.url is None and not toggle.in_nav  # Bootstrap card-header is content, not a menu
    assert not doc.in_nav
    assert yearly.context == "ปี 2568"
    assert ex.text.splitlines() == ["O1 โครงสร้าง", "ดาวน์โหลดเอกสาร", "ปี 2568", "o2", "ข่าวประชาสัมพันธ์"]


def test_deeply_nested_broken_html():
    html = "<div>" * 3000 + "<a href='deep.php'>ลึก</a>"
    ex = extract(html.encode(), "text/html", PAGE_URL)
    assert ex.error is None and ex.text == "ลึก" and ex.links[0].url == "http://www.nongbua.go.th/page/deep.php"


def test_xhtml_xml_declaration_charset():
    html = ('<?xml version="1.0" encoding="windows-874"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>ศูนย์ข้อมูลข่าวสาร</title></head><body><p>ประกาศ</p></body></html>")
    ex = extract(html.encode("cp874"), "application/xhtml+xml", PAGE_URL)
    assert (ex.title, ex.encoding, ex.encoding_source) == ("ศูนย์ข้อมูลข่าวสาร", "cp874", "meta")
