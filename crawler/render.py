"""Render a check result: coverage first, then the o1-o28 table, the OIT range and the measures."""

from __future__ import annotations

from urllib.parse import unquote

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ita_rules.i18n import t
from ita_rules.render.rows import fmt
from ita_rules.render.text import render_deficiencies

from .check import CheckResult
from .reasons import outcome_text

STYLE = {"pass": "green", "fail": "red", "needs_review": "yellow", "not_crawled": "magenta", "error": "red"}


def render_text(r: CheckResult, console: Console) -> None:
    """The human report of one check."""
    lang = r.lang
    c = r.coverage
    console.print(f"[bold]{t('target_site', lang)}[/bold] {escape(r.target)} — {t('fiscal_year', lang)} {r.year} "
                  f"({t('pack', lang)} {r.pack.id} {r.pack.version})", highlight=False)
    console.print(f"[bold]{t('coverage', lang)}[/bold]: {t('pages_fetched', lang)} {c.pages_fetched} (ok {c.ok}) · "
                  f"{t('robots_blocked', lang)} {c.robots_blocked} · {t('errors', lang)} {c.errors} · "
                  f"{t('too_large', lang)} {c.too_large} · {t('skipped_trap', lang)} {c.skipped_trap} · "
                  f"{t('out_of_budget', lang)} {c.out_of_budget} · {t('external_links', lang)} {c.external_links}",
                  highlight=False)
    if c.encodings:
        console.print("  " + " · ".join(f"{k}: {v}" for k, v in sorted(c.encodings.items())), style="dim",
                      highlight=False)
    if not c.reachable:
        console.print(f"[bold red]{t('home_unreachable', lang)}: {escape(c.home or '')} "
                      f"{escape(c.home_error or str(c.home_status or ''))}[/bold red]", highlight=False)
    elif not c.complete:
        console.print(f"[yellow]{t('incomplete_crawl', lang)}[/yellow]")
    for w in c.warnings[:10]:
        console.print(f"  [dim]- {escape(w)}[/dim]", highlight=False)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=False)
    table.add_column(t("item", lang), no_wrap=True)
    table.add_column(t("outcome", lang), no_wrap=True)
    table.add_column(f"{t('reason', lang)} / {t('evidence', lang)}", overflow="fold")
    for it in r.items:
        lines = [f"[bold]{escape(it.title)}[/bold]", escape(it.reason_text)]
        ev = it.evidence[0] if it.evidence else None
        if ev is not None:
            # People read the decoded address; the JSON keeps the canonical percent-encoded one.
            where = escape(unquote(ev.url))
            if ev.year_ok is not None and ev.years:
                where += f" ({t('fiscal_year', lang)} {', '.join(map(str, ev.years[:4]))})"
            if ev.claimed:
                where += " *"
            lines.append(f"[dim]{where}[/dim]")
        table.add_row(it.id, f"[{STYLE[it.outcome]}]{outcome_text(it.outcome, lang)}[/]", "\n".join(lines))
    console.print(table)
    counts = " · ".join(f"{outcome_text(k, lang)} {v}" for k, v in r.counts.items() if v)
    console.print(f"{t('summary', lang)}: {counts}   (* = {t('claimed', lang)})", highlight=False)
    o = r.oit
    rng = f"{fmt(o.min)}–{fmt(o.max)}" if o.min != o.max else fmt(o.score)
    inds = " · ".join(f"{t('indicator', lang)} {k} {fmt(v.min)}" + (f"–{fmt(v.max)}" if v.min != v.max else "")
                      for k, v in o.indicators.items())
    console.print(f"[bold]{t('oit_predicted', lang)}[/bold] {rng}  ({inds})", highlight=False)
    render_deficiencies(r.deficiencies, lang, console)

