"""The analysis report as one self-contained HTML file: inline CSS and SVG, phone-readable, A4-printable."""

from __future__ import annotations

from html import escape

from ..thai_doc import CSS_FONT_STACK
from .model import Report
from .svg import change_chart, scores_chart

# Fonts a Linux desktop has when TH Sarabun New is missing (TLWG Laksaman is its metric twin).
_FONTS = CSS_FONT_STACK.replace(", sans-serif", ", 'Laksaman', 'Loma', 'Garuda', sans-serif")

CSS = """
:root { --ink:#1a202c; --muted:#4a5568; --line:#cbd5e0; --head:#e8eef5; --accent:#1f4e79;
        --ok:#2f855a; --bad:#c53030; --warn:#b7791f; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #eef1f4; color: var(--ink); font-family: FONTS;
       font-size: 18px; line-height: 1.65; }
/* Thai fonts differ a lot in apparent size (TH Sarabun New is small): normalise on the x-height. */
body, svg text { font-size-adjust: 0.52; }
.report { max-width: 980px; margin: 0 auto 24px; background: #fff; padding: 36px 44px 44px; }
.report + .report { margin-top: 24px; }
h1 { font-size: 1.55em; line-height: 1.35; margin: .25em 0 .35em; }
h2 { font-size: 1.3em; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 2px;
     margin: 1.6em 0 .6em; }
h3 { font-size: 1.12em; margin: 1.4em 0 .4em; }
p { margin: .35em 0 .7em; }
.cover { text-align: center; border-bottom: 3px double var(--accent); padding-bottom: 14px; }
.cover .kicker { color: var(--muted); margin: 0; }
.cover .agency { font-size: 1.25em; font-weight: 700; margin: .2em 0 0; }
.cover .fy { margin: 0; }
.alert { border-left: 5px solid var(--warn); background: #fffaf0; padding: 10px 14px; border-radius: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: .9em; }
.card .big { font-size: 2em; font-weight: 700; line-height: 1.2; }
.card .small { font-size: .88em; color: var(--muted); line-height: 1.45; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 6px 0 14px; }
table { border-collapse: collapse; width: 100%; font-size: .95em; }
th, td { border: 1px solid var(--line); padding: 5px 8px; vertical-align: top; text-align: left; }
thead th { background: var(--head); text-align: center; vertical-align: middle; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.tool { font-weight: 700; color: var(--accent); }
table.scores { min-width: 560px; }
table.scores tr.tool td { background: #f6f8fb; font-weight: 600; }
table.scores tr.total td { background: var(--head); font-weight: 700; }
table.measures { min-width: 820px; }
table.measures td:first-child { width: 17%; font-weight: 600; }
table.measures td:nth-child(2) { width: 21%; }
table.measures td:nth-child(3) { width: 13%; }
table.measures td:last-child { width: 14%; }
.nowrap { white-space: nowrap; }
table.measures tr.cont td:first-child { border-top-color: transparent; }
table.measures ol { margin: 0; padding-left: 1.2em; }
.also, .follow { color: var(--muted); font-size: .9em; }
.up { color: var(--ok); } .down { color: var(--bad); }
.below { color: var(--bad); font-weight: 700; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 14px; margin: 12px 0; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; }
figure svg { width: 100%; max-width: 560px; height: auto; display: block; margin: 0 auto; }
figcaption { font-weight: 700; margin-bottom: 6px; }
.legend { font-size: .85em; color: var(--muted); margin-top: 4px; }
.sw { display: inline-block; width: .9em; height: .9em; border-radius: 2px; vertical-align: -1px; margin: 0 4px 0 10px; }
.dash { display: inline-block; width: 1.6em; border-top: 2px dashed var(--ink); vertical-align: middle; margin: 0 4px 0 10px; }
ol.findings { padding-left: 1.4em; }
ol.findings > li { margin-bottom: .7em; }
.msg { font-weight: 600; margin: 0; }
.meta { color: var(--muted); font-size: .9em; margin: 0; }
.sev-high::marker { color: var(--bad); }
ul.suggest { margin: .2em 0 0; padding-left: 1.2em; }
.ok { color: var(--ok); }
.outcome-pass { color: var(--ok); font-weight: 600; }
.outcome-fail { color: var(--bad); font-weight: 600; }
.outcome-needs_review, .outcome-not_crawled, .outcome-error { color: var(--warn); font-weight: 600; }
td.url { word-break: break-all; font-size: .85em; }
footer { margin-top: 22px; color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 640px) {
  body { font-size: 17px; background: #fff; }
  .report { padding: 14px 14px 28px; }
  h1 { font-size: 1.3em; }
  /* Five columns do not fit a phone: each measure becomes a card with its column names inline. */
  table.measures { min-width: 0; }
  table.measures thead { display: none; }
  table.measures, table.measures tbody, table.measures tr, table.measures td { display: block; width: auto !important; }
  table.measures tr { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px; padding: 6px 10px; }
  table.measures tr.cont { margin-top: -6px; border-top: 1px dashed var(--line); }
  table.measures td { border: 0; padding: 2px 0; }
  table.measures td:empty { display: none; }
  table.measures td::before { content: attr(data-label); display: block; color: var(--muted); font-size: .85em; }
  table.measures td:first-child::before { content: none; }
}
@page { size: A4; margin: 18mm 15mm 18mm 20mm; }
/* The measures table has five wide columns: it prints on landscape pages, like the published plans. */
@page wide { size: A4 landscape; margin: 15mm 15mm 15mm 18mm; }
@media print {
  body { background: #fff; font-size: 11.5pt; }
  .part2, .appendix { page: wide; }
  .report { max-width: none; margin: 0; padding: 0; }
  .report + .report, .part2, .appendix { break-before: page; }
  .scroll { overflow: visible; }
  table.scores, table.measures { min-width: 0; }
  table { font-size: 10.5pt; }
  th, td { padding: 2px 6px; }
  .cover { padding-bottom: 6px; }
  h2 { margin-top: .8em; }
  thead { display: table-header-group; }
  table.scores tr, figure, .card, ol.findings > li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".replace("FONTS", _FONTS)


def render(reports: list[Report]) -> str:
    """One HTML document holding every report (one <article> per agency)."""
    lang = reports[0].lang if reports else "th"
    title = escape(reports[0].title.replace("\n", "") + " — " + reports[0].agency) if reports else ""
    body = "\n".join(_article(rp, k) for k, rp in enumerate(reports))
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _e(s: str) -> str:
    return escape(s, quote=True)


def _article(rp: Report, k: int) -> str:
    out = [f'<article class="report" lang="{rp.lang}">', '<header class="cover">',
           f'<p class="kicker">{_e(rp.subtitle)}</p>', f"<h1>{'<br>'.join(map(_e, rp.title.split(chr(10))))}</h1>",
           f'<p class="agency">{_e(rp.agency)}</p>', f'<p class="fy">{_e(rp.fy)}</p>', "</header>",
           '<section class="part1">', f"<h2>{_e(rp.part1)}</h2>"]
    if rp.missing_note:
        out.append(f'<p class="alert" role="note">{_e(rp.missing_note)}</p>')
    out += _cards(rp) + [f"<h3>{_e(rp.table_title)}</h3>"] + _scores_table(rp) + _charts(rp, k)
    if rp.analysis:
        out.append(f"<h3>{_e(rp.labels['analysis'])}</h3>")
        out += [f"<p>{_e(p)}</p>" for p in rp.analysis]
    for sec in rp.tools:
        out += [f'<section class="tool"><h3>{_e(sec.title)}</h3>']
        if sec.summary:
            cls = "" if sec.findings or sec.missing else ' class="ok"'
            out.append(f"<p{cls}>{_e(sec.summary)}</p>")
        if sec.findings:
            out.append(f'<p class="meta">{_e(rp.labels["tool_weak"])}</p><ol class="findings">')
            for f in sec.findings:
                meta = " · ".join(x for x in (f.context, f.impact) if x)
                out.append(f'<li class="sev-{_e(f.severity)}"><p class="msg">{_e(f.message)}</p>'
                           f'<p class="meta">{_e(meta)}</p>'
                           f'<p class="meta">{_e(rp.labels["suggest"])}:</p><ul class="suggest">'
                           + "".join(f"<li>{_e(s)}</li>" for s in f.suggestions) + "</ul></li>")
            out.append("</ol>")
        out.append("</section>")
    out.append("</section>")
    out += _measures(rp)
    # Inside part 2: a block between two differently named @page areas would get a page of its own.
    out.insert(len(out) - 1, "<footer>" + (
        f"<p><strong>{_e(rp.labels['notes'])}</strong></p><ul>" + "".join(f"<li>{_e(w)}</li>" for w in rp.notes)
        + "</ul>" if rp.notes else "") + f"<p>{_e(rp.provenance)}</p></footer>")
    if rp.check:
        out += _check(rp)
    out.append("</article>")
    return "\n".join(out)


def _cards(rp: Report) -> list[str]:
    arrow = {"up": "▲", "down": "▼"}.get(rp.direction or "", "")
    cls = {"up": "up", "down": "down"}.get(rp.direction or "", "")
    cards = [("total", rp.total, rp.change_line and f'<span class="{cls}">{_e(arrow)} {_e(rp.change_line)}</span>'),
             ("level", rp.level, _e(rp.level_meaning))]
    out = ['<div class="cards">']
    for key, big, small in cards:
        out.append(f'<div class="card"><div class="label">{_e(rp.labels[key])}</div>'
                   f'<div class="big">{_e(big)}</div><div class="small">{small or ""}</div></div>')
    target_cls = "" if rp.meets is None else ("up" if rp.meets else "down")
    out.append(f'<div class="card"><div class="label">{_e(rp.labels["target"])}</div>'
               f'<div class="{target_cls}" style="font-weight:700">{_e(rp.target_line)}</div></div>')
    out.append("</div>")
    return out


def _scores_table(rp: Report) -> list[str]:
    h = rp.headers
    out = ['<div class="scroll"><table class="scores">', "<thead>"]
    if rp.has_prev:
        out.append(f'<tr><th rowspan="2">{_e(h["col_tool"])}</th><th rowspan="2">{_e(h["col_no"])}</th>'
                   f'<th rowspan="2">{_e(h["col_indicator"])}</th><th colspan="2">{_e(h["col_score"])}</th>'
                   f'<th rowspan="2">{_e(h["col_change"])}</th></tr>'
                   f"<tr><th>{_e(rp.prev_year)}</th><th>{_e(rp.year)}</th></tr>")
    else:
        out.append(f'<tr><th>{_e(h["col_tool"])}</th><th>{_e(h["col_no"])}</th><th>{_e(h["col_indicator"])}</th>'
                   f'<th>{_e(h["col_score"])} {_e(rp.year)}</th></tr>')
    out.append("</thead><tbody>")
    for row in rp.rows:
        cls = {"tool": "tool", "total": "total", "level": "total"}.get(row.kind, "")
        cur = f'<td class="num{" below" if row.below else ""}">{_e(row.cur)}</td>'
        cells = [f'<td class="tool">{_e(row.tool)}</td>', f'<td class="num">{_e(row.no)}</td>', f"<td>{_e(row.name)}</td>"]
        if rp.has_prev:
            arrow = {"up": "▲ ", "down": "▼ "}.get(row.direction or "", "")
            dcls = {"up": "up", "down": "down"}.get(row.direction or "", "")
            cells += [f'<td class="num">{_e(row.prev)}</td>', cur,
                      f'<td class="{dcls}">{_e(arrow)}{_e(row.change)}</td>']
        else:
            cells.append(cur)
        out.append(f'<tr class="{cls}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return out


def _charts(rp: Report, k: int) -> list[str]:
    if not rp.bars:
        return []
    t = rp.chart_titles
    out = ['<div class="charts">', f'<figure><figcaption>{_e(t["scores"])}</figcaption>',
           scores_chart(rp.bars, rp.target, rp.target_text, t["scores"], t["scores_alt"], f"r{k}-scores"),
           '<div class="legend" aria-hidden="true"><span class="sw" style="background:#2c7a7b"></span>≥ '
           f'{_e(rp.target_text)}<span class="sw" style="background:#c05621"></span>&lt; {_e(rp.target_text)}'
           f'<span class="dash"></span>{_e(rp.target_text)}</div></figure>']
    if rp.change_bars:
        out += [f'<figure><figcaption>{_e(t["change"])}</figcaption>',
                change_chart(rp.change_bars, t["change"], t["change_alt"], f"r{k}-change"), "</figure>"]
    out.append("</div>")
    return out


def _measures(rp: Report) -> list[str]:
    h = rp.headers
    out = ['<section class="part2">', f"<h2>{_e(rp.part2)}</h2>", f"<p>{_e(rp.part2_year)}</p>"]
    if rp.focus:
        out.append(f'<p class="focus"><strong>{_e(rp.focus)}</strong></p>')
    if not rp.measures:
        return out + [f"<p>{_e(rp.labels['no_findings'])}</p>", "</section>"]
    cols = ("col_issue", "col_measure", "col_owner", "col_steps", "col_time")
    out.append('<div class="scroll"><table class="measures"><thead><tr>'
               + "".join(f"<th>{_e(h[c])}</th>" for c in cols)
               + "</tr></thead><tbody>")
    for m in rp.measures:
        also = f'<div class="also">{_e(m.also)}</div>' if m.also else ""
        steps = "<ol>" + "".join(f"<li>{_e(s)}</li>" for s in m.steps) + "</ol>" if m.steps else ""
        follow = f'<div class="follow">{_e(m.follow_up)}</div>' if m.follow_up else ""
        cells = [_e(m.issue), _e(m.title) + also, _e(m.owner), steps + follow, _period(m.timeframe)]
        out.append(f'<tr class="{"" if m.issue else "cont"}">' + "".join(
            f'<td data-label="{_e(h[c])}">{v}</td>' if v else "<td></td>" for c, v in zip(cols, cells)) + "</tr>")
    out += ["</tbody></table></div>", "</section>"]  # the section closes last: the footer goes before it
    return out


def _period(text: str) -> str:
    # "1 ตุลาคม 2568 – 30 กันยายน 2569": each date stays on one line, the break falls after the dash.
    parts = text.split(" – ")
    return " –<br>".join(f'<span class="nowrap">{_e(p)}</span>' for p in parts) if len(parts) == 2 else _e(text)


def _link(url: str) -> str:
    # Only web links become clickable: a javascript: URL in a crafted check file must stay inert text.
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url)}">{_e(url)}</a>'
    return _e(url)


def _check(rp: Report) -> list[str]:
    c = rp.check
    out = ['<section class="appendix">', f"<h2>{_e(c.title)}</h2>"] + [f"<p>{_e(line)}</p>" for line in c.lines]
    out.append('<div class="scroll"><table class="check"><thead><tr>'
               + "".join(f"<th>{_e(x)}</th>" for x in c.headers) + "</tr></thead><tbody>")
    for i in c.items:
        links = "<br>".join(_link(u) for u in i.evidence)
        out.append(f"<tr><td>{_e(i.id)}</td><td>{_e(i.title)}</td><td class=\"outcome-{_e(i.outcome)}\">"
                   f"{_e(i.outcome_text)}</td><td>{_e(i.reason)}</td><td class=\"url\">{links}</td></tr>")
    out.append("</tbody></table></div></section>")
    return out
