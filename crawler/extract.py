"""Parse fetched documents into one `Extracted` model: HTML here, the rest in crawler/documents.py; never raises."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from typing import Any

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    MarkupResemblesLocatorWarning,
    ProcessingInstruction,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.element import CData, NavigableString

from crawler.decode import decode_body
from crawler.documents import MAX_TABLE_ROWS, clean, read_docx, read_pdf, read_text, read_xlsx
from crawler.limits import DEFAULT, ReadLimits, cap_text
from ita_rules.artifacts import Extracted, Form, Link
from ita_rules.urls import canonicalize

__all__ = ["Extracted", "Form", "Link", "extract"]

MAX_CONTEXT = 300


def _short(s: str, limit: int = MAX_CONTEXT) -> str:
    s = clean(s)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- HTML

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
DROP_TAGS = ("script", "style", "template")
_NAV_ROLES = {"navigation", "menubar", "menu"}
_NAV_WORDS = ("menu", "nav")
_NAV_CLASSED = {"ul", "ol", "div", "section", "aside"}
_HEADER_TOKENS = {"header", "site-header", "page-header-top", "masthead", "topbar", "top-bar"}
# Only block boundaries become line breaks: Thai has no spaces between words, so inline spans must join as-is.
_BLOCK = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
          "section", "article", "main", "header", "footer", "nav", "aside", "dd", "dt", "blockquote", "pre", "form",
          "details", "summary", "figure", "figcaption", "noscript", "option", "hr", "address", "fieldset", "legend"}
REFRESH_URL = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)["']?\s*$""", re.IGNORECASE)


def _attr(tag: Tag, name: str) -> str:
    v = tag.get(name)
    if isinstance(v, list):
        return " ".join(v)
    return v or ""


def _is_nav(tag: Tag) -> bool:
    if tag.name in ("nav", "header") or _attr(tag, "role").lower() in _NAV_ROLES:
        return True
    if tag.name in _NAV_CLASSED:
        tokens = (_attr(tag, "class") + " " + _attr(tag, "id")).lower().split()
        # "header" only as a whole token: Bootstrap's "card-header" wraps accordion titles, which are content.
        return any(w in t for t in tokens for w in _NAV_WORDS) or any(t in _HEADER_TOKENS for t in tokens)
    return False


def _anchor_text(a: Tag) -> str:
    text = clean(a.get_text(" "))
    if text:
        return text
    # Image-only banner links ("ITA 2568" banners) carry their meaning in alt/title, if anywhere.
    for img in a.find_all(["img", "input"]):
        alt = clean(_attr(img, "alt")) or clean(_attr(img, "title"))
        if alt:
            return alt
    return clean(_attr(a, "title")) or clean(_attr(a, "aria-label"))


def _row_text(row: Tag) -> str:
    cells = [clean(c.get_text(" ")) for c in row.find_all(["td", "th"])]
    return " | ".join(c for c in cells if c) or clean(row.get_text(" "))


def _context(a: Tag, heading: str) -> str:
    for parent in a.parents:
        if parent.name in ("tr", "li"):
            text = _row_text(parent) if parent.name == "tr" else clean(parent.get_text(" "))
            if text:
                return _short(text)
            break  # an image-only row or item says nothing; the section heading still does
    return _short(heading)


def _tables(soup: BeautifulSoup) -> list[list[list[str]]]:
    out: list[list[list[str]]] = []
    for table in soup.find_all("table"):
        rows: list[list[str]] = []
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue  # rows of a nested table belong to that table
            cells = [clean(c.get_text(" ")) for c in tr.find_all(["td", "th"]) if c.find_parent("tr") is tr]
            if any(cells):
                rows.append(cells)
            if len(rows) >= MAX_TABLE_ROWS:
                break
        if rows:
            out.append(rows)
    return out


_BLOCK_END = object()
_NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)


def _visible_text(root: Tag) -> str:
    parts: list[str] = []
    # Explicit stack: broken pages nest hundreds of unclosed divs, deeper than Python's recursion limit.
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if node is _BLOCK_END:
            parts.append("\n")
        elif isinstance(node, Tag):
            if node.name in _BLOCK:
                parts.append("\n")
                stack.append(_BLOCK_END)
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, _NOT_TEXT):
            parts.append(str(node))
    lines = (clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _refresh_target(soup: BeautifulSoup, base: str) -> str | None:
    for meta in soup.find_all("meta"):
        if _attr(meta, "http-equiv").strip().lower() != "refresh":
            continue
        m = REFRESH_URL.match(_attr(meta, "content"))
        if m and m.group(1).strip():
            return canonicalize(m.group(1).strip(), base)
    return None


def _soup(text: str) -> BeautifulSoup:
    """Parsed HTML without comments and without the tags that carry no page content."""
    with warnings.catch_warnings():
        # XHTML pages with an XML declaration trigger bs4 advice we deliberately ignore: lxml's HTML parser copes.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    # Commented-out menus are a real trap: comments must contribute neither links nor text.
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    return soup


def _headings_and_links(soup: BeautifulSoup, base: str) -> tuple[list[str], list[Link]]:
    """Headings in order, and every link with the heading it sits under."""
    headings: list[str] = []
    links: list[Link] = []
    heading = ""
    for node in soup.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name in _HEADINGS:
            heading = clean(node.get_text(" "))
            if heading:
                headings.append(heading)
        elif node.name == "summary":
            # Per-year <details> accordions label their section in <summary> ("ปี 2568").
            heading = clean(node.get_text(" ")) or heading
        elif node.name in ("a", "area") and node.has_attr("href"):
            href = _attr(node, "href")
            links.append(Link(
                href=href,
                url=canonicalize(href, base),
                text=_anchor_text(node),
                context=_context(node, heading),
                in_nav=any(_is_nav(p) for p in node.parents if isinstance(p, Tag)),
            ))
    return headings, links


def _frames(soup: BeautifulSoup, base: str) -> list[str]:
    frames: list[str] = []
    for tag in soup.find_all(["iframe", "frame", "embed", "object"]):
        src = _attr(tag, "data" if tag.name == "object" else "src")
        if src.strip():
            frames.append(canonicalize(src, base) or src.strip())
    return frames


def _forms(soup: BeautifulSoup, base: str, url: str) -> list[Form]:
    return [
        Form(
            action=canonicalize(_attr(f, "action"), base) if _attr(f, "action").strip() else canonicalize(url),
            method=(_attr(f, "method") or "get").strip().lower(),
            has_password=f.find("input", attrs={"type": re.compile("^password$", re.I)}) is not None,
        )
        for f in soup.find_all("form")
    ]


def _extract_html(body: bytes, content_type: str | None, url: str) -> Extracted:
    decoded = decode_body(body, content_type)
    soup = _soup(decoded.text)
    base = url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag):
        base = canonicalize(_attr(base_tag, "href"), url) or url
    headings, links = _headings_and_links(soup, base)
    frames, forms = _frames(soup, base), _forms(soup, base, url)
    title_tag = soup.find("title")
    return Extracted(
        kind="html",
        url=url,
        content_type=content_type,
        title=clean(title_tag.get_text(" ")) if title_tag else "",
        headings=headings,
        links=links,
        text=_visible_text(soup.body or soup),
        tables=_tables(soup),
        meta_refresh=_refresh_target(soup, base),
        iframes=frames,
        forms=forms,
        encoding=decoded.encoding,
        encoding_source=decoded.source,
    )


# ---------------------------------------------------------------- dispatch

_MIME = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "text/plain": "text",
    "text/csv": "text",
}
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<table|<div|<p\b|<!--)",
                         re.IGNORECASE)


def _sniff(body: bytes) -> str | None:
    """Kind from magic bytes, or None when the bytes are not a known binary format."""
    # The PDF spec lets junk precede the header, and download scripts often emit a stray newline or BOM first.
    if body.lstrip().startswith(b"%PDF-") or (b"%PDF-" in body[:1024] and not _HTML_START.match(body[:512])):
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "zip"  # damaged archive: the header decides whether it was meant as DOCX/XLSX
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "other"
    if body.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or (
        body[:4] == b"RIFF" and body[8:12] == b"WEBP"
    ):
        return "image"
    if body.startswith(b"\xd0\xcf\x11\xe0"):
        return "other"  # legacy .doc/.xls (OLE2): no parser installed
    return None


def kind_of(body: bytes, content_type: str | None) -> str:
    mime = (content_type or "").split(";")[0].strip().lower()
    sniffed = _sniff(body)
    # Bytes win over the header for binary formats: download.php scripts serve PDFs as text/html or octet-stream.
    if sniffed == "zip":
        return _MIME.get(mime) if _MIME.get(mime) in ("docx", "xlsx") else "other"
    if sniffed is not None:
        return sniffed
    if mime in _MIME:
        return _MIME[mime]
    if mime.startswith("image/"):
        return "image"
    if mime.startswith("text/") or not mime or mime == "application/octet-stream":
        head = body.lstrip(b"\xef\xbb\xbf")[:512]
        if _HTML_START.match(head):
            return "html"
        if mime.startswith("text/") or (head and b"\x00" not in head):
            return "text"
    return "other"


def extract(body: bytes, content_type: str | None, url: str, limits: ReadLimits = DEFAULT) -> Extracted:
    """Parse a fetched document into `Extracted`, dispatching on magic bytes and Content-Type, within `limits`."""
    kind = kind_of(body, content_type)
    handler = {"html": _extract_html, "pdf": read_pdf, "docx": read_docx, "xlsx": read_xlsx,
               "text": read_text}.get(kind)
    if handler is None:
        return Extracted(kind=kind, url=url, content_type=content_type)  # type: ignore[arg-type]
    try:
        doc = handler(body, content_type, url)
    except Exception as exc:  # last line of defence: one odd document must not stop a crawl
        return Extracted(kind=kind, url=url, content_type=content_type,  # type: ignore[arg-type]
                         error=f"{type(exc).__name__}: {exc}")
    text, cut = cap_text(doc.text, limits)
    if cut:
        doc = doc.model_copy(update={"text": text, "limit": doc.limit or cut})
    return doc
