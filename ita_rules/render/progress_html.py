"""The progress report as one self-contained HTML page: prints on A4, reads on a phone, needs no network."""

from __future__ import annotations

from datetime import date
from html import escape

from ..plan import PROGRESS_HEADERS, REPORTER_SIGNATURE, Plan, Round, due_not_done, intro, memo_lines, report_title, \
    round_label
from ..thai import thai_date
from .progress_docx import measure_rows, summary_rows
from .thai_doc import CSS_FONT_STACK, digits

_CSS = """
*{box-sizing:border-box}
body{font-family:%(font)s;font-size:16pt;line-height:1.35;margin:0 auto;max-width:1200px;padding:1rem;color:#000}
h1,h2,.centre{text-align:center}
h1{font-size:18pt;margin:.2em 0}
h2{font-size:16pt;margin:1em 0 .4em}
p.indent{text-indent:2.5em;text-align:justify}
table{border-collapse:collapse;width:100%%;margin:.5em 0}
th,td{border:1px solid #000;padding:.2em .35em;vertical-align:top;font-size:14pt;text-align:left}
th{background:#d9d9d9;text-align:center}
td p{margin:0}
.status-ดำเนินการเรียบร้อยแล้ว{background:#e2f0d9}
.status-อยู่ระหว่างดำเนินการ{background:#fff2cc}
.num{text-align:right}
.memo{max-width:17cm;margin:0 auto 2em}
.memo h1{font-size:29pt}
.memo .field b{display:inline-block;min-width:5.5em}
.sign{margin:1.5em 0 0 45%%;text-align:center}
.sign p{margin:.1em 0;overflow-wrap:anywhere}
a{word-break:break-all}
@page{size:A4 landscape;margin:1.5cm}
@page memo{size:A4 portrait;margin:2.5cm 2cm 2cm 3cm}
@media print{
  body{max-width:none;padding:0}
  .memo{page:memo;page-break-after:always;break-after:page;max-width:none}
  thead{display:table-header-group}
  tr{break-inside:avoid}
}
@media (max-width:700px){
  body{font-size:14pt;padding:.5rem}
  p.indent{text-align:left}
  table.measures thead{display:none}
  table.measures,table.measures tbody,table.measures tr,table.measures td{display:block;width:100%%}
  table.measures tr{border:1px solid #000;margin:0 0 .8em}
  table.measures td{border:0;border-bottom:1px solid #ccc}
  table.measures td::before{content:attr(data-label);display:block;font-weight:bold}
  .sign{margin-left:0}
}
""" % {"font": CSS_FONT_STACK}


def _lines(lines: list[str]) -> str:
    out = []
    for line in lines:
        if line.startswith(("http://", "https://")):  # only web links; never javascript: from an edited plan
            out.append(f'<p><a href="{escape(line)}">{escape(line)}</a></p>')
        else:
            out.append(f"<p>{escape(line)}</p>")
    return "".join(out)


def _memo(plan: Plan, rnd: Round, on: date, d) -> list[str]:
    memo = memo_lines(plan, rnd, on)
    out = ['<section class="memo">', "<h1>บันทึกข้อความ</h1>"]
    out += [f'<p class="field"><b>{escape(k)}</b> {escape(d(v))}</p>' for k, v in memo["fields"]]
    out += [f'<p class="indent">{escape(d(t))}</p>' for t in memo["body"]]
    for block in memo["signatures"]:
        out.append('<div class="sign">' + "".join(f"<p>{escape(d(line))}</p>" for line in block) + "</div>")
    out.append("</section>")
    return out


def render_progress_html(plan: Plan, rnd: Round = 12, memo: bool = False, thai_digits: bool = False,
                         on: date | None = None) -> str:
    """The whole report page; with `memo`, the covering บันทึกข้อความ prints as the first page."""
    d = lambda s: digits(s, thai_digits)  # noqa: E731
    title = d(report_title(plan))
    out = ["<!DOCTYPE html>", '<html lang="th">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)} — {escape(plan.agency)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>"]
    if memo:
        out += _memo(plan, rnd, on or date.today(), d)
    out += ["<main>", f"<h1>{escape(title)}</h1>", f"<h1>{escape(plan.agency)}</h1>",
            f"<h1>{escape(d(round_label(plan, rnd)))}</h1>", f'<p class="indent">{escape(d(intro(plan, rnd)))}</p>']
    if plan.measures:
        out.append('<table class="measures"><thead><tr>' + "".join(f"<th>{escape(h)}</th>" for h in PROGRESS_HEADERS)
                   + "</tr></thead><tbody>")
        for m, cells in zip(plan.measures, measure_rows(plan, thai_digits)):
            tds = "".join(
                f'<td data-label="{escape(h)}"'
                + (f' class="status-{escape(m.status)}"' if h == "สถานะ" else "")
                + f">{_lines(c)}</td>" for h, c in zip(PROGRESS_HEADERS, cells))
            out.append(f'<tr id="{escape(m.id)}">{tds}</tr>')
        out.append("</tbody></table>")
    else:
        out.append("<p>ไม่มีมาตรการในแผน</p>")
    out.append("<h2>สรุปผลการดำเนินการ</h2>")
    out.append('<table class="summary"><thead><tr><th>สถานะ</th><th>จำนวน (มาตรการ)</th><th>ร้อยละ</th></tr>'
               "</thead><tbody>")
    for status, count, pct in summary_rows(plan, thai_digits):
        out.append(f"<tr><td>{escape(status[0])}</td><td class=\"num\">{escape(count[0])}</td>"
                   f"<td class=\"num\">{escape(pct[0])}</td></tr>")
    out.append("</tbody></table>")
    late = due_not_done(plan, rnd)
    if late:
        head = d(f"มาตรการที่ครบกำหนดภายในรอบนี้แต่ยังไม่แล้วเสร็จ {len(late)} มาตรการ")
        out.append(f"<h2>{escape(head)}</h2><ul>")
        for m in late:
            item = d(f"{m.measure} (สิ้นสุด {thai_date(m.end, 'short')}, {m.status})")
            out.append(f"<li>{escape(item)}</li>")
        out.append("</ul>")
    out.append('<div class="sign">' + "".join(f"<p>{escape(line)}</p>" for line in REPORTER_SIGNATURE) + "</div>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)
