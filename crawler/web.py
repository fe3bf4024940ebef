"""The HTTP fetch backend of the crawl loop: politeness, robots.txt, retries, hand-followed redirects, sitemaps."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx

from crawler.download import ACCEPT_ENCODING, RawResponse, get_once
from crawler.frontier import Collector, Frontier, PageBudget
from crawler.politeness import HostSlots
from crawler.retry import RETRY_STATUSES, is_retryable_exception, one_line, retry_wait
from crawler.robots import RobotsCache, RobotsInfo, origin_of
from crawler.settings import CrawlSettings
from crawler.sitemap import parse_sitemap
from ita_rules.artifacts import FetchRecord
from ita_rules.urls import canonicalize, same_site

ROBOTS_MAX_BYTES = 512 * 1024  # Google reads the first 500 KiB; RFC 9309 asks for at least that
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 section 2.3.1.2
MAX_SITEMAP_DOCS = 25

Fetched = tuple[FetchRecord, "bytes | None"]


def response_fields(record: FetchRecord, resp: RawResponse) -> FetchRecord:
    """The record with what the response said: status, headers, type, time taken."""
    return record.model_copy(update={
        "status": resp.status,
        "headers": resp.headers,
        "content_type": resp.headers.get("content-type"),
        "elapsed_ms": (record.elapsed_ms or 0) + resp.elapsed_ms,
    })


class HttpBackend:
    """Answers the crawl loop's URLs over the network."""

    mode = "http"

    def __init__(self, start: str, settings: CrawlSettings, slots: HostSlots | None = None) -> None:
        self.start = self.target = start
        self.s = settings
        self.workers = settings.max_concurrency
        # A batch passes one HostSlots to every concurrent crawl so per-host limits hold across sites.
        self.slots = slots or HostSlots(settings.per_host_concurrency, settings.delay)
        self.robots = RobotsCache(self._fetch_robots, settings.user_agent, enabled=settings.respect_robots)
        self.scope_roots = [start]
        self.down_hosts: set[str] = set()
        self.client: httpx.AsyncClient | None = None

    def attach(self, collector: Collector, frontier: Frontier, budget: PageBudget) -> None:
        """The loop's collector, frontier and page budget, shared with this backend."""
        self.collector, self.frontier, self.budget = collector, frontier, budget

    def in_scope(self, url: str) -> bool:
        """Same site as the start URL (or as the site it moved to)."""
        return any(same_site(root, url) for root in self.scope_roots)

    def manifest(self) -> dict[str, Any]:
        """What the snapshot's manifest says about this crawl."""
        return {"target": self.start, "mode": self.mode}

    def finish(self) -> None:
        """Nothing to count after an HTTP crawl."""

    @asynccontextmanager
    async def session(self) -> AsyncIterator[None]:
        """One HTTP client for the whole crawl."""
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
            yield

    # -- robots -------------------------------------------------------------

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
            self.collector.warn(f"{info.origin}: robots.txt unavailable ({info.detail}); treated as allow-all")

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
        record = response_fields(record, resp)
        if resp.too_large:
            self.collector.add(record.model_copy(update={"outcome": "too_large", "truncated": True}))
            return None, None, f"robots.txt larger than {ROBOTS_MAX_BYTES} bytes"
        self.collector.add(record, resp.body)
        text = (resp.body or b"").decode("utf-8", "replace").lstrip("\ufeff")
        return resp.status, text, None

    # -- one request, then one URL with its redirects -----------------------------

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
                    resp = await get_once(self.client, url, max_bytes=max_bytes, total_timeout=self.s.fetch_timeout)
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

    async def _refused(self, rec: FetchRecord, url: str, current: str, chain: list[str],
                       is_home: bool) -> FetchRecord | None:
        """Why this hop is not fetched (off-site redirect, robots.txt), or None to go on."""
        if chain and not self.in_scope(current):
            if not is_home:
                self.collector.add_external(current, url, "(redirect)")
                self.collector.counters["offsite_redirects"] += 1
                return rec.model_copy(update={"outcome": "ok", "error": None})
            # The agency moved domains: the new site is the site we were asked to check.
            self.scope_roots.append(current)
            self.collector.warn(f"start URL redirects to another site {current}; crawling it as the same site")
        robots = await self._robots_for(current)
        if not robots.allowed(current, self.robots.token):
            rule = robots.rule_for(current, self.robots.token)  # quoted, so the officer knows which line to fix
            return rec.model_copy(update={
                "outcome": "robots_blocked",
                "error": f"disallowed by {origin_of(current)}/robots.txt" + (f" ({rule})" if rule else ""),
            })
        return None

    def _redirect(self, rec: FetchRecord, current: str, location: str, chain: list[str], visits: Counter[str],
                  set_cookie: bool) -> tuple[FetchRecord | None, str | None]:
        """(final record, None) when the redirect ends the fetch, else (None, the next hop)."""
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
        # A cookie-setting bounce back to the same URL is normal once (session start pages).
        if visits[target] >= (2 if set_cookie else 1):
            loop = " -> ".join(chain + [current, target])
            return rec.model_copy(update={
                "outcome": "redirect_loop", "redirects": chain + [current], "final_url": target,
                "error": f"redirect loop: {loop}"[:2000],
            }), None
        return None, target

    def _answer(self, rec: FetchRecord, resp: RawResponse) -> Fetched:
        """The record and body of a final (non-redirect) response."""
        if resp.too_large:
            size = f" (Content-Length {resp.declared_length})" if resp.declared_length is not None else ""
            return rec.model_copy(update={
                "outcome": "too_large", "truncated": True,
                "error": f"body larger than max_bytes {self.s.max_bytes}{size}",
            }), None
        outcome = "ok" if 200 <= resp.status < 300 else "http_error"
        error = None if outcome == "ok" else f"HTTP {resp.status}"
        return rec.model_copy(update={"outcome": outcome, "error": error}), resp.body

    async def fetch(self, url: str, *, depth: int, referrer: str | None, role: str = "page",
                    is_home: bool = False) -> Fetched:
        """Fetch url following redirects by hand: every hop is scope- and robots-checked and recorded."""
        rec = FetchRecord(url=url, depth=depth, referrer=referrer, role=role, outcome="error", elapsed_ms=0)
        chain: list[str] = []
        visits: Counter[str] = Counter()
        current = url
        while True:
            rec = rec.model_copy(update={"final_url": current, "redirects": list(chain)})
            refused = await self._refused(rec, url, current, chain, is_home)
            if refused is not None:
                return refused, None
            if not chain and role == "page" and not self.budget.take():
                return self.budget.refuse(rec), None
            visits[current] += 1
            resp, attempts, error = await self._request(current, self.s.max_bytes)
            rec = rec.model_copy(update={"attempts": rec.attempts + attempts})
            if resp is None:
                return rec.model_copy(update={"outcome": "error", "error": error, "status": None}), None
            rec = response_fields(rec, resp)
            location = resp.headers.get("location")
            if not (300 <= resp.status < 400 and location):
                return self._answer(rec, resp)
            done, target = self._redirect(rec, current, location, chain, visits, "set-cookie" in resp.headers)
            if done is not None:
                return done, None
            chain.append(current)
            self.frontier.mark_seen(target)
            current = target

    # -- sitemaps -----------------------------------------------------------

    async def _sitemap(self, sm_url: str, declared: bool) -> tuple[list[str], list[str]]:
        """(child sitemaps, in-scope page URLs) of one sitemap document."""
        rec, body = await self.fetch(sm_url, depth=0, referrer=None, role="sitemap")
        self.collector.add(rec, body)
        if body is None or rec.outcome != "ok":
            return [], []
        parsed = parse_sitemap(body, max_bytes=self.s.max_bytes)
        # Only a declared sitemap deserves a warning; a probed /sitemap.xml is often a soft-404 page.
        if parsed.error and declared:
            self.collector.warn(f"{sm_url}: {parsed.error}")
        children = [u for u in (canonicalize(x) for x in parsed.sitemaps) if u and self.in_scope(u)]
        pages = [u for u in (canonicalize(x) for x in parsed.pages) if u and self.in_scope(u)]
        return children, pages

    async def probe(self) -> None:
        """One request for a random path: a site answering it 200 shows the body it gives every dead link."""
        url = origin_of(self.start) + f"/ita-rules-probe-{secrets.token_hex(8)}.html"
        rec, body = await self.fetch(url, depth=0, referrer=None, role="probe")
        self.collector.add(rec, body)

    async def seed(self) -> None:
        """The not-found probe, then the pages the site's sitemaps list (robots.txt's Sitemap lines, else
        /sitemap.xml)."""
        if self.s.probe_not_found:
            await self.probe()
        if not self.s.use_sitemaps:
            return
        info = await self._robots_for(self.start)
        level = [u for u in (canonicalize(x) for x in info.sitemaps) if u and self.in_scope(u)]
        probed = set() if level else {origin_of(self.start) + "/sitemap.xml"}
        level = level or list(probed)
        seen: set[str] = set()
        found = 0
        for _ in range(self.s.sitemap_depth + 1):
            children: list[str] = []
            for sm_url in level:
                if sm_url in seen or len(seen) >= MAX_SITEMAP_DOCS:
                    continue
                seen.add(sm_url)
                more, pages = await self._sitemap(sm_url, sm_url not in probed)
                children += more
                for page in pages:
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
