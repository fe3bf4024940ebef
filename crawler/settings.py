"""Crawl settings and result models (polite, bounded defaults for government sites)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ita_rules.artifacts import FetchRecord
from ita_rules.meta import tool_version

# --timeout bounds a whole response; one connect or read gets at most this (a server silent so long is gone).
PER_OPERATION = 15.0
DEFAULT_USER_AGENT = f"ita-rules/{tool_version()} (+https://github.com/ita-rules/ita-rules)"


class CrawlSettings(BaseModel):
    """Politeness, retry and budget knobs for one crawl."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    user_agent: str = DEFAULT_USER_AGENT
    per_host_concurrency: int = Field(2, ge=1)
    max_concurrency: int = Field(4, ge=1)  # total in-flight requests across hosts
    delay: float = Field(0.5, ge=0)  # minimum gap between request starts per host
    max_crawl_delay: float = Field(10.0, ge=0)  # cap on robots Crawl-delay
    respect_robots: bool = True
    timeout: float = Field(15.0, gt=0)  # connect/read/pool timeout per operation
    fetch_timeout: float = Field(60.0, gt=0)  # total per response (--timeout), so slow-drip servers end
    retries: int = Field(3, ge=0)
    backoff_base: float = Field(1.0, ge=0)
    retry_after_cap: float = Field(30.0, ge=0)
    max_redirects: int = Field(10, ge=0)
    max_bytes: int = Field(25 * 1024 * 1024, ge=1)
    max_pages: int = Field(500, ge=1)
    max_depth: int = Field(6, ge=0)
    time_budget: float = Field(300.0, gt=0)
    max_per_pattern: int = Field(30, ge=1)
    trap_free_depth: int = Field(2, ge=0)  # URLs this shallow are never capped by max_per_pattern
    max_url_length: int = Field(2048, ge=64)
    follow_documents: bool = True
    use_sitemaps: bool = True
    probe_not_found: bool = True  # one request for a random path per crawl: what the site answers a dead link
    max_sitemap_urls: int = Field(5000, ge=0)
    sitemap_depth: int = Field(2, ge=0)  # sitemap-index recursion cap
    sitemap_time: float = Field(20.0, gt=0)  # seconds for all sitemaps (at most a quarter of time_budget)
    verify_tls: bool = True

    @classmethod
    def from_options(cls, *, delay: float, concurrency: int, max_pages: int, max_depth: int, time_budget: float,
                     max_mb: float, timeout: float, retries: int, ignore_robots: bool) -> "CrawlSettings":
        """The settings named as `ita check`'s flags and ita.toml's [crawl] keys."""
        return cls(delay=delay, per_host_concurrency=concurrency, max_concurrency=max(concurrency, 4),
                   max_pages=max_pages, max_depth=max_depth, time_budget=time_budget,
                   max_bytes=int(max_mb * 1024 * 1024), timeout=min(timeout, PER_OPERATION), fetch_timeout=timeout,
                   respect_robots=not ignore_robots, retries=retries)


class ExternalLink(BaseModel):
    """A link leaving the site: recorded, never fetched."""

    url: str
    from_page: str
    text: str = ""
    category: str | None = None  # from crawler.urls.classify_external


class CrawlResult(BaseModel):
    """Everything a crawl gathered, with its coverage numbers."""

    start_url: str
    records: list[FetchRecord] = Field(default_factory=list)  # role == "page" only
    aux_records: list[FetchRecord] = Field(default_factory=list)  # robots.txt and sitemaps
    external_links: list[ExternalLink] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    home: FetchRecord | None = None
    stats: dict[str, int] = Field(default_factory=dict)
    hosts: dict[str, Any] = Field(default_factory=dict)  # per origin: robots status, delays
    started_at: str | None = None
    finished_at: str | None = None
