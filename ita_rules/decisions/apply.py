"""Apply a site's decisions over the tool's verdicts: decided outcomes replace unsure ones, stale ones are withheld."""

from __future__ import annotations

from datetime import datetime

from ..results.check import ItemResult
from ..results.decision import DecisionsSummary, PersonDecision
from ..vocabulary import Outcome
from ..words import Lang, say
from .fingerprint import changed, fingerprint_of
from .model import DecisionEntry, SiteDecisions, ToolVerdict


def tool_view(item: ItemResult, lang: Lang) -> ItemResult:
    """The item as the tool judged it, without any person's decision (undoes an applied one)."""
    d = item.decision
    if d is None:
        return item
    outcome = d.tool_outcome if d.applied else item.outcome
    return item.model_copy(update={"outcome": outcome, "outcome_text": outcome.text(lang), "decision": None})


def decide(item: ItemResult, entry: DecisionEntry, lang: Lang) -> ItemResult:
    """One item under one decision: applied when the evidence is the one the person saw, else marked stale."""
    stale = changed(entry.fingerprint, fingerprint_of(item), lang)
    person = PersonDecision(decision=entry.decision, by=entry.by, at=entry.at, comment=entry.comment,
                            evidence_url=entry.evidence_url, applied=not stale, stale=stale,
                            tool_outcome=item.outcome, tool_outcome_text=item.outcome.text(lang),
                            tool_reason=item.reason)
    if stale:
        return item.model_copy(update={"decision": person})
    outcome = Outcome(entry.decision)
    return item.model_copy(update={"outcome": outcome, "decision": person,
                                   "outcome_text": say("decision.outcome", lang, outcome=outcome.text(lang))})


def entry_for(item: ItemResult, decision: str, by: str, comment: str = "", evidence_url: str | None = None,
              at: datetime | None = None, lang: Lang = "th") -> DecisionEntry:
    """A new decision on an item as the tool sees it now: its verdict and evidence fingerprint recorded."""
    base = tool_view(item, lang)
    return DecisionEntry(decision=decision, by=by, at=at or datetime.now().astimezone().replace(microsecond=0),
                         comment=comment, evidence_url=evidence_url or None,
                         tool=ToolVerdict(outcome=base.outcome, reason=base.reason), fingerprint=fingerprint_of(base))


def entry_of(item: ItemResult, lang: Lang = "th") -> DecisionEntry | None:
    """The file entry behind an applied decision in a stored result (its evidence is the one it was made on)."""
    d = item.decision
    if d is None or not d.applied:
        return None
    return DecisionEntry(decision=d.decision, by=d.by, at=d.at, comment=d.comment, evidence_url=d.evidence_url,
                         tool=ToolVerdict(outcome=d.tool_outcome, reason=d.tool_reason),
                         fingerprint=fingerprint_of(tool_view(item, lang)))


def apply_items(items: list[ItemResult], decisions: SiteDecisions | None, lang: Lang) -> list[ItemResult]:
    """Every item from the tool's view, then under its decision if the site has one."""
    entries = decisions.entries if decisions else {}
    out = []
    for it in items:
        base = tool_view(it, lang)
        entry = entries.get(base.id)
        out.append(decide(base, entry, lang) if entry is not None else base)
    return out


def summary(items: list[ItemResult], decisions: SiteDecisions) -> DecisionsSummary:
    """How many decisions applied, went stale, and how many items are still unsure."""
    applied = sum(1 for i in items if i.decision and i.decision.applied)
    stale = sum(1 for i in items if i.decision and not i.decision.applied)
    return DecisionsSummary(source=decisions.source, applied=applied, stale=stale,
                            undecided=sum(1 for i in items if i.outcome.unsure))


def stale_messages(site: str, items: list[ItemResult], where: str, lang: Lang) -> list[str]:
    """One line per decision withheld because its evidence changed."""
    return [say("decision.stale", lang, where=where, site=site, item=i.id, by=i.decision.by,
                at=i.decision.at.date().isoformat(), why=i.decision.stale)
            for i in items if i.decision and not i.decision.applied]


def run_warnings(decisions, checked: list[tuple[str, list[ItemResult]]], lang: Lang) -> list[str]:
    """Stale decisions of every checked site, and sites the file decides on that this run does not check."""
    out = []
    for site, items in checked:
        for i in items:
            if i.decision and not i.decision.applied:
                out += stale_messages(site, [i], decisions.where(("sites", site, i.id)), lang)
    names = {site for site, _ in checked}
    out += [say("decision.unused_site", lang, where=decisions.where(("sites", s)), site=s)
            for s in decisions.unused_sites(names)]
    return out
