"""`ita check` (a pre-audit of an agency website) and `ita demo` (the same on the bundled demo site)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ita_rules.ci.policy import PRECEDENCE
from ita_rules.errors import ItaError


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
        click.option("--retries", type=click.IntRange(min=0, max=10), default=3, show_default=True,
                     help="Retries on connection errors, 429 and 503 (with backoff, honouring Retry-After)."),
        click.option("--ignore-robots", is_flag=True, help="Crawl paths robots.txt disallows (your own site only)."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _settings(delay, concurrency, max_pages, max_depth, time_budget, max_mb, timeout, ignore_robots, retries=3):
    from crawler.settings import CrawlSettings

    return CrawlSettings(delay=delay, per_host_concurrency=concurrency, max_concurrency=max(concurrency, 4),
                         max_pages=max_pages, max_depth=max_depth, time_budget=time_budget,
                         max_bytes=int(max_mb * 1024 * 1024), timeout=timeout, respect_robots=not ignore_robots,
                         retries=retries)


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

    from ita_rules.render.check_text import render_text

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
    from cli.pipeline import evaluate_snapshot, run_check

    pack, year = _pack(pack_id, year)
    if snapshot:
        return evaluate_snapshot(Path(snapshot), pack, year, lang, target=target)
    bar, update = _progress(sys.stderr.isatty())
    if bar is None:
        return run_check(target, pack, year, lang, settings, Path(save_snapshot) if save_snapshot else None)
    with bar:
        return run_check(target, pack, year, lang, settings, Path(save_snapshot) if save_snapshot else None, update)


def _resolve_pack(pack_id, year, cfg):
    """Flags first, then the config; a bad pack or year written in the config is a config error (exit 4)."""
    from ita_rules.errors import PackError

    from ita_rules.ci.tomldoc import ConfigError

    from_cfg = None
    if cfg is not None and not pack_id and not year:
        pack_id, year = cfg.model.pack, cfg.model.year
        from_cfg = ("pack",) if pack_id else ("year",)
    try:
        return _pack(pack_id, year)
    except PackError as exc:
        if from_cfg:
            raise ConfigError(f"{from_cfg[0]}: {exc.message}", cfg.where(from_cfg)) from None
        raise


def _snapshot_site(snapshot: str) -> str:
    """The name a saved snapshot's site goes by (its source folder or host)."""
    from ita_rules.ci.sites import derive_name
    from crawler.snapshot import SnapshotError, SnapshotReader

    try:
        manifest = SnapshotReader(Path(snapshot)).manifest or {}
    except SnapshotError as exc:
        raise ItaError(str(exc), snapshot) from None
    return derive_name(manifest.get("source_dir") or manifest.get("target") or snapshot)


def _crawl_settings(ctx, cfg, crawl: dict):
    """Crawl flags given on the command line win; otherwise the config's [crawl] value; otherwise the default."""
    from click.core import ParameterSource

    merged = dict(crawl)
    if cfg is not None:
        for key, value in cfg.model.crawl.model_dump().items():
            if value is not None and ctx.get_parameter_source(key) in (ParameterSource.DEFAULT, None):
                merged[key] = value
    return _settings(**merged)


def _baseline(cfg, baseline_path, create_baseline, update_baseline):
    """(mode, path, previous findings) from the flags and the config's `baseline`; validated before crawling."""
    from ita_rules.ci import baseline as bl
    from ita_rules.ci.tomldoc import ConfigError

    if create_baseline and update_baseline:
        raise click.UsageError("--create-baseline writes a new baseline; --update-baseline refreshes an existing one")
    path = baseline_path
    if path is None and cfg is not None and cfg.model.baseline:
        path = str(cfg.path_of(cfg.model.baseline))
        if not create_baseline and not update_baseline and not Path(path).is_file():
            raise ConfigError(f"baseline: file not found: {path} (create it with --create-baseline {path})",
                              cfg.where(("baseline",)))
    if create_baseline:
        return "create", create_baseline, []
    if update_baseline:
        if not path:
            raise click.UsageError("--update-baseline needs --baseline PATH (or baseline = \"...\" in the config)")
        return "update", path, (bl.load(path) if Path(path).exists() else [])
    if path:
        return "compare", path, bl.load(path)
    return None, None, None


def _waivers(cfg, waivers_path):
    """`--waivers FILE` replaces the config's waivers; else the config's inline [[waivers]] and its waivers file."""
    from ita_rules.ci import waivers as wv

    if waivers_path:
        return wv.load_file(waivers_path)
    if cfg is None:
        return []
    found = wv.from_doc(cfg.doc, cfg.model.waivers)
    if cfg.model.waivers_file:
        found += wv.load_file(cfg.path_of(cfg.model.waivers_file))
    return found


def _check_site(site, snapshot, save_snapshot, pack, year, lang, settings, many: bool):
    """Gather (or read the snapshot) and evaluate one site."""
    from cli.pipeline import evaluate_snapshot, run_check

    if snapshot:
        return evaluate_snapshot(Path(snapshot), pack, year, lang, target=site.target)
    save = Path(save_snapshot) / site.name if (save_snapshot and many) else (Path(save_snapshot) if save_snapshot
                                                                             else None)
    bar, update = _progress(sys.stderr.isatty())
    if bar is None:
        return run_check(site.target, pack, year, lang, settings, save)
    with bar:
        bar.update(bar.task_ids[0], description=f"{site.name}: crawling")
        return run_check(site.target, pack, year, lang, settings, save, update)


def _batch(sites, pack, year, lang, settings, db, resume):
    """Check several sites concurrently, storing each in SQLite as it finishes; return them in site order."""
    from cli.runs.batch import run_batch
    from ita_rules.results.check import CheckResult
    from ita_rules.evidence.evaluate import unreachable_result
    from cli.runs.store import open_db, run_results, site_result

    err = click.get_text_stream("stderr")

    def progress(done, total, site, result, error) -> None:
        note = error or (f"OIT {result.oit.min}–{result.oit.max}, fail {result.counts.get('fail', 0)}"
                         if result.coverage.reachable else "home page unreachable")
        click.echo(f"[{done}/{total}] {site.name}: {note}", file=err)

    summary = run_batch(sites, pack, year, lang, settings, db, progress=progress, resume=resume)
    conn = open_db(db)
    try:
        errors = {r.name: r.error for r in run_results(conn, summary.run_id)}
        checked = []
        for s in sites:
            raw = site_result(conn, summary.run_id, s.name)
            result = CheckResult.model_validate_json(raw) if raw else unreachable_result(
                s.target, pack, year, lang, errors.get(s.name) or "the check did not finish")
            checked.append((s, result))
    finally:
        conn.close()
    click.echo(f"ita: batch run {summary.run_id}: {summary.done}/{summary.sites_total} sites stored in {db} "
               f"({summary.skipped} from an earlier run); list with `ita results --db {db}`", file=err)
    return checked


def _write(fmt, run, pack, repo, legacy, path):
    """One output: text straight to a console, the other formats rendered to a string."""
    from rich.console import Console

    from ita_rules.render.formats import render
    from ita_rules.render.ci_text import render_run
    from ita_rules.render.check_text import render_text

    if fmt == "text":
        def draw(console):
            if legacy:
                render_text(run.sites[0].result, console)
            else:
                render_run(run, console)
        if path:
            with open(path, "w", encoding="utf-8") as fh:
                draw(Console(file=fh, width=140, no_color=True))
        else:
            draw(Console(highlight=False))
        return
    text = render(fmt, run, pack, repo, legacy)
    if path:
        Path(path).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


FORMAT_CHOICES = ["text", "json", "sarif", "junit", "github"]


@click.command(epilog="\b\nExit codes:\n" + PRECEDENCE)
@click.argument("target", required=False)
@click.option("--year", type=int, help="Buddhist-era fiscal year to check against (default: the newest pack's).")
@click.option("--pack", "pack_id", help="Rule pack id or folder.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True,
              help="What goes to stdout (or to the plain -o PATH).")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
@click.option("-o", "--output", multiple=True, metavar="[FORMAT=]PATH",
              help="Write the --format report to PATH; FORMAT=PATH (repeatable) writes more formats "
                   "in the same run, e.g. -o sarif=ita.sarif -o junit=ita.xml.")
@click.option("--save-snapshot", type=click.Path(file_okay=False), help="Keep every fetched response here.")
@click.option("--snapshot", type=click.Path(file_okay=False), help="Evaluate a saved snapshot offline (no network).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (ita.toml, or a pyproject.toml with [tool.ita]); default: ./ita.toml, "
                   "then ./pyproject.toml.")
@click.option("--no-config", is_flag=True, help="Ignore ./ita.toml and ./pyproject.toml.")
@click.option("--fail-on", type=click.Choice(["fail", "needs_review"]), default=None,
              help="Lowest outcome that fails the run (default: fail; needs_review also covers error).")
@click.option("--soft-fail/--no-soft-fail", default=None,
              help="Report findings but exit 0 (config and usage errors still exit 4 and 2).")
@click.option("--min-oit-score", type=click.FloatRange(0, 100), default=None,
              help="Fail when a site's verified predicted OIT score is below this.")
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False),
              help="Waivers file (TOML [[waivers]]); replaces the config's waivers.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Only findings not in this baseline decide the exit code.")
@click.option("--create-baseline", type=click.Path(dir_okay=False),
              help="Write every current finding to a new baseline (and accept them for this run).")
@click.option("--update-baseline", is_flag=True,
              help="Rewrite --baseline with the current findings (fixed ones dropped, new ones accepted).")
@crawl_options
@click.option("--sites", "sites_csv", type=click.Path(dir_okay=False),
              help="Check many sites from a CSV (name,url,type) concurrently; results go to --db as they finish.")
@click.option("--db", default="ita-results.sqlite", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite file for batch results (several sites); `ita results` reads it.")
@click.option("--resume", is_flag=True, help="Continue the last interrupted batch over the same sites.")
@click.pass_context
def check(ctx, target, year, pack_id, fmt, lang, output, save_snapshot, snapshot, config_path, no_config, fail_on,
          soft_fail, min_oit_score, waivers_path, baseline_path, create_baseline, update_baseline, sites_csv, db,
          resume, **crawl) -> None:
    """Check a website (URL or static-site directory) for every OIT item of the year.

    Sites, year, policy, waivers, baseline and crawl settings can come from ita.toml (see `ita init`);
    flags override the file. The file, waivers and baseline are validated before any network access.
    """
    from datetime import date

    from ita_rules.ci import run as ci_run
    from ita_rules.ci.config import check_site_dirs, find_config, load_config
    from ita_rules.render.formats import parse_outputs
    from ita_rules.ci.locations import locatable, repo_root
    from ita_rules.ci.policy import Policy
    from ita_rules.ci.sites import select
    from ita_rules.ci.waivers import validate
    from ita_rules.ci.site_spec import SiteSpec

    if snapshot and save_snapshot:
        raise click.UsageError("--snapshot evaluates a saved snapshot; it cannot be combined with --save-snapshot")
    if no_config and config_path:
        raise click.UsageError("--config and --no-config contradict each other")
    try:
        plain, extra = parse_outputs(output)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    # Everything up to the crawl is local: config, pack, sites, waivers and baseline fail fast (exit 4).
    found = None if no_config else find_config(config_path)
    cfg = load_config(*found) if found else None
    pack, year = _resolve_pack(pack_id, year, cfg)
    declared = cfg.sites if cfg else []
    if sites_csv:
        from cli.runs.batch import load_sites_csv

        if target or snapshot:
            raise click.UsageError("--sites checks the sites of a CSV; do not also give a TARGET or --snapshot")
        declared = load_sites_csv(sites_csv)
    if target is None and snapshot:
        sites = declared[:1] if len(declared) == 1 else [SiteSpec(name=_snapshot_site(snapshot), target=snapshot)]
    elif target is None:
        if not declared:
            raise click.UsageError("give a TARGET (URL or directory), --snapshot DIR, or [[sites]] in ita.toml")
        sites = declared
    else:
        sites = select(declared, target)
    check_site_dirs(cfg, sites)
    if snapshot and len(sites) > 1:
        raise click.UsageError("--snapshot evaluates one site; give its TARGET or name")
    settings = _crawl_settings(ctx, cfg, crawl)
    waivers = _waivers(cfg, waivers_path)
    validate(waivers, set(pack.item), {s.name for s in declared} | {s.name for s in sites})
    mode, bpath, previous = _baseline(cfg, baseline_path, create_baseline, update_baseline)
    pcfg = cfg.model.policy if cfg else None
    policy = Policy(
        fail_on=fail_on or (pcfg.fail_on if pcfg else "fail"),
        soft_fail=soft_fail if soft_fail is not None else bool(pcfg and pcfg.soft_fail),
        min_oit_score=min_oit_score if min_oit_score is not None else (
            cfg.model.thresholds.min_oit_score if cfg else None))
    repo = repo_root()
    formats = [fmt] + [f for f, _ in extra]
    if "sarif" in formats:
        for s in sites:
            if not locatable(s, repo):
                raise click.UsageError(
                    f"SARIF results must point at a file in the repository ({repo}), and site {s.name!r} has none: "
                    "declare it in ita.toml (`ita init`) or check a static-site directory inside the repository")
    if len(sites) > 1 or sites_csv:
        checked = _batch(sites, pack, year, lang, settings, db, resume)
    else:
        checked = [(s, _check_site(s, snapshot, save_snapshot, pack, year, lang, settings, False)) for s in sites]
    run, to_save = ci_run.build(checked, waivers, policy, today=date.today(), lang=lang, baseline_path=bpath,
                                previous=previous, mode=mode)
    if mode in ("create", "update"):
        from ita_rules.ci import baseline as bl

        bl.save(bpath, to_save)
    legacy = cfg is None and not waivers and mode is None and len(sites) == 1
    for f, path in extra:
        _write(f, run, pack, repo, legacy, path)
    _write(fmt, run, pack, repo, legacy, plain)
    if run.exit_code:
        sys.exit(run.exit_code)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
def demo(fmt: str, lang: str) -> None:
    """Serve the bundled demo agency site on 127.0.0.1 and check it over HTTP (works offline)."""
    from fixtures.serve import fixture_site_path, serve_site

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
