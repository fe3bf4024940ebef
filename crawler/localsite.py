"""Crawl a static site build on disk as if served, producing the same FetchRecords as an HTTP crawl."""

from __future__ import annotations

import heapq
import mimetypes
import os
import time
from pathlib import Path

from crawler.links import harvest
from crawler.frontier import Collector, Frontier, Item, Progress, follow_links
from crawler.settings import CrawlResult, CrawlSettings
from ita_rules.artifacts import FetchRecord
from crawler.snapshot import SnapshotWriter
from ita_rules.meta import utc_now
from ita_rules.urls import INDEX_NAMES, LOCAL_BASE, same_site, url_to_path

mimetypes.add_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
mimetypes.add_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")


def crawl_directory(
    path: str | os.PathLike[str],
    settings: CrawlSettings | None = None,
    writer: SnapshotWriter | None = None,
    progress: Progress | None = None,
) -> CrawlResult:
    """Follow links from ROOT/index.html over files on disk; missing targets are 404 records."""
    settings = settings or CrawlSettings()
    root = Path(path).resolve()
    if not root.is_dir():
        raise ValueError(f"not a directory: {path}")
    if not any((root / n).is_file() for n in INDEX_NAMES):
        raise ValueError(f"no index.html in {path}")
    collector = Collector(LOCAL_BASE, writer, progress)
    heap: list[Item] = []
    frontier = Frontier(settings, collector, lambda item: heapq.heappush(heap, item))
    in_scope = lambda u: same_site(LOCAL_BASE, u)  # noqa: E731
    frontier.offer(LOCAL_BASE, 0, None, via="start")
    deadline = time.monotonic() + settings.time_budget
    fetched = 0
    served: set[Path] = set()
    try:
        while heap:
            item = heapq.heappop(heap)
            base = FetchRecord(url=item.url, depth=item.depth, referrer=item.referrer, outcome="ok")
            if time.monotonic() > deadline or fetched >= settings.max_pages:
                over_pages = fetched >= settings.max_pages
                why = f"max_pages {settings.max_pages} reached" if over_pages else "time budget exhausted"
                collector.warn(f"{why}; remaining files not read")
                collector.add(base.model_copy(update={"outcome": "out_of_budget", "error": why}))
                continue
            fetched += 1
            started = time.monotonic()
            try:
                file = url_to_path(root, item.url)
            except UnicodeDecodeError:
                file = None
            if file is None:
                collector.add(base.model_copy(update={
                    "final_url": item.url, "status": 404, "outcome": "http_error", "error": "HTTP 404 (no such file)",
                    "fetched_at": utc_now(),
                }))
                continue
            served.add(file)
            size = file.stat().st_size
            ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            rec = base.model_copy(update={
                "final_url": item.url, "status": 200, "content_type": ctype, "attempts": 1,
                "headers": {"content-type": ctype, "content-length": str(size)}, "fetched_at": utc_now(),
            })
            if size > settings.max_bytes:
                collector.add(rec.model_copy(update={
                    "outcome": "too_large", "truncated": True,
                    "error": f"file larger than max_bytes {settings.max_bytes}",
                }))
                continue
            body = file.read_bytes()
            rec = rec.model_copy(update={"elapsed_ms": int((time.monotonic() - started) * 1000)})
            rec = collector.add(rec, body)
            if ctype not in ("text/html", "application/xhtml+xml"):
                continue
            extracted = harvest(body, ctype, item.url)
            if extracted.error:
                collector.warn(f"{item.url}: could not parse page: {extracted.error}")
            if extracted.kind == "html":
                follow_links(extracted, item.url, item.url, item.depth, frontier, collector, in_scope)
    except BaseException as exc:
        if writer is not None:
            writer.close({"target": str(root), "interrupted": f"{type(exc).__name__}: {exc}"}, complete=False)
        raise
    # Files nobody links to are invisible to a visitor (and to an assessor), so count them, don't crawl them.
    orphans = sum(1 for p in root.rglob("*") if p.is_file() and p.resolve() not in served)
    collector.counters["orphan_files"] = orphans
    result = collector.result(LOCAL_BASE)
    if writer is not None:
        writer.close({
            "target": LOCAL_BASE, "mode": "directory", "source_dir": str(root),
            "crawl_started_at": result.started_at, "crawl_finished_at": result.finished_at,
            "settings": settings.model_dump(), "stats": result.stats, "warnings": result.warnings,
        })
    return result
