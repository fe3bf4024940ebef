"""Integrity tests for the fixture sites under fixtures/sites/ (built by fixtures/sites/_build.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx
import pytest
import yaml
from bs4 import BeautifulSoup
from protego import Protego

from fixtures.serve import INDEX_FILES, FixtureSite, _sniff_type, serve_site

SITES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
SITES = ["index-site", "menu-site", "legacy-cp874", "traps", "demo"]
OUTCOMES = {"pass", "fail", "needs_review", "not_crawled"}
ITEMS = [f"o{i}" for i in range(1, 29)]
FAKE = "http://fixture.test"
LINK_ATTRS = [("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
              ("iframe", "src"), ("form", "action")]


def load_expected(name: str) -> dict:
    return yaml.safe_load((SITES_DIR / name / "expected.yaml").read_text(encoding="utf-8"))


def html_files(root: Path) -> list[Path]:
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.name == "expected.yaml" or (p.parent == root and p.name.startswith("_")):
            continue
        if _sniff_type(p) == "text/html":
            out.append(p)
    return out


def page_url(root: Path, file: Path) -> str:
    rel = file.relative_to(root).as_posix()
    d, _, name = rel.rpartition("/")
    prefix = "/" + (d + "/" if d else "")
    if name in INDEX_FILES:
        return prefix
    if "@" in name:
        base, q = name.split("@", 1)
        return prefix + base + "?" + q
    return prefix + name


def norm(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) + (("?" + unquote(parts.query)) if parts.query else "")


def internal_links(name: str) -> dict[str, set[str]]:
    """internal URL (normalised, no fragment) -> set of pages linking to it."""
    root = SITES_DIR / name
    enc = load_expected(name)["encoding"]
    links: dict[str, set[str]] = {}
    for f in html_files(root):
        purl = page_url(root, f)
        soup = BeautifulSoup(f.read_bytes().decode(enc), "html.parser")
        for tag, attr in LINK_ATTRS:
            for el in soup.find_all(tag):
                href = el.get(attr)
                if href is None:
                    continue
                href = href.strip()
                if not href or href.startswith("#") or re.match(r"(?i)(javascript|mailto|tel|data):", href):
                    continue
                absu = urljoin(FAKE + purl, href)
                if not absu.startswith(FAKE + "/"):
                    continue
                u = absu[len(FAKE):].split("#", 1)[0]
                links.setdefault(u, set()).add(purl)
    return links


def resolves(fs: FixtureSite, url: str, hops: int = 6) -> bool:
    """True when the URL ends in a file or a special route (a redirect loop counts as a route)."""
    seen = set()
    for _ in range(hops):
        res = fs.resolve_url(url)
        if res.kind == "not_found":
            return False
        if res.kind != "redirect":
            return True
        if url in seen:
            return True  # deliberate loop: still a route
        seen.add(url)
        url = urljoin(FAKE + url, res.location or "/")[len(FAKE):]
    return True


# ---------------------------------------------------------------------------- expected.yaml


@pytest.mark.parametrize("name", SITES)
def test_expected_yaml_complete(name: str) -> None:
    exp = load_expected(name)
    assert exp["site"] == name
    assert exp["fiscal_year"] == 2568
    assert exp["home"] == "/"
    assert exp["encoding"] in ("utf-8", "cp874")
    assert sorted(exp["items"], key=lambda k: int(k[1:])) == ITEMS
    for code, item in exp["items"].items():
        assert item["outcome"] in OUTCOMES, code
        assert isinstance(item.get("why"), str) and len(item["why"]) > 10, code
        ev = item.get("evidence")
        assert isinstance(ev, list), code
        if item["outcome"] in ("pass", "needs_review", "not_crawled"):
            assert ev, f"{name} {code}: {item['outcome']} needs evidence URLs"
        if item["outcome"] == "fail":
            assert ev == [], f"{name} {code}: fail items list misleading URLs under 'claimed'"
        if item["outcome"] == "pass":
            assert all(u.startswith("/") for u in ev), f"{name} {code}: pass evidence must be on the site"
        assert set(item) <= {"outcome", "evidence", "claimed", "why"}, code


@pytest.mark.parametrize("name", SITES)
def test_pages_count_and_size(name: str) -> None:
    exp = load_expected(name)
    n = len(html_files(SITES_DIR / name))
    assert n == exp["pages"]
    assert 10 <= n <= 40


def test_demo_summary() -> None:
    exp = load_expected("demo")
    counts = {o: 0 for o in OUTCOMES}
    for item in exp["items"].values():
        counts[item["outcome"]] += 1
    assert counts == exp["summary"]
    assert counts["needs_review"] == 1 and counts["fail"] >= 2 and counts["pass"] >= 20


# ---------------------------------------------------------------------------- links


@pytest.mark.parametrize("name", SITES)
def test_internal_links_resolve(name: str) -> None:
    exp = load_expected(name)
    fs = FixtureSite(SITES_DIR / name)
    links = internal_links(name)
    broken = {u for u in links if not resolves(fs, u)}
    declared = {norm(u) for u in exp.get("broken_links") or []}
    assert {norm(u) for u in broken} == declared, {u: sorted(links[u])[:3] for u in broken}


@pytest.mark.parametrize("name", SITES)
def test_evidence_urls_resolve(name: str) -> None:
    exp = load_expected(name)
    fs = FixtureSite(SITES_DIR / name)
    broken = {norm(u) for u in exp.get("broken_links") or []}
    for code, item in exp["items"].items():
        claimed = [c for c in item.get("claimed", []) if c.startswith("/") and norm(c) not in broken]
        for u in item["evidence"] + claimed:
            if u.startswith("/"):
                assert resolves(fs, u), f"{name} {code}: {u} does not resolve"
            else:
                assert u.startswith("https://"), u
                assert item["outcome"] == "needs_review", f"{name} {code}: off-site evidence must be needs_review"
    # every on-site evidence URL is linked from some page (directly or as a redirect target)
    linked = set()
    for u in internal_links(name):
        linked.add(norm(u))
        res = fs.resolve_url(u)
        if res.kind == "redirect" and res.location:
            linked.add(norm(urljoin(FAKE + u, res.location)[len(FAKE):]))
    for code, item in exp["items"].items():
        for u in item["evidence"]:
            if u.startswith("/"):
                assert norm(u) in linked or u == exp["home"], f"{name} {code}: {u} is not linked from any page"


def test_every_page_has_shared_layout() -> None:
    markers = {"index-site": "นายประเสริฐ ทองสุขศรี", "menu-site": "นางกาญจนา พรหมวิเศษ",
               "legacy-cp874": "นายสมบัติ เรืองศรี", "traps": "นายวีระพงษ์ แก้วมณี", "demo": "นางสาวรัตนาภรณ์ ใจงาม"}
    for name, marker in markers.items():
        enc = load_expected(name)["encoding"]
        for f in html_files(SITES_DIR / name):
            text = f.read_bytes().decode(enc)
            if "สล็อต" in text:  # the hacked spam page in traps has no site layout
                continue
            assert marker in text, f"{name}: {f} lacks the sidebar"


# ---------------------------------------------------------------------------- encodings


def test_legacy_pages_are_cp874_bytes() -> None:
    root = SITES_DIR / "legacy-cp874"
    files = html_files(root)
    assert len(files) >= 10
    for f in files:
        data = f.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        text = data.decode("cp874")
        assert re.search("[\u0e01-\u0e5b]", text), f
        assert "อบต.ดอนมะขามป้อม" in text
    news = (root / "news.php").read_bytes()
    assert b"charset=tis-620" in news and b"windows-874" not in news
    # cp874-only punctuation (… “ ”, bytes 0x85/0x93/0x94) becomes C1 control characters when read as TIS-620
    assert "…" in news.decode("cp874") and "\x85" in news.decode("tis-620")
    assert "“" in (root / "index.php@mod=anticorrupt").read_bytes().decode("cp874")
    contact = (root / "contact.php").read_bytes()
    assert contact.count(b"charset=") == 3


def test_legacy_served_headers() -> None:
    with serve_site(SITES_DIR / "legacy-cp874") as (_s, base):
        with httpx.Client(base_url=base) as c:
            assert c.get("/").headers["content-type"] == "text/html; charset=windows-874"
            assert c.get("/index.php?mod=plan").headers["content-type"] == "text/html; charset=windows-874"
            assert c.get("/news.php").headers["content-type"] == "text/html"
            assert c.get("/contact.php").headers["content-type"] == "text/html"
            r = c.get("/index.php?mod=structure")
            assert "อำนาจหน้าที่" in r.content.decode("cp874")


@pytest.mark.parametrize("name", ["index-site", "menu-site", "traps", "demo"])
def test_utf8_sites_decode(name: str) -> None:
    for f in html_files(SITES_DIR / name):
        f.read_bytes().decode("utf-8")


# ---------------------------------------------------------------------------- robots and traps


def test_traps_robots() -> None:
    root = SITES_DIR / "traps"
    exp = load_expected("traps")
    rp = Protego.parse((root / "robots.txt").read_text(encoding="utf-8"))
    for u in exp["robots_disallowed"]:
        assert not rp.can_fetch(FAKE + u, "ita-rules"), u
    for u in exp["robots_allowed_same_folder"]:
        assert rp.can_fetch(FAKE + u, "ita-rules"), u
    for code, item in exp["items"].items():
        for u in item["evidence"]:
            if u.startswith("/"):
                allowed = rp.can_fetch(FAKE + u, "ita-rules")
                assert allowed == (item["outcome"] != "not_crawled"), (code, u)


def test_traps_hazards_present() -> None:
    root = SITES_DIR / "traps"
    ita = (root / "ita-2568" / "index.html").read_text(encoding="utf-8")
    assert 'href="#"' in ita and 'href="/ita-2568/"' in ita and "javascript:void(0)" in ita
    assert "drive.google.com" in ita and "facebook.com" in ita
    assert "<!-- เมนูเดิม" in ita and "O27" in ita.split("<!-- เมนูเดิม", 1)[1].split("-->", 1)[0]
    eserv = (root / "e-service" / "index.html").read_text(encoding="utf-8")
    assert 'type="password"' in eserv
    from pypdf import PdfReader

    scan = PdfReader(root / "wp-content/uploads/2024/10/Scan2024-10-28_101512.pdf")
    assert len(scan.pages) >= 1 and all(not (p.extract_text() or "").strip() for p in scan.pages)
    with serve_site(root) as (_s, base):
        with httpx.Client(base_url=base, timeout=10) as c:
            assert c.get("/staff-only/hr-report-2567/").status_code == 403
            with pytest.raises(httpx.TooManyRedirects):
                c.get("/loop-a", follow_redirects=True)
            r = c.get("/old-docs/anti-corruption-report-2567.pdf", follow_redirects=True)
            assert r.status_code == 200 and r.content.startswith(b"%PDF")
            with c.stream("GET", "/files/big.pdf") as big:
                assert int(big.headers["content-length"]) == 50 * 1024 * 1024
            home = c.get("/").text
            assert re.search(r'href="/ita-2568/\?PHPSESSID=[0-9a-f]+"', home)
            assert "date=1" in c.get("/calendar?date=0").text


# ---------------------------------------------------------------------------- documents


def test_documents_are_real() -> None:
    import docx
    import openpyxl
    from pypdf import PdfReader

    demo = SITES_DIR / "demo" / "docs"
    wb = openpyxl.load_workbook(demo / "o12-รายการจัดซื้อจัดจ้าง-ต.ค.67-มี.ค.68.xlsx")
    headers = [c.value for c in wb.active[1]]
    assert headers == ["ลำดับ", "ปีงบประมาณ", "ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "กระทรวง", "ประเภทหน่วยงาน",
                       "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร", "แหล่งที่มาของงบประมาณ",
                       "สถานะการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง", "ราคาที่ตกลงซื้อหรือจ้าง",
                       "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขที่โครงการ"]
    assert wb.active.cell(2, 2).value == 2568
    text = PdfReader(demo / "o12-สรุปผลการจัดซื้อจัดจ้าง-ต.ค.67-มี.ค.68.pdf").pages[0].extract_text()
    assert "Procurement summary FY2568" in text and "October 2567 - March 2568" in text
    text = PdfReader(SITES_DIR / "index-site/upload/ita2568/การประเมินความเสี่ยงการทุจริต-2567.pdf").pages[0].extract_text()
    assert "FY2567" in text and "FY2568" not in text
    d = docx.Document(demo / "คู่มือการปฏิบัติงาน-งานจัดเก็บภาษี.docx")
    assert "คู่มือการปฏิบัติงาน" in d.paragraphs[0].text


def test_built_files_are_up_to_date() -> None:
    """The committed files equal what fixtures/sites/_build.py produces (run it after editing)."""
    spec = importlib.util.spec_from_file_location("_fixture_build", SITES_DIR / "_build.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["_fixture_build"] = mod
    try:
        spec.loader.exec_module(mod)
        for name in SITES:
            site = mod.BUILDERS[name]()
            root = SITES_DIR / name
            on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {"expected.yaml"}
            assert on_disk == set(site.files), f"{name}: file list differs; run python fixtures/sites/_build.py"
            for rel, data in site.files.items():
                assert (root / rel).read_bytes() == data, f"{name}/{rel} is stale; run python fixtures/sites/_build.py"
    finally:
        sys.modules.pop("_fixture_build", None)


@pytest.mark.parametrize("name", SITES)
def test_served_evidence_is_200(name: str) -> None:
    exp = load_expected(name)
    with serve_site(SITES_DIR / name) as (_s, base):
        with httpx.Client(base_url=base, timeout=10, follow_redirects=True) as c:
            for code, item in exp["items"].items():
                if item["outcome"] != "pass":
                    continue
                for u in item["evidence"]:
                    r = c.get(u)
                    assert r.status_code == 200, (code, u, r.status_code)
            assert c.get(exp["home"]).status_code == 200
            assert c.get("/definitely-missing-page.html").status_code == 404
