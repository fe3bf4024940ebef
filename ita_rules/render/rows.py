"""Table rows shared by the text and markdown renderers."""

from __future__ import annotations

from ita_rules.words import say
from ..results.assess import AssessResult


def fmt(x: float | None, decimals: int = 2) -> str:
    """A score with fixed decimals, or '-' when unknown."""
    return "-" if x is None else f"{x:.{decimals}f}"


def indicator_rows(r: AssessResult) -> list[list[str]]:
    """[tool, indicator id, name, previous, current, change] per indicator, then tools and total."""
    rows: list[list[str]] = []
    tools = list(r.tools)
    for tool in tools:
        for iid, value in r.indicators.items():
            if r.indicator_tool.get(iid) != tool:
                continue
            ch = r.changes.get(iid)
            rows.append([tool, iid, r.names.get(iid, iid), fmt(ch.previous) if ch else "", fmt(value),
                         ch.label if ch else ""])
    for tool, value in r.tools.items():
        ch = r.changes.get(tool)
        rows.append([tool, "", r.names.get(tool, tool), fmt(ch.previous) if ch else "", fmt(value),
                     ch.label if ch else ""])
    ch = r.changes.get("total")
    rows.append(["", "", say("total", r.lang), fmt(ch.previous) if ch else "", fmt(r.total), ch.label if ch else ""])
    return rows


def item_rows(r: AssessResult) -> list[list[str]]:
    """[item, name, last year's items, previous, current, change] for items read through the year mapping."""
    if r.previous is None:
        return []
    rows = []
    for iid, prev in r.previous.items.items():
        cur = r.items.get(iid)
        ch = r.changes.get(iid)
        rows.append([iid, r.names.get(iid, iid), "+".join(prev.sources), fmt(prev.score),
                     fmt(cur.score) if cur else "-", ch.label if ch else ""])
    return rows


def focus_line(r: AssessResult) -> str:
    """The O25-style focus in one line, or '' when the result has none."""
    f = r.focus
    if f is None:
        return ""
    return (f"{say('focus', r.lang)} ({f.item} {say('fiscal_year', r.lang)} {f.plan_year}): "
            f"{say('indicator', r.lang)} {f.indicator} {f.name} {fmt(f.score)} — {f.note}")


def pack_status(ref, lang) -> str:
    """' ฉบับชั่วคราว' after a provisional pack's name, '' for a stable one."""
    return f" {say('provisional', lang)}" if getattr(ref, "status", "stable") == "provisional" else ""
