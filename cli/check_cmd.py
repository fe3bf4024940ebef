"""`ita check` (a pre-audit of an agency website) and `ita demo` (the same on the bundled demo site)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click

from ita_rules.ci.policy import PRECEDENCE
from ita_rules.ci.settings import CHECK_DEFAULTS as D
from ita_rules.ci.settings import CRAWL_KEYS
from ita_rules.errors import ItaError
from ita_rules.render.formats import CHECK_FORMATS

# The command's parameters that are settings (merged with ita.toml by priority), and the setting each sets.
SETTING_OF = {"pack_id": "pack", "year": "year", "fail_on": "fail_on", "soft_fail": "soft_fail",
              "min_oit_score": "min_oit_score", "baseline_path": "baseline", "waivers_path": "waivers_file",
              **{k: k for k in CRAWL_KEYS}}
# The demo serves a local site: no politeness delay needed, a shorter budget, and findings never fail it.
DEMO_SETTINGS = {"year": 2568, "delay": 0.0, "concurrency": 4, "time_budget": 120.0, "timeout": 10.0,
                 "soft_fail": True}


class Finite(click.FloatRange):
    """A float range that refuses inf and nan (`--time-budget inf` would never end; nan compares false)."""

    def convert(self, value, param, ctx):
        x = super().convert(value, param, ctx)
        if not math.isfinite(x):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return x


def crawl_options(f):
    """Politeness and budget flags; their defaults are the built-in settings (ita.toml's [crawl] sits between)."""
    opts = [
        click.option("--delay", type=Finite(min=0), default=D["delay"], show_default=True,
                     help="Seconds between requests to one host."),
        click.option("--concurrency", type=click.IntRange(min=1, max=32), default=D["concurrency"],
                     show_default=True, help="Requests in flight per host."),
        click.option("--max-pages", type=click.IntRange(min=1), default=D["max_pages"], show_default=True),
        click.option("--max-depth", type=click.IntRange(min=0), default=D["max_depth"], show_default=True),
        click.option("--time-budget", type=Finite(min=1), default=D["time_budget"], show_default=True,
                     help="Seconds for the whole check: the crawl, then reading what it gathered."),
        click.option("--max-mb", type=Finite(min=0.1), default=D["max_mb"], show_default=True,
                     help="Largest file read, in MB."),
        click.option("--timeout", type=Finite(min=0.5), default=D["timeout"], show_default=True,
                     help="Seconds for one whole response, connection to last byte (each network operation "
                          "also gets at most 15)."),
        click.option("--retries", type=click.IntRange(min=0, max=10), default=D["retries"], show_default=True,
                     help="Retries on connection errors, 429 and 503 (with backoff, honouring Retry-After)."),
        click.option("--ignore-robots", is_flag=True, help="Crawl paths robots.txt disallows (your own site only)."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def given_settings(ctx: click.Context) -> dict:
    """The settings given on the command line (a flag left at its default does not override ita.toml)."""
    from click.core import ParameterSource

    defaults = (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)
    return {name: ctx.params[param] for param, name in SETTING_OF.items()
            if ctx.get_parameter_source(param) not in defaults}


def _refuse_contradictions(target, snapshot, save_snapshot, config_path, no_config, sites_csv, create_baseline,
                           update_baseline) -> None:
    if snapshot and save_snapshot:
        raise click.UsageError("--snapshot evaluates a saved snapshot; it cannot be combined with --save-snapshot")
    if no_config and config_path:
        raise click.UsageError("--config and --no-config contradict each other")
    if sites_csv and (target or snapshot):
        raise click.UsageError("--sites checks the sites of a CSV; do not also give a TARGET or --snapshot")
    if create_baseline and update_baseline:
        raise click.UsageError("--create-baseline writes a new baseline; --update-baseline refreshes an existing one")


def _outputs(fmt: str, output: tuple[str, ...]) -> list[tuple[str, str | None]]:
    from ita_rules.render.formats import parse_outputs

    try:
        return parse_outputs(fmt, output)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _config(config_path: str | None, no_config: bool):
    from ita_rules.ci.config import find_config, load_config

    found = None if no_config else find_config(config_path)
    return load_config(*found) if found else None


def _pack(settings, lang: str):
    """The pack and year (flags or config, else today's fiscal year); how it was chosen goes to stderr.

    A bad pack or year written in the config is a config error at its line (exit 4)."""
    from ita_rules.ci.tomldoc import ConfigError
    from ita_rules.errors import PackError
    from ita_rules.years import choose

    from .errors import print_notes

    try:
        choice = choose(settings["pack"], settings["year"])
        print_notes(choice, lang)
        return choice.pack, choice.year
    except PackError as exc:
        if settings.priority("pack") != "config":
            raise
        key = "pack" if settings["pack"] else "year"
        raise ConfigError(f"{key}: {exc.message}", settings.where("pack")) from None


def _snapshot_site(snapshot: str) -> str:
    """The name a saved snapshot's site goes by (its source folder or host)."""
    from crawler.snapshot import SnapshotError, SnapshotReader
    from ita_rules.ci.sites import derive_name

    try:
        manifest = SnapshotReader(Path(snapshot)).manifest or {}
    except SnapshotError as exc:
        raise ItaError(str(exc), snapshot) from None
    return derive_name(manifest.get("source_dir") or manifest.get("target") or snapshot)


def _sites(cfg, target: str | None, snapshot: str | None, sites_csv: str | None):
    """(declared sites, sites to check): from --sites, the config's [[sites]], TARGET or the snapshot."""
    from ita_rules.ci.config import check_site_dirs
    from ita_rules.ci.site_spec import SiteSpec
    from ita_rules.ci.sites import select

    declared = cfg.sites if cfg else []
    if sites_csv:
        from cli.runs.batch import load_sites_csv

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
    return declared, sites


def _baseline(settings, create: str | None, update: bool, force: bool = False):
    """(mode, path, previous findings), validated before crawling."""
    from ita_rules.ci import baseline as bl
    from ita_rules.ci.tomldoc import ConfigError

    path = settings["baseline"]
    if path and settings.priority("baseline") == "config" and not (create or update) and not Path(path).is_file():
        raise ConfigError(f"baseline: file not found: {path} (create it with --create-baseline {path})",
                          settings.where("baseline"))
    if create:
        if Path(create).exists() and not force:
            raise ItaError("already exists; --create-baseline writes a new file (use --update-baseline to refresh "
                           "a baseline, or --force to replace the file)", create)
        return "create", create, []
    if update:
        if not path:
            raise click.UsageError("--update-baseline needs --baseline PATH (or baseline = \"...\" in the config)")
        return "update", path, (bl.load(path) if Path(path).exists() else [])
    if path:
        return "compare", path, bl.load(path)
    return None, None, None


def _refuse_overwriting_inputs(outputs, cfg, settings, baseline, decisions_path, sites_csv, db) -> None:
    """No -o may name a file this run reads (config, waivers, baseline, decisions, sites CSV, database)."""
    from ita_rules.outfile import refuse_input

    inputs = [cfg.doc.path if cfg else None, settings["waivers_file"], baseline[1], decisions_path, sites_csv,
              db if sites_csv else None]
    for _name, path in outputs:
        refuse_input(path, inputs)


def _before_run(outputs, sites, repo: Path) -> None:
    """Each requested format's own refusal (SARIF needs a repository file per site), before any crawl."""
    for name in dict(outputs):
        hook = CHECK_FORMATS[name].before_run
        if hook is None:
            continue
        try:
            hook(sites, repo)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None


def _gather(sites, pack, year: int, lang: str, settings, *, snapshot=None, save_snapshot=None, batch=False,
            db=None, resume=False, decisions=None):
    """Every site's check result, in site order: one site here, several as a stored batch; a person's
    decisions applied (and their stale ones reported on stderr)."""
    from crawler.settings import CrawlSettings

    crawl = CrawlSettings.from_options(**settings.subset(CRAWL_KEYS))
    if batch or len(sites) > 1:
        from cli.runs.batch import check_sites

        checked = check_sites(sites, pack, year, lang, crawl, db, resume, decisions)
    else:
        from cli.pipeline import check_site

        save = Path(save_snapshot) if save_snapshot else None
        checked = [(s, check_site(s, pack, year, lang, crawl, snapshot=snapshot, save_snapshot=save,
                                  show_progress=sys.stderr.isatty(),
                                  decisions=decisions.for_site(s.name) if decisions else None)) for s in sites]
    if decisions is not None:
        from ita_rules.decisions.apply import run_warnings

        for line in run_warnings(decisions, [(s.name, r.items) for s, r in checked], lang):
            click.echo(f"ita: {line}", err=True)
    return checked


def _run_document(checked, settings, waivers, baseline, lang: str):
    """The run: waivers and baseline applied, blocking findings and the exit code decided; baseline saved."""
    from datetime import date

    from ita_rules.ci import baseline as bl
    from ita_rules.ci import run as ci_run
    from ita_rules.ci.policy import Policy

    mode, path, previous = baseline
    policy = Policy(**settings.subset(("fail_on", "soft_fail", "min_oit_score")))
    run, to_save = ci_run.build(checked, waivers, policy, today=date.today(), lang=lang, baseline_path=path,
                                previous=previous, mode=mode)
    if mode in ("create", "update"):
        bl.save(path, to_save)
    return run


@click.command(epilog="\b\nExit codes:\n" + PRECEDENCE)
@click.argument("target", required=False)
@click.option("--year", type=int,
              help="Buddhist-era fiscal year to check against (default: today's, 1 October starting a new one).")
@click.option("--pack", "pack_id", help="Rule pack id or folder.")
@click.option("--format", "fmt", type=click.Choice(list(CHECK_FORMATS)), default="text", show_default=True,
              help="What goes to stdout (or to the plain -o PATH); xlsx needs -o.")
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
@click.option("--min-oit-score", type=Finite(0, 100), default=None,
              help="Fail when a site's verified predicted OIT score is below this.")
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False),
              help="Waivers file (TOML [[waivers]]); replaces the config's waivers.")
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False),
              help="A person's decisions (YAML, written by `ita review`) applied over the tool's verdicts.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Only findings not in this baseline decide the exit code.")
@click.option("--create-baseline", type=click.Path(dir_okay=False),
              help="Write every current finding to a new baseline (and accept them for this run).")
@click.option("--update-baseline", is_flag=True,
              help="Rewrite --baseline with the current findings (fixed ones dropped, new ones accepted).")
@click.option("--force", is_flag=True, help="Let --create-baseline replace an existing file.")
@crawl_options
@click.option("--sites", "sites_csv", type=click.Path(dir_okay=False),
              help="Check many sites from a CSV (name,url,type) concurrently; results go to --db as they finish.")
@click.option("--db", default="ita-results.sqlite", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite file for batch results (several sites); `ita results` reads it.")
@click.option("--resume", is_flag=True, help="Continue the last interrupted batch over the same sites.")
@click.pass_context
def check(ctx, target, fmt, lang, output, save_snapshot, snapshot, config_path, no_config, decisions_path,
          create_baseline, update_baseline, force, sites_csv, db, resume, **_settings) -> None:
    """Check a website (URL or static-site directory) for every OIT item of the year.

    Settings come from the built-in defaults, then ita.toml (or [tool.ita] in pyproject.toml; see `ita init`),
    then the flags: each level overrides the one before. The file, waivers and baseline are validated before
    any network access. Every format reads one run document (`--format json` prints it, whatever the config).
    """
    from ita_rules.ci.locations import repo_root
    from ita_rules.ci.settings import check_settings, waivers_of
    from ita_rules.ci.waivers import validate
    from ita_rules.decisions.load import load as load_decisions
    from ita_rules.render.formats import CheckReport, write_check

    _refuse_contradictions(target, snapshot, save_snapshot, config_path, no_config, sites_csv, create_baseline,
                           update_baseline)
    outputs = _outputs(fmt, output)
    # Everything up to the crawl is local: config, pack, sites, waivers and baseline fail fast (exit 4).
    cfg = _config(config_path, no_config)
    settings = check_settings(cfg, given_settings(ctx))
    pack, year = _pack(settings, lang)
    declared, sites = _sites(cfg, target, snapshot, sites_csv)
    waivers = waivers_of(settings)
    validate(waivers, set(pack.item), {s.name for s in declared} | {s.name for s in sites})
    baseline = _baseline(settings, create_baseline, update_baseline, force)
    decisions = load_decisions(decisions_path, set(pack.item)) if decisions_path else None
    _refuse_overwriting_inputs(outputs, cfg, settings, baseline, decisions_path, sites_csv, db)
    repo = repo_root()
    _before_run(outputs, sites, repo)
    checked = _gather(sites, pack, year, lang, settings, snapshot=snapshot, save_snapshot=save_snapshot,
                      batch=bool(sites_csv), db=db, resume=resume, decisions=decisions)
    report = CheckReport(_run_document(checked, settings, waivers, baseline, lang), pack, repo)
    for name, path in outputs:
        write_check(name, report, path)
    if report.run.exit_code:
        sys.exit(report.run.exit_code)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
def demo(fmt: str, lang: str) -> None:
    """Serve the bundled demo agency site on 127.0.0.1 and check it over HTTP (works offline)."""
    from fixtures.serve import fixture_site_path, serve_site
    from ita_rules.ci.locations import repo_root
    from ita_rules.ci.settings import check_settings
    from ita_rules.ci.site_spec import SiteSpec
    from ita_rules.render.formats import CheckReport, write_check

    try:
        root = fixture_site_path("demo")
    except Exception as exc:
        raise ItaError(f"the bundled demo site is missing ({exc}); run from a source checkout") from None
    settings = check_settings(None, DEMO_SETTINGS)
    pack, year = _pack(settings, lang)
    with serve_site(root) as (_server, base_url):
        if fmt == "text":
            click.echo(f"demo: serving {root} at {base_url}/", err=True)
        checked = _gather([SiteSpec(name="demo", target=base_url + "/")], pack, year, lang, settings)
    run = _run_document(checked, settings, [], (None, None, None), lang)
    write_check(fmt, CheckReport(run, pack, repo_root()), None)
