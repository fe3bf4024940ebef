"""Find the agency's own OIT index page(s) and read their rows: item code -> row text and links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ita_rules.artifacts import Link
from ita_rules.results.finding import Reason
from ita_rules.evidence.site import SiteView
from ita_rules.evidence.years import fiscal_years
from ita_rules.artifacts import Page
from ita_rules.evidence.topic import TopicMatcher, match_key
from ita_rules.pack import RulePack
from ita_rules.thai import normalize

__all__ = ["IndexRow", "OITIndex", "find_indexes", "parse_code"]

# An index needs this many rows whose code and title agree; a numbered list of steps has no such rows.
MIN_ROWS = 5

# Codes as written at the start of a row: "o1", "O 16", "OIT 3", "OIT9", "o-7", "019"/"011" (digit zero
# typed for the letter O), "ข้อ 4", and bare "4." / "4" (validated against the row title, see below).
_CODE = re.compile(
    r"^(?:ข้อ\s*)?(?:(?P<prefix>oit|o|0)\s*[-.:]?\s*)?(?P<num>\d{1,2})(?![\d])(?P<sub>\.\d)?(?P<after>[.):]?)"
)
# What ends a row's title: "O1 โครงสร้างและอำนาจหน้าที่ – คลิกดูข้อมูล", table cells joined by " | ".
_SEPARATORS = re.compile(r"\s[–—-]\s|\||:|\s-\s")
# Cells that say the evidence is missing rather than copying the criterion text.
_NO_LINK_MARKERS = tuple(match_key(t) for t in (
    "ไม่มีลิงก์", "ไม่มีลิงค์", "ไม่มีข้อมูล", "ไม่มีเอกสาร", "อยู่ระหว่างดำเนินการ", "อยู่ระหว่างจัดทำ",
    "อยู่ระหว่างการจัดทำ", "อยู่ระหว่างปรับปรุง", "รอดำเนินการ", "ยังไม่มี", "ไม่ได้จัดทำ", "n/a",
))
# Without a link, this much text beyond the item title is a copied criterion, not a short status note.
_CRITERION_CHARS = 40


@dataclass
class IndexRow:
    """One row of an OIT index: the item it is about, its code as written, its text and links."""

    item: str
    code: str
    text: str
    title: str
    page_url: str
    links: list[Link] = field(default_factory=list)
    consistent: bool = False
    last_cell: str | None = None  # table rows: the evidence column, where the links should be

    def missing_kind(self) -> Reason:
        """For a row without usable links: 'no_link' (empty or a status note) or 'criterion_text_only'."""
        rest = match_key(self.text)
        if any(m in rest for m in _NO_LINK_MARKERS):
            return "no_link"
        if self.last_cell is not None and len(match_key(self.last_cell).strip("-–.")) < _CRITERION_CHARS:
            # The link column holds "-" or a short note; the long text beside it is the table's
            # description column, which every row of such a table has.
            return "no_link"
        for part in (match_key(self.code), match_key(self.title)):
            rest = rest.replace(part, "", 1) if part else rest
        rest = "".join(c for c in rest if c not in "|-–.")
        return "criterion_text_only" if len(rest) >= _CRITERION_CHARS else "no_link"


@dataclass
class OITIndex:
    """An OIT index page and its rows."""

    url: str
    page: Page
    years: set[int]
    rows: list[IndexRow]


def parse_code(text: str, n_items: int) -> tuple[int, str, str, bool] | None:
    """(item number, code as written, rest of the row, prefixed) for a row that starts with an item code."""
    t = normalize(text)
    m = _CODE.match(t)
    if not m:
        return None
    num = int(m.group("num"))
    prefixed = m.group("prefix") is not None
    if m.group("sub") and not prefixed:
        return None  # a sub-indicator heading ("9.1 ข้อมูลพื้นฐาน"), not an item row
    rest = t[m.end():]
    if not prefixed and not m.group("after") and rest[:1].strip() and not rest.startswith(" "):
        return None  # "2568 ..." or "12คน": digits glued to text are not a code
    if not 1 <= num <= n_items:
        return None
    return num, t[: m.end()].strip(), rest, prefixed


def _title_of(rest: str) -> str:
    rest = rest.strip(" |–—-:.")
    parts = [p.strip() for p in _SEPARATORS.split(rest) if p.strip()]
    return parts[0] if parts else ""


def _row_key(text: str) -> str:
    return match_key(text)[:80]


class _RowBuilder:
    def __init__(self, pack: RulePack, matcher: TopicMatcher, page: Page) -> None:
        self.ids = [it.id for it in pack.items]
        self.matcher = matcher
        self.page = page
        self.rows: list[IndexRow] = []
        self._keys: list[str] = []

    def _find(self, key: str) -> IndexRow | None:
        for k, row in zip(self._keys, self.rows):
            n = min(len(k), len(key))
            if n >= 10 and k[:n] == key[:n]:
                return row
        return None

    def add(self, text: str, link: Link | None, last_cell: str | None = None) -> None:
        parsed = parse_code(text, len(self.ids))
        if parsed is None:
            return
        num, code, rest, prefixed = parsed
        title = _title_of(rest)
        if not title and link is None:
            return  # a lone code cell line; the table row itself carries the row
        key = _row_key(text)
        row = self._find(key)
        if row is None:
            item, consistent = self._item_for(num, title, prefixed)
            if item is None:
                return
            row = IndexRow(item=item, code=code, text=text, title=title, page_url=self.page.url,
                           consistent=consistent)
            self.rows.append(row)
            self._keys.append(key)
        if last_cell is not None and row.last_cell is None:
            row.last_cell = last_cell
        if link is not None and link not in row.links:
            row.links.append(link)

    def row_of(self, text: str) -> IndexRow | None:
        """The row a line opens, if it is a row's title line."""
        return self._find(_row_key(text)) if parse_code(text, len(self.ids)) else None

    def _item_for(self, num: int, title: str, prefixed: bool) -> tuple[str | None, bool]:
        code_item = self.ids[num - 1]
        named = self.matcher.items_in(title)
        if code_item in named:
            return code_item, True
        # Codes shift between assessment years (site-patterns §1.2): trust the row's words over its number.
        if len(named) == 1:
            return next(iter(named)), False
        if not prefixed and not named:
            return None, False  # a bare "4." before unrelated text is a numbered list, not an item row
        return code_item, False


def _rows_of(page: Page, pack: RulePack, matcher: TopicMatcher) -> list[IndexRow]:
    doc = page.doc
    b = _RowBuilder(pack, matcher, page)
    for link in doc.links:
        if not link.in_nav and link.context:
            b.add(link.context, link)
        if not link.in_nav and link.text:
            b.add(link.text, link)  # the row title itself wrapped in the link: <a><strong>O9 ...</strong></a>
    for table in doc.tables:
        for cells in table:
            filled = [c for c in cells if c]
            b.add(" | ".join(filled), None, cells[-1] if len(filled) >= 3 else None)
    lines = doc.text.split("\n")
    for k, line in enumerate(lines):
        b.add(line, None)
        if k + 1 < len(lines) and _lone_code(line, len(b.ids)):
            b.add(f"{line.strip()} {lines[k + 1].strip()}", None)  # a card: "O12" heading, title below it
    _paragraph_links(b, lines, [lk for lk in doc.links if not lk.in_nav and lk.text.strip()])
    return b.rows


def _lone_code(line: str, n_items: int) -> bool:
    """A line that is only an item code ("O12"): a card's heading whose title is the next line."""
    parsed = parse_code(line.strip(), n_items)
    return parsed is not None and parsed[3] and not _title_of(parsed[2])


# A row of a paragraph layout holds the links of at most this many lines after its title line.
_PARAGRAPH_SPAN = 8
_LIST_LINE = re.compile(r"^\s*(?:[–—\-•·›»*▪►➢✓]|\d{1,2}[.)]\s)")


def _paragraph_links(b: _RowBuilder, lines: list[str], links: list[Link]) -> None:
    """WordPress-style pages: "<p><strong>O5 title</strong></p>" then lines such as "– <a>document</a>".

    Each link is placed on the first line (in reading order) that holds its text; a link on a line under an
    item's title line, before the next title or group heading, belongs to that item's row.
    """
    starts: dict[int, IndexRow] = {}
    for i, line in enumerate(lines):
        row = b.row_of(line)
        if row is not None:
            starts[i] = row
        elif i + 1 < len(lines) and _lone_code(line, len(b.ids)):
            row = b.row_of(f"{line.strip()} {lines[i + 1].strip()}")
            if row is not None:
                starts[i + 1] = row  # the card's links follow its title line
    if not starts:
        return
    buttons = {match_key(lk.text) for lk in links}
    at = 0
    keyed = [match_key(line) for line in lines]
    for link in links:
        key = match_key(link.text)
        j = next((k for k in range(at, len(keyed)) if key and key in keyed[k]), None)
        if j is None:
            continue
        at = j
        owner = _owner(j, starts, lines, buttons)
        if owner is not None and b.matcher.items_in(link.text).keys() <= {owner.item} and link not in owner.links:
            owner.links.append(link)


def _owner(j: int, starts: dict[int, IndexRow], lines: list[str], buttons: set[str] = frozenset()
           ) -> IndexRow | None:
    """The row whose title line heads an unbroken run of list lines ("– ...", "• ...") or of lines that are
    only links (a card's "คลิกดูข้อมูล" / "ประกาศ" / "กิจกรรม" buttons) down to line j."""
    for i in range(j, max(-1, j - _PARAGRAPH_SPAN - 1), -1):
        if i in starts:
            return starts[i]
        if not _LIST_LINE.match(lines[i]) and match_key(lines[i]) not in buttons:
            return None  # prose, a footer or a heading breaks the run: the link is not the row's
    return None


def _is_labelled(page: Page, site: SiteView, labels: list[str]) -> bool:
    # The ITA label must name the page itself (title, headings, first lines), not just its menu entry.
    doc = page.doc
    first_lines = [ln for ln in doc.text.split("\n")[:80] if not site.is_boilerplate(ln)][:5]
    keys = [match_key(h) for h in (doc.title, *doc.headings[:6], *first_lines) if h]
    return any(lab in k for lab in labels for k in keys)


def find_indexes(
    site: SiteView, pack: RulePack, matcher: TopicMatcher, year: int
) -> tuple[list[OITIndex], list[OITIndex]]:
    """(indexes for the assessed year, other index pages); an index maps item codes to evidence links."""
    labels = [match_key(x) for x in (pack.site.index_labels if pack.site else [])]
    found: list[OITIndex] = []
    for page in site.html:
        if page.record.outcome != "ok" or not _is_labelled(page, site, labels):
            continue
        rows = _rows_of(page, pack, matcher)
        if len({r.item for r in rows if r.consistent}) < MIN_ROWS:
            continue
        head = "\n".join([page.doc.title, *[h for h in page.doc.headings if not site.is_boilerplate(h)][:3]])
        found.append(OITIndex(url=page.url, page=page, years=fiscal_years(head), rows=rows))
    if not found:
        return [], []
    # Per-year index pages (site-patterns §1.1 F): prefer the assessed year, then undated pages, then the newest.
    chosen = [ix for ix in found if year in ix.years] or [ix for ix in found if not ix.years]
    if not chosen:
        newest = max(max(ix.years) for ix in found)
        chosen = [ix for ix in found if max(ix.years) == newest]
    others = [ix for ix in found if ix not in chosen]
    return chosen, others
