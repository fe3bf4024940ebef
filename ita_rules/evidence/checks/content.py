"""Checks on what the fetched content is: nothing readable, spam, a hub or list page, a login wall, a scan."""

from __future__ import annotations

from ..site import canonicalize
from .elements import signals_for
from .base import SKIP, Judging, candidate_check

# A scan often keeps a scanner's stamp ("Scanned with CamScanner") or page numbers as its only text: a document
# with fewer letters than this per page has no text layer worth the name.
SCAN_LETTERS_PER_PAGE = 40
SCAN_PAGES_READ = 50  # the reader stops at 50 pages (crawler/extract.py), so later pages add no letters
# A page that links documents for an item and has less text of its own than this is a download list:
# the documents are the evidence, and its posting dates ("25 ต.ค. 2567") must not stand in for theirs.
LISTING_OWN_THAI = 150
# ... unless it shows pictures of its own (the executives' photos, an organisation chart): those are content.
LISTING_OWN_PICTURES = 2


@candidate_check("has_content")
def has_content(j: Judging):
    """A fetched URL with nothing to parse cannot be judged by a machine."""
    if j.page.doc is None:
        return j.verdict("needs_review", "image_only_pdf", "fetched but no content to read")
    return None


@candidate_check("not_spam")
def not_spam(j: Judging):
    """Injected gambling spam stuffed with OIT words is not the agency's evidence."""
    if j.loc.site.content(j.page).spam:
        return j.verdict("fail", "off_topic", "gambling spam page stuffed with OIT words")
    return None


@candidate_check("not_a_hub")
def not_a_hub(j: Judging):
    """A general page listing many items is not the evidence of any one (discovered hubs are skipped)."""
    if j.page.doc.kind == "html" and j.loc.site.is_hub(j.page):
        if not j.c.claimed:
            return SKIP
        return j.verdict("fail", "off_topic", "a general page listing many items, not the evidence")
    return None


@candidate_check("not_a_bare_list")
def not_a_bare_list(j: Judging):
    """A download list with little text of its own is judged through the documents it links."""
    page, loc = j.page, j.loc
    if loc.site.sections.part_of(page) is not None:
        return None  # a section of a page: section_has_content decides (checks/parts.py)
    if (page.doc.kind == "html" and loc.site.content(page).own_thai < LISTING_OWN_THAI
            and (canonicalize(page.url) or page.url, j.item.id) in loc.listings
            and _own_pictures(j) < LISTING_OWN_PICTURES):
        v = j.verdict("fail", "not_found", "a list page: judged through the documents it links")
        v.deferred = True
        return v
    return None


def _own_pictures(j: Judging) -> int:
    """Distinct pictures of the page's own content (not the template's, not in a menu or behind a link)."""
    template = signals_for(j.loc).template_images
    return len({canonicalize(i.src) or i.src for i in j.page.doc.images if not i.in_nav and not i.in_link}
               - set(template))


@candidate_check("no_login_wall")
def no_login_wall(j: Judging):
    """A password form in front of the content is a login wall: a person must look."""
    doc = j.page.doc
    if doc.kind == "html" and any(f.has_password for f in doc.forms) and not j.loc.site.password_widget:
        return j.verdict("needs_review", "login_wall", "a login form stands before the content")
    return None


@candidate_check("read_within_limits")
def read_within_limits(j: Judging):
    """A document refused at a reading limit (a zip bomb, the time budget) is unsure, never a pass or a fail."""
    doc = j.page.doc
    if doc.limit and doc.error:
        return j.verdict("needs_review", "extraction_limit", doc.error)
    return None


@candidate_check("machine_readable")
def machine_readable(j: Judging):
    """Images, unknown files and documents that failed to parse need a person."""
    doc = j.page.doc
    if doc.kind in ("image", "other") or doc.error:
        why = doc.error or f"{doc.kind} file"
        return j.verdict("needs_review", "image_only_pdf", f"content not machine-readable ({why})")
    return None


@candidate_check("has_text_layer")
def has_text_layer(j: Judging):
    """A scanned PDF without a text layer is needs_review, never a pass on its link text."""
    if j.page.doc.image_only:
        return j.verdict("needs_review", "image_only_pdf", "scanned PDF without a text layer")
    return None


@candidate_check("has_readable_text")
def has_readable_text(j: Judging):
    """A PDF or Word file with almost no text (a scan with a stamp) never passes on its link text."""
    doc = j.page.doc
    if doc.kind not in ("pdf", "docx"):
        return None
    letters = sum(1 for c in doc.text if c.isalpha())
    pages = min(doc.page_count or 1, SCAN_PAGES_READ)
    if letters < SCAN_LETTERS_PER_PAGE * pages:
        return j.verdict("needs_review", "image_only_pdf",
                         f"almost no text ({letters} letters on {pages} page{'s' if pages > 1 else ''}): a scan")
    return None
