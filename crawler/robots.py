"""robots.txt cache: one fetch per origin, parsed with protego (stdlib ignores wildcards)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Awaitable, Callable
from urllib.parse import unquote, urlsplit

from protego import Protego


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL (robots.txt scope, RFC 9309)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def product_token(user_agent: str) -> str:
    """The UA's product name, which is what robots groups match against."""
    return (user_agent.split("/", 1)[0].split() or ["*"])[0].lower()


@dataclass
class RobotsInfo:
    """What we learnt from one origin's robots.txt."""

    origin: str
    status: str  # "ok", "missing", "unavailable", "error", "disabled"
    http_status: int | None = None
    detail: str | None = None
    parser: Protego | None = None
    crawl_delay: float | None = None
    sitemaps: list[str] = field(default_factory=list)
    text: str = ""

    def rule_for(self, url: str, token: str) -> str | None:
        """The robots.txt line that decides `url` for `token` ("Disallow: /files/"), to quote when it blocks."""
        return deciding_rule(self.text, url, token) if self.parser is not None else None

    def allowed(self, url: str, token: str) -> bool:
        """True when robots permits token to fetch url (everything is allowed without rules)."""
        return self.parser is None or self.parser.can_fetch(url, token)

    def summary(self) -> dict:
        """JSON-able description for reports and the manifest."""
        return {
            "status": self.status,
            "http_status": self.http_status,
            "detail": self.detail,
            "crawl_delay": self.crawl_delay,
            "sitemaps": self.sitemaps,
        }


def _groups(text: str) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """(user agents, [(field, path)]) per group of a robots.txt, in file order."""
    groups: list[tuple[list[str], list[tuple[str, str]]]] = []
    in_agents = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if not in_agents:
                groups.append(([], []))
            groups[-1][0].append(value.lower())
            in_agents = True
        elif key in ("allow", "disallow") and groups:
            groups[-1][1].append((key, value))
            in_agents = False
        elif key:
            in_agents = False
    return groups


def _matches(pattern: str, path: str) -> bool:
    rx = "".join(".*" if c == "*" else "$" if c == "$" and i == len(pattern) - 1 else re.escape(c)
                 for i, c in enumerate(pattern))
    return re.match(rx, path) is not None


def deciding_rule(text: str, url: str, token: str) -> str | None:
    """RFC 9309: the longest matching rule of the token's groups (else the * groups); None when none matches."""
    parts = urlsplit(url)
    path = unquote(parts.path or "/") + (f"?{unquote(parts.query)}" if parts.query else "")
    groups = _groups(text)
    mine = [g for g in groups if any(a != "*" and a in token for a in g[0])] or [g for g in groups if "*" in g[0]]
    rules = [(f, p) for g in mine for f, p in g[1] if p and _matches(unquote(p), path)]
    if not rules:
        return None
    field_, pattern = max(rules, key=lambda r: (len(r[1]), r[0] == "allow"))
    return f"{field_.capitalize()}: {pattern}"


# (status, text or None, error message or None) for robots.txt of an origin.
RobotsFetcher = Callable[[str], Awaitable[tuple[int | None, str | None, str | None]]]


def interpret(origin: str, status: int | None, text: str | None, error: str | None, token: str) -> RobotsInfo:
    """Turn a robots.txt fetch result into a policy (4xx = allow all; 5xx/unreachable = allow + warn)."""
    if error is not None or status is None:
        return RobotsInfo(origin, "error", None, detail=error)
    if 200 <= status < 300:
        parser = Protego.parse(text or "")
        return RobotsInfo(
            origin,
            "ok",
            status,
            parser=parser,
            crawl_delay=parser.crawl_delay(token),
            sitemaps=list(parser.sitemaps),
            text=text or "",
        )
    if 400 <= status < 500 and status != 429:
        return RobotsInfo(origin, "missing", status)
    return RobotsInfo(origin, "unavailable", status, detail=f"robots.txt answered HTTP {status}")


class RobotsCache:
    """Fetches robots.txt at most once per origin, even with concurrent callers."""

    def __init__(self, fetcher: RobotsFetcher, user_agent: str, *, enabled: bool = True) -> None:
        self.fetcher = fetcher
        self.token = product_token(user_agent)
        self.enabled = enabled
        self._info: dict[str, RobotsInfo] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def get(self, url: str) -> RobotsInfo:
        """Policy for the URL's origin, fetching robots.txt the first time."""
        origin = origin_of(url)
        if not self.enabled:
            return RobotsInfo(origin, "disabled")
        if origin in self._info:
            return self._info[origin]
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._info:
                status, text, error = await self.fetcher(origin)
                self._info[origin] = interpret(origin, status, text, error, self.token)
        return self._info[origin]

    async def allowed(self, url: str) -> bool:
        """True when url may be fetched."""
        return (await self.get(url)).allowed(url, self.token)

    def known(self) -> dict[str, RobotsInfo]:
        """Origins fetched so far."""
        return dict(self._info)
