"""`ita results`: the stored multi-site runs, one run's sites and a site's change between runs, as text or JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ita_rules.words import say

from ..results.runs import OUTCOMES, Run, SiteDiff, SiteRow
from .matrix import span
from .safe import json_bidi, visible


def _console() -> Console:
    # Piped or redirected output is read whole, not on an 80-column screen: never truncate site names.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 240)


def runs_json(runs: list[Run]) -> str:
    """Every stored run as a JSON list."""
    return json_bidi(json.dumps([asdict(r) for r in runs], ensure_ascii=False, indent=2)) + "\n"


def sites_json(sites: list[SiteRow]) -> str:
    """One run's sites (with their item outcomes) as a JSON list."""
    return json_bidi(json.dumps([asdict(s) for s in sites], ensure_ascii=False, indent=2)) + "\n"


def print_runs(runs: list[Run]) -> None:
    """A table of the stored runs, newest first."""
    t = Table()
    for col in ("run", "started", "finished", "pack", "year", "status", "sites"):
        t.add_column(col)
    for r in runs:
        t.add_row(str(r.id), r.started, r.finished or "", r.pack, str(r.year), r.status,
                  f"{r.sites_done}/{r.sites_total}")
    _console().print(t)


def print_sites(run: Run, sites: list[SiteRow]) -> None:
    """One run: a row per site with the indicator and OIT ranges and the outcome counts."""
    inds = sorted(run.indicators, key=lambda k: (len(k), k))
    typed = any(s.agency_type for s in sites)
    t = Table(title=f"run {run.id} · {run.pack} {run.year} · {run.status} · {run.sites_done}/{run.sites_total}")
    stale = any(s.stale for s in sites)
    people = ["decided", "undecided", *(["stale"] if stale else [])]  # a person's decisions (ita review)
    for col in ["site", *(["type"] if typed else []), *[f"ind {i}" for i in inds], "OIT", *OUTCOMES, *people,
                "note"]:
        t.add_column(col.replace("_", " "), justify="right" if col in OUTCOMES or col in people else "left",
                     no_wrap=col != "note")
    for s in sites:
        ranges = [span(s.indicators.get(i, {}).get("min"), s.indicators.get(i, {}).get("max")) for i in inds]
        note = escape(visible(s.error or ("" if s.reachable else "unreachable")))
        t.add_row(escape(visible(s.name)), *([s.agency_type or ""] if typed else []), *ranges,
                  span(s.oit_min, s.oit_max),
                  *[str(s.counts.get(o, 0)) for o in OUTCOMES], str(s.decided), str(s.undecided),
                  *([str(s.stale)] if stale else []), note)
    _console().print(t)


def diff_text(d: SiteDiff) -> str:
    """What changed for one site between two runs: its OIT range and each item whose outcome changed."""
    lines = [f"{d.site}: run {d.run_a} -> run {d.run_b}", f"OIT {span(*d.oit_a)} -> {span(*d.oit_b)}"]
    if not d.changed:
        lines.append("no item changed outcome")
    for item, a, b in d.changed:
        lines.append(f"  {item}: {say('outcome.' + a, 'th') if a else '-'} -> "
                     f"{say('outcome.' + b, 'th') if b else '-'}  ({a or '-'} -> {b or '-'})")
    return "\n".join(lines) + "\n"
