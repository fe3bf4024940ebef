"""Spreadsheet cells that stay text: the one guard every XLSX and CSV writer puts its values through."""

from __future__ import annotations

import re
from typing import Any

from .safe import visible

# OWASP's CSV-injection rule: a cell starting with one of these is read as a formula (TAB and CR because a
# spreadsheet, or a later .strip(), drops them and leaves the formula).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-2.5", "+3") is a number, not a formula: it stays as it is.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
QUOTE = "'"


def cell(value: Any) -> Any:
    """The value a spreadsheet shows as text: a string that could start a formula (even after leading
    whitespace is stripped) gets a single quote in front; numbers, dates and plain numeric strings pass;
    bidi controls are shown (safe.visible)."""
    if not isinstance(value, str) or not value:
        return value
    value = visible(value)
    if _NUMBER.fullmatch(value.strip()):
        return value
    if value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START[:4]):
        return QUOTE + value
    return value


def cells(values: list[Any]) -> list[Any]:
    """Every value of a row through cell()."""
    return [cell(v) for v in values]


def uncell(value: Any) -> Any:
    """What cell() was given, for a workbook read back (the plan): its guarding quote taken off again."""
    if isinstance(value, str) and value.startswith(QUOTE) and cell(value[1:]) == value:
        return value[1:]
    return value
