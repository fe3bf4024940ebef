"""Generate a deterministic static Thai agency-like site for crawl benchmarks.

    python benchmarks/make_site.py OUTDIR --pages 2000 --pdfs 300

Writes exactly ``--pages`` HTML pages and ``--pdfs`` small valid PDFs, every one reachable
by links from ``/``: a home page, an "about" section, an OIT (ITA open-data) index, and four
news-like sections with paginated lists (numbered pagination) and item pages carrying Thai
text, related-item links and PDF attachments.  One section uses PHP-style query URLs
(``list.php?page=3``, ``view.php?id=12``), served by ``fixtures.serve`` from files named
``list.php@page=3``.  ``robots.txt`` disallows ``/admin/`` (linked from every footer), and
footers link a few external sites; neither is fetched by a robots-respecting, same-site
crawler.  Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import html
import math
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

PER_LIST = 20  # items per list page

WORDS = (
    "การ ประชุม คณะกรรมการ ส่วนราชการ องค์การบริหารส่วนตำบล เทศบาล ประชาชน โครงการ พัฒนา ชุมชน "
    "งบประมาณ ประจำปี จัดซื้อ จัดจ้าง ประกาศ ผล การดำเนินงาน แผน ยุทธศาสตร์ ความโปร่งใส ตรวจสอบ "
    "ได้ บริการ ข้อมูล ข่าวสาร สาธารณะ พื้นที่ ตำบล อำเภอ จังหวัด ผู้บริหาร สมาชิก สภา ร่วมกับ "
    "เพื่อ ให้ มี ความ และ ใน ของ ที่ ได้รับ ส่งเสริม สุขภาพ ผู้สูงอายุ เด็ก เยาวชน การศึกษา "
    "สิ่งแวดล้อม ขยะ น้ำ ถนน ไฟฟ้า สาธารณสุข ป้องกัน บรรเทา สาธารณภัย รณรงค์ กิจกรรม อบรม "
    "สัมมนา ลงพื้นที่ ติดตาม ประเมิน คุณธรรม ความโปร่งใส ไอทีเอ รายงาน ผลการ ใช้จ่าย ไตรมาส"
).split()
THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]
AGENCY = "องค์การบริหารส่วนตำบลบ้านตัวอย่าง"


@dataclass
class Section:
    key: str
    title: str
    weight: int
    php: bool = False  # list.php?page=N / view.php?id=N instead of page-N.html / item-N.html
    items: int = 0
    item_titles: list[str] = field(default_factory=list)

    def lists(self) -> int:
        return max(1, math.ceil(self.items / PER_LIST))

    def list_url(self, n: int) -> str:
        if self.php:
            return f"/{self.key}/list.php" + (f"?page={n}" if n > 1 else "")
        return f"/{self.key}/" if n == 1 else f"/{self.key}/page-{n}.html"

    def list_file(self, n: int) -> str:
        if self.php:
            return f"{self.key}/list.php" + (f"@page={n}" if n > 1 else "")
        return f"{self.key}/index.html" if n == 1 else f"{self.key}/page-{n}.html"

    def item_url(self, i: int) -> str:
        return f"/{self.key}/view.php?id={i}" if self.php else f"/{self.key}/item-{i:05d}.html"

    def item_file(self, i: int) -> str:
        return f"{self.key}/view.php@id={i}" if self.php else f"{self.key}/item-{i:05d}.html"


SECTIONS = [
    Section("news", "ข่าวประชาสัมพันธ์", 40),
    Section("activities", "ข่าวกิจกรรม", 25),
    Section("procurement", "ประกาศจัดซื้อจัดจ้าง", 20, php=True),
    Section("announcements", "ประกาศ/คำสั่ง", 15),
]
ABOUT = [
    ("history", "ประวัติความเป็นมา"), ("mission", "วิสัยทัศน์ พันธกิจ"), ("structure", "โครงสร้างองค์กร"),
    ("executives", "คณะผู้บริหาร"), ("council", "สมาชิกสภา"), ("authority", "อำนาจหน้าที่"),
]
FIXED = ["index.html", "about/index.html", "contact/index.html", "oit/index.html"] + [
    f"about/{k}.html" for k, _ in ABOUT
]


# --------------------------------------------------------------------------- text


def thai_sentence(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(n))


def thai_paragraph(rng: random.Random) -> str:
    return " ".join(thai_sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(3, 6)))


def thai_date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(THAI_MONTHS)} {rng.choice((2566, 2567, 2568))}"


def esc(s: str) -> str:
    return html.escape(s, quote=True)


# --------------------------------------------------------------------------- pdf


def make_pdf(n: int, rng: random.Random) -> bytes:
    """A minimal valid one-page PDF (Helvetica text) with a correct xref table."""
    lines = [f"ITA document {n:04d}", f"Ban Tua Yang SAO - report {rng.randint(1, 999)}"]
    lines += [" ".join(f"item{rng.randint(0, 9999)}" for _ in range(8)) for _ in range(rng.randint(5, 40))]
    text = "BT /F1 11 Tf 50 780 Td 14 TL\n" + "".join(f"({ln}) '\n" for ln in lines) + "ET\n"
    stream = text.encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# --------------------------------------------------------------------------- html


def menu() -> str:
    items = ['<li><a href="/">หน้าหลัก</a></li>', '<li><a href="/about/">เกี่ยวกับหน่วยงาน</a><ul>']
    items += [f'<li><a href="/about/{k}.html">{esc(t)}</a></li>' for k, t in ABOUT]
    items.append("</ul></li>")
    items += [f'<li><a href="{s.list_url(1)}">{esc(s.title)}</a></li>' for s in SECTIONS]
    items += ['<li><a href="/oit/">ITA / OIT</a></li>', '<li><a href="/contact/">ติดต่อเรา</a></li>']
    return '<nav id="menu"><ul>' + "".join(items) + "</ul></nav>"


MENU = ""  # built after sections are sized
FOOTER = (
    '<footer><p>' + AGENCY + ' 99 หมู่ 1 ตำบลบ้านตัวอย่าง อำเภอเมือง จังหวัดตัวอย่าง 10000 '
    'โทร 0-2000-0000</p><p><a href="https://www.facebook.com/example.sao">Facebook</a> | '
    '<a href="https://line.me/R/ti/p/@example">LINE</a> | '
    '<a href="https://www.dla.go.th/">กรมส่งเสริมการปกครองท้องถิ่น</a>'
    ' | <a href="/admin/login.php">สำหรับเจ้าหน้าที่</a></p></footer>'
)


def page(title: str, body: str, crumbs: list[tuple[str, str]] | None = None) -> str:
    trail = ""
    if crumbs:
        trail = '<div class="breadcrumb"><a href="/">หน้าหลัก</a> &raquo; ' + " &raquo; ".join(
            f'<a href="{u}">{esc(t)}</a>' if u else esc(t) for u, t in crumbs) + "</div>"
    return (
        '<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
        f"<title>{esc(title)} - {AGENCY}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
        f'<header><h1><a href="/">{AGENCY}</a></h1></header>{MENU}{trail}'
        f'<main><h2>{esc(title)}</h2>{body}</main>{FOOTER}</body></html>\n'
    )


def pagination(sec: Section, n: int) -> str:
    last = sec.lists()
    if last == 1:
        return ""
    nums = sorted({1, last, *range(max(1, n - 3), min(last, n + 3) + 1)})
    parts = []
    if n > 1:
        parts.append(f'<a href="{esc(sec.list_url(n - 1))}">&laquo; ก่อนหน้า</a>')
    for k in nums:
        parts.append(f"<b>{k}</b>" if k == n else f'<a href="{esc(sec.list_url(k))}">{k}</a>')
    if n < last:
        parts.append(f'<a href="{esc(sec.list_url(n + 1))}">ถัดไป &raquo;</a>')
    return '<div class="pagination">หน้า ' + " ".join(parts) + "</div>"


def plan(pages: int) -> int:
    """Size the sections so the total is exactly `pages`; returns the count of extra about pages."""
    fixed = len(FIXED)
    if pages < fixed + 2 * len(SECTIONS):
        raise SystemExit(f"--pages must be at least {fixed + 2 * len(SECTIONS)}")
    total_w = sum(s.weight for s in SECTIONS)

    def size(t: int) -> int:
        rest = t
        for s in SECTIONS:
            s.items = max(1, t * s.weight // total_w)
            rest -= s.items
        SECTIONS[0].items += max(0, rest)
        return fixed + sum(s.items + s.lists() for s in SECTIONS)

    t = pages
    while t > len(SECTIONS) and size(t) > pages:
        t -= 1
    return pages - size(t)


def generate(out: Path, pages: int, pdfs: int, seed: int = 2568) -> dict[str, int]:
    global MENU
    rng = random.Random(seed)
    extra = plan(pages)
    MENU = menu()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files: dict[str, str] = {}

    # Items: titles first so lists and related links can use them.
    all_items: list[tuple[Section, int]] = []
    for s in SECTIONS:
        s.item_titles = [f"{s.title} {thai_sentence(rng, rng.randint(3, 7))} ครั้งที่ {i}"
                         for i in range(1, s.items + 1)]
        all_items += [(s, i) for i in range(1, s.items + 1)]

    # PDFs: each attached to one item page (spread evenly); the first 40 also listed on the OIT page.
    attach: dict[tuple[str, int], list[int]] = {}
    for p in range(1, pdfs + 1):
        s, i = all_items[(p * 7919) % len(all_items)]
        attach.setdefault((s.key, i), []).append(p)
    pdf_names = {p: f"files/{2566 + p % 3}/doc-{p:04d}.pdf" for p in range(1, pdfs + 1)}

    for s in SECTIONS:
        for i in range(1, s.items + 1):
            title = s.item_titles[i - 1]
            body = [f'<p class="date">วันที่ {thai_date(rng)} | ผู้เขียน: งานประชาสัมพันธ์</p>']
            body += [f"<p>{thai_paragraph(rng)}</p>" for _ in range(rng.randint(3, 7))]
            docs = attach.get((s.key, i), [])
            if docs:
                body.append("<h3>เอกสารแนบ</h3><ul>" + "".join(
                    f'<li><a href="/{pdf_names[p]}">ดาวน์โหลดเอกสาร {p:04d} (PDF)</a></li>' for p in docs) + "</ul>")
            related = sorted({rng.randint(1, s.items) for _ in range(4)} - {i})
            body.append("<h3>ข่าวที่เกี่ยวข้อง</h3><ul>" + "".join(
                f'<li><a href="{esc(s.item_url(j))}">{esc(s.item_titles[j - 1])}</a></li>' for j in related) + "</ul>")
            body.append(f'<p><a href="{esc(s.list_url((i - 1) // PER_LIST + 1))}">&laquo; กลับไปหน้ารายการ</a></p>')
            files[s.item_file(i)] = page(title, "".join(body), [(s.list_url(1), s.title), ("", title[:40])])
        for n in range(1, s.lists() + 1):
            lo, hi = (n - 1) * PER_LIST + 1, min(s.items, n * PER_LIST)
            rows = "".join(
                f'<li><a href="{esc(s.item_url(i))}">{esc(s.item_titles[i - 1])}</a> <span>{thai_date(rng)}</span></li>'
                for i in range(lo, hi + 1))
            files[s.list_file(n)] = page(f"{s.title} หน้า {n}", f'<ul class="list">{rows}</ul>{pagination(s, n)}',
                                         [(s.list_url(1), s.title)])

    extra_links = "".join(f'<li><a href="/about/info-{k:03d}.html">ข้อมูลพื้นฐาน {k}</a></li>'
                          for k in range(1, extra + 1))
    files["about/index.html"] = page("เกี่ยวกับหน่วยงาน", "<ul>" + "".join(
        f'<li><a href="/about/{k}.html">{esc(t)}</a></li>' for k, t in ABOUT) + extra_links + "</ul>", [])
    for k, t in ABOUT:
        files[f"about/{k}.html"] = page(t, "".join(f"<p>{thai_paragraph(rng)}</p>" for _ in range(4)),
                                        [("/about/", "เกี่ยวกับหน่วยงาน")])
    for k in range(1, extra + 1):
        files[f"about/info-{k:03d}.html"] = page(f"ข้อมูลพื้นฐาน {k}", f"<p>{thai_paragraph(rng)}</p>",
                                                 [("/about/", "เกี่ยวกับหน่วยงาน")])
    files["contact/index.html"] = page("ติดต่อเรา", f"<p>{AGENCY}</p><p>อีเมล saraban@example.go.th</p>", [])
    oit = [f'<li>O{k} {esc(thai_sentence(rng, 4))}: <a href="/{pdf_names[p]}">เอกสาร {p:04d}</a></li>'
           for k, p in enumerate(range(1, min(pdfs, 40) + 1), 1)]
    files["oit/index.html"] = page("การเปิดเผยข้อมูลสาธารณะ (OIT)", "<ul>" + "".join(oit) + "</ul>", [])
    latest = "".join(
        f'<h3>{esc(s.title)}</h3><ul>' + "".join(
            f'<li><a href="{esc(s.item_url(i))}">{esc(s.item_titles[i - 1])}</a></li>'
            for i in range(1, min(s.items, 5) + 1))
        + f'</ul><p><a href="{esc(s.list_url(1))}">ดูทั้งหมด</a></p>' for s in SECTIONS)
    files["index.html"] = page("หน้าหลัก", f"<p>{thai_paragraph(rng)}</p>{latest}")

    assert len(files) == pages, (len(files), pages)
    for rel, text in files.items():
        f = out / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    for p, rel in pdf_names.items():
        f = out / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(make_pdf(p, rng))
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="ascii")
    return {"html": len(files), "pdf": pdfs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--pdfs", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2568)
    a = ap.parse_args(argv)
    counts = generate(a.outdir, a.pages, a.pdfs, a.seed)
    print(f"wrote {counts['html']} HTML pages and {counts['pdf']} PDFs to {a.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
