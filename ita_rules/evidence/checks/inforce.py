"""code_of_ethics_published: driving ethics is shown by activities, but the code itself must be on the site too."""

from __future__ import annotations

from ...vocabulary import Outcome, Reason
from .base import Verdict, item_check, pack_sign


@item_check("code_of_ethics_published")
def code_of_ethics_published(loc, item, best: Verdict, live: list[Verdict]) -> Verdict | None:
    """An ethics training passes the 'driving' element, not the code: unless some evidence found for the item is
    the code itself (titled ประมวลจริยธรรม..., of any year, as a code has no yearly edition), a person must check
    that it is published (held-out test: an activity post was the only o16 evidence)."""
    if best.outcome != Outcome.PASS:
        return None
    rx = pack_sign(loc, "code_of_ethics_title")
    if rx is None:
        return None
    for v in live:
        if v.outcome == Outcome.FAIL and v.reason != Reason.WRONG_YEAR:
            continue  # dead, off topic or a placeholder: not the code
        page = loc.site.page_for(v.evidence.url) if v.evidence.url else None
        if page is not None and page.doc is not None and (
                rx.search(loc.site.content(page).primary or "") or rx.search(page.doc.title or "")):
            return None
    note = f"{best.evidence.note or ''}; the code of ethics itself was not found".lstrip("; ")
    return Verdict(Outcome.NEEDS_REVIEW, Reason.ELEMENT_UNVERIFIED, best.evidence.model_copy(update={"note": note}),
                   best.claimed)
