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
