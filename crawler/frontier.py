"""URL frontier (dedup, depth/trap/size guards, priority) and the result collector."""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote, urlsplit

from crawler.settings import CrawlResult, CrawlSettings, ExternalLink
from ita_rules.artifacts import FETCHED_OUTCOMES, FetchRecord
from crawler.snapshot import SnapshotWriter, sha256_hex
from ita_rules.meta import utc_now
from ita_rules.urls import PICTURE_EXTENSIONS, canonicalize, classify_external
from crawler.urls import path_pattern, viewed_document

DOCUMENT_EXTENSIONS = frozenset(
    "pdf doc docx xls xlsx ppt pptx odt ods odp rtf csv".split()
)
# Not evidence pages and often large: recorded as links on their parent page, never fetched.
MEDIA_EXTENSIONS = PICTURE_EXTENSIONS | frozenset(
    "mp3 mp4 m4a wav avi mov wmv flv mkv webm "
    "zip rar 7z gz tgz bz2 tar exe msi dmg iso apk css js woff woff2 ttf eot".split()
)
# Sitemap-listed URLs rank after linked pages up to depth 2, so a huge sitemap
# cannot starve the menu -> OIT index -> item path within the page budget.
SITEMAP_RANK = 2.5
# Refusals past these are counted in the stats instead of written one record each: a page of 300,000
# links wrote a 138 MB snapshot of records for URLs nobody fetched.
MAX_SKIP_RECORDS = 2_000
MAX_EXTERNAL = 20_000

Progress = Callable[[FetchRecord, dict], None]


def extension(url: str) -> str:
    """Lower-case file extension of the URL path ('' if none)."""
    path = unquote(urlsplit(url).path)
    return posixpath.splitext(path)[1].lstrip(".").lower()


def dedup_key(url: str) -> str:
    """Identity of a canonical URL within one site: http/https and www/bare variants are one page."""
    rest = url.split("://", 1)[-1]
    return rest[4:] if rest.startswith("www.") else rest


@dataclass(order=True)
class Item:
    """One URL waiting to be fetched."""

    rank: float
    seq: int
    url: str = field(compare=False)
    depth: int = field(compare=False, default=0)
    referrer: str | None = field(compare=False, default=None)
    via: str = field(compare=False, default="link")  # link | frame | sitemap | refresh | start


class Collector:
    """Accumulates records, external links, warnings and stats; mirrors records to the snapshot."""

    def __init__(self, start_url: str, writer: SnapshotWriter | None, progress: Progress | None) -> None:
        self.start_url = start_url
        self.writer = writer
        self.progress = progress
        self.records: list[FetchRecord] = []
        self.aux: list[FetchRecord] = []
        self.external: dict[tuple[str, str, str], ExternalLink] = {}
        self.warnings: list[str] = []
        self.counters: Counter[str] = Counter()
        self.hosts: dict[str, dict] = {}
        self.started_at = utc_now()

    def add(self, record: FetchRecord, body: bytes | None = None) -> FetchRecord:
        """Store a record (and body), update stats, report progress."""
        if self.writer is not None:
            record = self.writer.add(record, body)
        elif body is not None:
            record = record.model_copy(update={"sha256": sha256_hex(body), "size": len(body)})
        if record.role == "page":
            self.records.append(record)
            self.counters[record.outcome] += 1
            if record.outcome in FETCHED_OUTCOMES:
                self.counters["fetched"] += 1
        else:
            self.aux.append(record)
        if self.progress is not None:
            try:
                self.progress(record, self.stats())
            except Exception as exc:  # a broken progress display must not lose or duplicate records
                self.progress = None
                self.warn(f"progress callback disabled after error: {type(exc).__name__}: {exc}")
        return record

    def add_external(self, url: str, from_page: str, text: str | None) -> None:
        """Remember an out-of-scope link (deduplicated by url, page and text)."""
        text = " ".join((text or "").split())[:300]
        key = (url, from_page, text)
        if key not in self.external and len(self.external) >= MAX_EXTERNAL:
            self.counters["external_unrecorded"] += 1
        elif key not in self.external:
            self.external[key] = ExternalLink(url=url, from_page=from_page, text=text, category=classify_external(url))

    def warn(self, message: str) -> None:
        """Add a coverage warning once."""
        if message not in self.warnings:
            self.warnings.append(message)

    def stats(self) -> dict[str, int]:
        """Coverage numbers: outcome counts plus guard counters."""
        c = self.counters
        base = {
            "fetched": c["fetched"],
            "ok": c["ok"],
            "http_error": c["http_error"],
            "errors": c["error"] + c["redirect_loop"] + c["too_many_redirects"],
            "robots_blocked": c["robots_blocked"],
            "too_large": c["too_large"],
            "skipped_trap": c["skipped_trap"],
            "out_of_budget": c["out_of_budget"],
            "external": len({k[0] for k in self.external}),
        }
        extra = {k: v for k, v in c.items() if k not in base and k not in ("error",)}
        return {**base, **dict(sorted(extra.items()))}

    def result(self, home_url: str) -> CrawlResult:
        """Freeze into a CrawlResult."""
        home = next((r for r in self.records if r.url == home_url), None)
        return CrawlResult(
            start_url=self.start_url,
            records=self.records,
            aux_records=self.aux,
            external_links=list(self.external.values()),
            warnings=self.warnings,
            home=home,
            stats=self.stats(),
            hosts=self.hosts,
            started_at=self.started_at,
            finished_at=utc_now(),
        )


class PageBudget:
    """max_pages: every page fetch takes one page; once they are spent, the rest are recorded, not fetched."""

    def __init__(self, max_pages: int, collector: Collector) -> None:
        self.max_pages = max_pages
        self.collector = collector
        self.taken = 0

    @property
    def spent(self) -> bool:
        """No page left."""
        return self.taken >= self.max_pages

    def take(self) -> bool:
        """Take one page; False when none is left."""
        if self.spent:
            return False
        self.taken += 1
        return True

    def refuse(self, rec: FetchRecord) -> FetchRecord:
        """The record of a URL left unfetched because the budget is spent (with a warning, once)."""
        self.collector.warn(f"page budget max_pages {self.max_pages} reached; remaining URLs not fetched")
        return rec.model_copy(update={
            "outcome": "out_of_budget", "final_url": None, "error": f"max_pages {self.max_pages} reached",
        })


def max_pending(settings: CrawlSettings) -> int:
    """URLs waiting in the queue at most: more than the page budget can ever fetch, far fewer than a flood."""
    return max(4 * settings.max_pages, 1_000)


class Frontier:
    """Decides which discovered URLs get queued; every refusal that loses coverage is recorded or counted."""

    def __init__(self, settings: CrawlSettings, collector: Collector, push: Callable[[Item], None],
                 pending: Callable[[], int] | None = None) -> None:
        self.settings = settings
        self.collector = collector
        self.push = push
        self.pending = pending  # how many URLs wait in the queue now
        self.seen: set[str] = set()
        self.pattern_counts: Counter[str] = Counter()
        self._seq = 0
        self._skips = 0

    def mark_seen(self, url: str) -> None:
        """Treat url as handled (e.g. a redirect target already fetched)."""
        self.seen.add(dedup_key(url))

    def offer(self, url: str, depth: int, referrer: str | None, via: str = "link") -> bool:
        """Queue a canonical in-scope URL unless seen or guarded; returns True if queued."""
        # Sites mix http:// and www. links to themselves; fetching each variant would halve the budget.
        key = dedup_key(url)
        if key in self.seen:
            return False
        s = self.settings
        if self.pending is not None and self.pending() >= max_pending(s):
            self.collector.counters["not_queued"] += 1  # not marked seen: a later offer may find room
            return False
        self.seen.add(key)
        ext = extension(url)
        if ext in MEDIA_EXTENSIONS:
            self.collector.counters["media_not_fetched"] += 1
            return False
        if ext in DOCUMENT_EXTENSIONS and not s.follow_documents:
            self.collector.counters["documents_not_followed"] += 1
            return False
        if len(url) > s.max_url_length:
            why = f"URL longer than {s.max_url_length} characters"
            self.collector.warn(f"trap guard: URLs longer than {s.max_url_length} characters skipped")
            self._skip(url, depth, referrer, "skipped_trap", why)
            return False
        if depth > s.max_depth:
            self._skip(url, depth, referrer, "out_of_budget", f"depth {depth} beyond max_depth {s.max_depth}")
            return False
        pattern = path_pattern(url)
        # Links from the home page and its menus (shallow) are never traps: on CMSs whose pages differ
        # only by an id (Dungbhumi /detail/id/N/menu/M) those are exactly the OIT pages we came for.
        # Documents link nowhere, so they cannot spin a trap; an LAO site keeps hundreds of them under one
        # pattern (/datacenter/doc_download/a_150125_103052.pdf) and max_pages still bounds them.
        if (depth > s.trap_free_depth and ext not in DOCUMENT_EXTENSIONS
                and self.pattern_counts[pattern] >= s.max_per_pattern):
            self.collector.warn(f"trap guard: pattern {pattern} capped at {s.max_per_pattern} URLs")
            self._skip(url, depth, referrer, "skipped_trap", f"more than {s.max_per_pattern} URLs match {pattern}")
            return False
        self.pattern_counts[pattern] += 1
        self._seq += 1
        rank = SITEMAP_RANK if via == "sitemap" else float(depth)
        self.push(Item(rank, self._seq, url, depth, referrer, via))
        return True

    def _skip(self, url: str, depth: int, referrer: str | None, outcome: str, why: str) -> None:
        if self._skips >= MAX_SKIP_RECORDS:
            self.collector.counters[f"{outcome}_unrecorded"] += 1
            return
        self._skips += 1
        self.collector.add(FetchRecord(url=url, depth=depth, referrer=referrer, outcome=outcome, error=why))


def follow_links(
    extracted,
    page_url: str,
    base_url: str,
    depth: int,
    frontier: Frontier,
    collector: Collector,
    in_scope: Callable[[str], bool],
) -> None:
    """Queue in-scope links of a parsed HTML page, record external ones; meta refresh acts like a redirect."""
    total = getattr(extracted, "links_total", 0)
    if total > len(extracted.links):
        collector.counters["links_not_followed"] += total - len(extracted.links)
        collector.warn(f"{page_url}: the page has {total:,} links; the first {len(extracted.links):,} were followed")
    for link in extracted.links:
        url = link.url
        if not url or not url.startswith(("http://", "https://")):
            continue
        if in_scope(url):
            frontier.offer(url, depth + 1, page_url)
        else:
            collector.add_external(url, page_url, link.text)
    # Frames and in-site iframes carry navigation on legacy sites; outside ones are embeds (YouTube, Docs viewer).
    for src in getattr(extracted, "iframes", None) or []:
        if not src.startswith(("http://", "https://")):
            continue
        if in_scope(src):
            frontier.offer(src, depth + 1, page_url, via="frame")
        else:
            collector.add_external(src, page_url, "(iframe)")
        # A PDF.js or Docs viewer frame names its document in the query: fetch the document itself too.
        inner = viewed_document(src)
        if inner and inner != src and in_scope(inner):
            frontier.offer(inner, depth + 1, page_url, via="frame")
    refresh = getattr(extracted, "meta_refresh", None)
    target = canonicalize(refresh, base_url) if refresh else None
    if target:
        if in_scope(target):
            # Same depth: a refresh is a redirect in disguise, not a step deeper into the site.
            frontier.offer(target, depth, page_url, via="refresh")
        else:
            collector.add_external(target, page_url, "(meta refresh)")
