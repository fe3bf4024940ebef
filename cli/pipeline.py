"""One site, gather then evaluate: the crawler writes a snapshot, the judge reads it offline."""

from __future__ import annotations

import tempfile
from pathlib import Path

from crawler.frontier import Progress
from crawler.gather import crawl_coverage, gather, open_snapshot
from crawler.pages import load_pages
from crawler.settings import CrawlSettings
from ita_rules.evidence.evaluate import evaluate
from ita_rules.pack import RulePack
from ita_rules.results.check import CheckResult
from ita_rules.words import Lang


def evaluate_snapshot(snapshot_dir: Path, pack: RulePack, year: int, lang: Lang, target: str | None = None,
                      keep: bool = True) -> CheckResult:
    """Evaluate a saved snapshot offline."""
    snap = open_snapshot(snapshot_dir)
    pages = load_pages(snap)
    coverage = crawl_coverage(snap, pages)
    name = target or (snap.manifest or {}).get("target") or str(snapshot_dir)
    return evaluate(pages, coverage, pack, year, lang, name, str(snapshot_dir) if keep else None)


def run_check(target: str, pack: RulePack, year: int, lang: Lang, settings: CrawlSettings,
              save_snapshot: Path | None = None, progress: Progress | None = None) -> CheckResult:
    """Gather then evaluate; the snapshot goes to `save_snapshot` or a temporary directory."""
    if save_snapshot is not None:
        gather(target, settings, save_snapshot, progress)
        return evaluate_snapshot(save_snapshot, pack, year, lang, target=target)
    with tempfile.TemporaryDirectory(prefix="ita-snapshot-") as tmp:
        gather(target, settings, Path(tmp), progress)
        return evaluate_snapshot(Path(tmp), pack, year, lang, target=target, keep=False)
