"""Fiscal years a text speaks about: Thai year mentions with dated months moved to their fiscal year."""

from __future__ import annotations

import re

from ita_rules.thai import MONTHS_LONG, MONTHS_SHORT, find_years, month_number, to_ascii_digits

__all__ = ["academic_only", "fiscal_years"]

# Month names that may stand right before a year ("ตุลาคม 2567", "ต.ค. 2567", "October 2566").
_THAI_MONTHS: list[tuple[str, int]] = sorted(
    [(m, i) for i, m in enumerate(MONTHS_LONG, 1)]
    + [(m, i) for i, m in enumerate(MONTHS_SHORT, 1)]
    + [(m.rstrip("."), i) for i, m in enumerate(MONTHS_SHORT, 1)]
    + [("กรกฏาคม", 7), ("กุมภาพันธ", 2)],
    key=lambda mi: -len(mi[0]),
)
_EN_MONTHS = {
    name: i
    for i, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ), 1)
    for name in names
}
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,2}\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*$")
# ISO dates put the month after the year: spreadsheet date cells arrive as "2024-10-28" (or "2567-10-28").
_ISO_MONTH = re.compile(r"-(\d{2})-(\d{2})(?!\d)")
_TRAILING = " \t,(\u00a0"


def _month_of(text: str, start: int, end: int) -> int | None:
    """Month that dates a year mention: named right before it, or right after it in an ISO date."""
    m = _ISO_MONTH.match(text, end)
    if m and 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31:
        return int(m.group(1))
    return _month_before(text, start)


def _month_before(text: str, start: int) -> int | None:
    """Month named immediately before a year mention, if any."""
    window = text[max(0, start - 24):start].rstrip(_TRAILING)
    m = _NUMERIC_DATE.search(text[max(0, start - 12):start])
    if m:  # "11/01/2568", "05-03-2568" (day/month/year)
        month = int(m.group(1))
        return month if 1 <= month <= 12 else None
    for name, i in _THAI_MONTHS:
        if window.endswith(name):
            return i
    last = window.split()[-1].strip(_TRAILING).lower() if window.split() else ""
    return _EN_MONTHS.get(last)


def fiscal_years(text: str) -> set[int]:
    """Buddhist-era fiscal years mentioned in text.

    Explicit fiscal years and plan ranges count as written; a year that follows a month is a date, and the
    fiscal year starts in October, so "ต.ค. 2567" and "October 2567" belong to fiscal year 2568.
    """
    years: set[int] = set()
    if not text:
        return years
    for ym in find_years(text):
        if ym.kind == "range":
            years.update(range(ym.year, (ym.year_end or ym.year) + 1))
            continue
        if ym.kind == "fiscal":
            years.add(ym.year)
            continue
        if ym.kind == "be_short":  # "ต.ค.67", "18ธค66": the month is part of the mention
            month = month_number(ym.raw[:-2]) or next((i for name, i in _THAI_MONTHS if name in ym.raw), None)
        else:
            month = _month_of(text, ym.start, ym.end)
        years.add(ym.year + 1 if month is not None and month >= 10 else ym.year)
    return years


# "ปีการศึกษา 2568", "ปีการศึกษา พ.ศ. ๒๕๖๘": a school's academic year, mid-May to March.
_ACADEMIC = re.compile(r"ปีการศึกษา\s*(?:พ\.?\s?ศ\.*\s*)?(?<!\d)(\d{4})(?!\d)")


def academic_only(text: str, accepted: set[int]) -> set[int]:
    """Academic years the text names that overlap an accepted fiscal year, when it names no accepted year as fiscal.

    Academic year 2568 runs from May 2568 to March 2569, so it is mostly fiscal year 2569: a plan "ปีการศึกษา
    2568" is not the FY2568 plan, whatever its dates say (held-out blogger-school o6).
    """
    if not text or "ปีการศึกษา" not in text:
        return set()
    named = {int(m.group(1)) for m in _ACADEMIC.finditer(to_ascii_digits(text))}
    academic = {a for a in named if {a, a + 1} & accepted}
    if not academic or any(ym.kind == "fiscal" and ym.year in accepted for ym in find_years(text)):
        return set()
    return academic


# Two dated mentions joined like this make a span: "ต.ค.67 - มี.ค.68", "ตุลาคม 2567 ถึง มีนาคม 2568".
_SPAN_JOIN = re.compile(r"^\s*(?:-|–|—|ถึง|จนถึง|to)\s*$")
FIRST_HALF = (10, 11, 12, 1, 2, 3)


def _dated(text: str) -> list[tuple[int, int, int, int]]:
    """(BE year, month, start, end) of every year mention that carries a month; start is the mention's own."""
    out = []
    for ym in find_years(text):
        if ym.kind == "be_short":  # the month is inside the mention ("ต.ค.67")
            month = month_number(ym.raw[:-2]) or next((i for name, i in _THAI_MONTHS if name in ym.raw), None)
        elif ym.kind in ("be", "ce"):
            month = _month_of(text, ym.start, ym.end)
        else:
            month = None
        if month is not None:
            out.append((ym.year, month, ym.start, ym.end))
    return out


def _strip_month(gap: str) -> str:
    """The text between two dated mentions without the second one's month name."""
    g = gap.rstrip(_TRAILING)
    for name, _ in _THAI_MONTHS:
        if g.endswith(name):
            return g[: -len(name)]
    words = g.split()
    if words and words[-1].lower().strip(".") in _EN_MONTHS:
        return g[: g.rfind(words[-1])]
    return g


def first_half_months(text: str, fy: int, spans: bool = True) -> set[int]:
    """Months of October (fy-1) to March (fy) that a text names, spans filled in (unless `spans` is False)."""
    window = {(fy - 1, m) if m >= 10 else (fy, m) for m in FIRST_HALF}
    found: set[tuple[int, int]] = set()
    dated = _dated(text)
    for k, (year, month, _start, end) in enumerate(dated):
        found.add((year, month))
        if spans and k + 1 < len(dated):
            y2, m2, s2, _ = dated[k + 1]
            if _SPAN_JOIN.match(_strip_month(text[end:s2])) and (y2, m2) > (year, month):
                y, m = year, month
                while (y, m) < (y2, m2):
                    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
                    found.add((y, m))
    return {m for (y, m) in found if (y, m) in window}
