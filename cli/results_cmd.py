"""`ita results`: past batch runs (`ita check --sites`) from the results database."""

from __future__ import annotations

import sys

import click

from ita_rules.errors import ItaError

DEFAULT_DB = "ita-results.sqlite"


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
    from ita_rules.render.runs import print_runs, runs_json

    if fmt == "json":
        sys.stdout.write(runs_json(runs))
    else:
        print_runs(runs)


@results.command()
@click.argument("run", required=False)
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def show(ctx: click.Context, run: str | None, db: str | None, fmt: str) -> None:
    """Per-site summary of RUN (default: the newest run)."""
    from cli.runs.store import get_run, run_results
    from ita_rules.render.runs import print_sites, sites_json

    conn = _open(ctx, db)
    try:
        rid = _run_id(conn, run)
        info, sites = get_run(conn, rid), run_results(conn, rid, with_items=fmt == "json")
    finally:
        conn.close()
    if fmt == "json":
        sys.stdout.write(sites_json(sites))
    else:
        print_sites(info, sites)


@results.command()
@click.argument("run", required=False)
@_db_option
@click.option("--format", "fmt", type=click.Choice(["html", "csv"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.pass_context
def matrix(ctx: click.Context, run: str | None, db: str | None, fmt: str, output: str | None) -> None:
    """Site x indicator matrix of RUN: indicators 9, 10 and OIT (min–max), outcome counts."""
    from cli.runs.store import get_run, run_results
    from ita_rules.outfile import refuse_input
    from ita_rules.render.matrix import write_matrix

    refuse_input(output, [db or (ctx.obj or {}).get("db") or DEFAULT_DB], "matrix")
    conn = _open(ctx, db)
    try:
        rid = _run_id(conn, run)
        info, sites = get_run(conn, rid), run_results(conn, rid, with_items=True)
    finally:
        conn.close()
    write_matrix(fmt, info, sites, output)


@results.command()
@click.argument("site")
@_db_option
@click.option("--runs", nargs=2, type=int, metavar="A B", help="The two runs to compare (default: the last two).")
@click.pass_context
def diff(ctx: click.Context, site: str, db: str | None, runs: tuple[int, int] | None) -> None:
    """What changed for SITE between two runs: items whose outcome changed and the OIT range."""
    from cli.runs.store import compare_site
    from ita_rules.render.runs import diff_text

    conn = _open(ctx, db)
    try:
        d = compare_site(conn, site, *(runs or (None, None)))
    finally:
        conn.close()
    sys.stdout.write(diff_text(d))
