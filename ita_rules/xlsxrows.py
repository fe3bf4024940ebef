"""Open an XLSX safely and read its rows by the cells actually present, for score sheets and fetched documents.

A read-only openpyxl sheet trusts the dimension the file states: one cell at XFD1048576 (or a stated
A1:XFD1048576) made every reader walk 17 billion cells, and a stated "A1" hid every row below the first.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import IO, Any

from .zipguard import check_archive


def open_workbook(source: str | os.PathLike[str] | IO[bytes]) -> Any:
    """A read-only workbook (values, not formulas) after the zip bomb guard; raises ZipBomb or the parser's error."""
    from openpyxl import load_workbook

    check_archive(source)
    if hasattr(source, "seek"):
        source.seek(0)
    return load_workbook(source, read_only=True, data_only=True)


def sheet_rows(ws: Any, max_col: int | None = None, min_row: int = 1, max_row: int | None = None,
               tick: Callable[[], None] | None = None) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of each non-empty row, at most `max_col` wide; `tick` runs once a row."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # the XML says which cells exist; the stated dimension may lie
    rows = ws.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col, values_only=True)
    for n, row in enumerate(rows, start=min_row):
        if tick is not None:
            tick()
        if row.count(None) == len(row):
            continue  # rows missing between two present ones arrive empty: cheap to skip, nothing to read
        yield n, row


def header_width(row: tuple) -> int:
    """Columns up to the last filled one (at least 1)."""
    filled = [i for i, v in enumerate(row) if v is not None and str(v).strip()]
    return filled[-1] + 1 if filled else 1
