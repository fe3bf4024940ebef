"""Terminal rendering of assessment results (rich tables; plain text when piped)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ita_rules.words import say
from ..pack import Lang
from ..results.assess import AssessResult, Deficiency
from .rows import fmt, focus_line, indicator_rows, item_rows, pack_status


def render(results: Iterable[AssessResult], console: Console) -> None:
    """Print each result as it comes: headline, indicator table, deficiencies with measures."""
    for n, r in enumerate(results):
        if n:
            console.rule()
        _one(r, console)


def _one(r: AssessResult, console: Console) -> None:
    lang = r.lang
    console.print(f"[bold]{escape(r.agency)}[/bold] — {say('fiscal_year', lang)} {r.year}  "
                  f"({say('pack', lang)} {r.pack.id} {r.pack.version}{pack_status(r.pack, lang)})", highlight=False)
    if r.complete:
        verdict = say("meets_target", lang) if r.meets_target else say("below_target", lang)
        console.print(f"{say('total', lang)} [bold]{fmt(r.total)}[/bold]  {say('level', lang)} [bold]{r.level}[/bold]  "
                      f"({verdict} {fmt(r.target, 0)})", highlight=False)
        if r.level_detail:
            console.print(f"  {r.level_detail.meaning}", style="dim", highlight=False)
    else:
        console.print(f"[bold yellow]{say('incomplete', lang)}: {', '.join(r.missing)}[/bold yellow]", highlight=False)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    prev_year = str(r.previous.year) if r.previous else ""
    for col in (say("tool", lang), say("indicator", lang), "", prev_year, str(r.year), say("change", lang)):
        table.add_column(col)
    for row in indicator_rows(r):
        table.add_row(*row)
    console.print(table)
    items = item_rows(r)
    if items:
        console.print(f"\n[bold]{say('items_vs_prev', lang)}[/bold]", highlight=False)
        it_table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col in (say("item", lang), "", say("from_items", lang), prev_year, str(r.year), say("change", lang)):
            it_table.add_column(col)
        for row in items:
            it_table.add_row(*row)
        console.print(it_table)
    if r.warnings:
        console.print(f"[yellow]{say('warnings', lang)}:[/yellow]")
        for w in r.warnings:
            console.print(f"  - {w}", highlight=False, markup=False)
    render_deficiencies(r.deficiencies, lang, console)
    if r.focus:
        console.print(f"\n[bold]{escape(focus_line(r))}[/bold]", highlight=False)
        for m in r.focus.measures:
            console.print(f"   • {m.title} ({m.owner} | {m.timeframe})", highlight=False, markup=False)


def render_deficiencies(deficiencies: list[Deficiency], lang: Lang, console: Console) -> None:
    """The numbered deficiency list with each one's recommended measures."""
    console.print(f"\n[bold]{say('deficiencies', lang)}[/bold]")
    if not deficiencies:
        console.print(f"  {say('none', lang)}")
    # One print per deficiency: rich's cost is per call (a 100,000-agency --detail run made 33 million of them).
    for k, d in enumerate(deficiencies, start=1):
        lines = [f"{k}. [bold]{escape(d.message)}[/bold]  [dim]({say('impact', lang)} +{fmt(d.impact)})[/dim]"]
        for m in d.measures:
            lines.append(escape(f"   • {m.title}"))
            lines.append(escape(f"     {say('owner', lang)}: {m.owner} | {say('timeframe', lang)}: {m.timeframe}"))
            lines.extend(escape(f"       {s_no}. {step}") for s_no, step in enumerate(m.steps, start=1))
            lines.append(escape(f"     {say('follow_up', lang)}: {m.follow_up}"))
        console.print("\n".join(lines), highlight=False)
