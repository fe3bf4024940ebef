"""`ita check` (a pre-audit of an agency website) and `ita demo` (the same on the bundled demo site)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ita_rules.errors import ItaError

EXIT_UNREACHABLE = 3


def _pack(pack_id: str | None, year: int | None):
    from ita_rules.loader import load_pack, pack_by_id, pack_dirs, pack_for_year

    if pack_id:
        pack = pack_by_id(pack_id)
        return pack, year or max(pack.pack.fiscal_years)
    if year:
        return pack_for_year(year), year
    newest = max((load_pack(d) for d in pack_dirs()), key=lambda p: max(p.pack.fiscal_years))
    return newest, max(newest.pack.fiscal_years)


def crawl_options(f):
    """Politeness and budget flags shared by check and demo."""
    opts = [
        click.option("--delay", type=click.FloatRange(min=0), default=0.5, show_default=True,
                     help="Seconds between requests to one host."),
        click.option("--concurrency", type=click.IntRange(min=1, max=32), default=2, show_default=True,
                     help="Requests in flight per host."),
        click.option("--max-pages", type=click.IntRange(min=1), default=500, show_default=True),
        click.option("--max-depth", type=click.IntRange(min=0), default=6, show_default=True),
        click.option("--time-budget", type=click.FloatRange(min=1), default=300, show_default=True,
                     help="Seconds for the whole crawl."),
        click.option("--max-mb", type=click.FloatRange(min=0.1), default=25, show_default=True,
                     help="Largest file read, in MB."),
        click.option("--timeout", type=click.FloatRange(min=0.5), default=15, show_default=True,
                     help="Seconds per network operation."),
        click.option("--ignore-robots", is_flag=True, help="Crawl paths robots.txt disallows (your own site only)."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _settings(delay, concurrency, max_pages, max_depth, time_budget, max_mb, timeout, ignore_robots):
    from crawler.settings import CrawlSettings

    return CrawlSettings(delay=delay, per_host_concurrency=concurrency, max_concurrency=max(concurrency, 4),
                         max_pages=max_pages, max_depth=max_depth, time_budget=time_budget,
                         max_bytes=int(max_mb * 1024 * 1024), timeout=timeout, respect_robots=not ignore_robots)


def _progress(enabled: bool):
    """A rich progress line on a terminal (stderr), nothing otherwise."""
    if not enabled:
        return None, None
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from rich.console import Console

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True,
                   console=Console(stderr=True))
    task = bar.add_task("crawling", total=None)

    def update(record, stats):
        bar.update(task, description=f"{stats.get('fetched', 0)} pages · {record.url[:70]}")

    return bar, update


def _emit(result, fmt: str, output: str | None) -> None:
    from rich.console import Console

    from crawler.render import render_text

    if fmt == "json":
        text = result.model_dump_json(indent=2) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        return
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            render_text(result, Console(file=fh, width=140, no_color=True))
    else:
        render_text(result, Console(highlight=False))


def _run(target, snapshot, save_snapshot, pack_id, year, lang, fmt, output, settings):
    from crawler.check import evaluate, run_check

    pack, year = _pack(pack_id, year)
    if snapshot:
        return evaluate(Path(snapshot), pack, year, lang, target=target)
    bar, update = _progress(sys.stderr.isatty())
    if bar is None:
        return run_check(target, pack, year, lang, settings, Path(save_snapshot) if save_snapshot else None)
    with bar:
        return run_check(target, pack, year, lang, settings, Path(save_snapshot) if save_snapshot else None, update)


@click.command()
@click.argument("target", required=False)
@click.option("--year", type=int, help="Buddhist-era fiscal year to check against (default: the newest pack's).")
@click.option("--pack", "pack_id", help="Rule pack id or folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file.")
@click.option("--save-snapshot", type=click.Path(file_okay=False), help="Keep every fetched response here.")
@click.option("--snapshot", type=click.Path(file_okay=False), help="Evaluate a saved snapshot offline (no network).")
@crawl_options
def check(target, year, pack_id, fmt, lang, output, save_snapshot, snapshot, **crawl) -> None:
    """Check a website (URL or static-site directory) for every OIT item of the year.

    Exit codes: 0 no item failed, 1 deficiencies found, 2 usage or configuration error,
    3 the home page could not be reached.
    """
    if not target and not snapshot:
        raise click.UsageError("give a TARGET (URL or directory) or --snapshot DIR")
    if snapshot and save_snapshot:
        raise click.UsageError("--snapshot evaluates a saved snapshot; it cannot be combined with --save-snapshot")
    result = _run(target, snapshot, save_snapshot, pack_id, year, lang, fmt, output, _settings(**crawl))
    _emit(result, fmt, output)
    if not result.coverage.reachable:
        sys.exit(EXIT_UNREACHABLE)
    if result.counts.get("fail"):
        sys.exit(1)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
def demo(fmt: str, lang: str) -> None:
    """Serve the bundled demo agency site on 127.0.0.1 and check it over HTTP (works offline)."""
    from crawler.serve import fixture_site_path, serve_site

    try:
        root = fixture_site_path("demo")
    except Exception as exc:
        raise ItaError(f"the bundled demo site is missing ({exc}); run from a source checkout") from None
    with serve_site(root) as (_server, base_url):
        if fmt == "text":
            click.echo(f"demo: serving {root} at {base_url}/", err=True)
        result = _run(base_url + "/", None, None, None, 2568, lang, fmt, None,
                      _settings(0.0, 4, 500, 6, 120, 25, 10, False))
    _emit(result, fmt, None)
