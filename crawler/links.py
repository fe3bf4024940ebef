"""Fast link harvesting for the crawl loop: lxml only, no text or table extraction.

The crawl needs a page's outgoing links and nothing else; the full BeautifulSoup extraction
(crawler/extract.py) runs later, on the snapshot, when the evidence is evaluated. On a loopback
benchmark the full extraction was 43% of crawl time (benchmarks/bench_crawl.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from .decode import decode_body
from .extract import DROP_TAGS, REFRESH_URL, kind_of
from .urls import canonicalize


@dataclass
class PageLinks:
    """Outgoing links of one HTML page, shaped like the parts of Extracted that follow_links reads."""

    links: list = field(default_factory=list)
    iframes: list[str] = field(default_factory=list)
    meta_refresh: str | None = None
    kind: str = "html"
    error: str | None = None


@dataclass
class _Link:
    url: str | None
    text: str


def harvest(body: bytes, content_type: str | None, url: str) -> PageLinks:
    """Links, frames and meta refresh of an HTML page; comments and script/style contribute nothing."""
    kind = kind_of(body, content_type)
    if kind != "html":
        return PageLinks(kind=kind)  # a PDF served as text/html has no links to follow
    text = decode_body(body, content_type).text
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        return PageLinks(error=f"{type(exc).__name__}: {exc}")
    out = PageLinks()
    base = url
    for b in root.iter("base"):
        href = b.get("href")
        if href:
            base = canonicalize(href, url) or url
            break
    for el in root.iter("a", "area", "iframe", "frame", "embed", "object", "meta"):
        if _dropped(el):
            continue
        tag = el.tag
        if tag in ("a", "area"):
            href = el.get("href")
            if href is not None:
                out.links.append(_Link(canonicalize(href, base), " ".join(el.text_content().split())[:200]))
        elif tag == "meta":
            if (el.get("http-equiv") or "").strip().lower() == "refresh" and out.meta_refresh is None:
                m = REFRESH_URL.match(el.get("content") or "")
                if m and m.group(1).strip():
                    out.meta_refresh = canonicalize(m.group(1).strip(), base)
        else:
            src = (el.get("data") if tag == "object" else el.get("src")) or ""
            if src.strip():
                out.iframes.append(canonicalize(src, base) or src.strip())
    return out


# Comments are dropped by the parser itself: a commented-out menu must not be crawled as live links.
_PARSER = lxml.html.HTMLParser(remove_comments=True, encoding="utf-8")


def _dropped(el) -> bool:
    """Inside a tag whose content never counts (script, style, template, ...)."""
    for anc in el.iterancestors():
        if anc.tag in DROP_TAGS:
            return True
    return False
