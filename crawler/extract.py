"""Parse fetched documents (HTML, PDF, DOCX, XLSX, text) into one `Extracted` model; never raises on bad input."""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from datetime import date, datetime, time
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
from crawler.sections import SectionTracker
from crawler import htmlparts
from ita_rules.artifacts import Extracted, Form, Image, Link
from ita_rules.urls import canonicalize

__all__ = ["Extracted", "Form", "Link", "extract"]

MAX_PDF_PAGES = 50
MAX_TABLE_ROWS = 2000
# Twelve month sheets and a summary: workbooks published for o11/o12 keep one sheet per month.
MAX_SHEETS = 13
# More sheets must not mean more memory: the old five-sheet ceiling of rows, shared by every sheet read.
MAX_WORKBOOK_ROWS = 5 * MAX_TABLE_ROWS
MAX_COLUMNS = 100
MAX_CONTEXT = 300
# A scanned PDF often still yields page numbers or a stamp; below this many characters per page it has no text layer.
_IMAGE_ONLY_CHARS_PER_PAGE = 8


_WS = re.compile(r"\s+")


def _clean(s: str | None) -> str:
    return _WS.sub(" ", s or "").strip()


def _short(s: str, limit: int = MAX_CONTEXT) -> str:
    s = _clean(s)
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
    text = _clean(a.get_text(" "))
    if text:
        return text
    # Image-only banner links ("ITA 2568" banners) carry their meaning in alt/title, if anywhere.
    for img in a.find_all(["img", "input"]):
        alt = _clean(_attr(img, "alt")) or _clean(_attr(img, "title"))
        if alt:
            return alt
    return _clean(_attr(a, "title")) or _clean(_attr(a, "aria-label"))


def _row_text(row: Tag) -> str:
    cells = [_clean(c.get_text(" ")) for c in row.find_all(["td", "th"])]
    return " | ".join(c for c in cells if c) or _clean(row.get_text(" "))


def _context(a: Tag, heading: str) -> str:
    for parent in a.parents:
        if parent.name in ("tr", "li"):
            text = _row_text(parent) if parent.name == "tr" else _clean(parent.get_text(" "))
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
            cells = [_clean(c.get_text(" ")) for c in tr.find_all(["td", "th"]) if c.find_parent("tr") is tr]
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
    lines = (_clean(line) for line in "".join(parts).split("\n"))
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


def _walk(soup: BeautifulSoup, base: str, sections: SectionTracker) -> tuple[list[str], list[Link], list[Image]]:
    """Headings in order, every link with the heading it sits under, and every picture, each in its section."""
    headings: list[str] = []
    links: list[Link] = []
    images: list[Image] = []
    heading = ""
    for node in soup.descendants:
        if not isinstance(node, Tag):
            continue
        sections.visit(node)
        if node.name == "img":
            sections.picture(node, _is_nav)
            picture = htmlparts.picture(node, base, sections.at(node), _is_nav)
            if picture is not None:
                images.append(picture)
        if node.name in _HEADINGS:
            heading = _clean(node.get_text(" "))
            if heading:
                headings.append(heading)
        elif node.name == "summary":
            # Per-year <details> accordions label their section in <summary> ("ปี 2568").
            heading = _clean(node.get_text(" ")) or heading
        elif node.name in ("a", "area") and node.has_attr("href"):
            href = _attr(node, "href")
            links.append(Link(
                href=href,
                url=canonicalize(href, base),
                text=_anchor_text(node),
                context=_context(node, heading),
                in_nav=any(_is_nav(p) for p in node.parents if isinstance(p, Tag)),
                section=sections.at(node),
            ))
    return headings, links, images


def _frames(soup: BeautifulSoup, base: str) -> list[str]:
    frames: list[str] = []
    for tag in soup.find_all(["iframe", "frame", "embed", "object"]):
        src = _attr(tag, "data" if tag.name == "object" else "src")
        if src.strip():
            frames.append(canonicalize(src, base) or src.strip())
    return frames


def _extract_html(body: bytes, content_type: str | None, url: str) -> Extracted:
    decoded = decode_body(body, content_type)
    soup = _soup(decoded.text)
    base = url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag):
        base = canonicalize(_attr(base_tag, "href"), url) or url
    sections = SectionTracker(soup, url)
    headings, links, images = _walk(soup, base, sections)
    frames, forms = _frames(soup, base), htmlparts.forms(soup, base, url)
    title_tag = soup.find("title")
    text, parts = sections.text(soup.body or soup, _visible_text)
    return Extracted(
        kind="html",
        url=url,
        content_type=content_type,
        title=_clean(title_tag.get_text(" ")) if title_tag else "",
        headings=headings,
        links=links,
        text=text,
        sections=parts,
        tables=_tables(soup),
        meta_refresh=_refresh_target(soup, base),
        iframes=frames,
        forms=forms,
        images=images,
        encoding=decoded.encoding,
        encoding_source=decoded.source,
    )


# ---------------------------------------------------------------- office / PDF


# Parsers for binary formats are imported lazily: most fetched documents are HTML.


def _extract_pdf(body: bytes, content_type: str | None, url: str) -> Extracted:
    from pypdf import PdfReader

    # pypdf logs every recoverable defect; real agency PDFs have many and they are not our findings.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return Extracted(kind="pdf", url=url, content_type=content_type, error="encrypted PDF")
        pages = reader.pages
        count = len(pages)
        texts: list[str] = []
        for i in range(min(count, MAX_PDF_PAGES)):
            try:
                texts.append(pages[i].extract_text() or "")
            except Exception:  # one broken content stream must not lose the other pages
                texts.append("")
        title = ""
        try:
            title = _clean(str((reader.metadata or {}).get("/Title") or ""))
        except Exception:
            pass
    except Exception as exc:  # pypdf raises many types on malformed files
        return Extracted(kind="pdf", url=url, content_type=content_type, error=f"unreadable PDF: {exc}")
    text = "\n".join(t.strip() for t in texts if t.strip())
    chars = len(re.sub(r"\s", "", text))
    read = len(texts)
    return Extracted(
        kind="pdf", url=url, content_type=content_type, title=title, text=text, page_count=count,
        image_only=read > 0 and chars < _IMAGE_ONLY_CHARS_PER_PAGE * read,
    )


def _extract_docx(body: bytes, content_type: str | None, url: str) -> Extracted:
    import docx

    try:
        doc = docx.Document(io.BytesIO(body))
        paragraphs = [p for p in doc.paragraphs if p.text.strip()]
        headings = [_clean(p.text) for p in paragraphs
                    if p.style is not None and (p.style.name or "").lower().startswith(("heading", "title"))]
        tables = []
        for t in doc.tables:
            rows = [[_clean(c.text) for c in r.cells] for r in t.rows[:MAX_TABLE_ROWS]]
            rows = [r for r in rows if any(r)]
            if rows:
                tables.append(rows)
        title = _clean(doc.core_properties.title)
    except Exception as exc:
        return Extracted(kind="docx", url=url, content_type=content_type, error=f"unreadable DOCX: {exc}")
    lines = [p.text.strip() for p in paragraphs] + [" | ".join(c for c in r if c) for t in tables for r in t]
    return Extracted(kind="docx", url=url, content_type=content_type, title=title, headings=headings,
                     text="\n".join(lines), tables=tables)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time(0) else v.isoformat(sep=" ")
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return _clean(str(v))


def _extract_xlsx(body: bytes, content_type: str | None, url: str) -> Extracted:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
        try:
            tables: list[list[list[str]]] = []
            names = wb.sheetnames[:MAX_SHEETS]
            left = MAX_WORKBOOK_ROWS
            for name in names:
                rows: list[list[str]] = []
                sheet = wb[name]
                if not hasattr(sheet, "iter_rows"):
                    continue  # chartsheets have no cells
                for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                    cells = [_cell(v) for v in row]
                    while cells and not cells[-1]:
                        cells.pop()
                    if cells:
                        rows.append(cells)
                    if len(rows) >= min(MAX_TABLE_ROWS, left):
                        break
                tables.append(rows)
                left -= len(rows)
                if left <= 0:
                    break
        finally:
            wb.close()
    except Exception as exc:
        return Extracted(kind="xlsx", url=url, content_type=content_type, error=f"unreadable XLSX: {exc}")
    text = "\n".join(" | ".join(c for c in r if c) for t in tables for r in t)
    # Sheet names act as headings: agencies name sheets by month or item ("ต.ค.67", "สขร.1").
    return Extracted(kind="xlsx", url=url, content_type=content_type, headings=names, text=text, tables=tables)


def _extract_text(body: bytes, content_type: str | None, url: str) -> Extracted:
    decoded = decode_body(body, content_type)
    return Extracted(kind="text", url=url, content_type=content_type, text=decoded.text.strip(),
                     encoding=decoded.encoding, encoding_source=decoded.source)


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


def extract(body: bytes, content_type: str | None, url: str) -> Extracted:
    """Parse a fetched document into `Extracted`, dispatching on magic bytes and Content-Type."""
    kind = kind_of(body, content_type)
    handler = {"html": _extract_html, "pdf": _extract_pdf, "docx": _extract_docx,
               "xlsx": _extract_xlsx, "text": _extract_text}.get(kind)
    if handler is None:
        return Extracted(kind=kind, url=url, content_type=content_type)  # type: ignore[arg-type]
    try:
        return handler(body, content_type, url)
    except Exception as exc:  # last line of defence: one odd document must not stop a crawl
        return Extracted(kind=kind, url=url, content_type=content_type,  # type: ignore[arg-type]
                         error=f"{type(exc).__name__}: {exc}")
