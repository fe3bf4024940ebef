"""Readers for PDF, DOCX, XLSX and plain text (HTML lives in crawler/extract.py); never raise on bad input.

Parsers for binary formats are imported lazily: most fetched documents are HTML.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date, datetime, time
from typing import Any

from crawler.decode import decode_body
from ita_rules.artifacts import Extracted, Kind
from ita_rules.zipguard import ZipBomb, check_archive

MAX_PDF_PAGES = 50
MAX_TABLE_ROWS = 2000
MAX_SHEETS = 5
MAX_COLUMNS = 100
# A scanned PDF often still yields page numbers or a stamp; below this many characters per page it has no text layer.
_IMAGE_ONLY_CHARS_PER_PAGE = 8

_WS = re.compile(r"\s+")


def clean(s: str | None) -> str:
    """Whitespace runs collapsed to one space, ends stripped."""
    return _WS.sub(" ", s or "").strip()


def refused(kind: Kind, url: str, content_type: str | None, why: str) -> Extracted:
    """A document not read at all because it is over a reading limit."""
    return Extracted(kind=kind, url=url, content_type=content_type, limit=why, error=f"not read: {why}")


def _bomb(body: bytes) -> str | None:
    try:
        check_archive(body)
    except ZipBomb as exc:
        return f"refused as a zip bomb: {exc}"
    except Exception:  # not a zip at all: the parser's own error says so
        pass
    return None


def read_pdf(body: bytes, content_type: str | None, url: str) -> Extracted:
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
            title = clean(str((reader.metadata or {}).get("/Title") or ""))
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


def read_docx(body: bytes, content_type: str | None, url: str) -> Extracted:
    import docx

    if why := _bomb(body):
        return refused("docx", url, content_type, why)
    try:
        doc = docx.Document(io.BytesIO(body))
        paragraphs = [p for p in doc.paragraphs if p.text.strip()]
        headings = [clean(p.text) for p in paragraphs
                    if p.style is not None and (p.style.name or "").lower().startswith(("heading", "title"))]
        tables = []
        for t in doc.tables:
            rows = [[clean(c.text) for c in r.cells] for r in t.rows[:MAX_TABLE_ROWS]]
            rows = [r for r in rows if any(r)]
            if rows:
                tables.append(rows)
        title = clean(doc.core_properties.title)
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
    return clean(str(v))


def read_xlsx(body: bytes, content_type: str | None, url: str) -> Extracted:
    from openpyxl import load_workbook

    if why := _bomb(body):
        return refused("xlsx", url, content_type, why)
    try:
        wb = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
        try:
            tables: list[list[list[str]]] = []
            names = wb.sheetnames[:MAX_SHEETS]
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
                    if len(rows) >= MAX_TABLE_ROWS:
                        break
                tables.append(rows)
        finally:
            wb.close()
    except Exception as exc:
        return Extracted(kind="xlsx", url=url, content_type=content_type, error=f"unreadable XLSX: {exc}")
    text = "\n".join(" | ".join(c for c in r if c) for t in tables for r in t)
    # Sheet names act as headings: agencies name sheets by month or item ("ต.ค.67", "สขร.1").
    return Extracted(kind="xlsx", url=url, content_type=content_type, headings=names, text=text, tables=tables)


def read_text(body: bytes, content_type: str | None, url: str) -> Extracted:
    decoded = decode_body(body, content_type)
    return Extracted(kind="text", url=url, content_type=content_type, text=decoded.text.strip(),
                     encoding=decoded.encoding, encoding_source=decoded.source)
