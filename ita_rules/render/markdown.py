"""Markdown rendering of assessment results, for pasting into reports and wikis."""

from __future__ import annotations

from ..i18n import t
from ..result import AssessResult
from .rows import fmt, indicator_rows


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render(results: list[AssessResult]) -> str:
    """All results as one markdown document."""
    return "\n\n---\n\n".join(_one(r) for r in results) + "\n"


def _one(r: AssessResult) -> str:
    lang = r.lang
    out = [f"## {r.agency} — {t('fiscal_year', lang)} {r.year}", ""]
    if r.complete:
        out.append(f"**{t('total', lang)}** {fmt(r.total)} · **{t('level', lang)}** {r.level} · "
                   f"{t('target', lang)} {fmt(r.target, 0)}")
        if r.level_detail:
            out += ["", f"> {r.level_detail.meaning}"]
    else:
        out.append(f"**{t('incomplete', lang)}:** {', '.join(r.missing)}")
    prev_year = str(r.previous.year) if r.previous else ""
    out += ["", f"| {t('tool', lang)} | {t('indicator', lang)} | | {prev_year} | {r.year} | {t('change', lang)} |",
            "|---|---|---|---:|---:|---|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in indicator_rows(r)]
    if r.warnings:
        out += ["", f"**{t('warnings', lang)}**", ""] + [f"- {_cell(w)}" for w in r.warnings]
    out += ["", f"### {t('deficiencies', lang)}", ""]
    if not r.deficiencies:
        out.append(t("none", lang))
    for k, d in enumerate(r.deficiencies, start=1):
        out.append(f"{k}. **{_cell(d.message)}** ({t('impact', lang)} +{fmt(d.impact)})")
        if d.measures:
            out += ["", f"   | {t('measures', lang)} | {t('owner', lang)} | {t('steps', lang)} | "
                        f"{t('timeframe', lang)} | {t('follow_up', lang)} |", "   |---|---|---|---|---|"]
            for m in d.measures:
                steps = "<br>".join(f"{i}. {_cell(s)}" for i, s in enumerate(m.steps, start=1))
                out.append(f"   | {_cell(m.title)} | {_cell(m.owner)} | {steps} | {m.timeframe} | {_cell(m.follow_up)} |")
            out.append("")
    return "\n".join(out).rstrip()
