"""Readers for PDF, DOCX, XLSX and plain text (HTML lives in crawler/extract.py); never raise on bad input.

Parsers for binary formats are imported lazily: most fetched documents are HTML.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from datetime import date, datetime, time
from typing import Any

from crawler.decode import decode_body
from crawler.limits import Clock, LimitReached, ReadLimits
from ita_rules.artifacts import Extracted, Kind, Section
from ita_rules.xlsxrows import open_workbook, sheet_rows
from ita_rules.zipguard import ZipBomb

MAX_PDF_PAGES = 50
MAX_TABLE_ROWS = 2000
# Twelve month sheets and a summary: workbooks published for o11/o12 keep one sheet per month.
MAX_SHEETS = 13
# More sheets must not mean more memory: the old five-sheet ceiling of rows, shared by every sheet read.
MAX_WORKBOOK_ROWS = 5 * MAX_TABLE_ROWS
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


# pypdf inflates a content stream whole and then tokenises it in Python (about 0.3 MB/s): a 70 MB stream
# shared by 50 pages took 6 s a page. A dense real page is well under 1 MB and 50,000 tokens; at the
# token limit pypdf gives up on the page after about 1.5 s.
_PDF_LIMITS = {"zlib_maximum_output_length": 8 << 20, "stream_parsing_work_maximum_count": 100_000}


def _pdf_limits() -> contextlib.AbstractContextManager:
    try:
        from pypdf import apply_configuration
    except ImportError:  # pypdf before 6: only the module-wide inflate limit exists
        import pypdf.filters

        pypdf.filters.ZLIB_MAX_OUTPUT_LENGTH = _PDF_LIMITS["zlib_maximum_output_length"]
        return contextlib.nullcontext()
    return apply_configuration(**_PDF_LIMITS)


def read_pdf(body: bytes, content_type: str | None, url: str, limits: ReadLimits, clock: Clock) -> Extracted:
    from pypdf import PdfReader

    # pypdf logs every recoverable defect; real agency PDFs have many and they are not our findings.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    limit: str | None = None
    try:
        with _pdf_limits():
            reader = PdfReader(io.BytesIO(body), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return Extracted(kind="pdf", url=url, content_type=content_type, error="encrypted PDF")
            pages = reader.pages
            count = len(pages)
            texts: list[str] = []
            for i in range(min(count, MAX_PDF_PAGES)):
                try:
                    clock.check()
                except LimitReached as stop:
                    limit = f"{stop} (after {i} of {count} pages)"
                    break
                try:
                    texts.append(pages[i].extract_text() or "")
                except Exception as exc:  # one broken content stream must not lose the other pages
                    texts.append("")
                    if type(exc).__name__ == "LimitReachedError":
                        limit = limit or f"page {i + 1}: a content stream is over the reading limit ({exc})"
                if sum(map(len, texts)) > limits.max_chars:
                    break  # extract() cuts the text and says so
            title = ""
            try:
                title = clean(str((reader.metadata or {}).get("/Title") or ""))
            except Exception:
                pass
    except Exception as exc:  # pypdf raises many types on malformed files
        return Extracted(kind="pdf", url=url, content_type=content_type, error=f"unreadable PDF: {exc}")
    text = "\n".join(t.strip() for t in texts if t.strip())
    if limit and not text:
        return refused("pdf", url, content_type, limit).model_copy(update={"page_count": count})
    chars = len(re.sub(r"\s", "", text))
    read = len(texts)
    return Extracted(
        kind="pdf", url=url, content_type=content_type, title=title, text=text, page_count=count, limit=limit,
        image_only=not limit and read > 0 and chars < _IMAGE_ONLY_CHARS_PER_PAGE * read, sections=_page_sections(texts),
    )


def _page_sections(texts: list[str]) -> list[Section]:
    """One section per page with text, titled by its first line and anchored "page=N", so a "#page=N" link into
    a combined document (one PDF holding every OIT item) lands on that page's lines."""
    out: list[Section] = []
    line = 0
    for i, t in enumerate(texts):
        lines = t.strip().split("\n") if t.strip() else []
        if lines:
            out.append(Section(title=lines[0].strip()[:200], anchor=f"page={i + 1}", level=1, first_line=line,
                               end_line=line + len(lines)))
        line += len(lines)
    return out


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


def read_xlsx(body: bytes, content_type: str | None, url: str, limits: ReadLimits, clock: Clock) -> Extracted:
    tables: list[list[list[str]]] = []
    limit: str | None = None
    try:
        wb = open_workbook(io.BytesIO(body))
    except ZipBomb as exc:
        return refused("xlsx", url, content_type, f"refused as a zip bomb: {exc}")
    except Exception as exc:
        return Extracted(kind="xlsx", url=url, content_type=content_type, error=f"unreadable XLSX: {exc}")
    try:
        names = wb.sheetnames[:MAX_SHEETS]
        left = MAX_WORKBOOK_ROWS
        for name in names:
            sheet = wb[name]
            if not hasattr(sheet, "iter_rows"):
                continue  # chartsheets have no cells
            rows: list[list[str]] = []
            tables.append(rows)
            for _, row in sheet_rows(sheet, max_col=MAX_COLUMNS, tick=clock.tick):
                cells = [_cell(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append(cells)
                if len(rows) >= min(MAX_TABLE_ROWS, left):
                    break
            left -= len(rows)
            if left <= 0:
                break
    except LimitReached as stop:
        limit = str(stop)
    except Exception as exc:
        return Extracted(kind="xlsx", url=url, content_type=content_type, error=f"unreadable XLSX: {exc}")
    finally:
        wb.close()
    text = "\n".join(" | ".join(c for c in r if c) for t in tables for r in t)
    if limit and not text:
        return refused("xlsx", url, content_type, limit)
    # Sheet names act as headings: agencies name sheets by month or item ("ต.ค.67", "สขร.1").
    return Extracted(kind="xlsx", url=url, content_type=content_type, headings=names, text=text, tables=tables,
                     limit=limit)


def read_text(body: bytes, content_type: str | None, url: str, limits: ReadLimits, clock: Clock) -> Extracted:
    decoded = decode_body(body, content_type)
    return Extracted(kind="text", url=url, content_type=content_type, text=decoded.text.strip(),
                     encoding=decoded.encoding, encoding_source=decoded.source)
