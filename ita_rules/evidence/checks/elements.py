"""elements: an item passes only when its evidence shows every machine-checkable element (every item runs it)."""

from __future__ import annotations

from ...vocabulary import Outcome, Reason
from ..elements import ElementResult, Signals
from .base import Verdict, item_check


def signals_for(loc) -> Signals:
    """The pack's signals compiled once per crawled site."""
    got = loc.memo.get("signals")
    if got is None:
        got = loc.memo["signals"] = Signals(loc.site, loc.pack.signals.signs)
    return got


def numbers(results: list[ElementResult]) -> str:
    """'2 (photo: no image), 4 (...)': element numbers with what was (not) seen."""
    return ", ".join(f"{r.number} ({r.why})" if r.why else str(r.number) for r in results)


@item_check("elements", every_item=True)
def elements(loc, item, best: Verdict, live: list[Verdict]) -> Verdict | None:
    """Elements are pooled over every passing piece of evidence (a chart page and a duties page together
    make o1); a checkable element none of them shows fails the item naming it, one a person must confirm
    (a picture, too few photos for the names, a channel behind a login) makes it needs_review, and elements
    no machine can check are listed in the note but never change the outcome."""
    if best.outcome != Outcome.PASS or not item.elements:
        return None
    sig = signals_for(loc)
    passing = [v for v in live if v.outcome == Outcome.PASS]
    readings = []
    for v in passing:
        page = loc.site.page_for(v.evidence.url)
        if page is not None and page.doc is not None:
            readings.append((sig.reading(page), v.evidence.year_ok is not False))
    results = sig.judge(item, readings)
    missing = [r for r in results if r.state == "missing"]
    unsure = [r for r in results if r.state == "unsure"]
    unchecked = [r for r in results if r.state == "unchecked"]
    notes = [best.evidence.note or ""]
    if missing:
        notes.append(f"elements missing: {numbers(missing)}")
        outcome, reason = Outcome.FAIL, Reason.ELEMENT_MISSING
    elif unsure:
        notes.append(f"elements to confirm: {numbers(unsure)}")
        reasons = {r.reason for r in unsure}
        outcome = Outcome.NEEDS_REVIEW
        reason = Reason.LOGIN_WALL if Reason.LOGIN_WALL in reasons else Reason.ELEMENT_UNVERIFIED
    else:
        outcome, reason = best.outcome, best.reason
    if unchecked:
        notes.append(f"not machine-checked: elements {numbers(unchecked)}")
    note = "; ".join(n for n in notes if n)
    judged = Verdict(outcome, reason, best.evidence.model_copy(update={"note": note}), best.claimed)
    # The passing evidence fell short; other evidence a person must look at (a picture, a scan, an external
    # page) may still hold what it lacks, so it decides when it ranks better.
    others = [v for v in live if v.outcome != Outcome.PASS and v.outcome.rank < judged.outcome.rank]
    if others:
        other = min(others, key=lambda v: (v.outcome.rank, not v.claimed, v.reason.order))
        why = f"{other.evidence.note or ''}; the passing evidence {best.evidence.url} lacks: {note}".lstrip("; ")
        return Verdict(other.outcome, other.reason, other.evidence.model_copy(update={"note": why}), other.claimed)
    return judged
