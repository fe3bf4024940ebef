"""The report as plain strings and rows, built once from a result; each format only lays it out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...focus import focus_first
from ...results.assess import AssessResult, Deficiency
from ...thai import fiscal_year_of, to_thai_digits
from ..safe import visible
from ..thai_doc import num
from ita_rules.words import say

# Latin tokens (item ids o23, EIT.1, URLs, "5x5") keep ASCII digits even in Thai-digit mode:
# "o๒๓" would be unreadable and a converted URL would no longer work.
_KEEP_ASCII = re.compile(r"https?://\S+|[A-Za-z0-9]*[A-Za-z][A-Za-z0-9_.]*")
_TOOL_OF_PREFIX = {"i": "IIT", "e": "EIT", "o": "OIT"}  # the pack schema fixes these id prefixes


def thai_text(text: str) -> str:
    """Text with its numbers in Thai digits, leaving ids and URLs in ASCII."""
    out, pos = [], 0
    for m in _KEEP_ASCII.finditer(text):
        out += [to_thai_digits(text[pos:m.start()]), m.group()]
        pos = m.end()
    return "".join(out) + to_thai_digits(text[pos:])


@dataclass
class IndicatorRow:
    """One row of the indicator table."""

    kind: str  # indicator | tool | total | level
    tool: str  # filled on the first row of each tool only
    no: str
    name: str
    prev: str
    cur: str
    change: str
    direction: str | None
    below: bool


@dataclass
class Bar:
    """One chart datum: the raw numbers for geometry, the texts for labels."""

    label: str
    tool: str
    value: float | None
    value_text: str
    delta: float | None
    delta_text: str
    below: bool


@dataclass
class Finding:
    """A deficiency as shown in the analysis of its tool."""

    id: str
    context: str
    message: str
    severity: str
    impact: str
    suggestions: list[str]


@dataclass
class ToolSection:
    """The analysis of one tool."""

    tool: str
    title: str
    summary: str
    findings: list[Finding]
    missing: bool = False  # no score for this tool yet


@dataclass
class MeasureRow:
    """One row of the part-2 measures table."""

    issue: str  # empty on the rows that continue the same finding
    title: str
    also: str
    owner: str
    steps: list[str]
    follow_up: str
    timeframe: str


@dataclass
class CheckItem:
    """One OIT item of the website pre-audit."""

    id: str
    title: str
    outcome: str
    outcome_text: str
    reason: str
    evidence: list[str]


@dataclass
class CheckSection:
    """The website pre-audit appendix."""

    title: str
    lines: list[str]
    headers: list[str]
    items: list[CheckItem]


@dataclass
class Report:
    """Everything a renderer writes, already worded, numbered and in the chosen digits."""

    lang: str
    title: str
    subtitle: str
    fy: str
    agency: str
    complete: bool
    total: str
    level: str
    level_meaning: str
    target_line: str
    meets: bool | None
    change_line: str
    direction: str | None
    missing_note: str
    analysis: list[str]
    table_title: str
    has_prev: bool
    prev_year: str
    year: str
    headers: dict[str, str]
    rows: list[IndicatorRow]
    target: float
    target_text: str
    bars: list[Bar]
    change_bars: list[Bar]
    chart_titles: dict[str, str]
    tools: list[ToolSection]
    part1: str
    part2: str
    part2_year: str
    focus: str  # the O25-style focus paragraph, "" when the year asks for none
    measures: list[MeasureRow]
    notes: list[str]
    provenance: str
    check: CheckSection | None = None
    labels: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=8)
def _sub_indicator_of(pack_id: str) -> dict[str, str]:
    """Item -> sub-indicator from the bundled pack, for headings only; {} when the pack is not bundled."""
    try:
        from ...loader import load_pack, pack_dirs

        for d in pack_dirs():
            if d.name == pack_id:  # bundled packs only: a path in a JSON file is never opened
                return {i.id: i.sub_indicator for i in load_pack(d).items}
    except Exception:  # the report still renders, without sub-indicator headings
        pass
    return {}


def _tool_of(d: Deficiency, r: AssessResult, sub: dict[str, str]) -> str | None:
    head = d.id.split(".")[0]
    if head in r.tools:
        return head
    if d.id in r.indicator_tool:
        return r.indicator_tool[d.id]
    if d.id in sub:
        return r.indicator_tool.get(sub[d.id].split(".")[0])
    return _TOOL_OF_PREFIX.get(d.id[:1])


def _issue(did: str, name: str, r: AssessResult) -> str:
    if did in r.indicators:
        return say("report.indicator_no", r.lang, id=did, name=r.names.get(did, name))
    if did.split(".")[0] in r.tools:
        return name
    return f"{did} {name}"


def _short(did: str, r: AssessResult) -> str:
    """A finding's id as a reader says it: 'ตัวชี้วัดที่ 9' for an indicator, the id otherwise."""
    if did in r.indicators:
        return say("report.indicator_no", r.lang, id=did, name="").strip()
    return did


def _direction_word(r: AssessResult, key: str) -> str:
    ch = r.changes.get(key)
    if ch is None or ch.direction is None:
        return ""
    return say("report.same", r.lang) if ch.direction == "same" else ch.label


def _analysis(r: AssessResult, level_name: str, target: str) -> list[str]:
    """The opening paragraphs: the level and total against last year, the target and what the level means."""
    if not r.complete:
        return []
    lang, prev, ch_total = r.lang, r.previous, r.changes.get("total")
    th = lang == "th"  # Thai runs clauses on with spaces; English needs commas and full stops
    sentence = say("report.headline", lang, agency=r.agency, level=level_name, total=num(r.total))
    if prev and ch_total and ch_total.delta is not None:
        sentence += (" " if th else ", ") + say(
            "report.headline_prev", lang, direction=_direction_word(r, "total"), year=prev.year,
            level=prev.level.name if prev.level else "-", total=num(prev.total), delta=f"{ch_total.delta:+.2f}")
    out = [sentence + ("" if th else ".")]
    verdict = []
    if r.meets_target is not None:
        verdict.append(say("report.meets" if r.meets_target else "report.below", lang, target=target))
    if r.level_detail:
        verdict.append(say("report.level_means", lang, level=level_name, meaning=r.level_detail.meaning))
    if verdict:
        out.append((" " if th else ". ").join(verdict) + ("" if th else "."))
    return out


def build(r: AssessResult, thai_digits: bool = False, check=None) -> Report:
    """The report for one result (and optionally its website pre-audit)."""
    T = (lambda s: thai_text(visible(s))) if thai_digits else visible  # noqa: N806  (every string passes T)
    lang = r.lang

    def L(key: str, **values: object) -> str:  # noqa: N802
        return T(say("report." + key, lang, **values))

    def n(x: float | None) -> str:
        return T(num(x))

    def signed(x: float | None) -> str:
        return "" if x is None else T(f"{x:+.2f}")

    prev = r.previous
    prev_year = str(prev.year) if prev else ""
    target = num(r.target, 0)
    level_name = r.level_detail.name if r.level_detail else (r.level or "")
    ch_total = r.changes.get("total")
    missing = ", ".join(r.names.get(m, m) for m in r.missing)
    analysis = [T(p) for p in _analysis(r, level_name, target)]

    sub = _sub_indicator_of(r.pack.id)
    rows = _rows(r, T, n, signed)
    bars, change_bars = _bars(r, T, n, signed)
    tools = _tool_sections(r, T, L, sub)
    measures = _measures(r, T, L)
    starts = [m.start for d in r.deficiencies for m in d.measures]
    plan_year = str(fiscal_year_of(min(starts))) if starts else str(r.year + 1)
    headers = {k: L(k) for k in ("col_tool", "col_no", "col_indicator", "col_score", "col_change", "col_issue",
                                 "col_measure", "col_owner", "col_steps", "col_time")}
    return Report(
        lang=lang, title=L("title"), subtitle=L("subtitle"), fy=L("fy", year=r.year), agency=T(r.agency),
        complete=r.complete, total=n(r.total) if r.total is not None else L("not_computed"), level=level_name or "-",
        level_meaning=T(r.level_detail.meaning) if r.level_detail else "",
        target_line=(L("meets" if r.meets_target else "below", target=target) if r.meets_target is not None
                     else T(f"{target} {say('report.points', lang)}")),
        meets=r.meets_target,
        change_line=(T(f"{_direction_word(r, 'total')} {signed(ch_total.delta)} {say('report.vs_prev', lang, year=prev_year)}")
                     if ch_total and ch_total.delta is not None else ""),
        direction=ch_total.direction if ch_total else None,
        missing_note=L("incomplete", missing=missing) if not r.complete else "",
        analysis=analysis, table_title=T(f"{say('report.table_title', lang)}{' ' if lang == 'th' else ', '}{say('report.fy', lang, year=r.year)}"),
        has_prev=prev is not None, prev_year=T(prev_year), year=T(str(r.year)), headers=headers, rows=rows,
        target=r.target, target_text=T(target), bars=bars, change_bars=change_bars,
        chart_titles=_chart_titles(r, T, L, target, prev_year, bars, change_bars),
        tools=tools, part1=L("part1"), part2=L("part2"), part2_year=L("part2_year", year=plan_year),
        focus=_focus(r, T), measures=measures, notes=[T(w) for w in r.warnings], provenance=T(_provenance(r)),
        check=_check_section(check, r, T, L) if check is not None else None,
        labels={k: L(k) for k in ("target", "total", "level", "analysis", "suggest", "notes", "no_findings",
                                  "tool_weak")},
    )


def _provenance(r: AssessResult) -> str:
    """Which pack (and source file) the figures come from."""
    prov = say("report.provenance", r.lang, pack=r.pack.id, version=r.pack.version, digest=r.pack.digest)
    if r.source:
        prov += " · " + say("report.source", r.lang, source=r.source)
    return prov


def _chart_titles(r: AssessResult, T, L, target: str, prev_year: str, bars, change_bars) -> dict[str, str]:  # noqa: N803
    """Chart titles, and their text alternatives that read every value out."""
    values_alt = ", ".join(f"{b.label} {b.value_text}" for b in bars)
    change_alt = ", ".join(f"{b.label} {b.delta_text}" for b in change_bars)
    scores = "chart_scores" if any(v is not None for v in r.indicators.values()) else "chart_tools"
    return {"scores": L(scores, target=target),
            "scores_alt": T(say("report.chart_scores_alt", r.lang, target=target, values="")) + values_alt,
            "change": L("chart_change", prev=prev_year, year=r.year),
            "change_alt": T(say("report.chart_change_alt", r.lang, prev=prev_year, year=r.year, values=""))
            + change_alt}


def _focus(r: AssessResult, T) -> str:  # noqa: N803
    f = r.focus
    if f is None:
        return ""
    return T(say("report.focus", r.lang, item=f.item, item_title=f.item_title, year=f.plan_year, id=f.indicator,
                name=f.name, score=num(f.score), note=f.note))


def _rows(r: AssessResult, T, n, signed) -> list[IndicatorRow]:  # noqa: N803
    rows: list[IndicatorRow] = []

    def change(key: str) -> tuple[str, str | None]:
        ch = r.changes.get(key)
        if ch is None:
            return "", None
        text = ch.label if ch.delta in (None, 0) else f"{ch.label} ({signed(ch.delta)})"
        return T(text), ch.direction

    prev = r.previous
    for tool in r.tools:
        first = True
        for iid, value in r.indicators.items():
            if r.indicator_tool.get(iid) != tool:
                continue
            text, direction = change(iid)
            rows.append(IndicatorRow("indicator", tool if first else "", T(iid), T(r.names.get(iid, iid)),
                                     n(prev.indicators.get(iid)) if prev else "", n(value), text, direction,
                                     value is not None and value < r.target))
            first = False
        text, direction = change(tool)
        value = r.tools[tool]
        rows.append(IndicatorRow("tool", tool if first else "", "", T(say("report.tool_score", r.lang, tool=tool)),
                                 n(prev.tools.get(tool)) if prev else "", n(value), text, direction,
                                 value is not None and value < r.target))
    text, direction = change("total")
    rows.append(IndicatorRow("total", "", "", T(say("report.total_row", r.lang)), n(prev.total) if prev else "",
                             n(r.total), text, direction, r.total is not None and r.total < r.target))
    ch = r.changes.get("level")
    rows.append(IndicatorRow("level", "", "", T(say("report.level_row", r.lang)),
                             T(prev.level.name) if prev and prev.level else ("-" if prev else ""),
                             T(r.level_detail.name) if r.level_detail else "-", T(ch.label) if ch else "",
                             ch.direction if ch else None, False))
    return rows


def _bars(r: AssessResult, T, n, signed) -> tuple[list[Bar], list[Bar]]:  # noqa: N803
    def bar(key: str, label: str, tool: str, value: float | None) -> Bar:
        ch = r.changes.get(key)
        delta = ch.delta if ch else None
        return Bar(T(label), tool, value, n(value) if value is not None else T(say("report.no_score", r.lang)),
                   delta, signed(delta), value is not None and value < r.target)

    known = [(i, v) for i, v in r.indicators.items() if v is not None]
    if known:
        bars = [bar(i, f"{i} {r.names.get(i, i)}", r.indicator_tool.get(i, ""), v) for i, v in r.indicators.items()]
    else:  # an incomplete result may only have tool scores: chart those rather than nothing
        bars = [bar(t, r.names.get(t, t), t, v) for t, v in r.tools.items() if v is not None]
    changes = [b for b in (bar(i, f"{i} {r.names.get(i, i)}", r.indicator_tool.get(i, ""), v)
                           for i, v in r.indicators.items()) if b.delta is not None]
    if changes and r.total is not None and r.changes.get("total"):
        changes.append(bar("total", say("report.total_row", r.lang), "", r.total))
    return bars, changes


def _tool_sections(r: AssessResult, T, L, sub: dict[str, str]) -> list[ToolSection]:  # noqa: N803
    by_tool: dict[str | None, list[Finding]] = {}
    for d in r.deficiencies:
        context = ""
        if d.id in sub and sub[d.id] in r.names:
            context = L("sub_indicator", id=sub[d.id], name=r.names[sub[d.id]])
        suggestions = [T(m.title) for m in d.measures] or [L("no_measure")]
        by_tool.setdefault(_tool_of(d, r, sub), []).append(
            Finding(d.id, context, T(d.message), d.severity, L("impact", impact=num(d.impact)), suggestions))
    out = []
    for tool, score in list(r.tools.items()) + ([(None, None)] if None in by_tool else []):
        name = r.names.get(tool, tool) if tool else say("report.analysis", r.lang)
        findings = by_tool.get(tool, [])
        if tool is None:
            summary = ""
        elif score is None:
            summary = L("tool_missing")
        else:
            summary = T(say("report.tool_score_line", r.lang, name=name, score=num(score)))
            ch = r.changes.get(tool)
            if ch and ch.previous is not None and r.previous:
                summary += T(say("report.tool_prev", r.lang, direction=_direction_word(r, tool), prev=num(ch.previous),
                                year=r.previous.year))
            if not findings:
                summary += (" " if r.lang == "th" else ". ") + L("tool_ok")
        out.append(ToolSection(tool or "", L("tool_section", name=name), summary, findings,
                               missing=tool is not None and score is None))
    return out


def _measures(r: AssessResult, T, L) -> list[MeasureRow]:  # noqa: N803
    # A measure recommended for several findings is listed once, under the finding with the most effect;
    # the O25-style focus indicator's findings come first.
    entries = [(d.id, d.name, d.measures) for d in focus_first(r)]
    where: dict[str, list[str]] = {}
    for did, _, measures in entries:
        for m in measures:
            where.setdefault(m.id, []).append(did)
    seen: set[str] = set()
    rows: list[MeasureRow] = []
    k = 0
    for did, name, measures in entries:
        fresh = [m for m in measures if m.id not in seen]
        if measures and not fresh:
            continue
        k += 1
        issue = T(f"{k}. {_issue(did, name, r)}")
        if not fresh:
            rows.append(MeasureRow(issue, L("no_measure"), "", "", [], "", ""))
        for j, m in enumerate(fresh):
            seen.add(m.id)
            others = [_short(i, r) for i in where[m.id] if i != did]
            rows.append(MeasureRow(
                issue if j == 0 else "", T(m.title), L("also_for", ids=", ".join(others)) if others else "",
                T(m.owner), [T(s) for s in m.steps], T(f"{say('report.follow_up', r.lang)}: {m.follow_up}"),
                T(m.timeframe)))
    return rows


def _check_section(c, r: AssessResult, T, L) -> CheckSection:  # noqa: N803
    cov = c.coverage
    site = cov.home or c.target
    lines = [L("check_intro", site=site, pack=c.pack.id, year=c.year)]
    if not cov.reachable:
        lines.append(L("check_unreachable", error=cov.home_error or "-"))
    lines.append(L("check_coverage", ok=cov.ok, pages=cov.pages_fetched, errors=cov.errors, robots=cov.robots_blocked))
    if not cov.complete:
        lines.append(L("check_incomplete"))
    if c.oit.score is not None or c.oit.max is not None:
        lines.append(L("check_oit", score=num(c.oit.score), min=num(c.oit.min), max=num(c.oit.max)))
    if c.decisions is not None:  # a person decided some items: say how many, so no one takes them for the tool's
        lines.append(L("check_decided", n=c.decisions.applied, stale=c.decisions.stale))
    if c.year != r.year:
        lines.append(L("check_year", check=c.year, year=r.year))
    items = [CheckItem(i.id, T(i.title), i.outcome, T(i.outcome_text),
                       T(i.reason_text + (f" ({i.detail})" if i.detail else "")),
                       [visible(e.url) for e in i.evidence[:2]])
             for i in c.items]
    headers = [L(k) for k in ("col_item", "col_title", "col_outcome", "col_reason", "col_evidence")]
    return CheckSection(L("check_title"), lines, headers, items)
