"""The analysis report as Markdown (for wikis, e-mail and review before the DOCX is signed)."""

from __future__ import annotations

from ..safe import md as _c, md_line, md_url
from .model import Report


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(_c(h) for h in headers) + " |", "|" + "---|" * len(headers)] + \
        ["| " + " | ".join(row) + " |" for row in rows]


def render(reports: list[Report]) -> str:
    """One Markdown document; several agencies are separated by a rule. Every value is escaped (safe.md):
    a name or a finding can never open a heading, a link or a tag."""
    return "\n\n---\n\n".join(_one(rp) for rp in reports) + "\n"


def _one(rp: Report) -> str:
    h, lb = rp.headers, {k: _c(v) for k, v in rp.labels.items()}
    out = [f"# {_c(rp.title.replace(chr(10), ''))}", "", f"**{_c(rp.agency)}** · {_c(rp.fy)}", "",
           f"*{_c(rp.subtitle)}*", "", f"## {_c(rp.part1)}", ""]
    if rp.missing_note:
        out += [f"> **{_c(rp.missing_note)}**", ""]
    facts = [f"**{lb['total']}** {_c(rp.total)}", f"**{lb['level']}** {_c(rp.level)}", md_line(rp.target_line)]
    out += [" · ".join(f for f in facts + [_c(rp.change_line)] if f), ""]
    out += [f"### {_c(rp.table_title)}", ""]
    cols = [h["col_tool"], h["col_no"], h["col_indicator"]]
    cols += [f"{h['col_score']} {rp.prev_year}", f"{h['col_score']} {rp.year}", h["col_change"]] if rp.has_prev \
        else [f"{h['col_score']} {rp.year}"]
    body = []
    for row in rp.rows:
        name = _c(row.name) if row.kind == "indicator" else f"**{_c(row.name)}**"
        cells = [row.tool, row.no] + ([row.prev, row.cur, row.change] if rp.has_prev else [row.cur])
        body.append([*map(_c, cells[:2]), name, *map(_c, cells[2:])])
    out += _table(cols, body) + [""]
    if rp.analysis:
        out += [f"### {lb['analysis']}", ""] + [f"{md_line(p)}\n" for p in rp.analysis]
    for sec in rp.tools:
        out += [f"### {_c(sec.title)}", ""]
        if sec.summary:
            out += [md_line(sec.summary), ""]
        if sec.findings:
            out += [f"**{lb['tool_weak']}**", ""]
        for k, f in enumerate(sec.findings, start=1):
            out.append(f"{k}. **{_c(f.message)}** ({_c(f.impact)})")
            if f.context:
                out.append(f"   - {_c(f.context)}")
            out.append(f"   - {lb['suggest']}: " + "; ".join(_c(s) for s in f.suggestions))
        if sec.findings:
            out.append("")
    out += [f"## {_c(rp.part2)}", "", md_line(rp.part2_year), ""]
    if rp.focus:
        out += [f"**{_c(rp.focus)}**", ""]
    if not rp.measures:
        out += [md_line(rp.labels["no_findings"]), ""]
    else:
        rows = []
        for m in rp.measures:
            title = _c(m.title) + (f"<br>*{_c(m.also)}*" if m.also else "")
            steps = "<br>".join([f"{i}. {_c(s)}" for i, s in enumerate(m.steps, start=1)]
                                + ([_c(m.follow_up)] if m.follow_up else []))
            rows.append([_c(m.issue), title, _c(m.owner), steps, _c(m.timeframe)])
        out += _table([h["col_issue"], h["col_measure"], h["col_owner"], h["col_steps"], h["col_time"]], rows) + [""]
    if rp.notes:
        out += [f"**{lb['notes']}**", ""] + [f"- {_c(w)}" for w in rp.notes] + [""]
    out += [f"<sub>{_c(rp.provenance)}</sub>"]
    if rp.check:
        c = rp.check
        out += ["", f"## {_c(c.title)}", ""] + [f"{md_line(line)}\n" for line in c.lines]
        out += _table(c.headers, [[_c(i.id), _c(i.title), _c(i.outcome_text), _c(i.reason),
                                   " ".join(md_url(u) for u in i.evidence)] for i in c.items])
    return "\n".join(out).rstrip()
