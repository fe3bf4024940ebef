"""`ita check`: gather a site into a snapshot, then evaluate the snapshot against the pack offline."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from pydantic import BaseModel

from ita_rules.errors import ItaError
from ita_rules.oit import OITPrediction, check_deficiencies, predict
from ita_rules.pack import Lang, RulePack
from ita_rules.result import Deficiency, PackRef

from .findings import Evidence, ItemFinding, Outcome
from .frontier import Progress
from .pages import load_pages
from .reasons import outcome_text, reason_text
from .settings import CrawlSettings
from .snapshot import SnapshotError, SnapshotReader, SnapshotWriter

class Coverage(BaseModel):
    """What the crawl reached: shown before any verdict, so gaps are never silent."""

    home: str | None
    home_status: int | None
    home_outcome: str | None
    home_error: str | None
    reachable: bool
    pages_fetched: int
    ok: int
    robots_blocked: int
    errors: int
    too_large: int
    skipped_trap: int
    out_of_budget: int
    external_links: int
    complete: bool
    warnings: list[str]
    encodings: dict[str, int] = {}  # "cp874 (header)": pages decoded that way, so legacy sites show up


class ItemOut(BaseModel):
    """One OIT item in the check result."""

    id: str
    title: str
    sub_indicator: str
    outcome: Outcome
    outcome_text: str
    reason: str
    reason_text: str
    claimed: bool
    detail: str
    evidence: list[Evidence]


class CheckResult(BaseModel):
    """The result of checking one website against one rule pack."""

    target: str
    year: int
    lang: Lang
    pack: PackRef
    snapshot: str | None
    coverage: Coverage
    items: list[ItemOut]
    counts: dict[str, int]
    oit: OITPrediction
    deficiencies: list[Deficiency]


def gather(target: str, settings: CrawlSettings, snapshot_dir: Path, progress: Progress | None = None) -> None:
    """Crawl a URL or a local static-site directory into a snapshot directory."""
    from .fetch import crawl_sync, validate_start_url
    from .localsite import crawl_directory

    local = Path(target)
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


def _coverage(snap: SnapshotReader) -> Coverage:
    records = list(snap.pages())
    counts = Counter(r.outcome for r in records)
    manifest = snap.manifest or {}
    target = manifest.get("target")
    home = next((r for r in records if r.depth == 0), records[0] if records else None)
    reachable = bool(home and home.outcome == "ok" and home.status and home.status < 400)
    stats = manifest.get("stats") or {}
    return Coverage(
        home=home.url if home else target, home_status=home.status if home else None,
        home_outcome=home.outcome if home else None, home_error=home.error if home else "no page was fetched",
        reachable=reachable, pages_fetched=len(records), ok=counts["ok"], robots_blocked=counts["robots_blocked"],
        errors=counts["error"] + counts["http_error"] + counts["redirect_loop"] + counts["too_many_redirects"],
        too_large=counts["too_large"], skipped_trap=counts["skipped_trap"], out_of_budget=counts["out_of_budget"],
        external_links=int(stats.get("external", 0)),
        complete=bool(manifest.get("complete", True)) and counts["out_of_budget"] == 0,
        warnings=list(manifest.get("warnings") or []) + list(snap.warnings))


def evaluate(snapshot_dir: Path, pack: RulePack, year: int, lang: Lang, target: str | None = None,
             keep: bool = True) -> CheckResult:
    """Evaluate a snapshot offline: locate evidence per item, predict OIT, list deficiencies."""
    from .locate import locate

    try:
        snap = SnapshotReader(snapshot_dir)
    except SnapshotError as exc:
        raise ItaError(str(exc)) from None
    coverage = _coverage(snap)
    pages = load_pages(snap)
    coverage.encodings = dict(Counter(f"{p.doc.encoding} ({p.doc.encoding_source})" for p in pages
                                      if p.doc is not None and p.doc.kind == "html" and p.doc.encoding))
    if coverage.reachable:
        findings = locate(pack, year, pages)
    else:
        # Nothing gathered: every item is unknown, never failed and never passed.
        findings = [ItemFinding(id=i.id, outcome="not_crawled", reason="fetch_error",
                                detail=coverage.home_error or "") for i in pack.items]
    by_id = {f.id: f for f in findings}
    items = []
    for it in pack.items:
        f = by_id.get(it.id) or ItemFinding(id=it.id, outcome="error", reason="evaluation_error",
                                            detail="the locator returned no finding")
        items.append(ItemOut(id=it.id, title=it.title.get(lang), sub_indicator=it.sub_indicator, outcome=f.outcome,
                             outcome_text=outcome_text(f.outcome, lang), reason=f.reason,
                             reason_text=reason_text(f.reason, lang), claimed=f.claimed, detail=f.detail,
                             evidence=f.evidence))
    outcomes = {i.id: i.outcome for i in items}
    predicted = predict(pack, outcomes)
    counts = Counter(outcomes.values())
    return CheckResult(
        target=target or (snap.manifest or {}).get("target") or str(snapshot_dir), year=year, lang=lang,
        pack=PackRef(id=pack.pack.id, version=pack.pack.version, digest=pack.digest),
        snapshot=str(snapshot_dir) if keep else None, coverage=coverage, items=items,
        counts={k: counts.get(k, 0) for k in ("pass", "fail", "needs_review", "not_crawled", "error")},
        oit=predicted[0], deficiencies=check_deficiencies(pack, year, outcomes, lang, predicted))


def unreachable_result(target: str, pack: RulePack, year: int, lang: Lang, error: str) -> CheckResult:
    """The result of a site whose check could not run at all: every item not crawled, nothing passed."""
    items = [ItemOut(id=it.id, title=it.title.get(lang), sub_indicator=it.sub_indicator, outcome="not_crawled",
                     outcome_text=outcome_text("not_crawled", lang), reason="fetch_error",
                     reason_text=reason_text("fetch_error", lang), claimed=False, detail=error, evidence=[])
             for it in pack.items]
    outcomes = {i.id: i.outcome for i in items}
    prediction, _ = predict(pack, outcomes)
    coverage = Coverage(home=target, home_status=None, home_outcome="error", home_error=error, reachable=False,
                        pages_fetched=0, ok=0, robots_blocked=0, errors=0, too_large=0, skipped_trap=0,
                        out_of_budget=0, external_links=0, complete=False, warnings=[])
    return CheckResult(target=target, year=year, lang=lang,
                       pack=PackRef(id=pack.pack.id, version=pack.pack.version, digest=pack.digest), snapshot=None,
                       coverage=coverage, items=items, counts={"not_crawled": len(items)}, oit=prediction,
                       deficiencies=[])


def run_check(target: str, pack: RulePack, year: int, lang: Lang, settings: CrawlSettings,
              save_snapshot: Path | None = None, progress: Progress | None = None) -> CheckResult:
    """Gather then evaluate; the snapshot goes to `save_snapshot` or a temporary directory."""
    if save_snapshot is not None:
        gather(target, settings, save_snapshot, progress)
        return evaluate(save_snapshot, pack, year, lang, target=target)
    with tempfile.TemporaryDirectory(prefix="ita-snapshot-") as tmp:
        gather(target, settings, Path(tmp), progress)
        return evaluate(Path(tmp), pack, year, lang, target=target, keep=False)
