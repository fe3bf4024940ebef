"""Gather one target (a URL or a static-site directory) into a snapshot, and say what the snapshot covers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ita_rules.artifacts import FETCHED_OUTCOMES, Page
from ita_rules.errors import ItaError
from ita_rules.results.check import CrawlCoverage
from ita_rules.urls import validate_start_url

from .frontier import Progress
from .limits import BUDGET_RAN_OUT
from .settings import CrawlSettings
from .snapshot import SnapshotError, SnapshotReader, SnapshotWriter, refuse_foreign_snapshot


def gather(target: str, settings: CrawlSettings, snapshot_dir: Path, progress: Progress | None = None) -> None:
    """Crawl a URL or a local static-site directory into a snapshot directory."""
    from .fetch import crawl_directory, crawl_sync

    local = Path(target)
    refuse_foreign_snapshot(snapshot_dir, target)
    try:
        writer = SnapshotWriter(snapshot_dir, overwrite=True)
    except (OSError, SnapshotError) as exc:
        raise ItaError(f"cannot write the snapshot: {exc}", str(snapshot_dir)) from None
    if "://" not in target and local.exists():
        if not local.is_dir():
            raise ItaError("a local target must be a directory holding a static site (index.html)", target)
        try:
            crawl_directory(local, settings, writer, progress)
        except ValueError as exc:
            raise ItaError(str(exc), target) from None
        return
    try:
        validate_start_url(target)
    except ValueError as exc:
        raise ItaError(str(exc), target) from None
    crawl_sync(target, settings, writer, progress)


def open_snapshot(snapshot_dir: Path) -> SnapshotReader:
    """A snapshot for reading, or a one-line error naming the folder."""
    try:
        return SnapshotReader(snapshot_dir)
    except SnapshotError as exc:
        raise ItaError(str(exc)) from None


MAX_LIMIT_WARNINGS = 20


def _reading_limits(pages: list[Page]) -> tuple[list[str], bool]:
    """(a warning per document not read in full, whether the time budget cut any)."""
    limited = [p for p in pages if p.doc is not None and p.doc.limit]
    notes = [f"{p.url}: {p.doc.limit}" for p in limited[:MAX_LIMIT_WARNINGS]]
    if len(limited) > MAX_LIMIT_WARNINGS:
        notes.append(f"{len(limited) - MAX_LIMIT_WARNINGS} more documents were not read in full")
    return notes, any(p.doc.limit.startswith(BUDGET_RAN_OUT) for p in limited)


def crawl_coverage(snap: SnapshotReader, pages: list[Page]) -> CrawlCoverage:
    """What the crawl reached, counted from the snapshot's records."""
    records = [p.record for p in pages if p.record.role == "page"]
    counts = Counter(r.outcome for r in records)
    manifest = snap.manifest or {}
    home = next((r for r in records if r.depth == 0), records[0] if records else None)
    reachable = bool(home and home.outcome == "ok" and home.status and home.status < 400)
    stats = manifest.get("stats") or {}
    limited, out_of_time = _reading_limits(pages)
    # URLs refused in bulk are counted in the stats, not recorded one by one (crawler/frontier.py).
    not_fetched = counts["out_of_budget"] + sum(int(stats.get(k, 0)) for k in (
        "out_of_budget_unrecorded", "not_queued", "links_not_followed"))
    traps = counts["skipped_trap"] + int(stats.get("skipped_trap_unrecorded", 0))
    encodings = Counter(f"{p.doc.encoding} ({p.doc.encoding_source})" for p in pages
                        if p.doc is not None and p.doc.kind == "html" and p.doc.encoding)
    return CrawlCoverage(
        home=home.url if home else manifest.get("target"), home_status=home.status if home else None,
        home_outcome=home.outcome if home else None, home_error=home.error if home else "no page was fetched",
        reachable=reachable, pages_fetched=sum(counts[o] for o in FETCHED_OUTCOMES), ok=counts["ok"],
        robots_blocked=counts["robots_blocked"],
        errors=counts["error"] + counts["http_error"] + counts["redirect_loop"] + counts["too_many_redirects"],
        too_large=counts["too_large"], skipped_trap=traps, out_of_budget=not_fetched,
        external_links=int(stats.get("external", 0)) + int(stats.get("external_unrecorded", 0)),
        complete=bool(manifest.get("complete", True)) and not_fetched == 0 and not out_of_time,
        warnings=list(manifest.get("warnings") or []) + list(snap.warnings) + limited, encodings=dict(encodings))
