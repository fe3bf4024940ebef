"""Issue 9's classes of judgment mistakes, each as a small inline case (reading and matching side)."""

from __future__ import annotations

from sitebuild import find, home, html, page


# ---------------------------------------------------------------- 15: periods the criteria leave uncertain


def test_an_uncertain_period_accepts_another_plausible_year_with_a_note():
    # o22 (gifts report): previous FY by the main reading, the year to date by another (UNCERTAIN in the criteria)
    menu = '<li><a href="/gifts.html">รายงานผลการดำเนินการตามนโยบาย No Gift Policy</a></li>'
    body = "<p>รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา: ไม่มีการรับทรัพย์สิน</p>"
    pages = [home(menu), page("/gifts.html", html("รายงานผลการดำเนินการตามนโยบาย No Gift Policy "
                                                  "ประจำปีงบประมาณ พ.ศ. 2568", body, menu))]
    f = find(pages)["o22"]
    assert (f.outcome, f.reason) == ("pass", "verified")
    assert "uncertain" in f.evidence[0].note and f.evidence[0].years == [2568]


def test_a_certain_period_still_fails_the_wrong_year():
    # o14 (HR plan) must cover the assessed year; its period is not in doubt
    menu = '<li><a href="/hr.html">แผนการบริหารและพัฒนาทรัพยากรบุคคล</a></li>'
    body = "<p>แผนการบริหารและพัฒนาทรัพยากรบุคคล การสรรหา การพัฒนา การประเมินผล การรักษาบุคลากร</p>"
    pages = [home(menu), page("/hr.html", html("แผนการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. 2566",
                                               body, menu))]
    f = find(pages)["o14"]
    assert (f.outcome, f.reason) == ("fail", "wrong_year")


# ---------------------------------------------------------------- 11: OIT pages laid out as WordPress paragraphs

def _wp_index(body: str) -> str:
    return html("การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) ประจำปีงบประมาณ พ.ศ. 2568", body)


_PLAN = html("แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570)", "<p>แผนพัฒนาท้องถิ่น วิสัยทัศน์ พันธกิจ ยุทธศาสตร์ เป้าหมาย ตัวชี้วัด</p>")
_CONTACT = html("ข้อมูลการติดต่อ", "<p>ที่อยู่ 99 หมู่ 4 โทร 0-4399-1234 อีเมล saraban@agency.go.th</p>")
_NEWS = html("ข่าวประชาสัมพันธ์", "<p>ข่าวกิจกรรม 12 มกราคม 2568 ประชาสัมพันธ์การจัดเก็บภาษี</p>")


def test_paragraph_rows_own_the_list_lines_under_them():
    rows = "".join(f"<p><strong>O{n} {t}</strong></p>" for n, t in ((1, "โครงสร้าง"), (2, "ข้อมูลผู้บริหาร")))
    body = (rows + "<p><strong>O5 แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน</strong><br>"
            "&#8211; <a href='/plan.html'>แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570)</a></p>"
            "<p><a href='/contact.html'><strong>O3 ข้อมูลการติดต่อ</strong></a></p>"
            "<p><strong>O4 ข่าวประชาสัมพันธ์</strong> <a href='/news.html'>คลิก</a></p>"
            "<p>ติดต่อผู้ดูแลเว็บไซต์ <a href='/about.html'>เกี่ยวกับเรา</a></p>")
    pages = [home('<li><a href="/ita.html">ITA 2568</a></li>'), page("/ita.html", _wp_index(body)),
             page("/plan.html", _PLAN), page("/contact.html", _CONTACT), page("/news.html", _NEWS),
             page("/about.html", html("เกี่ยวกับเรา", "<p>ประวัติความเป็นมา</p>"))]
    f = find(pages)
    for item, path in (("o5", "/plan.html"), ("o3", "/contact.html"), ("o4", "/news.html")):
        assert f[item].claimed and f[item].outcome == "pass", item
        assert any(e.claimed and e.url.endswith(path) for e in f[item].evidence), item
    assert f["o1"].reason == "no_link"  # a title line with nothing under it still has no link


def test_a_prose_line_breaks_the_run_so_footer_links_stay_out_of_the_last_row():
    titles = ((1, "โครงสร้างและอำนาจหน้าที่"), (2, "ข้อมูลผู้บริหาร"), (3, "ข้อมูลการติดต่อ"), (4, "ข่าวประชาสัมพันธ์"),
              (5, "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"))
    body = ("".join(f"<p><strong>O{n} {t}</strong></p>" for n, t in titles) +
            "<p><strong>O28 รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน</strong></p>"
            "<p>องค์การบริหารส่วนตำบลตัวอย่าง โทร 0-4399-1234 <a href='https://www.facebook.com/agency'>Facebook</a></p>")
    pages = [home('<li><a href="/ita.html">ITA 2568</a></li>'), page("/ita.html", _wp_index(body))]
    f = find(pages)["o28"]
    assert f.outcome == "fail" and not any("facebook" in e.url for e in f.evidence)


# ---------------------------------------------------------------- 12: SARA AM lost in copy-paste

def test_text_damaged_by_pdf_copy_paste_still_matches():
    menu = '<li><a href="/report.html">รายงานผลการดาเนินการป้องกันการทุจริตประจาปี</a></li>'
    body = "<p>รายงานผลการดาเนินการป้องกันการทุจริตประจาปี 2567 โครงการที่ดาเนินการแล้ว 12 โครงการ</p>"
    pages = [home(menu), page("/report.html", html("รายงานผลการดาเนินการป้องกันการทุจริต ประจาปีงบประมาณ 2567",
                                                   body, menu))]
    f = find(pages)["o26"]
    assert (f.outcome, f.reason) == ("pass", "verified")


# ---------------------------------------------------------------- 8, 13: title variants of annual reports and labels

def _one_doc(path: str, title: str, body: str) -> list:
    menu = f'<li><a href="{path}">{title}</a></li>'
    return [home(menu), page(path, html(title, f"<p>{body}</p>", menu))]


def test_annual_report_title_variants_are_recognised():
    f = find(_one_doc("/anti.html", "รายงานผลการป้องกันการทุจริต ประจำปีงบประมาณ 2567",
                      "ผลการดำเนินงานโครงการป้องกันการทุจริต 12 โครงการ งบประมาณ"))
    assert (f["o26"].outcome, f["o26"].reason) == ("pass", "verified")
    f = find(_one_doc("/eval.html", "รายงานผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ พ.ศ. 2567",
                      "ผลการดำเนินงานตามแผน งบประมาณที่ใช้ ปัญหาอุปสรรค"))
    assert (f["o7"].outcome, f["o7"].reason) == ("pass", "verified")


def test_news_and_activities_and_ministry_plan_names_are_labels():
    f = find(_one_doc("/news.html", "ข่าวและกิจกรรม", "๑๕ มกราคม ๒๕๖๘ กิจกรรมวันเด็ก"))
    assert f["o4"].outcome == "pass"
    f = find(_one_doc("/plan.html", "แผนปฏิบัติการป้องกันและปราบปรามการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ "
                      "พ.ศ. 2568 ของกระทรวงเกษตรและสหกรณ์", "โครงการ กิจกรรม งบประมาณ ระยะเวลา ผู้รับผิดชอบ"))
    assert f["o25"].outcome == "pass" and f["o26"].outcome != "pass"


# ---------------------------------------------------------------- 9, 10: participation news, Thai numerals, sector plans

def test_a_community_meeting_news_post_is_participation_evidence():
    f = find(_one_doc("/news/31", "ประชุมประชาคมท้องถิ่น เพื่อจัดทำแผนพัฒนาท้องถิ่น",
                      "วันที่ ๑๒ กุมภาพันธ์ ๒๕๖๘ ผู้นำชุมชนและประชาชน 126 คน ร่วมเสนอและจัดลำดับโครงการ"))
    assert (f["o20"].outcome, f["o20"].reason) == ("pass", "verified") and f["o20"].evidence[0].years == [2568]


def test_a_sector_titled_annual_plan_dated_in_thai_numerals_is_the_operating_plan():
    f = find(_one_doc("/aplan.html", "แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
                      "โครงการ กิจกรรม งบประมาณ ระยะเวลาดำเนินการ"))
    assert (f["o6"].outcome, f["o6"].reason) == ("pass", "verified") and f["o6"].evidence[0].years == [2568]
