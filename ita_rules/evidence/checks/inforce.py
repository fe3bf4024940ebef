"""The document itself, not only what surrounds it: the code of ethics beside its activities, the annual plan beside
its progress report."""

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


def _titled(loc, v: Verdict, rx) -> bool:
    page = loc.site.page_for(v.evidence.url) if v.evidence.url else None
    return page is not None and page.doc is not None and bool(
        rx.search(loc.site.content(page).primary or "") or rx.search(page.doc.title or ""))


@item_check("plan_itself_published")
def plan_itself_published(loc, item, best: Verdict, live: list[Verdict]) -> Verdict | None:
    """A six-month progress report passes the progress element, not the plan: unless some passing evidence is the
    annual plan itself (its title starts with แผน...), the item takes the plan's own verdict (an FY2567 plan is
    wrong_year, a plan posted only as pictures needs_review), or a person must check that the plan is published
    (held-out liferay-dept o6, lao-jpg-notices o6)."""
    if best.outcome != Outcome.PASS:
        return None
    rx = pack_sign(loc, "annual_plan_title")
    if rx is None or any(v.outcome == Outcome.PASS and _titled(loc, v, rx) for v in live):
        return None
    plans = [v for v in live if v.outcome != Outcome.PASS and _titled(loc, v, rx)
             and v.reason in (Reason.WRONG_YEAR, Reason.IMAGE_ONLY_PDF, Reason.EXTERNAL_UNVERIFIABLE)]
    if plans:
        plan = min(plans, key=lambda v: (v.outcome.rank, v.reason.order))
        note = f"{plan.evidence.note or ''}; only a progress report passes, not the plan".lstrip("; ")
        return Verdict(plan.outcome, plan.reason, plan.evidence.model_copy(update={"note": note}), best.claimed)
    note = f"{best.evidence.note or ''}; the plan itself was not found".lstrip("; ")
    return Verdict(Outcome.NEEDS_REVIEW, Reason.ELEMENT_UNVERIFIED, best.evidence.model_copy(update={"note": note}),
                   best.claimed)
