"""What a spreadsheet or Word table says about itself: the title rows above its header row and the header row."""

from __future__ import annotations

from ita_rules.artifacts import Extracted
from ita_rules.evidence.topic import TopicMatcher

__all__ = ["header_items", "title_rows"]

# A header row names at least this many columns; a title row (often one merged cell) at most TITLE_CELLS.
HEADER_CELLS = 3
TITLE_CELLS = 2
# Title and header rows sit at the top of a sheet; deeper rows are data.
TOP_ROWS = 8
# A header row speaks for an item when it holds this many of the item's keywords, weighted by how many items
# share each one (TopicMatcher.keyword_score): the 16 columns of the procurement list hold ten of o12's,
# an annual summary by method only one.
HEADER_SCORE = 4.0


def _filled(row: list[str]) -> list[str]:
    return [c for c in row if c and c.strip()]


def _header_at(table: list[list[str]]) -> int | None:
    for k, row in enumerate(table[:TOP_ROWS]):
        if len(_filled(row)) >= HEADER_CELLS:
            return k
    return None


def title_rows(table: list[list[str]]) -> list[str]:
    """The rows above a table's header that hold one or two cells: the sheet's or table's own title."""
    head = _header_at(table)
    rows = table[:head if head is not None else TOP_ROWS]
    out = []
    for row in rows:
        cells = _filled(row)
        if 0 < len(cells) <= TITLE_CELLS:
            # A merged title cell is repeated in every cell it spans (python-docx): say it once.
            out.append(" ".join(dict.fromkeys(cells)))
    return out


def header_items(matcher: TopicMatcher, doc: Extracted) -> dict[str, str]:
    """Items whose column layout a spreadsheet or Word table's header row shows (the keywords it names)."""
    out: dict[str, str] = {}
    for table in doc.tables:
        head = _header_at(table)
        if head is None:
            continue
        header = " | ".join(dict.fromkeys(_filled(table[head])))
        for item in matcher.item_ids:
            if item in out:
                continue
            score, found = matcher.keyword_score(header, item)
            if score >= HEADER_SCORE:
                out[item] = ", ".join(found[:3])
    return out
