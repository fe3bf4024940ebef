"""news_is_not_the_document: news about a plan or report (a forum held to draft it) is not the plan or report."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...vocabulary import Outcome, Reason
from ..site import DOC_EXTENSIONS
from ..topic import match_key
from .base import Verdict, item_check

# The pack's sign (rules/ita-*/signals.yaml) naming what a news headline reports: a meeting, a forum, a training.
SIGN = "news_headline"


def _headline_pattern(loc) -> re.Pattern | None:
    got = loc.memo.get(SIGN, False)
    if got is False:
        sign = loc.pack.signals.signs.get(SIGN)
        got = loc.memo[SIGN] = re.compile("|".join(sign.patterns), re.IGNORECASE) if sign and sign.patterns else None
    return got


def news_about(loc, v: Verdict) -> bool:
    """Whether a passing web page is a headline reporting an activity about the item's document: its title names
    the document's label only after words such as "ประชุม ... เพื่อจัดทำ"."""
    page = loc.site.page_for(v.evidence.url) if v.evidence.url else None
    rx = _headline_pattern(loc)
    if rx is None or page is None or page.doc is None or page.doc.kind != "html" or not v.evidence.matched:
        return False
    title = loc.site.content(page).primary
    key, label = match_key(title), match_key(v.evidence.matched)
    at = key.find(label)
    if at <= 0:
        return False  # the title starts with the document's name (or does not hold it): the document itself
    return bool(rx.search(key[:at]))


@item_check("news_is_not_the_document")
def news_is_not_the_document(loc, item, best: Verdict, live: list[Verdict]) -> Verdict | None:
    """A plan, report or manual passes on the document (or a page that is it); when every passing piece is news
    about it ("ประชุมประชาคม เพื่อจัดทำแผนพัฒนาท้องถิ่น"), a person must check the document itself is published."""
    if best.outcome != Outcome.PASS:
        return None
    passing = [v for v in live if v.outcome == Outcome.PASS]
    if not passing or not all(news_about(loc, v) for v in passing):
        return None
    note = f"{best.evidence.note or ''}; only news about the {item.id} document, not the document itself".lstrip("; ")
    return Verdict(Outcome.NEEDS_REVIEW, Reason.ELEMENT_UNVERIFIED, best.evidence.model_copy(update={"note": note}),
                   best.claimed)


# A post introducing its attachment in a few lines has less own Thai text than this; a plan or report written
# out as a web page has far more.
POST_OWN_THAI = 500
# Why an attachment fails that the post's own title and date cannot mend.
_ATTACHMENT_FAILS = {Reason.WRONG_YEAR, Reason.CLAIMED_LINK_BROKEN, Reason.NOT_FOUND}


def _a_file(loc, url: str) -> bool:
    """A link to a file, even one that answered 404 with an HTML error page."""
    return loc.site.is_document_url(url) or urlsplit(url).path.lower().endswith(DOC_EXTENSIONS)


@item_check("post_is_not_the_document")
def post_is_not_the_document(loc, item, best: Verdict, live: list[Verdict]) -> Verdict | None:
    """A short post that introduces a plan or report and attaches it passes only through the attachment: when
    the file it attaches is for another year or answers 404, and no document passes, the item takes the file's
    verdict ("O14 แผน... 2568" posted above the FY2567 plan; held-out blogger-school o14, o26)."""
    if best.outcome != Outcome.PASS:
        return None
    passing = [v for v in live if v.outcome == Outcome.PASS]
    pages = [loc.site.page_for(v.evidence.url) for v in passing]
    if not pages or any(p is None or p.doc is None or p.doc.kind != "html" for p in pages):
        return None  # a document passes, or something unreadable does: nothing to defer to
    if any(loc.site.content(p).own_thai >= POST_OWN_THAI for p in pages):
        return None
    posts = {v.evidence.url for v in passing}
    failed = [v for v in live if v.outcome == Outcome.FAIL and v.reason in _ATTACHMENT_FAILS
              and v.evidence.found_on in posts and _a_file(loc, v.evidence.url)]
    if not failed:
        return None
    doc = min(failed, key=lambda v: v.reason.order)
    note = f"{doc.evidence.note or ''}; attached to {doc.evidence.found_on}, whose own title is not the document"
    return Verdict(doc.outcome, doc.reason, doc.evidence.model_copy(update={"note": note.lstrip('; ')}), best.claimed)
