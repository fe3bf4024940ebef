"""Sitemap parsing: <urlset> page URLs and <sitemapindex> child sitemaps (gzip allowed)."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field

from lxml import etree


@dataclass
class ParsedSitemap:
    """URLs listed by one sitemap document."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    error: str | None = None


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    d = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = d.decompress(body, max_bytes + 1)
    if len(out) > max_bytes:
        raise ValueError(f"gzipped sitemap inflates beyond {max_bytes} bytes")
    return out


def parse_sitemap(body: bytes, *, max_bytes: int = 50 * 1024 * 1024) -> ParsedSitemap:
    """Parse a sitemap (XML, gzipped XML, or plain-text one-URL-per-line)."""
    try:
        if body[:2] == b"\x1f\x8b":
            body = _gunzip(body, max_bytes)
    except (ValueError, zlib.error, gzip.BadGzipFile) as exc:
        return ParsedSitemap(error=f"{type(exc).__name__}: {exc}")
    head = body.lstrip()[:200].lower()
    if not head.startswith(b"<"):
        # Plain-text sitemaps are allowed by sitemaps.org.
        lines = body.decode("utf-8", "replace").splitlines()
        return ParsedSitemap(pages=[ln.strip() for ln in lines if ln.strip().startswith(("http://", "https://"))])
    if b"<html" in head or b"<!doctype html" in head:
        # Soft-404: many CMSs answer /sitemap.xml with their home page.
        return ParsedSitemap(error="not a sitemap (HTML page)")
    # Entities disabled, no network: sitemaps are untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        return ParsedSitemap(error=f"XMLSyntaxError: {exc}")
    if root is None:
        return ParsedSitemap(error="empty or unparseable sitemap")
    result = ParsedSitemap()
    kind = etree.QName(root).localname.lower()
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname.lower() != "loc":
            continue
        loc = (el.text or "").strip()
        if not loc:
            continue
        parent = el.getparent()
        parent_name = etree.QName(parent).localname.lower() if parent is not None else ""
        if kind == "sitemapindex" or parent_name == "sitemap":
            result.sitemaps.append(loc)
        elif kind == "urlset" or parent_name == "url":
            result.pages.append(loc)
    if kind not in ("urlset", "sitemapindex"):
        result.error = f"unexpected root element <{kind}>"
    return result
