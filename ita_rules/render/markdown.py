"""Markdown rendering of assessment results, for pasting into reports and wikis."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ita_rules.words import say
from ..results.assess import AssessResult
from .rows import fmt, focus_line, indicator_rows, item_rows
from .safe import md as _cell


def render(results: list[AssessResult]) -> str:
    """All results as one markdown document."""
    return "\n\n---\n\n".join(_one(r) for r in results) + "\n"


def write_stream(results: Iterable[AssessResult], write: Callable[[str], None]) -> None:
    """The same document as render(), written one agency at a time (memory stays flat)."""
    for n, r in enumerate(results):
        write(("\n\n---\n\n" if n else "") + _one(r))
    write("\n")


def _one(r: AssessResult) -> str:
    lang = r.lang
    out = [f"## {_cell(r.agency)} — {say('fiscal_year', lang)} {r.year}", ""]
    if r.complete:
        out.append(f"**{say('total', lang)}** {fmt(r.total)} · **{say('level', lang)}** {_cell(r.level)} · "
                   f"{say('target', lang)} {fmt(r.target, 0)}")
        if r.level_detail:
            out += ["", f"> {_cell(r.level_detail.meaning)}"]
    else:
        out.append(f"**{say('incomplete', lang)}:** {_cell(', '.join(r.missing))}")
    prev_year = str(r.previous.year) if r.previous else ""
    out += ["", f"| {say('tool', lang)} | {say('indicator', lang)} | | {prev_year} | {r.year} | {say('change', lang)} |",
            "|---|---|---|---:|---:|---|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in indicator_rows(r)]
    items = item_rows(r)
    if items:
        out += ["", f"**{say('items_vs_prev', lang)}**", "",
                f"| {say('item', lang)} | | {say('from_items', lang)} | {prev_year} | {r.year} | {say('change', lang)} |",
                "|---|---|---|---:|---:|---|"]
        out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in items]
    if r.warnings:
        out += ["", f"**{say('warnings', lang)}**", ""] + [f"- {_cell(w)}" for w in r.warnings]
    out += ["", f"### {say('deficiencies', lang)}", ""]
    if not r.deficiencies:
        out.append(say("none", lang))
    for k, d in enumerate(r.deficiencies, start=1):
        out.append(f"{k}. **{_cell(d.message)}** ({say('impact', lang)} +{fmt(d.impact)})")
        if d.measures:
            out += ["", f"   | {say('measures', lang)} | {say('owner', lang)} | {say('steps', lang)} | "
                        f"{say('timeframe', lang)} | {say('follow_up', lang)} |", "   |---|---|---|---|---|"]
            for m in d.measures:
                steps = "<br>".join(f"{i}. {_cell(s)}" for i, s in enumerate(m.steps, start=1))
                out.append(f"   | {_cell(m.title)} | {_cell(m.owner)} | {steps} | {_cell(m.timeframe)} | "
                           f"{_cell(m.follow_up)} |")
            out.append("")
    if r.focus:
        out += ["", f"**{_cell(focus_line(r))}**", ""] + [f"- {_cell(m.title)} ({_cell(m.owner)}, {_cell(m.timeframe)})"
                                                         for m in r.focus.measures]
    return "\n".join(out).rstrip()
