"""Site x indicator matrix of a batch run, as CSV or as one self-contained Thai HTML page."""

from __future__ import annotations

import csv
import html
import io
import re
import sys
from pathlib import Path

from ita_rules.words import say
from ita_rules.results.runs import OUTCOMES, Run, SiteRow
from ..outfile import write_text


STATUS_TH = {"finished": "ตรวจครบแล้ว", "interrupted": "หยุดกลางคัน (ตรวจต่อได้)", "running": "ยังไม่เสร็จ"}


def natural(name: str) -> list[object]:
    """Sort key putting 'site-2' before 'site-10'."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:.2f}"


def span(lo: float | None, hi: float | None) -> str:
    """'73.75–80.00', one number when the range is exact, '–' when unknown."""
    if lo is None and hi is None:
        return "–"
    return _num(lo) if lo == hi else f"{_num(lo)}–{_num(hi)}"


def band(lo: float | None, hi: float | None, target: float) -> str:
    """below: even the best case misses the target; maybe: only the best case reaches it; ok: reached."""
    if hi is None:
        return "unknown"
    if hi < target:
        return "below"
    return "maybe" if lo is None or lo < target else "ok"


def _indicator_ids(run: Run, sites: list[SiteRow]) -> list[str]:
    ids = set(run.indicators) | {k for s in sites for k in s.indicators}
    return sorted(ids, key=lambda k: (len(k), k))


def render_csv(run: Run, sites: list[SiteRow]) -> str:
    """One row per site: indicator and OIT ranges, outcome counts, reachability and why a check failed; every
    cell through render/cells.py (no formula, bidi shown)."""
    from .cells import cells

    inds = _indicator_ids(run, sites)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["site", "type", "target", "reachable", *[f"indicator_{i}_{m}" for i in inds for m in ("min", "max")],
                "oit_min", "oit_max", *OUTCOMES, "problem"])
    for s in sorted(sites, key=lambda s: natural(s.name)):
        ranges = [_num(s.indicators.get(i, {}).get(m)) for i in inds for m in ("min", "max")]
        w.writerow(cells([s.name, s.agency_type or "", s.target, "yes" if s.reachable else "no", *ranges,
                          _num(s.oit_min), _num(s.oit_max), *[s.counts.get(o, 0) for o in OUTCOMES], s.error or ""]))
    return out.getvalue()


CSS = """
body{font-family:"Sarabun","Noto Sans Thai","Tahoma",sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem}
th{background:#f2f2f2;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{background:#d8f0d8}.maybe{background:#fff1c2}.below{background:#f8d0d0}.unknown{background:#e6e6e6}
td.o{text-align:center;padding:.2rem;min-width:1.4rem}.pass{background:#d8f0d8}.fail{background:#f8d0d0}
.needs_review{background:#fff1c2}.not_crawled,.error{background:#e6e6e6}small{color:#666}
"""
MARK = {"pass": "✓", "fail": "✗", "needs_review": "?", "not_crawled": "–", "error": "!"}


def render_html(run: Run, sites: list[SiteRow]) -> str:
    """A self-contained page: the site x indicator matrix (colours against the target) and the item grid."""
    from .safe import visible

    e = lambda s: html.escape(visible(s))  # noqa: E731
    inds = _indicator_ids(run, sites)
    rows = sorted(sites, key=lambda s: natural(s.name))
    head = "".join(f"<th>ตัวชี้วัดที่ {e(i)}<br><small>{e(run.indicators.get(i, ''))}</small></th>" for i in inds)
    head += "<th>OIT<br><small>ต่ำสุด–สูงสุด</small></th>"
    head += "".join(f"<th>{e(say('outcome.' + o, 'th'))}</th>" for o in OUTCOMES)
    body = []
    for s in rows:
        cells = [(s.indicators.get(i, {}).get("min"), s.indicators.get(i, {}).get("max")) for i in inds]
        cells.append((s.oit_min, s.oit_max))
        tds = "".join(f'<td class="n {band(lo, hi, run.target)}">{span(lo, hi)}</td>' for lo, hi in cells)
        tds += "".join(f'<td class="n">{s.counts.get(o, 0)}</td>' for o in OUTCOMES)
        note = f"<br><small>{e(s.error)}</small>" if s.error else ("" if s.reachable else
                                                                    "<br><small>เข้าเว็บไซต์ไม่ได้</small>")
        body.append(f"<tr><td>{e(s.name)}{note}</td><td>{e(s.agency_type or '')}</td>{tds}</tr>")
    below = sum(1 for s in rows if band(s.oit_min, s.oit_max, run.target) == "below")
    items = sorted({i for s in rows for i in s.items}, key=lambda k: (len(k), k))

    def cell(s: SiteRow, i: str) -> str:
        o = s.items.get(i, "")
        label = say("outcome." + o, "th") if o in OUTCOMES else "ไม่มีผล"
        return f'<td class="o {o}" title="{e(i)}: {e(label)}">{MARK.get(o, "")}</td>'

    grid = "\n".join(f"<tr><td>{e(s.name)}</td>" + "".join(cell(s, i) for i in items) + "</tr>" for s in rows)
    return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>ผลตรวจเว็บไซต์ตามแบบ OIT รอบที่ {run.id}</title>
<style>{CSS}</style></head><body>
<h1>ผลตรวจเว็บไซต์ตามแบบ OIT ({e(run.pack)} ปีงบประมาณ {run.year}) รอบที่ {run.id}</h1>
<p>เริ่ม {e(run.started)} · สถานะ {e(STATUS_TH.get(run.status, run.status))} ·
ตรวจแล้ว {run.sites_done} จาก {run.sites_total} เว็บไซต์ ·
ต่ำกว่าเป้าหมาย {run.target:g} คะแนนแม้ในกรณีดีที่สุด {below} เว็บไซต์</p>
<p><span class="ok">&nbsp;ถึงเป้าหมาย {run.target:g}&nbsp;</span> <span class="maybe">&nbsp;อาจถึงเป้าหมาย
(ถ้าข้อที่ต้องตรวจสอบผ่าน)&nbsp;</span> <span class="below">&nbsp;ต่ำกว่า {run.target:g}&nbsp;</span></p>
<table><thead><tr><th>หน่วยงาน</th><th>ประเภท</th>{head}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table>
<h2>ผลรายข้อ</h2>
<p>✓ ผ่าน · ✗ ไม่ผ่าน · ? ต้องตรวจสอบเพิ่ม · – เข้าไม่ถึง · ! ผิดพลาด</p>
<table><thead><tr><th>หน่วยงาน</th>{"".join(f"<th>{e(i)}</th>" for i in items)}</tr></thead><tbody>
{grid}
</tbody></table>
</body></html>
"""


def write_matrix(fmt: str, info, sites, path: str | None = None) -> None:
    """The matrix as CSV or HTML, to a file or to stdout."""
    text = render_csv(info, sites) if fmt == "csv" else render_html(info, sites)
    if path is None:
        sys.stdout.write(text)
        return
    # utf-8-sig for CSV: Excel reads Thai site names correctly only with the BOM.
    write_text(path, text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
