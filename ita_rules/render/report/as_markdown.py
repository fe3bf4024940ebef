"""The analysis report as Markdown (for wikis, e-mail and review before the DOCX is signed)."""

from __future__ import annotations

from .model import Report


def _c(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(_c(h) for h in headers) + " |", "|" + "---|" * len(headers)] + \
        ["| " + " | ".join(_c(c) for c in row) + " |" for row in rows]


def render(reports: list[Report]) -> str:
    """One Markdown document; several agencies are separated by a rule."""
    return "\n\n---\n\n".join(_one(rp) for rp in reports) + "\n"


def _one(rp: Report) -> str:
    h = rp.headers
    out = [f"# {rp.title.replace(chr(10), '')}", "", f"**{rp.agency}** · {rp.fy}", "", f"*{rp.subtitle}*", "", f"## {rp.part1}", ""]
    if rp.missing_note:
        out += [f"> **{rp.missing_note}**", ""]
    facts = [f"**{rp.labels['total']}** {rp.total}", f"**{rp.labels['level']}** {rp.level}", rp.target_line]
    out += [" · ".join(f for f in facts + [rp.change_line] if f), ""]
    out += [f"### {rp.table_title}", ""]
    cols = [h["col_tool"], h["col_no"], h["col_indicator"]]
    cols += [f"{h['col_score']} {rp.prev_year}", f"{h['col_score']} {rp.year}", h["col_change"]] if rp.has_prev \
        else [f"{h['col_score']} {rp.year}"]
    body = []
    for row in rp.rows:
        name = row.name if row.kind == "indicator" else f"**{row.name}**"
        cells = [row.tool, row.no, name] + ([row.prev, row.cur, row.change] if rp.has_prev else [row.cur])
        body.append(cells)
    out += _table(cols, body) + [""]
    if rp.analysis:
        out += [f"### {rp.labels['analysis']}", ""] + [f"{p}\n" for p in rp.analysis]
    for sec in rp.tools:
        out += [f"### {sec.title}", ""]
        if sec.summary:
            out += [sec.summary, ""]
        if sec.findings:
            out += [f"**{rp.labels['tool_weak']}**", ""]
        for k, f in enumerate(sec.findings, start=1):
            out.append(f"{k}. **{_c(f.message)}** ({f.impact})")
            if f.context:
                out.append(f"   - {f.context}")
            out.append(f"   - {rp.labels['suggest']}: " + "; ".join(f.suggestions))
        if sec.findings:
            out.append("")
    out += [f"## {rp.part2}", "", rp.part2_year, ""]
    if rp.focus:
        out += [f"**{rp.focus}**", ""]
    if not rp.measures:
        out += [rp.labels["no_findings"], ""]
    else:
        rows = []
        for m in rp.measures:
            title = m.title + (f"<br>*{m.also}*" if m.also else "")
            steps = "<br>".join([f"{i}. {s}" for i, s in enumerate(m.steps, start=1)] + ([m.follow_up] if m.follow_up else []))
            rows.append([m.issue, title, m.owner, steps, m.timeframe])
        out += _table([h["col_issue"], h["col_measure"], h["col_owner"], h["col_steps"], h["col_time"]], rows) + [""]
    if rp.notes:
        out += [f"**{rp.labels['notes']}**", ""] + [f"- {_c(w)}" for w in rp.notes] + [""]
    out += [f"<sub>{rp.provenance}</sub>"]
    if rp.check:
        c = rp.check
        out += ["", f"## {c.title}", ""] + [f"{line}\n" for line in c.lines]
        out += _table(c.headers, [[i.id, i.title, i.outcome_text, i.reason, " ".join(f"<{u}>" for u in i.evidence)]
                                  for i in c.items])
    return "\n".join(out).rstrip()
