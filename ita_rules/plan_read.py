"""Read a measures plan back: YAML (`ita plan -o plan.yaml`) or the Excel workbook officers edit."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import first_error
from .render.cells import uncell
from .plan import HEADER_KEY, INFO_SHEET, PLAN_SHEET, Plan, PlanError


def validate_plan(data: Any, where) -> Plan:
    """Validate parsed plan data; `where(loc)` names the place of a pydantic error location."""
    if not isinstance(data, dict):
        raise PlanError("a plan must be a mapping with agency, plan_year and measures", where(()))
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        loc, msg = first_error(exc)
        raise PlanError(msg.removeprefix("Value error, "), where(loc)) from None
    seen: dict[str, int] = {}
    for n, m in enumerate(plan.measures):
        if m.id in seen:
            raise PlanError(f"duplicate measure id {m.id!r} (also measure {seen[m.id] + 1})",
                            where(("measures", n, "id")))
        seen[m.id] = n
    return plan


def load_plan(path: Path | str) -> Plan:
    """Read a plan from YAML (or from XLSX written by `ita plan -o plan.xlsx`); PlanError names file and line."""
    from .infile import check_regular

    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        check_regular(p, PlanError)  # openpyxl would hang on a FIFO
        return read_plan_xlsx(p)
    from .yamlpos import load_file

    try:
        doc = load_file(p, PlanError)
    except ValueError as exc:  # PyYAML builds ISO-looking scalars into dates and raises on "2025-13-01"
        raise PlanError(f"invalid date: {exc}", _bad_date_where(p)) from None
    return validate_plan(doc.data, doc.where)


def _bad_date_where(p: Path) -> str:
    from .infile import read_text

    for n, line in enumerate(read_text(p, PlanError).splitlines(), start=1):
        for m in re.finditer(r"(?<![\w-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w-])", line.split("#")[0]):
            try:
                date(*map(int, m.groups()))
            except ValueError:
                return f"{p}:{n}"
    return str(p)


def _cell_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.date()
    return uncell(v)  # the quote that kept a formula-like text a text when the plan was written


def read_plan_xlsx(path: Path) -> Plan:
    """Read a plan workbook written by write_plan_xlsx (and edited in Excel); errors name sheet and cell."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except FileNotFoundError:
        raise PlanError("file not found", str(path)) from None
    except Exception as exc:  # zipfile/openpyxl raise many types for a file that is not a workbook
        raise PlanError(f"not an Excel workbook ({type(exc).__name__})", str(path)) from None
    for name in (PLAN_SHEET, INFO_SHEET):
        if name not in wb.sheetnames:
            raise PlanError(f"no sheet {name!r}; write the workbook with `ita plan RESULT -o plan.xlsx`", str(path))
    data: dict[str, Any] = {}
    info_where: dict[str, str] = {}
    for r, row in enumerate(wb[INFO_SHEET].iter_rows(values_only=True), start=1):
        m = HEADER_KEY.search(str(row[0] or "")) if row else None
        if m:
            data[m.group(1)] = _cell_value(row[1]) if len(row) > 1 else None
            info_where[m.group(1)] = f"{path}:{INFO_SHEET}!B{r}"
    rows = wb[PLAN_SHEET].iter_rows(values_only=True)
    header = next(rows, ())
    keys = []
    for c, h in enumerate(header, start=1):
        m = HEADER_KEY.search(str(h or ""))
        keys.append(m.group(1) if m else None)
        if h and not m:
            raise PlanError(f"column header {h!r} does not end with its key, e.g. 'สถานะ (status)'",
                            f"{path}:{PLAN_SHEET}!{get_column_letter(c)}1")
    measures, row_of = [], []
    for r, row in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in row):
            continue  # blank rows between measures are harmless
        item: dict[str, Any] = {}
        for key, v in zip(keys, row):
            if key is None:
                continue
            v = _cell_value(v)
            if key in ("steps", "evidence_urls"):
                v = [s.strip() for s in str(v or "").splitlines() if s.strip()]
            item[key] = v
        measures.append(item)
        row_of.append(r)
    data["measures"] = measures
    wb.close()

    def where(loc: tuple) -> str:
        if len(loc) >= 2 and loc[0] == "measures" and isinstance(loc[1], int):
            r = row_of[loc[1]]
            col = keys.index(loc[2]) + 1 if len(loc) > 2 and loc[2] in keys else None
            return f"{path}:{PLAN_SHEET}!{get_column_letter(col)}{r}" if col else f"{path}:{PLAN_SHEET}!{r}:{r}"
        if loc and loc[0] in info_where:
            return info_where[loc[0]]
        return str(path)

    return validate_plan(data, where)
