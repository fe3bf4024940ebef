"""Inline evidence cases (tests/evidence_cases/*.yaml): tiny sites built in memory, judged by the real locator."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import pytest
import yaml

from crawler.extract import extract
from fixtures.sites._docs import docx_lines, pdf_scanned_th, pdf_thai, xlsx_sheets
from ita_rules.artifacts import FetchRecord, Page
from ita_rules.evidence.checks import CANDIDATE_CHECKS, ITEM_CHECKS
from ita_rules.evidence.locate import locate
from ita_rules.loader import pack_by_id

CASES_DIR = Path(__file__).parent / "evidence_cases"
BASE = "http://agency.test"
PACK = pack_by_id("ita-2568")
KNOWN_CHECKS = {n for n, _ in CANDIDATE_CHECKS} | set(ITEM_CHECKS)
# The template footer carries the address only: cases about phones and e-mail addresses state their own.
FOOTER = "<footer><p>องค์การบริหารส่วนตำบลทดสอบ เลขที่ 1 หมู่ที่ 2 ตำบลทดสอบ อำเภอเมือง จังหวัดทดสอบ 40000</p></footer>"
CONTENT_TYPES = {"pdf": "application/pdf", "scan": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# Filler pages: the site template (menu, footer) shows on enough pages to be recognised as template.
FILLER = [{"path": f"/news/{n}.html", "title": f"กิจกรรมชุมชน ครั้งที่ {n}", "link": None,
           "body": "<p>อบต.ร่วมกับชาวบ้านทำความสะอาดถนนในหมู่บ้าน</p>"} for n in (1, 2, 3)]


def load_cases() -> list[tuple[str, dict]]:
    out = []
    for f in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            out.append((f"{f.stem}:{case['name']}", {**case, "_checks": doc["checks"]}))
    return out


CASES = load_cases()


def _body(spec: dict, menu: str) -> tuple[bytes, str]:
    kind = spec.get("kind", "html")
    title = spec.get("title", "")
    if kind == "html":
        page = (f"<html><head><title>{html.escape(title)}</title></head><body><nav><ul>{menu}</ul></nav>"
                f"<main><h1>{html.escape(title)}</h1>{spec.get('body', '')}</main>{FOOTER}</body></html>")
        return page.encode("utf-8"), "text/html; charset=utf-8"
    if kind == "empty":
        return b"", "text/html"
    if kind == "pdf":
        return pdf_thai(title, spec.get("lines", [])), CONTENT_TYPES[kind]
    if kind == "scan":
        return pdf_scanned_th(title, 7, spec.get("pages", 1)), CONTENT_TYPES[kind]
    if kind == "docx":
        return docx_lines(title, spec.get("lines", [])), CONTENT_TYPES[kind]
    if kind == "xlsx":
        return xlsx_sheets(spec["sheets"]), CONTENT_TYPES[kind]
    raise ValueError(f"unknown page kind {kind!r}")


def _page(path: str, raw: bytes, ct: str, *, status: int = 200, blocked: str | None = None,
          depth: int = 1) -> Page:
    url = BASE + path
    if blocked:
        rec = FetchRecord(url=url, outcome="robots_blocked", depth=depth, referrer=BASE + "/",
                          error=f"disallowed by {BASE}/robots.txt ({blocked})")
        return Page(record=rec)
    outcome = "ok" if status < 400 else "http_error"
    rec = FetchRecord(url=url, final_url=url, status=status, outcome=outcome, depth=depth,
                      referrer=None if depth == 0 else BASE + "/", content_type=ct, size=len(raw),
                      sha256=hashlib.sha256(raw).hexdigest())
    return Page(record=rec, doc=extract(raw, ct, url) if outcome == "ok" else None)


def _index(rows: list[dict]) -> str:
    """An OIT index table: the case's rows, padded with linkless rows so the page reads as an index."""
    given = {r["item"] for r in rows}
    filler = [{"item": i.id, "title": i.title.th} for i in PACK.items if i.id not in given][:max(0, 6 - len(rows))]
    cells = []
    for r in [*rows, *filler]:
        link = f"<a href=\"{r['href']}\">{html.escape(r.get('text', 'ดาวน์โหลด'))}</a>" if r.get("href") else "-"
        cells.append(f"<tr><td>{r['item'].upper()}</td><td>{html.escape(r['title'])}</td><td>{link}</td></tr>")
    return f"<table>{''.join(cells)}</table>"


def build_site(case: dict) -> list[Page]:
    specs = [*case.get("pages", []), *FILLER]
    if "index" in case:
        specs.append({"path": "/ita.html", "title": "ITA 2568 การเปิดเผยข้อมูลสาธารณะ", "body": _index(case["index"])})
    menu = "".join(f"<li><a href=\"{s['path']}\">{html.escape(s.get('link', s.get('title', '')))}</a></li>"
                   for s in specs if s.get("link", s.get("title")) is not None)
    pages = [_page("/", _body({"title": "หน้าแรก", "body": "<p>ยินดีต้อนรับ</p>"}, menu)[0],
                   "text/html; charset=utf-8", depth=0)]
    for s in specs:
        raw, ct = _body(s, menu)
        pages.append(_page(s["path"], raw, ct, status=s.get("status", 200), blocked=s.get("blocked")))
    return pages


def test_cases_exist_and_name_real_checks():
    assert len(CASES) >= 12
    for name, case in CASES:
        assert set(case["_checks"]) <= KNOWN_CHECKS, f"{name}: unknown check in {case['_checks']}"
        assert case["item"] in PACK.item and case["expect"].get("outcome"), name


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_evidence_case(case: dict):
    findings = {f.id: f for f in locate(PACK, 2568, build_site(case))}
    got = findings[case["item"]]
    want = case["expect"]
    shown = f"{got.outcome} [{got.reason}] {got.detail}\nwhy expected: {case.get('why', '')}"
    assert got.outcome == want["outcome"], shown
    if "reason" in want:
        assert got.reason == want["reason"], shown
    if "note" in want:
        assert got.evidence and want["note"] in (got.evidence[0].note or ""), shown
    if "detail" in want:
        assert want["detail"] in got.detail, shown
