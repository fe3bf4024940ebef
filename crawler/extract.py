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
from crawler.documents import clean, read_pdf, read_text, read_xlsx, refused
from crawler import htmlparts
from crawler.docxread import read_docx
from crawler.htmlwalk import TEXT_LIMIT, attr, short, walk
from crawler.limits import DEFAULT, Clock, LimitReached, ReadLimits, cap_text
from crawler.sections import SectionTracker
from ita_rules.artifacts import Extracted, Form, Link
from ita_rules.urls import canonicalize

__all__ = ["Extracted", "Form", "Link", "extract"]

DROP_TAGS = ("script", "style", "template")
# Only block boundaries become line breaks: Thai has no spaces between words, so inline spans must join as-is.
_BLOCK = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
          "section", "article", "main", "header", "footer", "nav", "aside", "dd", "dt", "blockquote", "pre", "form",
          "details", "summary", "figure", "figcaption", "noscript", "option", "hr", "address", "fieldset", "legend"}
REFRESH_URL = re.compile(r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)["']?\s*$""", re.IGNORECASE)
_BLOCK_END = object()
_NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)


def _visible_text(root: Tag, clock: Clock) -> str:
    parts: list[str] = []
    # Explicit stack: broken pages nest hundreds of unclosed divs, deeper than Python's recursion limit.
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if node is _BLOCK_END:
            parts.append("\n")
        elif isinstance(node, Tag):
            clock.tick()
            if node.name in _BLOCK:
                parts.append("\n")
                stack.append(_BLOCK_END)
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, _NOT_TEXT):
            parts.append(str(node))
    lines = (clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _refresh_target(metas: list[Tag], base: str) -> str | None:
    for meta in metas:
        if attr(meta, "http-equiv").strip().lower() != "refresh":
            continue
        m = REFRESH_URL.match(attr(meta, "content"))
        if m and m.group(1).strip():
            return canonicalize(m.group(1).strip(), base)
    return None


def _within_tags(text: str, max_tags: int) -> tuple[str, str | None]:
    """The page up to its `max_tags`-th element: the parsed tree costs about 2 KB of memory per element."""
    tags = text.count("<") - text.count("</")
    if tags <= max_tags:
        return text, None
    cut, seen = -1, 0
    while seen <= max_tags:
        cut = text.find("<", cut + 1)
        seen += not text.startswith("</", cut)
    return text[:cut], f"the page has {tags:,} tags; the first {max_tags:,} were read"


_FRAMES = ("iframe", "frame", "embed", "object")
_SCAN = ("base", "title", "meta", "form", *_FRAMES)


def _parse(text: str) -> tuple[BeautifulSoup, dict[str, list[Tag]]]:
    """The page without comments, scripts and styles, and its tags named in _SCAN (each tree walk costs)."""
    with warnings.catch_warnings():
        # XHTML pages with an XML declaration trigger bs4 advice we deliberately ignore: lxml's HTML parser copes.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    # Commented-out menus are a real trap: comments must contribute neither links nor text.
    for node in [n for n in soup.descendants if isinstance(n, Comment)]:
        node.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    found: dict[str, list[Tag]] = {name: [] for name in ("base", "title", "meta", "form", "frames")}
    for tag in soup.find_all(_SCAN):
        found["frames" if tag.name in _FRAMES else tag.name].append(tag)  # frames stay in page order
    return soup, found


def _extract_html(body: bytes, content_type: str | None, url: str, limits: ReadLimits, clock: Clock) -> Extracted:
    decoded = decode_body(body, content_type)
    text, cut = _within_tags(decoded.text, limits.max_tags)
    soup, found = _parse(text)
    clock.check()
    base = url
    base_tag = next((b for b in found["base"] if b.has_attr("href")), None)
    if base_tag is not None:
        base = canonicalize(attr(base_tag, "href"), url) or url
    walked = walk(soup, base, clock, limits.max_links, lambda texts: SectionTracker(soup, url, texts, clock))
    if walked.links_seen > limits.max_links:
        more = f"the page has {walked.links_seen:,} links; the first {limits.max_links:,} were kept"
        cut = f"{cut}; {more}" if cut else more

    frames: list[str] = []
    for tag in found["frames"]:
        src = attr(tag, "data" if tag.name == "object" else "src")
        if src.strip():
            frames.append(canonicalize(src, base) or src.strip())

    forms = htmlparts.forms(found["form"], base, url)

    title_tag = found["title"][0] if found["title"] else None
    root = soup.body or soup
    if walked.sections is not None:
        text, parts = walked.sections.text(root, lambda r: _visible_text(r, clock))
    else:
        text, parts = _visible_text(root, clock), []
    return Extracted(
        kind="html",
        url=url,
        content_type=content_type,
        title=short(title_tag.get_text(" "), TEXT_LIMIT) if title_tag else "",
        headings=walked.headings,
        links=walked.links,
        text=text,
        sections=parts,
        tables=walked.tables,
        meta_refresh=_refresh_target(found["meta"], base),
        iframes=frames,
        forms=forms,
        images=walked.images,
        encoding=decoded.encoding,
        encoding_source=decoded.source,
        limit=cut,
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
    clock = limits.clock()
    try:
        clock.check()
        doc = handler(body, content_type, url, limits, clock)
    except LimitReached as stop:  # readers that can keep a part return it themselves
        return refused(kind, url, content_type, str(stop))  # type: ignore[arg-type]
    except Exception as exc:  # last line of defence: one odd document must not stop a crawl
        return Extracted(kind=kind, url=url, content_type=content_type,  # type: ignore[arg-type]
                         error=f"{type(exc).__name__}: {exc}")
    text, cut = cap_text(doc.text, limits)
    if cut:
        doc = doc.model_copy(update={"text": text, "limit": f"{doc.limit}; {cut}" if doc.limit else cut})
    return doc
