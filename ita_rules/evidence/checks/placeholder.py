"""Pages standing in for evidence: 'อยู่ระหว่างจัดทำข้อมูล', an empty list, an empty template, only a picture."""

from __future__ import annotations

import re

from ..topic import match_key
from .base import Judging, candidate_check, frame_line
from .carrier import own_words
from .elements import signals_for

# Once the placeholder lines, the title and the breadcrumb are set aside, a page with less Thai text of its
# own than this says nothing else: the placeholder is its whole message.
PLACEHOLDER_OWN_THAI = 100
# A placeholder is a short notice; longer lines using its words are sentences about something else.
PLACEHOLDER_LINE = 80
# Below this much own Thai text, a page whose content holds its own picture (and lists no links of its own:
# a news list's titles are links) is that picture.
PICTURE_OWN_THAI = 30
PICTURE_PAGE_LINKS = 3
# A spreadsheet or document table needs this many labelled rows to read as a template waiting for figures.
TEMPLATE_ROWS = 3


def _thai(text: str) -> int:
    return sum(1 for c in text if "\u0e01" <= c <= "\u0e5b")


def placeholder_lines(j: Judging, lines: list[str]) -> list[str]:
    """Short lines whose message is that the content is not there (pack data: signals.placeholders, empty_lists);
    a long sentence merely using the words ("ถนนสายหลักอยู่ระหว่างปรับปรุง...") is news, not a placeholder."""
    site = j.loc.pack.signals
    phrases = [match_key(p) for p in site.placeholders]
    lists = j.loc.memo.get("empty_lists")
    if lists is None:
        lists = j.loc.memo["empty_lists"] = [re.compile(p, re.IGNORECASE) for p in site.empty_lists]
    return [ln for ln in lines if len(ln) <= PLACEHOLDER_LINE
            and (any(p in match_key(ln) for p in phrases) or any(rx.search(ln) for rx in lists))]


def empty_template(doc) -> bool:
    """A spreadsheet or Word table with a header and row labels but not one figure filled in."""
    if doc.kind not in ("xlsx", "docx") or not doc.tables:
        return False
    for table in doc.tables:
        head = next((k for k, row in enumerate(table) if sum(1 for c in row if c) >= 3), None)
        if head is None:
            return False
        rows = [row for row in table[head + 1:] if any(row)]
        if len(rows) < TEMPLATE_ROWS or any(sum(1 for c in row if c) > 1 for row in rows):
            return False
    return True


@candidate_check("not_a_placeholder")
def not_a_placeholder(j: Judging):
    """A page whose only message is 'อยู่ระหว่างจัดทำข้อมูล', 'ระบบอยู่ระหว่างการพัฒนา', 'ไม่พบข้อมูล' or an
    empty list ('แสดง 0 ถึง 0 จาก 0 รายการ') publishes nothing; nor does a template with no figures."""
    doc = j.page.doc
    if empty_template(doc):
        return j.verdict("fail", "placeholder_content", "an empty template: headings and row labels, no figures")
    if doc.kind != "html" and j.loc.site.sections.part_of(j.page) is None:
        return None  # a document's placeholder page counts when a "#page=N" link lands on it
    content = j.loc.site.content(j.page)
    lines = content.body.split("\n")
    found = placeholder_lines(j, lines)
    if not found:
        return None
    heads = [match_key(h) for h in (doc.title, *doc.headings) if h]
    rest = [ln for ln in lines if ln not in found and not frame_line(ln, heads)]
    if _thai("\n".join(rest)) >= PLACEHOLDER_OWN_THAI:
        return None
    return j.verdict("fail", "placeholder_content", f"the page only says: {found[0][:80]}")


@candidate_check("not_only_a_picture")
def not_only_a_picture(j: Judging):
    """A page whose whole content is a picture (a chart, a scanned notice) cannot be read by a machine: a
    person must look at it; its title alone never makes it evidence."""
    page, site = j.page, j.loc.site
    if page.doc.kind != "html" or site.content(page).own_thai >= PICTURE_OWN_THAI and own_words(j)[0] >= PICTURE_OWN_THAI:
        return None  # its title, breadcrumb and posting line are not content (held-out lao-jpg-notices o6, o22)
    own_links = [ln for ln in page.doc.links if ln.url and not ln.in_nav and ln.text and not site.is_boilerplate(ln.text)]
    if len(own_links) >= PICTURE_PAGE_LINKS or signals_for(j.loc).own_images(page) == 0:
        return None
    return j.verdict("needs_review", "image_only_pdf", "the page's content is only a picture")
