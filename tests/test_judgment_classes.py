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
