"""The one crawl loop: frontier -> workers -> a fetch backend -> collector (and the snapshot) -> links back.

A backend answers URLs: `HttpBackend` over the network (politeness, robots.txt, retries, redirects,
sitemaps), `DirectoryBackend` from a static site build on disk. Budgets, traps, progress, the record of
every URL's fate and the snapshot are the loop's, whichever backend answers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
from collections.abc import Coroutine
from typing import Any, Protocol

from crawler.frontier import Collector, Frontier, Item, PageBudget, Progress, follow_links
from crawler.links import harvest
from crawler.localsite import DirectoryBackend
from crawler.politeness import HostSlots
from crawler.retry import one_line
from crawler.settings import CrawlResult, CrawlSettings, ExternalLink
from crawler.snapshot import SnapshotWriter
from crawler.web import HttpBackend
from ita_rules.artifacts import FetchRecord
from ita_rules.urls import LOCAL_BASE, canonicalize, validate_start_url

__all__ = [
    "CrawlResult",
    "CrawlSettings",
    "ExternalLink",
    "LOCAL_BASE",
    "crawl",
    "crawl_directory",
    "crawl_sync",
    "one_line",
    "validate_start_url",
]

HTML_TYPES = ("text/html", "application/xhtml+xml")


class Backend(Protocol):
    """What the loop needs from whatever answers its URLs."""

    mode: str
    start: str  # the URL the crawl starts from
    target: str  # what the user named (a URL or a folder)
    workers: int

    def attach(self, collector: Collector, frontier: Frontier, budget: PageBudget) -> None: ...
    def in_scope(self, url: str) -> bool: ...
    def manifest(self) -> dict[str, Any]: ...
    def session(self) -> contextlib.AbstractAsyncContextManager[None]: ...
    async def seed(self) -> None: ...
    async def fetch(self, url: str, *, depth: int, referrer: str | None, role: str = "page",
                    is_home: bool = False) -> tuple[FetchRecord, bytes | None]: ...
    def finish(self) -> None: ...


def _is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return content_type.split(";")[0].strip().lower() in HTML_TYPES
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


class _CrawlLoop:
    def __init__(self, backend: Backend, settings: CrawlSettings, writer: SnapshotWriter | None,
                 progress: Progress | None) -> None:
        self.backend = backend
        self.s = settings
        self.collector = Collector(backend.start, writer, progress)
        self.queue: asyncio.PriorityQueue[Item] = asyncio.PriorityQueue()
        self.frontier = Frontier(settings, self.collector, self.queue.put_nowait, self.queue.qsize)
        self.budget = PageBudget(settings.max_pages, self.collector)
        backend.attach(self.collector, self.frontier, self.budget)
        self.in_flight: dict[int, Item] = {}
        self.fatal: BaseException | None = None
        self.fatal_event = asyncio.Event()
        self.home_done = asyncio.Event()  # set once the start URL is recorded (or the crawl cannot go on)

    async def _process(self, item: Item) -> None:
        try:
            await self._process_one(item)
        finally:
            if item.url == self.backend.start:
                self.home_done.set()

    async def _process_one(self, item: Item) -> None:
        if self.budget.spent:
            rec = FetchRecord(url=item.url, depth=item.depth, referrer=item.referrer, outcome="out_of_budget")
            self.collector.add(self.budget.refuse(rec))
            return
        is_home = item.url == self.backend.start
        rec, body = await self.backend.fetch(item.url, depth=item.depth, referrer=item.referrer, is_home=is_home)
        if is_home and rec.outcome == "robots_blocked":
            self.collector.warn(f"home page {item.url} is disallowed by robots.txt; nothing below it was crawled")
        elif is_home and rec.outcome != "ok":
            self.collector.warn(f"home page {item.url} could not be fetched: {rec.error}")
        # No awaits from here on: a cancelled worker has either recorded its item or not.
        rec = self.collector.add(rec, body)
        if rec.final_url:
            final = canonicalize(rec.final_url)
            if final:
                self.frontier.mark_seen(final)
        if body is None or rec.outcome != "ok" or not _is_html(rec.content_type, body):
            return
        extracted = harvest(body, rec.content_type, rec.final_url or rec.url)
        if extracted.error:
            self.collector.warn(f"{rec.url}: could not parse page: {extracted.error}")
        if extracted.kind != "html":
            return
        follow_links(extracted, rec.url, rec.final_url or rec.url, item.depth, self.frontier, self.collector,
                     self.backend.in_scope)

    async def _worker(self, wid: int) -> None:
        while True:
            item = await self.queue.get()
            self.in_flight[wid] = item
            try:
                await self._process(item)
            except asyncio.CancelledError:
                raise  # stays in in_flight: recorded as out_of_budget by the caller
            except Exception as exc:  # a bug must not lose the URL or stop the crawl...
                try:
                    self.collector.add(FetchRecord(url=item.url, depth=item.depth, referrer=item.referrer,
                                                   outcome="error", error=f"internal: {one_line(exc)}"))
                except Exception as fatal:  # ...but a failing snapshot writer (disk full) must
                    self.fatal = fatal
                    self.fatal_event.set()
                    self.home_done.set()
                    return
            self.in_flight.pop(wid, None)
            self.queue.task_done()

    async def _run_inner(self) -> None:
        self.frontier.offer(self.backend.start, 0, None, via="start")
        workers = [asyncio.create_task(self._worker(i)) for i in range(self.backend.workers)]
        waiters: list[asyncio.Task] = []
        try:
            # The home page first: a slow or broken sitemap must never stand between us and the site.
            await self.home_done.wait()
            if self.fatal is None:
                await self._seed()
            waiters = [asyncio.create_task(self.queue.join()), asyncio.create_task(self.fatal_event.wait())]
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in workers + waiters:
                t.cancel()
            await asyncio.gather(*workers, *waiters, return_exceptions=True)
        if self.fatal is not None:
            raise self.fatal

    async def _seed(self) -> None:
        """The backend's extra start URLs (sitemaps), within a short limit: they only add to what links reach."""
        limit = min(self.s.sitemap_time, self.s.time_budget / 4)
        try:
            async with asyncio.timeout(limit):
                await self.backend.seed()
        except TimeoutError:
            self.collector.warn(f"sitemaps not read within {limit:g} s; the crawl follows the site's links instead")

    async def run(self) -> CrawlResult:
        async with self.backend.session():
            try:
                async with asyncio.timeout(self.s.time_budget):
                    await self._run_inner()
            except TimeoutError:
                self.collector.warn(
                    f"time budget of {self.s.time_budget:g} s exhausted; pending URLs recorded as out_of_budget"
                )
        self._drain("time budget exhausted")
        self.backend.finish()
        return self.collector.result(self.backend.start)

    def _drain(self, why: str) -> None:
        pending = list(self.in_flight.values())
        self.in_flight.clear()
        while not self.queue.empty():
            pending.append(self.queue.get_nowait())
        for item in sorted(pending):
            self.collector.add(FetchRecord(url=item.url, depth=item.depth, referrer=item.referrer,
                                           outcome="out_of_budget", error=why))


def _manifest(result: CrawlResult, settings: CrawlSettings, backend: Backend) -> dict[str, Any]:
    return {
        **backend.manifest(),
        "crawl_started_at": result.started_at,
        "crawl_finished_at": result.finished_at,
        "settings": settings.model_dump(),
        "stats": result.stats,
        "warnings": result.warnings,
        "hosts": result.hosts,
    }


async def _crawl(backend: Backend, settings: CrawlSettings, writer: SnapshotWriter | None,
                 progress: Progress | None) -> CrawlResult:
    loop = _CrawlLoop(backend, settings, writer, progress)
    try:
        result = await loop.run()
    except BaseException as exc:
        if writer is not None:
            with contextlib.suppress(Exception):  # the writer itself may be what failed
                writer.close({"target": backend.target, "interrupted": one_line(exc)}, complete=False)
        raise
    if writer is not None:
        writer.close(_manifest(result, settings, backend))
    return result


def _run_sync(coro: Coroutine[Any, Any, CrawlResult]) -> CrawlResult:
    """Run a crawl to the end; works even when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def crawl(
    start_url: str,
    settings: CrawlSettings | None = None,
    writer: SnapshotWriter | None = None,
    progress: Progress | None = None,
    slots: HostSlots | None = None,
) -> CrawlResult:
    """Crawl one site from start_url; never raises for network trouble. Closes writer when given."""
    settings = settings or CrawlSettings()
    return await _crawl(HttpBackend(validate_start_url(start_url), settings, slots), settings, writer, progress)


def crawl_sync(
    start_url: str,
    settings: CrawlSettings | None = None,
    writer: SnapshotWriter | None = None,
    progress: Progress | None = None,
) -> CrawlResult:
    """Blocking crawl()."""
    return _run_sync(crawl(start_url, settings, writer, progress))


def crawl_directory(
    path: str | os.PathLike[str],
    settings: CrawlSettings | None = None,
    writer: SnapshotWriter | None = None,
    progress: Progress | None = None,
) -> CrawlResult:
    """Crawl a static site build from ROOT/index.html, through the same loop; missing targets are 404 records."""
    settings = settings or CrawlSettings()
    backend = DirectoryBackend(path, settings.max_bytes)  # ValueError before anything is written
    return _run_sync(_crawl(backend, settings, writer, progress))
