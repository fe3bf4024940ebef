"""Fast link harvesting for the crawl loop: one streaming lxml pass, no tree, no text or table extraction.

The crawl needs a page's outgoing links and nothing else; the full BeautifulSoup extraction
(crawler/extract.py) runs later, on the snapshot, when the evidence is evaluated. On a loopback
benchmark the full extraction was 43% of crawl time (benchmarks/bench_crawl.py). The parser calls us
back per tag instead of building a tree: memory stays flat on a page of 300,000 links, and no nesting
depth limit applies (lxml's tree builder silently dropped everything after 256 levels).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .decode import decode_body
from .extract import DROP_TAGS, REFRESH_URL, kind_of
from ita_rules.urls import canonicalize

MAX_LINKS = 10_000
_TEXT = 200  # characters of link text kept
_FRAMES = ("iframe", "frame", "embed", "object")


@dataclass
class PageLinks:
    """Outgoing links of one HTML page, shaped like the parts of Extracted that follow_links reads."""

    links: list = field(default_factory=list)
    iframes: list[str] = field(default_factory=list)
    meta_refresh: str | None = None
    kind: str = "html"
    error: str | None = None
    links_total: int = 0  # links on the page, kept or not


@dataclass
class _Link:
    url: str | None
    text: str


class _Target:
    """lxml parser target: collects hrefs, frames and the meta refresh as tags stream past."""

    def __init__(self, url: str, max_links: int) -> None:
        self.url, self.base, self.max_links = url, None, max_links
        self.out = PageLinks()
        self.dropped = 0  # open script/style/template elements
        self.anchor: tuple[str, list[str]] | None = None  # href and text parts of the open <a>/<area>
        # Raw hrefs and frame sources, resolved at the end: the first <base> applies wherever it appears.
        self.hrefs: list[tuple[str, str]] = []
        self.frames: list[str] = []
        self.refresh: str | None = None

    def start(self, tag: str, attrib) -> None:
        if tag in DROP_TAGS:
            self.dropped += 1
        if self.dropped:
            return
        if tag in ("a", "area"):
            self._close_anchor()
            href = attrib.get("href")
            if href is not None:
                self.anchor = (href, [])
        elif tag == "base" and self.base is None and attrib.get("href"):
            self.base = canonicalize(attrib["href"], self.url) or self.url
        elif tag == "meta":
            if (attrib.get("http-equiv") or "").strip().lower() == "refresh" and self.refresh is None:
                m = REFRESH_URL.match(attrib.get("content") or "")
                if m and m.group(1).strip():
                    self.refresh = m.group(1).strip()
        elif tag in _FRAMES:
            src = (attrib.get("data") if tag == "object" else attrib.get("src")) or ""
            if src.strip():
                self.frames.append(src)

    def end(self, tag: str) -> None:
        if tag in DROP_TAGS and self.dropped:
            self.dropped -= 1
        elif tag in ("a", "area"):
            self._close_anchor()

    def data(self, text: str) -> None:
        if self.anchor is not None and not self.dropped and sum(map(len, self.anchor[1])) < 4 * _TEXT:
            self.anchor[1].append(text)

    def _close_anchor(self) -> None:
        if self.anchor is None:
            return
        href, parts = self.anchor
        self.anchor = None
        self.out.links_total += 1
        if len(self.hrefs) < self.max_links:
            self.hrefs.append((href, " ".join("".join(parts).split())[:_TEXT]))

    def close(self) -> PageLinks:
        self._close_anchor()
        base = self.base or self.url
        self.out.links = [_Link(canonicalize(href, base), text) for href, text in self.hrefs]
        self.out.iframes = [canonicalize(src, base) or src.strip() for src in self.frames]
        self.out.meta_refresh = canonicalize(self.refresh, base) if self.refresh else None
        return self.out


def harvest(body: bytes, content_type: str | None, url: str, max_links: int = MAX_LINKS) -> PageLinks:
    """Links (the first `max_links`, all counted), frames and meta refresh of an HTML page.

    Comments and script/style/template content contribute nothing.
    """
    kind = kind_of(body, content_type)
    if kind != "html":
        return PageLinks(kind=kind)  # a PDF served as text/html has no links to follow
    text = decode_body(body, content_type).text
    target = _Target(url, max_links)
    parser = etree.HTMLParser(target=target, encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        out = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        out = target.close()
        out.error = f"{type(exc).__name__}: {exc}"
        return out
    # No depth limit applies to a parser target today; should libxml2 ever stop early, say so.
    deep = next((e for e in parser.error_log if "depth" in e.message.lower()), None)
    if deep is not None:
        out.error = f"content after line {deep.line} not read: {deep.message.strip()}"
    return out
