"""The human report of a CI run: each site's usual report, then waivers, baseline and the verdict."""

from __future__ import annotations

from urllib.parse import unquote

from rich.console import Console
from rich.markup import escape

from ita_rules.render.check_text import render_text

from ita_rules.ci.run import CiRun, SiteRun
from ita_rules.ci.wording import status_text
from ita_rules.words import say

def _site_section(sr: SiteRun, lang: str, console: Console) -> None:
    waived = [v for v in sr.verdicts if v.status == "waived"]
    if waived:
        console.print(f"\n[bold]{say('ci.h_waived', lang)}[/bold]")
        for v in waived:
            console.print(f"  {v.id} ({status_text(v.outcome, lang)}) — {escape(v.waiver.message)} "
                          f"[dim]{escape(v.waiver.declared_in)}[/dim]", highlight=False)
    blocking = [v for v in sr.verdicts if v.blocking]
    if blocking:
        console.print(f"\n[bold red]{say('ci.h_blocking', lang)}[/bold red]: "
                      + ", ".join(f"{v.id} ({status_text(v.outcome, lang)})" for v in blocking), highlight=False)
    counts = " · ".join(f"{status_text(k, lang)} {n}" for k, n in sr.counts.items() if n)
    console.print(f"{say('ci.h_counts', lang)}: {counts}", highlight=False)


def render_run(run: CiRun, console: Console) -> None:
    """Print every site, then the baseline comparison, warnings and the exit verdict."""
    lang = run.lang
    for n, sr in enumerate(run.sites):
        if n or len(run.sites) > 1:
            console.rule(f"{say('ci.h_site', lang)}: {escape(sr.site.name)}")
        render_text(sr.result, console)
        _site_section(sr, lang, console)
    if run.baseline is not None:
        b = run.baseline
        console.print(f"\n[bold]{say('ci.h_baseline', lang)}[/bold] {escape(b.path)}: {say('ci.h_new', lang)} {len(b.new)} · "
                      f"{say('ci.h_still', lang)} {len(b.still_present)} · {say('ci.h_fixed', lang)} {len(b.fixed)} · "
                      f"{say('ci.h_stale', lang)} {len(b.stale)}", highlight=False)
        for f in b.new:
            console.print(f"  + {escape(f.site)} {f.item} {f.outcome} {escape(unquote(f.locator))}", highlight=False)
        for f in b.fixed:
            console.print(f"  - {escape(f.site)} {f.item} {f.outcome} ({say('ci.h_fixed', lang)})", highlight=False)
    if run.baseline_written:
        console.print(f"{say('ci.h_written', lang)} {escape(run.baseline_written)}", highlight=False)
    if run.warnings:
        console.print(f"\n[yellow]{say('ci.h_warnings', lang)}[/yellow]")
        for warning in run.warnings:
            console.print(f"  - {escape(warning)}", highlight=False)
    below = [s.site.name for s in run.sites if s.below_threshold]
    verdict = f"exit {run.exit_code} (--fail-on {run.policy.fail_on}; blocking {run.totals['blocking']}"
    if below:
        verdict += f"; {say('ci.h_below', lang)}: {', '.join(below)}"
    verdict += ")"
    if run.policy.soft_fail:
        verdict += f" — {say('ci.h_soft', lang)}"
    console.print(f"\n[bold]{say('ci.h_result', lang)}[/bold]: {escape(verdict)}", highlight=False)
