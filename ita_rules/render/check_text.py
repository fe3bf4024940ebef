"""Render a check result: coverage first, then the item table of the year, the OIT range and the measures."""

from __future__ import annotations

from urllib.parse import unquote

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ita_rules.words import say
from ita_rules.render.rows import fmt, pack_status
from ita_rules.render.text import render_deficiencies

from ita_rules.results.check import CheckResult, ItemResult


def person_line(it: ItemResult, lang: str) -> str:
    """The person's decision on an item beside the tool's verdict, or why it was not applied."""
    d = it.decision
    verdict = say(f"outcome.{d.decision}", lang)
    if not d.applied:
        return say("decision.stale_line", lang, by=d.by, decision=verdict, why=d.stale)
    return say("decision.line", lang, by=d.by, decision=verdict, at=d.at.date().isoformat(),
               comment=f" — {d.comment}" if d.comment else "", tool=f"{d.tool_outcome_text} ({d.tool_reason.text(lang)})")

STYLE = {"pass": "green", "fail": "red", "needs_review": "yellow", "not_crawled": "magenta", "error": "red"}


def render_text(r: CheckResult, console: Console) -> None:
    """The human report of one check."""
    lang = r.lang
    c = r.coverage
    console.print(f"[bold]{say('target_site', lang)}[/bold] {escape(r.target)} — {say('fiscal_year', lang)} {r.year} "
                  f"({say('pack', lang)} {r.pack.id} {r.pack.version}{pack_status(r.pack, lang)})", highlight=False)
    console.print(f"[bold]{say('coverage', lang)}[/bold]: {say('pages_fetched', lang)} {c.pages_fetched} (ok {c.ok}) · "
                  f"{say('robots_blocked', lang)} {c.robots_blocked} · {say('errors', lang)} {c.errors} · "
                  f"{say('too_large', lang)} {c.too_large} · {say('skipped_trap', lang)} {c.skipped_trap} · "
                  f"{say('out_of_budget', lang)} {c.out_of_budget} · {say('external_links', lang)} {c.external_links}",
                  highlight=False)
    if c.encodings:
        console.print("  " + " · ".join(f"{k}: {v}" for k, v in sorted(c.encodings.items())), style="dim",
                      highlight=False)
    if not c.reachable:
        console.print(f"[bold red]{say('home_unreachable', lang)}: {escape(c.home or '')} "
                      f"{escape(c.home_error or str(c.home_status or ''))}[/bold red]", highlight=False)
    elif not c.complete:
        console.print(f"[yellow]{say('incomplete_crawl', lang)}[/yellow]")
    for w in c.warnings[:10]:
        console.print(f"  [dim]- {escape(w)}[/dim]", highlight=False)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=False)
    table.add_column(say("item", lang), no_wrap=True)
    table.add_column(say("outcome", lang), no_wrap=True)
    table.add_column(f"{say('reason', lang)} / {say('evidence', lang)}", overflow="fold")
    for it in r.items:
        lines = [f"[bold]{escape(it.title)}[/bold]", escape(it.reason_text)]
        ev = it.evidence[0] if it.evidence else None
        if ev is not None:
            # People read the decoded address; the JSON keeps the canonical percent-encoded one.
            where = escape(unquote(ev.url))
            if ev.year_ok is not None and ev.years:
                where += f" ({say('fiscal_year', lang)} {', '.join(map(str, ev.years[:4]))})"
            if ev.claimed:
                where += " *"
            lines.append(f"[dim]{where}[/dim]")
        if it.decision:
            lines.append(f"[cyan]{escape(person_line(it, lang))}[/cyan]")
        table.add_row(it.id, f"[{STYLE[it.outcome]}]{escape(it.outcome_text)}[/]", "\n".join(lines))
    console.print(table)
    counts = " · ".join(f"{say('outcome.' + k, lang)} {v}" for k, v in r.counts.items() if v)
    console.print(f"{say('summary', lang)}: {counts}   (* = {say('claimed', lang)})", highlight=False)
    o = r.oit
    rng = f"{fmt(o.min)}–{fmt(o.max)}" if o.min != o.max else fmt(o.score)
    inds = " · ".join(f"{say('indicator', lang)} {k} {fmt(v.min)}" + (f"–{fmt(v.max)}" if v.min != v.max else "")
                      for k, v in o.indicators.items())
    console.print(f"[bold]{say('oit_predicted', lang)}[/bold] {rng}  ({inds})", highlight=False)
    if r.decisions is not None:
        d = r.decisions
        console.print(say("decision.summary", lang, applied=d.applied, stale=d.stale, undecided=d.undecided)
                      + f"  [dim]({escape(d.source)})[/dim]", highlight=False)
    render_deficiencies(r.deficiencies, lang, console)

