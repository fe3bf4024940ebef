"""Locator building blocks: item codes, fiscal years, Thai label matching, and small hand-built sites."""

from __future__ import annotations

import hashlib

import pytest

from crawler.extract import extract
from ita_rules.evidence.locate import locate
from ita_rules.evidence.years import academic_only, first_half_months, fiscal_years
from ita_rules.evidence.oitindex import parse_code
from ita_rules.artifacts import Page
from ita_rules.artifacts import FetchRecord
from ita_rules.evidence.topic import TopicMatcher, match_key
from ita_rules.loader import pack_by_id

PACK = pack_by_id("ita-2568")
M = TopicMatcher(PACK)
BASE = "http://agency.test"


# ---------------------------------------------------------------------------- codes


@pytest.mark.parametrize("text,num", [
    ("o1 | โครงสร้างและอำนาจหน้าที่", 1), ("O2 ข้อมูลผู้บริหาร", 2), ("OIT 3 | ข้อมูลการติดต่อ", 3),
    ("OIT9 | คู่มือ", 9), ("o 7 | รายงาน", 7), ("O 16 ประมวลจริยธรรม", 16), ("019 | สถิติ", 19),
    ("011 | ข้อมูลสถิติการให้บริการ", 11), ("4. | ข่าวประชาสัมพันธ์", 4), ("ข้อ 5 แผนพัฒนา", 5),
    ("O1 - โครงสร้าง", 1), ("๑. โครงสร้าง", 1),
])
def test_parse_code_spellings(text: str, num: int) -> None:
    parsed = parse_code(text, 28)
    assert parsed is not None and parsed[0] == num


@pytest.mark.parametrize("text", [
    "9.1 ข้อมูลพื้นฐาน", "ตัวชี้วัดย่อยที่ 9.2", "2568 ข่าว", "MOIT 1 โครงสร้าง", "12คน", "O29 อื่น ๆ", "",
])
def test_parse_code_rejects_non_codes(text: str) -> None:
    assert parse_code(text, 28) is None


# ---------------------------------------------------------------------------- years


@pytest.mark.parametrize("text,years", [
    ("ประจำปีงบประมาณ พ.ศ. 2568", {2568}),
    ("ต.ค. 2567 - มี.ค. 2568", {2568}),  # October starts the fiscal year
    ("ต.ค.67 - มี.ค.68", {2568}),
    ("12-งวด-ก.ย.68", {2568}),
    ("FY2567 (October 2566 - September 2567)", {2567}),
    ("แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)", {2566, 2567, 2568, 2569, 2570}),
    ("พ.ศ. ๒๕๖๗ (ต.ค. ๖๖ - ก.ย. ๖๗)", {2567}),
    ("ลงวันที่ 7 ตุลาคม 2567", {2568}),
    ("[05/03/2568]", {2568}),
    ("โทร 0-4398-5566", set()),
])
def test_fiscal_years(text: str, years: set[int]) -> None:
    assert fiscal_years(text) == years


# ---------------------------------------------------------------------------- labels


@pytest.mark.parametrize("text,item", [
    ("เเผนพัฒนาท้องถิ่น", "o5"),  # two SARA E for SARA AE
    ("สรปุผลการจัดซื้อจัดจ้าง", "o12"),  # misspelt menu label
    ("มาตราการจัดการเรื่องร้องเรียนการทุจริต", "o17"),
    ("ประมวลจริยธรรม และการขับเคลื่อนจริยธรรม", "o16"),  # stray space inside a label
    ("แผนพัฒนาบุคลากร", "o14"),  # not o2 "บุคลากร": the longer label wins
    ("สรุปผลการจัดซื้อจัดจ้างประจำปี", "o13"),  # not the monthly o12 list
    ("การประเมินความเสี่ยงการทุจริต ประจำปี 2568", "o23"),
    ("รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริต", "o24"),
    ("แผนปฏิบัติการป้องกันการทุจริต", "o25"),
    ("รายงานผลการดำเนินการป้องกันการทุจริต", "o26"),
    ("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล", "o15"),
    ("สถิติเรื่องร้องเรียนการทุจริต", "o19"),  # not the o18 channel inside it
    ("E–Service", "o10"),
])
def test_label_matching(text: str, item: str) -> None:
    assert list(M.items_in(text)) == [item]


def test_excludes_veto_a_label() -> None:
    assert "o2" not in M.items_in("สารจากผู้บริหาร")
    assert "o12" not in M.items_in("แผนการจัดซื้อจัดจ้าง ประจำปี 2568")
    assert M.items_in("ข่าวจัดซื้อจัดจ้าง") == {}


def test_match_key_is_space_and_quote_blind() -> None:
    assert match_key("นโยบาย “ไม่รับของขวัญ”") == match_key("นโยบายไม่รับของขวัญ")
    assert match_key("ITA 2568") == match_key("ita2568")


def test_heading_items_need_the_label_to_dominate() -> None:
    assert M.heading_items("แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ") == {
        "o17": "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"}
    assert M.heading_items("ประชุมประชาคมท้องถิ่นเพื่อทบทวนแผนพัฒนาท้องถิ่น ปี 2568") == {}


# ---------------------------------------------------------------------------- hand-built sites


def _page(path: str, body: str | bytes | None, *, ct: str = "text/html; charset=utf-8", outcome: str = "ok",
          status: int = 200, depth: int = 1, referrer: str | None = BASE + "/") -> Page:
    url = BASE + path
    raw = body.encode("utf-8") if isinstance(body, str) else body
    rec = FetchRecord(url=url, final_url=url, status=status if outcome != "robots_blocked" else None,
                      outcome=outcome, depth=depth, referrer=referrer, content_type=ct if raw else None,
                      sha256=hashlib.sha256(raw).hexdigest() if raw else None)
    return Page(record=rec, doc=extract(raw, ct, url) if raw and outcome == "ok" else None)


def _html(title: str, body: str, menu: str = "") -> str:
    nav = f'<nav><ul><li><a href="/">หน้าแรก</a></li>{menu}</ul></nav>'
    return f"<html><head><title>{title}</title></head><body>{nav}<h1>{title}</h1>{body}</body></html>"


def _find(pages: list[Page]) -> dict:
    return {f.id: f for f in locate(PACK, 2568, pages)}


def test_menu_link_states_are_reported() -> None:
    menu = ('<li><a href="/plan.pdf">แผนปฏิบัติการป้องกันการทุจริต</a></li>'
            '<li><a href="/hr.pdf">แผนการบริหารและพัฒนาทรัพยากรบุคคล</a></li>'
            '<li><a href="/ethics.html">ประมวลจริยธรรม</a></li>')
    pages = [
        _page("/", _html("หน้าแรก", "<p>ยินดีต้อนรับ</p>", menu), depth=0, referrer=None),
        _page("/plan.pdf", None, outcome="http_error", status=404),
        _page("/hr.pdf", None, outcome="robots_blocked"),
        _page("/ethics.html", None, outcome="error", status=None),
    ]
    f = _find(pages)
    assert (f["o25"].outcome, f["o25"].reason) == ("fail", "not_found")  # a dead menu link, not a claim
    assert (f["o14"].outcome, f["o14"].reason) == ("not_crawled", "robots_blocked")
    assert (f["o16"].outcome, f["o16"].reason) == ("not_crawled", "fetch_error")
    assert f["o1"].outcome == "fail" and "searched" in f["o1"].detail


def test_sitewide_login_box_is_not_a_login_wall() -> None:
    login = '<form action="/login" method="post"><input name="u"><input type="password" name="p"></form>'
    menu = '<li><a href="/eservice.html">E-Service</a></li><li><a href="/a.html">เกี่ยวกับเรา</a></li>'
    request = ('<form action="/send" method="post"><input name="name"><input name="phone">'
               '<textarea name="detail"></textarea><input type="submit" value="ส่งคำร้อง"></form>')
    pages = [
        _page("/", _html("หน้าแรก", login, menu), depth=0, referrer=None),
        # The service's own request form (o10's element check needs one); the login box is the template's.
        _page("/eservice.html", _html("บริการออนไลน์ E-Service", login + "<p>ยื่นคำร้องออนไลน์ได้ทันที "
                                      "กรอกชื่อผู้ยื่นและรายละเอียดแล้วกดส่งคำร้อง</p>" + request, menu)),
        _page("/a.html", _html("เกี่ยวกับเรา", login + "<p>ประวัติความเป็นมาของหน่วยงาน</p>", menu)),
    ]
    assert _find(pages)["o10"].outcome == "pass"


def test_hub_and_spam_pages_are_never_evidence() -> None:
    labels = "".join(f"<p>{it.evidence.labels[0]} ประจำปีงบประมาณ พ.ศ. 2568</p>" for it in PACK.items)
    spam = ("<p>รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน พ.ศ. 2568 "
            "สล็อตเว็บตรง เครดิตฟรี บาคาร่า</p>")
    pages = [
        _page("/", _html("หน้าแรก", '<a href="/all.html">รวมลิงก์</a><a href="/x.html">ข่าว</a>'), depth=0,
              referrer=None),
        _page("/all.html", _html("รวมลิงก์", labels)),
        _page("/x.html", _html("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", spam)),
    ]
    f = _find(pages)
    assert all(x.outcome == "fail" for x in f.values()), {k: v.outcome for k, v in f.items() if v.outcome != "fail"}


def _index(year: int, links: dict[str, str]) -> str:
    rows = "".join(
        f"<tr><td>O{n}</td><td>{PACK.item[f'o{n}'].title.th}</td><td><a href='{href}'>เอกสาร</a></td></tr>"
        for n, href in ((int(k[1:]), v) for k, v in links.items()))
    return _html(f"การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. {year}", f"<table>{rows}</table>")


def test_index_for_the_assessed_year_is_preferred() -> None:
    def docs(year: int) -> dict[str, str]:
        return {f"o{n}": f"/{year}/o{n}.html" for n in range(1, 7)}

    pages = [_page("/", _html("หน้าแรก", ""), depth=0, referrer=None),
             _page("/ita2567.html", _index(2567, docs(2567))),
             _page("/ita2568.html", _index(2568, docs(2568)))]
    for year in (2567, 2568):
        pages.append(_page(f"/{year}/o4.html", _html("ข่าวประชาสัมพันธ์", f"<p>ข่าว 11 มกราคม {year}</p>")))
    f = _find(pages)
    o4 = [e for e in f["o4"].evidence if e.claimed]
    assert f["o4"].outcome == "pass" and f["o4"].claimed
    assert {e.found_on for e in o4} == {BASE + "/ita2568.html"}
    # The other year's index is not evidence either, and its rows are not claims.
    assert all(e.url != BASE + "/ita2567.html" for x in f.values() for e in x.evidence)


def test_reused_index_row_code_is_corrected_by_its_words() -> None:
    # An index still numbered the old way ("o3 อำนาจหน้าที่") claims o1 evidence, not o3.
    rows = ("<tr><td>o1</td><td>โครงสร้าง</td><td><a href='/s.html'>ดู</a></td></tr>"
            "<tr><td>o2</td><td>ข้อมูลผู้บริหาร</td><td><a href='/e.html'>ดู</a></td></tr>"
            "<tr><td>o3</td><td>อำนาจหน้าที่</td><td><a href='/d.html'>ดู</a></td></tr>"
            "<tr><td>o4</td><td>ข่าวประชาสัมพันธ์</td><td>-</td></tr>"
            "<tr><td>o5</td><td>ข้อมูลการติดต่อ</td><td>-</td></tr>"
            "<tr><td>o6</td><td>แผนการดำเนินงาน</td><td>-</td></tr>"
            "<tr><td>o7</td><td>รายงานผลการดำเนินงาน</td><td>-</td></tr>"
            "<tr><td>o8</td><td>คู่มือการปฏิบัติงาน</td><td>-</td></tr>")
    pages = [_page("/", _html("หน้าแรก", ""), depth=0, referrer=None),
             _page("/ita.html", _html("ITA การเปิดเผยข้อมูลสาธารณะ", f"<table>{rows}</table>")),
             _page("/d.html", _html("อำนาจหน้าที่", "<p>สำนักปลัด / กองคลัง / กองช่าง</p><p>อำนาจหน้าที่"
                                                   "ตามพระราชบัญญัติ โดยสรุป: จัดให้มีและบำรุงทางบกและทางน้ำ "
                                                   "รักษาความสะอาดของถนนและที่สาธารณะ</p>"))]
    f = _find(pages)
    assert f["o1"].claimed and f["o1"].outcome == "pass"
    assert any(e.claimed and e.url == BASE + "/d.html" for e in f["o1"].evidence)
    # "o5 ข้อมูลการติดต่อ" is an o3 row without a link; nothing claims o5.
    assert (f["o3"].claimed, f["o3"].outcome, f["o3"].reason) == (True, "fail", "no_link")
    assert not f["o5"].claimed


def test_the_title_year_decides_over_years_mentioned_in_the_body() -> None:
    # o26 (the anti-corruption report) must cover FY2567; this one is titled 2568 and only cites 2567.
    menu = '<li><a href="/report.html">รายงานผลการดำเนินการป้องกันการทุจริต</a></li>'
    body = ("<p>รายงานผลการดำเนินการป้องกันการทุจริตประจำปี ตามแผนปฏิบัติการป้องกันการทุจริต "
            "ต่อเนื่องจากปีงบประมาณ พ.ศ. 2567 มีโครงการที่ดำเนินการแล้ว 12 โครงการ</p>")
    pages = [
        _page("/", _html("หน้าแรก", "<p>ยินดีต้อนรับ</p>", menu), depth=0, referrer=None),
        _page("/report.html", _html("รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568", body, menu)),
    ]
    f = _find(pages)["o26"]
    assert (f.outcome, f.reason) == ("fail", "wrong_year")
    assert f.evidence[0].years == [2568] and f.evidence[0].year_ok is False
    # the same page titled for 2567 passes, whatever else the body mentions
    pages[1] = _page("/report.html", _html("รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2567",
                                           body.replace("2567", "2568"), menu))
    f = _find(pages)["o26"]
    assert (f.outcome, f.reason) == ("pass", "verified") and f.evidence[0].years == [2567]


@pytest.mark.parametrize(("text", "months"), [
    ("o12-รายการจัดซื้อจัดจ้าง-ต.ค.67-มี.ค.68.xlsx", {10, 11, 12, 1, 2, 3}),
    ("ตุลาคม 2567 ถึง มีนาคม 2568", {10, 11, 12, 1, 2, 3}),
    ("สรุปผล ต.ค.67 / พ.ย.67 / ธ.ค.67 / ม.ค.68 / ก.พ.68", {10, 11, 12, 1, 2}),
    ("ข้อมูล ณ วันที่ 31 มีนาคม 2568", {3}),
    ("12-งวด-ก.ย.67.pdf", set()),  # September 2567 belongs to FY2567
    ("๑๕/๑๑/๒๕๖๗", {11}),
])
def test_first_half_months(text: str, months: set[int]) -> None:
    assert first_half_months(text, 2568) == months


def _procurement_site(months: list[str]) -> list[Page]:
    # Layout C: one page a month, each a monthly procurement summary (สขร.), linked from a list page.
    files = "".join(f'<li><a href="/egp/{n}.html">สรุปผลการจัดซื้อจัดจ้าง เดือน {m}</a></li>'
                    for n, m in enumerate(months, 1))
    menu = '<li><a href="/procurement.html">สรุปผลการจัดซื้อจัดจ้างรายเดือน</a></li>'
    body = f"<p>สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ พ.ศ. 2568</p><ul>{files}</ul>"
    monthly = [_page(f"/egp/{n}.html", _html(f"สรุปผลการจัดซื้อจัดจ้าง เดือน {m}",
                                             f"<p>สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน {m} กระทรวง ประเภทหน่วยงาน "
                                             f"แหล่งที่มาของงบประมาณ สถานะการจัดซื้อจัดจ้าง ราคากลาง "
                                             f"วิธีการจัดซื้อจัดจ้าง เลขที่โครงการ</p>", menu), depth=2)
               for n, m in enumerate(months, 1)]
    return [_page("/", _html("หน้าแรก", "<p>ยินดีต้อนรับ</p>", menu), depth=0, referrer=None),
            _page("/procurement.html", _html("สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ พ.ศ. 2568", body, menu)),
            *monthly]


def test_first_half_item_names_which_months_are_missing() -> None:
    f = _find(_procurement_site(["ต.ค.67", "พ.ย.67", "ธ.ค.67", "ม.ค.68"]))["o12"]
    assert (f.outcome, f.reason) == ("needs_review", "months_missing")
    assert "missing ก.พ., มี.ค." in f.evidence[0].note and "missing ก.พ., มี.ค." in f.detail
    f = _find(_procurement_site(["ต.ค.67", "พ.ย.67", "ธ.ค.67", "ม.ค.68", "ก.พ.68", "มี.ค.68"]))["o12"]
    assert (f.outcome, f.reason) == ("pass", "verified")


@pytest.mark.parametrize("text, accepted, want", [
    ("แผนปฏิบัติการประจำปีการศึกษา 2568", {2568}, {2568}),
    ("แผนปฏิบัติการ ปีการศึกษา ๒๕๖๗", {2568}, {2567}),             # May 2567 - March 2568 overlaps FY2568
    ("แผนปีการศึกษา พ.ศ. 2568", {2568}, {2568}),
    ("แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2568 (ปีการศึกษา 2567)", {2568}, set()),  # the fiscal year is named
    ("แผนปีการศึกษา 2565", {2568}, set()),                          # no overlap: the year check decides
    ("แผนปฏิบัติการประจำปี 2568", {2568}, set()),
])
def test_academic_only(text: str, accepted: set[int], want: set[int]) -> None:
    assert academic_only(text, accepted) == want
