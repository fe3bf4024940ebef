"""The human report of a CI run: each site's usual report, then waivers, baseline and the verdict."""

from __future__ import annotations

from urllib.parse import unquote

from rich.console import Console
from rich.markup import escape

from crawler.render import render_text

from .run import CiRun, SiteRun
from .wording import status_text, w

def _site_section(sr: SiteRun, lang: str, console: Console) -> None:
    waived = [v for v in sr.verdicts if v.status == "waived"]
    if waived:
        console.print(f"\n[bold]{w('h_waived', lang)}[/bold]")
        for v in waived:
            console.print(f"  {v.id} ({status_text(v.outcome, lang)}) — {escape(v.waiver.message)} "
                          f"[dim]{escape(v.waiver.declared_in)}[/dim]", highlight=False)
    blocking = [v for v in sr.verdicts if v.blocking]
    if blocking:
        console.print(f"\n[bold red]{w('h_blocking', lang)}[/bold red]: "
                      + ", ".join(f"{v.id} ({status_text(v.outcome, lang)})" for v in blocking), highlight=False)
    counts = " · ".join(f"{status_text(k, lang)} {n}" for k, n in sr.counts.items() if n)
    console.print(f"{w('h_counts', lang)}: {counts}", highlight=False)


def render_run(run: CiRun, console: Console) -> None:
    """Print every site, then the baseline comparison, warnings and the exit verdict."""
    lang = run.lang
    for n, sr in enumerate(run.sites):
        if n or len(run.sites) > 1:
            console.rule(f"{w('h_site', lang)}: {escape(sr.site.name)}")
        render_text(sr.result, console)
        _site_section(sr, lang, console)
    if run.baseline is not None:
        b = run.baseline
        console.print(f"\n[bold]{w('h_baseline', lang)}[/bold] {escape(b.path)}: {w('h_new', lang)} {len(b.new)} · "
                      f"{w('h_still', lang)} {len(b.still_present)} · {w('h_fixed', lang)} {len(b.fixed)} · "
                      f"{w('h_stale', lang)} {len(b.stale)}", highlight=False)
        for f in b.new:
            console.print(f"  + {escape(f.site)} {f.item} {f.outcome} {escape(unquote(f.locator))}", highlight=False)
        for f in b.fixed:
            console.print(f"  - {escape(f.site)} {f.item} {f.outcome} ({w('h_fixed', lang)})", highlight=False)
    if run.baseline_written:
        console.print(f"{w('h_written', lang)} {escape(run.baseline_written)}", highlight=False)
    if run.warnings:
        console.print(f"\n[yellow]{w('h_warnings', lang)}[/yellow]")
        for warning in run.warnings:
            console.print(f"  - {escape(warning)}", highlight=False)
    below = [s.site.name for s in run.sites if s.below_threshold]
    verdict = f"exit {run.exit_code} (--fail-on {run.policy.fail_on}; blocking {run.totals['blocking']}"
    if below:
        verdict += f"; {w('h_below', lang)}: {', '.join(below)}"
    verdict += ")"
    if run.policy.soft_fail:
        verdict += f" — {w('h_soft', lang)}"
    console.print(f"\n[bold]{w('h_result', lang)}[/bold]: {escape(verdict)}", highlight=False)
