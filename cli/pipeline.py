"""One site, gather then evaluate: the crawler writes a snapshot, the judge reads it offline."""

from __future__ import annotations

import time
from pathlib import Path

from cli.runs.scratch import scratch_dir
from crawler.frontier import Progress
from crawler.gather import crawl_coverage, gather, open_snapshot
from crawler.limits import DEFAULT, ReadLimits
from crawler.pages import load_pages
from crawler.settings import CrawlSettings
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.decisions.model import SiteDecisions
from ita_rules.evidence.evaluate import evaluate
from ita_rules.pack import RulePack
from ita_rules.results.check import CheckResult
from ita_rules.words import Lang


# --time-budget covers the whole check: the crawl stops at this share of it, so reading and judging what
# was gathered has the rest (documents are read within it too, HTML pages first).
GATHER_SHARE = 0.8


def gather_settings(settings: CrawlSettings) -> CrawlSettings:
    """The settings the crawl runs with: its share of the time budget."""
    return settings.model_copy(update={"time_budget": settings.time_budget * GATHER_SHARE})


def budget_limits(seconds: float) -> ReadLimits:
    """Reading limits whose time ends `seconds` from now."""
    return ReadLimits(deadline=time.monotonic() + max(seconds, 0.0))


def evaluate_snapshot(snapshot_dir: Path, pack: RulePack, year: int, lang: Lang, target: str | None = None,
                      keep: bool = True, limits: ReadLimits = DEFAULT,
                      decisions: SiteDecisions | None = None) -> CheckResult:
    """Evaluate a saved snapshot offline, its documents read within `limits` (under a person's decisions, if given)."""
    snap = open_snapshot(snapshot_dir)
    pages = load_pages(snap, limits)
    coverage = crawl_coverage(snap, pages)
    name = target or (snap.manifest or {}).get("target") or str(snapshot_dir)
    return evaluate(pages, coverage, pack, year, lang, name, str(snapshot_dir) if keep else None, decisions)


def run_check(target: str, pack: RulePack, year: int, lang: Lang, settings: CrawlSettings,
              save_snapshot: Path | None = None, progress: Progress | None = None,
              decisions: SiteDecisions | None = None) -> CheckResult:
    """Gather then evaluate, both within settings.time_budget; the snapshot goes to `save_snapshot` or a temp dir."""
    limits = budget_limits(settings.time_budget)
    if save_snapshot is not None:
        gather(target, gather_settings(settings), save_snapshot, progress)
        return evaluate_snapshot(save_snapshot, pack, year, lang, target=target, limits=limits, decisions=decisions)
    with scratch_dir("ita-snapshot-") as tmp:
        gather(target, gather_settings(settings), Path(tmp), progress)
        return evaluate_snapshot(Path(tmp), pack, year, lang, target=target, keep=False, limits=limits,
                                 decisions=decisions)


def _progress_bar():
    """A rich progress line on stderr, and the callback the crawler feeds it."""
    from rich.console import Console
    from rich.progress import Progress as Bar
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Bar(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True,
              console=Console(stderr=True))
    task = bar.add_task("crawling", total=None)

    def update(record, stats) -> None:
        bar.update(task, description=f"{stats.get('fetched', 0)} pages · {record.url[:70]}")

    return bar, task, update


def check_site(site: SiteSpec, pack: RulePack, year: int, lang: Lang, settings: CrawlSettings, *,
               snapshot: str | None = None, save_snapshot: Path | None = None,
               show_progress: bool = False, decisions: SiteDecisions | None = None) -> CheckResult:
    """One site of `ita check`: a saved snapshot evaluated offline, or gathered then evaluated (under a
    person's decisions, if any)."""
    if snapshot:
        return evaluate_snapshot(Path(snapshot), pack, year, lang, target=site.target,
                                 limits=budget_limits(settings.time_budget), decisions=decisions)
    if not show_progress:
        return run_check(site.target, pack, year, lang, settings, save_snapshot, decisions=decisions)
    bar, task, update = _progress_bar()
    with bar:
        bar.update(task, description=f"{site.name}: crawling")
        return run_check(site.target, pack, year, lang, settings, save_snapshot, update, decisions=decisions)
