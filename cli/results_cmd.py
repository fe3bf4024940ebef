"""`ita results`: past batch runs (`ita check --sites`) from the results database."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from ita_rules.errors import ItaError

DEFAULT_DB = "ita-results.sqlite"


def _span(lo, hi) -> str:
    from ita_rules.render.matrix import span

    return span(lo, hi)


def _show(conn, run_id: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from cli.runs.store import OUTCOMES, get_run, run_results

    run = get_run(conn, run_id)
    inds = sorted(run.indicators, key=lambda k: (len(k), k))
    sites = run_results(conn, run_id)
    typed = any(s.agency_type for s in sites)
    t = Table(title=f"run {run.id} · {run.pack} {run.year} · {run.status} · {run.sites_done}/{run.sites_total}")
    stale = any(s.stale for s in sites)
    people = ["decided", "undecided", *(["stale"] if stale else [])]  # a person's decisions (ita review)
    for col in ["site", *(["type"] if typed else []), *[f"ind {i}" for i in inds], "OIT", *OUTCOMES, *people,
                "note"]:
        t.add_column(col.replace("_", " "), justify="right" if col in OUTCOMES or col in people else "left",
                     no_wrap=col != "note")
    for s in sites:
        ranges = [_span(s.indicators.get(i, {}).get("min"), s.indicators.get(i, {}).get("max")) for i in inds]
        note = s.error or ("" if s.reachable else "unreachable")
        t.add_row(s.name, *([s.agency_type or ""] if typed else []), *ranges, _span(s.oit_min, s.oit_max),
                  *[str(s.counts.get(o, 0)) for o in OUTCOMES], str(s.decided), str(s.undecided),
                  *([str(s.stale)] if stale else []), note)
    # Piped or redirected output is read whole, not on an 80-column screen: never truncate site names.
    Console(highlight=False, width=None if sys.stdout.isatty() else 240).print(t)


def _db_option(f):
    return click.option("--db", type=click.Path(dir_okay=False), default=None,
                        help=f"Results database (default ./{DEFAULT_DB}).")(f)


def _open(ctx: click.Context, db: str | None):
    from cli.runs.store import open_db

    return open_db(db or (ctx.obj or {}).get("db") or DEFAULT_DB, create=False)


def _run_id(conn, run: str | None) -> int:
    from cli.runs.store import list_runs

    if run in (None, "last", "latest"):
        runs = list_runs(conn)
        if not runs:
            raise ItaError("the results database has no run yet")
        return runs[0].id
    try:
        return int(run)
    except ValueError:
        raise click.BadParameter(f"{run!r} is not a run number (see `ita results`)", param_hint="RUN") from None


@click.group(invoke_without_command=True)
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def results(ctx: click.Context, db: str | None, fmt: str) -> None:
    """Past `ita check --sites` runs: list them, show one, matrix of sites x indicators, diff a site."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    from cli.runs.store import list_runs

    conn = _open(ctx, db)
    try:
        runs = list_runs(conn)
    finally:
        conn.close()
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in runs], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table()
    for col in ("run", "started", "finished", "pack", "year", "status", "sites"):
        t.add_column(col)
    for r in runs:
        t.add_row(str(r.id), r.started, r.finished or "", r.pack, str(r.year), r.status,
                  f"{r.sites_done}/{r.sites_total}")
    Console(highlight=False, width=None if sys.stdout.isatty() else 240).print(t)


@results.command()
@click.argument("run", required=False)
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def show(ctx: click.Context, run: str | None, db: str | None, fmt: str) -> None:
    """Per-site summary of RUN (default: the newest run)."""
    from cli.runs.store import run_results

    conn = _open(ctx, db)
    try:
        rid = _run_id(conn, run)
        if fmt == "json":
            click.echo(json.dumps([asdict(s) for s in run_results(conn, rid, with_items=True)],
                                  ensure_ascii=False, indent=2))
        else:
            _show(conn, rid)
    finally:
        conn.close()


@results.command()
@click.argument("run", required=False)
@_db_option
@click.option("--format", "fmt", type=click.Choice(["html", "csv"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.pass_context
def matrix(ctx: click.Context, run: str | None, db: str | None, fmt: str, output: str | None) -> None:
    """Site x indicator matrix of RUN: indicators 9, 10 and OIT (min–max), outcome counts."""
    from ita_rules.render.matrix import render_csv, render_html
    from cli.runs.store import get_run, run_results

    conn = _open(ctx, db)
    try:
        rid = _run_id(conn, run)
        info, sites = get_run(conn, rid), run_results(conn, rid, with_items=True)
    finally:
        conn.close()
    text = render_csv(info, sites) if fmt == "csv" else render_html(info, sites)
    if output:
        # utf-8-sig for CSV: Excel reads Thai site names correctly only with the BOM.
        Path(output).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
    else:
        sys.stdout.write(text)


@results.command()
@click.argument("site")
@_db_option
@click.option("--runs", nargs=2, type=int, metavar="A B", help="The two runs to compare (default: the last two).")
@click.pass_context
def diff(ctx: click.Context, site: str, db: str | None, runs: tuple[int, int] | None) -> None:
    """What changed for SITE between two runs: items whose outcome changed and the OIT range."""
    from ita_rules.words import say
    from cli.runs.store import compare_site

    conn = _open(ctx, db)
    try:
        d = compare_site(conn, site, *(runs or (None, None)))
    finally:
        conn.close()
    click.echo(f"{d.site}: run {d.run_a} -> run {d.run_b}")
    click.echo(f"OIT {_span(*d.oit_a)} -> {_span(*d.oit_b)}")
    if not d.changed:
        click.echo("no item changed outcome")
    for item, a, b in d.changed:
        click.echo(f"  {item}: {say('outcome.' + a, 'th') if a else '-'} -> {say('outcome.' + b, 'th') if b else '-'}"
                   f"  ({a or '-'} -> {b or '-'})")
