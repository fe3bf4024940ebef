"""months_first_half: an item whose evidence must cover each month of October-March (items opt in by name)."""

from __future__ import annotations

from ...thai import MONTHS_SHORT
from ...vocabulary import Outcome, Reason
from ..site import file_label
from ..years import FIRST_HALF, first_half_months
from .base import Verdict, item_check


def months_named(loc, verdict: Verdict) -> frozenset[int]:
    """Months of October-March that one passing piece of evidence names."""
    ev = verdict.evidence
    page = loc.site.page_for(ev.url)
    content = loc.site.content(page) if page is not None and page.doc is not None else None
    name = "\n".join(filter(None, (content.primary if content else "", ev.link_text, file_label(ev.url or ""))))
    # A span names the months a document covers only in its name ("ต.ค.67 - มี.ค.68"); in its rows a span is a
    # contract's term ("จ้างเหมา ... ต.ค.67 – ก.ย.68"), which says nothing about the months the list covers.
    body = content.body if content else ""
    return frozenset(first_half_months(name, loc.year) | first_half_months(body, loc.year, spans=False))


@item_check("months_first_half")
def months_first_half(loc, item, best: Verdict, live: list[Verdict]) -> Verdict | None:
    """Monthly files are separate documents, so the months are pooled over every passing one; two to five of
    the six months named is needs_review naming the missing ones (fewer than two says nothing: one month
    alone is usually a report's date stamp)."""
    if best.outcome != Outcome.PASS:
        return None
    months = frozenset().union(*(months_named(loc, v) for v in live if v.outcome == Outcome.PASS))
    if len(months) < 2 or len(months) == len(FIRST_HALF):
        return None
    missing = [MONTHS_SHORT[m - 1] for m in FIRST_HALF if m not in months]
    gap = f"{len(months)} of 6 months found; missing {', '.join(missing)}"
    note = f"{best.evidence.note}; {gap}".lstrip("; ")
    return Verdict(Outcome.NEEDS_REVIEW, Reason.MONTHS_MISSING, best.evidence.model_copy(update={"note": note}),
                   best.claimed)
