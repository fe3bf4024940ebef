"""Issue 9 class 5: one page hosting several items is judged section by section (headings, anchors, <details>,
tabs); a section's own text decides its topic and year, and its evidence URL lands on it."""

from __future__ import annotations

import io
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import BASE, find, home, html, page

from crawler.extract import _visible_text, extract
from crawler.limits import DEFAULT, Clock
from crawler.sections import SectionTracker

RISK_TABLE = ("<table><tr><th>กระบวนงาน</th><th>เหตุการณ์ความเสี่ยง</th><th>ระดับ</th><th>มาตรการควบคุม</th></tr>"
              "<tr><td>การอนุมัติ อนุญาต</td><td>เรียกรับเงินเพื่อเร่งออกใบอนุญาต</td><td>สูง</td>"
              "<td>ประกาศขั้นตอนและระยะเวลา ตรวจสอบคิวงานรายสัปดาห์</td></tr>"
              "<tr><td>การจัดซื้อจัดจ้าง</td><td>รับสินบนจากผู้รับจ้าง</td><td>สูงมาก</td>"
              "<td>เผยแพร่ร่าง TOR รับฟังความคิดเห็น หมุนเวียนกรรมการ</td></tr></table>")
MEASURES = ("<p>จากผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 หน่วยงานได้ 88.41 คะแนน จึงกำหนดมาตรการดังนี้</p>"
            "<table><tr><th>มาตรการ</th><th>ขั้นตอน</th><th>ผู้รับผิดชอบ</th><th>ระยะเวลา</th></tr>"
            "<tr><td>กำหนดผู้รับผิดชอบการเผยแพร่</td><td>ออกคำสั่งมอบหมาย ตรวจทานทุกไตรมาส</td><td>สำนักปลัด</td>"
            "<td>พ.ย. 2567 - ก.ย. 2568</td></tr></table>")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MENU = '<li><a href="/anti-corruption.html">มาตรการป้องกันการทุจริต (หน้ารวม)</a></li>'


def shared_page() -> str:
    body = f"""
<section id="gift-report"><h3>2. รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา</h3>
<p><i>อยู่ระหว่างปรับปรุงข้อมูล</i></p></section>
<section id="bribery-risk"><h3>3. การประเมินความเสี่ยงการทุจริตในประเด็นที่เกี่ยวข้องกับสินบน ประจำปีงบประมาณ พ.ศ. 2568</h3>
<p>คณะทำงานประเมินความเสี่ยงการทุจริต ประเมินโอกาสและผลกระทบ 5 ระดับ ของกระบวนงานทั้งสี่กลุ่ม</p>{RISK_TABLE}</section>
<section id="results"><h3>6. รายงานผลการดำเนินการป้องกันการทุจริต</h3>
<p>ผลการดำเนินการตามแผนป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2565 ดำเนินการแล้วเสร็จ 12 โครงการ จากทั้งหมด
14 โครงการ ใช้งบประมาณ 180,000 บาท</p></section>
<section id="integrity"><h3>7. มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน</h3>
<details open><summary>7.1 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568</summary>
{MEASURES}</details>
<details><summary>7.2 รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน</summary>
<p>ไม่พบข้อมูล</p></details></section>"""
    return html("มาตรการป้องกันการทุจริต (หน้ารวม)", body, MENU)


def site(*extra):
    return [home(MENU), page("/anti-corruption.html", shared_page()), *extra]


# ---------------------------------------------------------------- the shared page


def test_each_item_is_judged_on_its_own_section():
    f = find(site())
    assert (f["o23"].outcome, f["o23"].reason) == ("pass", "verified")
    assert f["o23"].evidence[0].url == BASE + "/anti-corruption.html#bribery-risk"
    assert f["o27"].outcome == "pass"
    assert f["o22"].outcome == "fail"  # its section only says อยู่ระหว่างปรับปรุงข้อมูล
    assert f["o28"].outcome == "fail"  # its <details> only says ไม่พบข้อมูล


def test_a_section_without_an_anchor_lands_by_its_heading_text():
    f = find(site())["o28"]
    url = unquote(f.evidence[0].url)
    assert url.startswith(BASE + "/anti-corruption.html#:~:text=7.2 รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม")


def test_other_sections_do_not_lend_their_years():
    # the page mentions 2567 and 2568 elsewhere; o26's own section covers only 2565
    f = find(site())["o26"]
    assert (f.outcome, f.reason) == ("fail", "wrong_year")
    assert f.evidence[0].years == [2565] and f.evidence[0].url.endswith("#results")


def test_a_download_under_an_items_heading_is_that_items_document():
    # neither the link text nor the file name names o24; the section heading the link sits under does
    import docx

    section = ('<section id="risk-report"><h3>4. รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ</h3>'
               '<ul><li><a href="/files/r67.docx">ดาวน์โหลด (Word)</a></li></ul></section>')
    body = shared_page().replace("</body>", section + "</body>")
    d = docx.Document()
    d.add_paragraph("รายงานผลการดำเนินการตามมาตรการจัดการความเสี่ยง ประจำปีงบประมาณ พ.ศ. 2567")
    d.add_paragraph("ผลการดำเนินการตามมาตรการควบคุมความเสี่ยงการทุจริตแต่ละเรื่อง และการติดตามทุกไตรมาส")
    buf = io.BytesIO()
    d.save(buf)
    pages = [home(MENU), page("/anti-corruption.html", body), page("/files/r67.docx", buf.getvalue(), ct=DOCX)]
    f = find(pages)["o24"]
    assert (f.outcome, f.reason) == ("pass", "verified") and f.evidence[0].url.endswith("/files/r67.docx")


def test_a_news_headline_is_a_pointer_not_a_section_of_evidence():
    # a news list: each headline links its post; the teaser under it is not the announcement itself
    teaser = ("<h3><a href='/news/1.html'>นโยบายไม่รับของขวัญ (No Gift Policy) ปี 2568</a></h3>"
              "<p>นายกองค์การบริหารส่วนตำบลลงนามประกาศเจตนารมณ์ งดรับ งดให้ ของขวัญทุกชนิดจากการปฏิบัติหน้าที่"
              " เมื่อวันที่ 7 ตุลาคม 2567</p>"
              "<h3><a href='/news/2.html'>แผนปฏิบัติการป้องกันการทุจริต 2568</a></h3>"
              "<p>อบต. ประกาศใช้แผนปฏิบัติการป้องกันการทุจริต 12 โครงการ งบประมาณ 90,000 บาท เมื่อ 1 ตุลาคม 2567</p>")
    menu = '<li><a href="/news.html">ข่าวประชาสัมพันธ์</a></li>'
    pages = [home(menu), page("/news.html", html("ข่าวประชาสัมพันธ์", teaser, menu)),
             page("/news/1.html", None, outcome="http_error", status=404),
             page("/news/2.html", None, outcome="http_error", status=404)]
    f = find(pages)
    assert f["o21"].outcome == "fail" and f["o25"].outcome == "fail"


def test_an_oit_pages_own_anchor_is_no_evidence():
    # the OIT page's row links "#o21", a block further down holding the criterion text copied: not evidence
    from sitebuild import PACK

    rows = "".join(f"<tr><td>O{n}</td><td>{PACK.item[f'o{n}'].title.th}</td><td><a href='/o{n}.html'>เอกสาร</a>"
                   "</td></tr>" for n in range(1, 7))
    rows += f"<tr><td>O21</td><td>{PACK.item['o21'].title.th}</td><td><a href='#o21'>รายละเอียด</a></td></tr>"
    block = ("<h3 id='o21'>O21 ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy จากการปฏิบัติหน้าที่</h3>"
             "<p>หน่วยงานแสดงการประกาศเจตนารมณ์ตามนโยบาย No Gift Policy ลงนามโดยผู้บริหารสูงสุดคนปัจจุบัน ประกาศจัดทำ"
             "สำหรับปีงบประมาณ พ.ศ. 2568 ครอบคลุมเจ้าหน้าที่ทุกคน และมีกิจกรรมสร้างวัฒนธรรมอย่างน้อย 1 กิจกรรม</p>")
    menu = '<li><a href="/ita.html">ITA 2568</a></li>'
    index = html("การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568", f"<table>{rows}</table>{block}", menu)
    f = find([home(menu), page("/ita.html", index)])["o21"]
    assert f.outcome == "fail"


# ---------------------------------------------------------------- anchors and per-year tabs


def test_an_old_style_named_anchor_starts_a_section():
    body = ('<p>หน้านี้รวบรวมข้อมูลการป้องกันการทุจริต</p>'
            '<a name="o23"></a><p><b>การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2568</b></p>'
            f'<p>ประเมินโอกาสและผลกระทบของกระบวนงานการอนุมัติ อนุญาต และการจัดซื้อจัดจ้าง</p>{RISK_TABLE}'
            '<a name="o22"></a><p><b>รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา</b></p><p>ไม่พบข้อมูล</p>')
    menu = ('<li><a href="/anti.html#o23">การประเมินความเสี่ยงการทุจริต</a></li>'
            '<li><a href="/anti.html#o22">รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา</a></li>')
    f = find([home(menu), page("/anti.html", html("ป้องกันการทุจริต", body, menu))])
    assert f["o23"].outcome == "pass" and f["o23"].evidence[0].url.endswith("/anti.html#o23")
    assert f["o22"].outcome == "fail"


def test_bold_paragraph_titles_split_a_page_without_headings():
    # editors without heading styles title each part with a bold paragraph
    body = ("<p><strong>การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2568</strong></p>"
            f"<p>ประเมินโอกาสและผลกระทบของกระบวนงานการอนุมัติ อนุญาต และการจัดซื้อจัดจ้าง</p>{RISK_TABLE}"
            "<p><strong>รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา</strong></p>"
            "<p>อยู่ระหว่างปรับปรุงข้อมูล</p>")
    menu = '<li><a href="/anti.html">ป้องกันการทุจริต</a></li>'
    f = find([home(menu), page("/anti.html", html("ป้องกันการทุจริต", body, menu))])
    assert f["o23"].outcome == "pass" and "#:~:text=" in f["o23"].evidence[0].url
    assert f["o22"].outcome == "fail"


def test_an_accordion_pane_is_a_section_titled_by_its_button():
    body = ('<div class="accordion">'
            '<div class="card"><button data-bs-toggle="collapse" data-bs-target="#c1">การประเมินความเสี่ยงการทุจริต'
            ' ประจำปีงบประมาณ พ.ศ. 2568</button><div id="c1" class="collapse"><div class="card-body">'
            f'<p>ประเมินโอกาสและผลกระทบของกระบวนงานการอนุมัติ อนุญาต และการจัดซื้อจัดจ้าง</p>{RISK_TABLE}</div></div></div>'
            '<div class="card"><button data-bs-toggle="collapse" data-bs-target="#c2">รายงานการรับทรัพย์สินหรือ'
            'ประโยชน์อื่นใดโดยธรรมจรรยา</button><div id="c2" class="collapse"><div class="card-body"><p>ไม่พบข้อมูล</p>'
            '</div></div></div></div>')
    menu = '<li><a href="/anti.html">ป้องกันการทุจริต</a></li>'
    f = find([home(menu), page("/anti.html", html("ป้องกันการทุจริต", body, menu))])
    assert f["o23"].outcome == "pass" and f["o23"].evidence[0].url.endswith("/anti.html#c1")
    assert f["o22"].outcome == "fail"


def test_a_fragment_on_a_page_about_one_item_still_means_the_page():
    # the menu links the page's comment box; the page as a whole is the o25 plan
    menu = '<li><a href="/plan.html#comments">แผนปฏิบัติการป้องกันการทุจริต</a></li>'
    body = ("<p>แผนปฏิบัติการป้องกันการทุจริต 12 โครงการ งบประมาณ 90,000 บาท ระยะเวลา ต.ค. 2567 - ก.ย. 2568"
            " ผู้รับผิดชอบ สำนักปลัด</p><div id='comments'><h3>แสดงความคิดเห็น</h3><p>ยังไม่มีความคิดเห็น</p></div>")
    title = "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568"
    f = find([home(menu), page("/plan.html", html(title, body, menu))])["o25"]
    assert (f.outcome, f.reason) == ("pass", "verified") and f.evidence[0].url.endswith("/plan.html")


def _tabs(y68: str, y67: str) -> str:
    return ('<ul class="nav nav-tabs"><li><a href="#y2568" data-toggle="tab">ปีงบประมาณ 2568</a></li>'
            '<li><a href="#y2567" data-toggle="tab">ปีงบประมาณ 2567</a></li></ul>'
            f'<div class="tab-content"><div class="tab-pane active" id="y2568">{y68}</div>'
            f'<div class="tab-pane" id="y2567">{y67}</div></div>')


NOGIFT_67 = ("<p>ประกาศเจตนารมณ์ No Gift Policy เจ้าหน้าที่ทุกคนงดรับ งดให้ ของขวัญและประโยชน์อื่นใดจากการปฏิบัติหน้าที่"
             " ประกาศ ณ วันที่ 9 ตุลาคม 2566 ลงนามโดยนายกองค์การบริหารส่วนตำบล"
             " และจัดกิจกรรมประชุมชี้แจงนโยบายแก่เจ้าหน้าที่</p>")  # the culture activity: o21's element 4


def test_an_empty_year_tab_does_not_borrow_the_page_title_or_another_tabs_report():
    # o21 needs the FY2568 announcement: the page is titled for 2568, but its 2568 tab is empty and the
    # 2567 tab holds last year's announcement
    menu = '<li><a href="/nogift.html">ประกาศเจตนารมณ์ No Gift Policy</a></li>'
    body = _tabs("<p>-</p>", NOGIFT_67)
    title = "ประกาศเจตนารมณ์ No Gift Policy ประจำปีงบประมาณ พ.ศ. 2568"
    f = find([home(menu), page("/nogift.html", html(title, body, menu))])["o21"]
    assert f.outcome == "fail"


def test_the_right_years_tab_passes_and_is_cited():
    menu = '<li><a href="/nogift.html">ประกาศเจตนารมณ์ No Gift Policy</a></li>'
    body = _tabs(NOGIFT_67.replace("2566", "2567"), NOGIFT_67)
    f = find([home(menu), page("/nogift.html", html("ประกาศเจตนารมณ์ No Gift Policy", body, menu))])["o21"]
    assert (f.outcome, f.reason) == ("pass", "verified")
    assert f.evidence[0].url.endswith("/nogift.html#y2568") and f.evidence[0].years == [2568]


# ---------------------------------------------------------------- extraction


def test_sections_cover_their_lines_and_links():
    ex = extract(shared_page().encode(), "text/html; charset=utf-8", BASE + "/anti-corruption.html")
    lines = ex.text.split("\n")
    by_anchor = {s.anchor: s for s in ex.sections if s.anchor}
    risk = by_anchor["bribery-risk"]
    assert lines[risk.first_line].startswith("3. การประเมินความเสี่ยง")
    assert "เผยแพร่ร่าง TOR รับฟังความคิดเห็น หมุนเวียนกรรมการ" in lines[risk.first_line:risk.end_line]
    assert not any("ไม่พบข้อมูล" in ln for ln in lines[risk.first_line:risk.end_line])
    integrity = ex.sections.index(by_anchor["integrity"])
    details = [s for s in ex.sections if s.parent == integrity]
    assert [s.title[:3] for s in details] == ["7.1", "7.2"] and all(s.level == 7 for s in details)
    assert lines[details[1].first_line:details[1].end_line][-1] == "ไม่พบข้อมูล"


def test_a_card_header_heading_spans_the_card_body():
    doc = ('<div id="o23" class="card"><div class="card-header"><h4>การประเมินความเสี่ยงการทุจริต</h4></div>'
           '<div class="card-body"><p>เนื้อหาการประเมิน</p></div></div><div class="card"><div class="card-header">'
           '<h4>แผนปฏิบัติการป้องกันการทุจริต</h4></div><div class="card-body"><p>เนื้อหาแผน</p></div></div>')
    ex = extract(f"<html><body>{doc}</body></html>".encode(), "text/html", BASE + "/x")
    first, second = ex.sections
    assert first.anchor == "o23" and second.anchor is None
    assert ex.text.split("\n")[first.first_line:first.end_line] == ["การประเมินความเสี่ยงการทุจริต", "เนื้อหาการประเมิน"]


_BLOCKS = st.lists(st.sampled_from([
    "<h2>หัวข้อ {n}</h2>", "<h3 id='a{n}'>ย่อย {n}</h3>", "<p>ย่อหน้า {n} <a href='/f{n}.pdf'>ไฟล์</a></p>",
    "<details><summary>สรุป {n}</summary><p>ใน {n}</p>", "</details>", "<a name='n{n}'></a>", "<div id='t{n}'>",
    "</div>", "<ul><li><a href='#t{n}'>แท็บ {n}</a></li></ul>", "<table><tr><td>ช่อง {n}</td></tr></table>",
]), max_size=25)


@settings(max_examples=60, deadline=None)
@given(_BLOCKS)
def test_marking_sections_never_changes_the_text(blocks):
    from bs4 import BeautifulSoup

    body = "<html><body>" + "".join(b.format(n=k) for k, b in enumerate(blocks)) + "</body></html>"
    ex = extract(body.encode(), "text/html; charset=utf-8", BASE + "/p")
    plain = _visible_text(BeautifulSoup(body, "lxml").body, Clock(DEFAULT))
    assert ex.text == plain
    n = len(ex.text.split("\n"))
    for k, s in enumerate(ex.sections):
        assert 0 <= s.first_line <= s.end_line <= n
        assert s.parent is None or s.parent < k
    assert all(ln.section is None or 0 <= ln.section < len(ex.sections) for ln in ex.links)


def test_tracker_without_sections_is_the_plain_text():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup("<html><body><p>ไม่มีหัวข้อ</p></body></html>", "lxml")
    tracker = SectionTracker(soup, BASE + "/", {}, Clock(DEFAULT))
    text, parts = tracker.text(soup.body, lambda r: _visible_text(r, Clock(DEFAULT)))
    assert (text, parts) == ("ไม่มีหัวข้อ", [])
