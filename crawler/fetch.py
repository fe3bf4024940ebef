"""Polite, bounded site crawler that records every URL's fate into a snapshot."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import httpx

from crawler.download import ACCEPT_ENCODING, RawResponse, get_once
from crawler.links import harvest
from crawler.frontier import Collector, Frontier, Item, Progress, follow_links
from ita_rules.urls import LOCAL_BASE
from crawler.localsite import crawl_directory
from crawler.politeness import HostSlots
from crawler.retry import RETRY_STATUSES, is_retryable_exception, retry_wait
from crawler.robots import RobotsCache, RobotsInfo, origin_of
from crawler.settings import CrawlResult, CrawlSettings, ExternalLink
from crawler.sitemap import parse_sitemap
from ita_rules.artifacts import FetchRecord
from crawler.snapshot import SnapshotWriter
from ita_rules.urls import canonicalize, same_site, validate_start_url

__all__ = [
    "CrawlResult",
    "CrawlSettings",
    "ExternalLink",
    "LOCAL_BASE",
    "crawl",
    "crawl_directory",
    "crawl_sync",
    "validate_start_url",
]

ROBOTS_MAX_BYTES = 512 * 1024  # Google reads the first 500 KiB; RFC 9309 asks for at least that
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 section 2.3.1.2
MAX_SITEMAP_DOCS = 25
HTML_TYPES = ("text/html", "application/xhtml+xml")


def one_line(exc: BaseException) -> str:
    """'Type: message (root cause)' on a single line, never empty."""
    text = " ".join(str(exc).split())
    # anyio hides the errno ("All connection attempts failed"); the root OSError says what happened.
    cause, root = exc.__cause__ or exc.__context__, None
    for _ in range(10):
        if cause is None:
            break
        if isinstance(cause, OSError) and cause.errno is not None:
            root = cause
        cause = cause.__cause__ or cause.__context__
    if root is not None and f"Errno {root.errno}" not in text:
        text = f"{text} ([Errno {root.errno}] {os.strerror(root.errno)})"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return content_type.split(";")[0].strip().lower() in HTML_TYPES
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


class _Crawler:
    def __init__(self, start: str, settings: CrawlSettings, writer: SnapshotWriter | None, progress: Progress | None,
                 slots: HostSlots | None = None):
        self.start = start
        self.s = settings
        self.collector = Collector(start, writer, progress)
        self.queue: asyncio.PriorityQueue[Item] = asyncio.PriorityQueue()
        self.frontier = Frontier(settings, self.collector, self.queue.put_nowait)
        # A batch passes one HostSlots to every concurrent crawl so per-host limits hold across sites.
        self.slots = slots or HostSlots(settings.per_host_concurrency, settings.delay)
        self.robots = RobotsCache(self._fetch_robots, settings.user_agent, enabled=settings.respect_robots)
        self.scope_roots = [start]
        self.pages_reserved = 0
        self.in_flight: dict[int, Item] = {}
        self.down_hosts: set[str] = set()
        self.fatal: BaseException | None = None
        self.fatal_event = asyncio.Event()
        self.client: httpx.AsyncClient | None = None

    # -- scope and policy -------------------------------------------------

    def in_scope(self, url: str) -> bool:
        return any(same_site(root, url) for root in self.scope_roots)

    async def _robots_for(self, url: str) -> RobotsInfo:
        info = await self.robots.get(url)
        if info.origin not in self.collector.hosts:
            self._register_host(info)
        return info

    def _register_host(self, info: RobotsInfo) -> None:
        host = urlsplit(info.origin).hostname or ""
        entry = info.summary()
        capped = False
        if info.crawl_delay is not None:
            applied = min(info.crawl_delay, self.s.max_crawl_delay)
            capped = info.crawl_delay > self.s.max_crawl_delay
            self.slots.set_delay(host, applied)
            if capped:
                self.collector.warn(
                    f"{info.origin}: robots Crawl-delay {info.crawl_delay:g} s capped at max_crawl_delay "
                    f"{self.s.max_crawl_delay:g} s"
                )
        entry["delay_applied"] = self.slots.delay(host)
        entry["crawl_delay_capped"] = capped
        self.collector.hosts[info.origin] = entry
        if info.status in ("unavailable", "error"):
            self.collector.warn(
                f"{info.origin}: robots.txt unavailable ({info.detail}); treated as allow-all"
            )

    # -- network -----------------------------------------------------------

    async def _request(self, url: str, max_bytes: int) -> tuple[RawResponse | None, int, str | None]:
        """One URL with our retry policy; returns (response, attempts, error)."""
        assert self.client is not None
        host = urlsplit(url).hostname or ""
        # A host that already refused every retry gets one try per URL, not another backoff series.
        retries = 0 if host in self.down_hosts else self.s.retries
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self.slots.slot(host):
                    resp = await get_once(
                        self.client, url, max_bytes=max_bytes, total_timeout=self.s.fetch_timeout
                    )
            except Exception as exc:  # any transport/decoding failure becomes a recorded error
                if is_retryable_exception(exc) and attempt <= retries:
                    self.slots.defer(host, retry_wait(attempt - 1, None, base=self.s.backoff_base,
                                                      cap=self.s.retry_after_cap))
                    continue
                if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                    self.down_hosts.add(host)
                return None, attempt, one_line(exc)
            self.down_hosts.discard(host)
            if resp.status in RETRY_STATUSES and attempt <= retries:
                # The whole host waits, not only this URL: the server asked us to slow down.
                self.slots.defer(host, retry_wait(attempt - 1, resp.headers.get("retry-after"),
                                                  base=self.s.backoff_base, cap=self.s.retry_after_cap))
                continue
            return resp, attempt, None

    async def _fetch_robots(self, origin: str) -> tuple[int | None, str | None, str | None]:
        url = origin + "/robots.txt"
        hops: list[str] = []
        attempts = 0
        for _ in range(ROBOTS_MAX_REDIRECTS + 1):
            resp, n, error = await self._request(url, ROBOTS_MAX_BYTES)
            attempts += n
            if resp is not None and 300 <= resp.status < 400 and "location" in resp.headers:
                target = canonicalize(resp.headers["location"], url)
                if target is None:
                    error = f"invalid robots.txt redirect Location {resp.headers['location']!r}"
                    resp = None
                else:
                    hops.append(url)
                    url = target
                    continue
            break
        else:
            error = f"robots.txt redirected more than {ROBOTS_MAX_REDIRECTS} times"
            resp = None
        record = FetchRecord(
            url=origin + "/robots.txt", final_url=url, redirects=hops, role="robots", attempts=attempts,
            outcome="error" if resp is None else ("ok" if resp.status < 400 else "http_error"), error=error,
        )
        if resp is None:
            self.collector.add(record)
            return None, None, error
        record = self._response_fields(record, resp)
        if resp.too_large:
            self.collector.add(record.model_copy(update={"outcome": "too_large", "truncated": True}))
            return None, None, f"robots.txt larger than {ROBOTS_MAX_BYTES} bytes"
        self.collector.add(record, resp.body)
        text = (resp.body or b"").decode("utf-8", "replace").lstrip("\ufeff")
        return resp.status, text, None

    @staticmethod
    def _response_fields(record: FetchRecord, resp: RawResponse) -> FetchRecord:
        return record.model_copy(update={
            "status": resp.status,
            "headers": resp.headers,
            "content_type": resp.headers.get("content-type"),
            "elapsed_ms": (record.elapsed_ms or 0) + resp.elapsed_ms,
        })

    async def _fetch_chain(
        self, url: str, *, depth: int, referrer: str | None, role: str = "page", is_home: bool = False
    ) -> tuple[FetchRecord, bytes | None]:
        """Fetch url following redirects by hand: every hop is scope- and robots-checked and recorded."""
        rec = FetchRecord(url=url, depth=depth, referrer=referrer, role=role, outcome="error", elapsed_ms=0)
        chain: list[str] = []
        visits: Counter[str] = Counter()
        current = url
        while True:
            rec = rec.model_copy(update={"final_url": current, "redirects": list(chain)})
            if chain and not self.in_scope(current):
                if is_home:
                    # The agency moved domains: the new site is the site we were asked to check.
                    self.scope_roots.append(current)
                    self.collector.warn(f"start URL redirects to another site {current}; crawling it as the same site")
                else:
                    self.collector.add_external(current, url, "(redirect)")
                    self.collector.counters["offsite_redirects"] += 1
                    return rec.model_copy(update={"outcome": "ok", "error": None}), None
            robots = await self._robots_for(current)
            if not robots.allowed(current, self.robots.token):
                rule = robots.rule_for(current, self.robots.token)
                return rec.model_copy(update={
                    "outcome": "robots_blocked",
                    "error": f"disallowed by {origin_of(current)}/robots.txt" + (f" ({rule})" if rule else ""),
                }), None
            if not chain and role == "page":
                if self.pages_reserved >= self.s.max_pages:
                    return self._over_page_budget(rec), None
                self.pages_reserved += 1
            visits[current] += 1
            resp, attempts, error = await self._request(current, self.s.max_bytes)
            rec = rec.model_copy(update={"attempts": rec.attempts + attempts})
            if resp is None:
                return rec.model_copy(update={"outcome": "error", "error": error, "status": None}), None
            rec = self._response_fields(rec, resp)
            location = resp.headers.get("location")
            if 300 <= resp.status < 400 and location:
                target = canonicalize(location, current)
                if target is None:
                    return rec.model_copy(update={
                        "outcome": "http_error", "error": f"redirect to an uncrawlable Location {location!r}",
                    }), None
                if len(chain) >= self.s.max_redirects:
                    return rec.model_copy(update={
                        "outcome": "too_many_redirects", "redirects": chain + [current], "final_url": target,
                        "error": f"more than {self.s.max_redirects} redirects",
                    }), None
                set_cookie = "set-cookie" in resp.headers
                # A cookie-setting bounce back to the same URL is normal once (session start pages).
                if visits[target] >= (2 if set_cookie else 1):
                    loop = " -> ".join(chain + [current, target])
                    return rec.model_copy(update={
                        "outcome": "redirect_loop", "redirects": chain + [current], "final_url": target,
                        "error": f"redirect loop: {loop}"[:2000],
                    }), None
                chain.append(current)
                self.frontier.mark_seen(target)
                current = target
                continue
            if resp.too_large:
                size = f" (Content-Length {resp.declared_length})" if resp.declared_length is not None else ""
                return rec.model_copy(update={
                    "outcome": "too_large", "truncated": True,
                    "error": f"body larger than max_bytes {self.s.max_bytes}{size}",
                }), None
            outcome = "ok" if 200 <= resp.status < 300 else "http_error"
            error = None if outcome == "ok" else f"HTTP {resp.status}"
            return rec.model_copy(update={"outcome": outcome, "error": error}), resp.body

    def _over_page_budget(self, rec: FetchRecord) -> FetchRecord:
        self.collector.warn(f"page budget max_pages {self.s.max_pages} reached; remaining URLs not fetched")
        return rec.model_copy(update={
            "outcome": "out_of_budget", "final_url": None, "error": f"max_pages {self.s.max_pages} reached",
        })

    # -- crawl loop ----------------------------------------------------------

    async def _process(self, item: Item) -> None:
        if self.pages_reserved >= self.s.max_pages:
            rec = FetchRecord(url=item.url, depth=item.depth, referrer=item.referrer, outcome="out_of_budget")
            self.collector.add(self._over_page_budget(rec))
            return
        is_home = item.url == self.start
        rec, body = await self._fetch_chain(item.url, depth=item.depth, referrer=item.referrer, is_home=is_home)
        if is_home and rec.outcome == "robots_blocked":
            self.collector.warn(f"home page {item.url} is disallowed by robots.txt; nothing below it was crawled")
        elif is_home and rec.outcome not in ("ok",):
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
                     self.in_scope)

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
                    return
            self.in_flight.pop(wid, None)
            self.queue.task_done()

    async def _seed_sitemaps(self) -> None:
        info = await self._robots_for(self.start)
        candidates = [u for u in (canonicalize(x) for x in info.sitemaps) if u and self.in_scope(u)]
        probed: set[str] = set()
        if not candidates:
            candidates = [origin_of(self.start) + "/sitemap.xml"]
            probed.update(candidates)
        seen: set[str] = set()
        level = candidates
        found = 0
        for _ in range(self.s.sitemap_depth + 1):
            children: list[str] = []
            for sm_url in level:
                if sm_url in seen or len(seen) >= MAX_SITEMAP_DOCS:
                    continue
                seen.add(sm_url)
                rec, body = await self._fetch_chain(sm_url, depth=0, referrer=None, role="sitemap")
                self.collector.add(rec, body)
                if body is None or rec.outcome != "ok":
                    continue
                parsed = parse_sitemap(body, max_bytes=self.s.max_bytes)
                # Only a declared sitemap deserves a warning; a probed /sitemap.xml is often a soft-404 page.
                if parsed.error and sm_url not in probed:
                    self.collector.warn(f"{sm_url}: {parsed.error}")
                children += [u for u in (canonicalize(x) for x in parsed.sitemaps) if u and self.in_scope(u)]
                for loc in parsed.pages:
                    page = canonicalize(loc)
                    if not page or not self.in_scope(page):
                        continue
                    if found >= self.s.max_sitemap_urls:
                        self.collector.warn(f"sitemap lists more than {self.s.max_sitemap_urls} URLs; rest ignored")
                        break
                    if self.frontier.offer(page, 1, sm_url, via="sitemap"):
                        found += 1
            level = children
            if not level:
                break
        else:
            if level:
                self.collector.warn(f"sitemap index nesting deeper than {self.s.sitemap_depth}; not followed")
        self.collector.counters["sitemap_urls"] += found

    async def _run_inner(self) -> None:
        self.frontier.offer(self.start, 0, None, via="start")
        if self.s.use_sitemaps:
            await self._seed_sitemaps()
        workers = [asyncio.create_task(self._worker(i)) for i in range(self.s.max_concurrency)]
        waiters = [asyncio.create_task(self.queue.join()), asyncio.create_task(self.fatal_event.wait())]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in workers + waiters:
                t.cancel()
            await asyncio.gather(*workers, *waiters, return_exceptions=True)
        if self.fatal is not None:
            raise self.fatal

    async def run(self) -> CrawlResult:
        limits = httpx.Limits(max_connections=self.s.max_concurrency * 2,
                              max_keepalive_connections=self.s.max_concurrency)
        headers = {
            "User-Agent": self.s.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "th,en;q=0.8",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        async with httpx.AsyncClient(headers=headers, timeout=httpx.Timeout(self.s.timeout), limits=limits,
                                     follow_redirects=False, verify=self.s.verify_tls) as client:
            self.client = client
            try:
                async with asyncio.timeout(self.s.time_budget):
                    await self._run_inner()
            except TimeoutError:
                self.collector.warn(
                    f"time budget of {self.s.time_budget:g} s exhausted; pending URLs recorded as out_of_budget"
                )
        self._drain("time budget exhausted")
        return self.collector.result(self.start)

    def _drain(self, why: str) -> None:
        pending = list(self.in_flight.values())
        self.in_flight.clear()
        while not self.queue.empty():
            pending.append(self.queue.get_nowait())
        for item in sorted(pending):
            self.collector.add(FetchRecord(url=item.url, depth=item.depth, referrer=item.referrer,
                                           outcome="out_of_budget", error=why))


def _manifest(result: CrawlResult, settings: CrawlSettings, mode: str) -> dict[str, Any]:
    return {
        "target": result.start_url,
        "mode": mode,
        "crawl_started_at": result.started_at,
        "crawl_finished_at": result.finished_at,
        "settings": settings.model_dump(),
        "stats": result.stats,
        "warnings": result.warnings,
        "hosts": result.hosts,
    }


async def crawl(
    start_url: str,
    settings: CrawlSettings | None = None,
    writer: SnapshotWriter | None = None,
    progress: Progress | None = None,
    slots: HostSlots | None = None,
) -> CrawlResult:
    """Crawl one site from start_url; never raises for network trouble. Closes writer when given."""
    settings = settings or CrawlSettings()
    start = validate_start_url(start_url)
    crawler = _Crawler(start, settings, writer, progress, slots)
    try:
        result = await crawler.run()
    except BaseException as exc:
        if writer is not None:
            with contextlib.suppress(Exception):  # the writer itself may be what failed
                writer.close({"target": start, "interrupted": one_line(exc)}, complete=False)
        raise
    if writer is not None:
        writer.close(_manifest(result, settings, "http"))
    return result


def crawl_sync(
    start_url: str,
    settings: CrawlSettings | None = None,
    writer: SnapshotWriter | None = None,
    progress: Progress | None = None,
) -> CrawlResult:
    """Blocking crawl(); works even when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(crawl(start_url, settings, writer, progress))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, crawl(start_url, settings, writer, progress)).result()
