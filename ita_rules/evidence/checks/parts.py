"""Checks on sections of a page: per-year tabs judged tab by tab, and a section with nothing under its heading."""

from __future__ import annotations

from dataclasses import replace

from ..site import canonicalize
from ..topic import match_key
from .base import Judging, candidate_check

# Thai letters a section needs beyond its heading to be evidence of anything ("ไม่มีการรับทรัพย์สินใดๆ ใน
# ปีงบประมาณ พ.ศ. 2567" is enough; "อยู่ระหว่างปรับปรุงข้อมูล" or a bare heading is not).
SECTION_MIN_THAI = 40


def _thai(text: str) -> int:
    return sum(1 for c in text if "\u0e01" <= c <= "\u0e5b")


@candidate_check("per_year_parts")
def per_year_parts(j: Judging):
    """A page or section split into per-year tabs or headings is judged tab by tab and the best tab decides:
    one year's report never lends its year to another tab's placeholder."""
    from . import judge  # the table itself: each tab goes through every check

    page, loc = j.page, j.loc
    if page.doc.kind != "html":
        return None
    sections = loc.site.sections
    part = sections.part_of(page)
    real, k = (part.page, part.index) if part else (page, None)
    title = part.title if part else loc.site.content(page).primary
    tabs = sections.year_parts(real, k, j.item.id, title)
    if not tabs:
        return None
    verdicts = [v for v in (judge(Judging(loc, j.item, replace(j.c, url=t.url))) for t in tabs) if v is not None]
    if not verdicts:
        return j.verdict("fail", "not_found", "no year tab holds evidence")
    live = [v for v in verdicts if not v.deferred] or verdicts
    accepted = j.item.coverage.years(loc.year)
    # Among passing tabs the one for the main reading of the period speaks first.
    return min(live, key=lambda v: (v.outcome.rank, not set(v.evidence.years or ()) & accepted, v.reason.order))


@candidate_check("section_has_content")
def section_has_content(j: Judging):
    """A section is judged on what stands under its heading: documents it links for the item when that is
    all it has (a list), a person when it holds only a picture, and nothing (or a placeholder line) fails."""
    loc = j.loc
    sections = loc.site.sections
    part = sections.part_of(j.page)
    if part is None:
        return None
    doc = j.page.doc
    heads = {match_key(h) for h in (doc.title, *doc.headings)}
    body = [ln for ln in loc.site.content(j.page).body.split("\n") if match_key(ln) not in heads]
    if _thai("\n".join(body)) >= SECTION_MIN_THAI or any(len(t) >= 2 for t in doc.tables):
        return None
    if any(ln.url and (canonicalize(ln.url), j.item.id) in loc.doc_claims for ln in doc.links):
        v = j.verdict("fail", "not_found", "a list: judged through the documents it links")
        v.deferred = True
        return v
    if sections.images(part):
        return j.verdict("needs_review", "image_only_pdf", f"the section '{part.title[:80]}' is only a picture")
    return j.verdict("fail", "not_found", f"nothing under the heading '{part.title[:80]}'")
