"""`ita check` results as an Excel workbook: one row per OIT item, and a summary sheet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ita_rules.words import say
from ..outfile import save_document
from .progress_xlsx import put, style_sheet

_WIDTHS = [8, 50, 16, 40, 50, 14, 16, 40, 14, 20, 14, 20, 40, 16]
_FILL = {"pass": "E2F0D9", "fail": "F8CBAD", "needs_review": "FFF2CC"}


def _check_model(check: Any):
    from ita_rules.results.check import CheckResult

    return check if isinstance(check, CheckResult) else CheckResult.model_validate(check)


def write_check_xlsx(check: Any, path: Path | str) -> None:
    """Write a CheckResult (or its JSON as a dict): sheet of items (id, title, outcome, reason, evidence, claimed,
    years) and a summary sheet (site, coverage, counts, predicted OIT)."""
    from openpyxl import Workbook

    res = _check_model(check)
    wb = Workbook()
    _items(wb.active, res, "ผลการตรวจ" if res.lang == "th" else "Items")
    _summary(wb.create_sheet(say("summary", res.lang)), res, res.lang)
    save_document(wb, path)


def write_run_xlsx(run: Any, path: Path | str) -> None:
    """A whole `ita check` run: one site as write_check_xlsx; several sites get an item and a summary sheet each."""
    from openpyxl import Workbook

    if len(run.sites) == 1:
        write_check_xlsx(run.sites[0].result, path)
        return
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sr in run.sites:
        _items(wb.create_sheet(_sheet_name(sr.site.name, used)), sr.result, None)
        summary = f"{sr.site.name} ({say('summary', run.lang)})"
        _summary(wb.create_sheet(_sheet_name(summary, used)), sr.result, run.lang)
    save_document(wb, path)


def _sheet_name(text: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "_", text).strip("' ")[:31] or "site"
    name, k = base, 1
    while name.lower() in used:
        k += 1
        name = f"{base[:31 - len(str(k)) - 1]}~{k}"
    used.add(name.lower())
    return name


def _items(ws, res, title: str | None) -> None:
    lang = res.lang
    yes, no = say("yes", lang), say("no", lang)
    if title:
        ws.title = title
    for r, it in enumerate(res.items, start=2):
        first = it.evidence[0].url if it.evidence else ""
        years = sorted({y for e in it.evidence for y in e.years})
        values = [it.id, it.title, it.outcome_text, it.reason_text, first, yes if it.claimed else no,
                  ", ".join(map(str, years)), it.detail, it.outcome, it.reason, *_person(it, lang)]
        for c, v in enumerate(values, start=1):
            cell = put(ws, r, c, v, fill=_FILL.get(it.outcome) if c == 3 else None)
            if c == 5 and first.startswith(("http://", "https://")):
                cell.hyperlink = first
    style_sheet(ws, say("xlsx.check_head", lang).split("|") + say("xlsx.decision_head", lang).split("|"), _WIDTHS)


def _person(it, lang: str) -> list[str]:
    """A person's decision beside the tool's verdict: decision, who, comment, what the tool said."""
    d = it.decision
    if d is None:
        return ["", "", "", ""]
    verdict = say(f"outcome.{d.decision}", lang) + ("" if d.applied else f" ({d.stale})")
    return [verdict, d.by, d.comment, d.tool_outcome_text]


def _summary(ws, res, lang: str) -> None:
    from ita_rules.words import say

    cov = res.coverage
    label = (say("fiscal_year", lang), say("pack", lang), say("count", lang))
    rows: list[tuple[str, Any]] = [
        (say("target_site", lang), res.target), (label[0], res.year), (label[1], f"{res.pack.id} {res.pack.version}"),
        (say("pages_fetched", lang), cov.pages_fetched), (say("robots_blocked", lang), cov.robots_blocked),
        (say("errors", lang), cov.errors), (say("out_of_budget", lang), cov.out_of_budget),
        (say("coverage", lang), say("complete", lang) if cov.complete else say("incomplete_crawl", lang)),
        (say("oit_predicted", lang), res.oit.score),
        (f"{say('oit_predicted', lang)} ({say('range', lang)})",
         "-" if res.oit.min is None else f"{res.oit.min:.2f} – {res.oit.max:.2f}"),
        ("", ""),
    ]
    rows += [(say("outcome." + outcome, lang), n) for outcome, n in sorted(res.counts.items())]
    if res.decisions is not None:
        rows.append((say("review.col_decided", lang), res.decisions.applied))
    for r, (k, v) in enumerate(rows, start=1):
        put(ws, r, 1, k, bold=True)
        put(ws, r, 2, v)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 36, 50
