"""news_is_not_the_document: news about a plan or report (a forum held to draft it) is not the plan or report."""

from __future__ import annotations

import re

from ...vocabulary import Outcome, Reason
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
