"""Judge gathered pages against a pack: one finding per item, the OIT range and the deficiencies."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from ..artifacts import Page
from ..decisions.apply import apply_items, summary
from ..decisions.fingerprint import stamp_hashes
from ..decisions.model import SiteDecisions
from ..oit import check_deficiencies, predict
from ..pack import RulePack
from ..results.assess import PackRef
from ..results.check import CheckResult, CrawlCoverage, ItemResult
from ..results.finding import ItemFinding
from ..vocabulary import Outcome, Reason
from ..words import Lang, say
from .locate import locate


def item_result(item_id: str, pack: RulePack, finding: ItemFinding, lang: Lang) -> ItemResult:
    """One finding as a result row, worded in `lang`."""
    it = pack.item[item_id]
    return ItemResult(id=it.id, title=it.title.get(lang), sub_indicator=it.sub_indicator, outcome=finding.outcome,
                      outcome_text=Outcome(finding.outcome).text(lang), reason=finding.reason,
                      reason_text=Reason(finding.reason).text(lang), claimed=finding.claimed, detail=finding.detail,
                      evidence=finding.evidence)


def detail_of(item: ItemResult, pack: RulePack, year: int, lang: Lang) -> str:
    """The specifics a deficiency should name for its reason: years found and wanted, missing months, host, status."""
    ev = item.evidence[0] if item.evidence else None
    if ev is None:
        return ""
    if item.reason == Reason.WRONG_YEAR and ev.years:
        wanted = sorted(pack.item[item.id].coverage.years(year))
        return say("detail.years", lang, found=", ".join(map(str, ev.years)), wanted=", ".join(map(str, wanted)))
    if item.reason == Reason.MONTHS_MISSING and ev.note and "missing " in ev.note:
        return say("detail.months", lang, months=ev.note.rsplit("missing ", 1)[1])
    if item.reason == Reason.EXTERNAL_UNVERIFIABLE:
        return say("detail.host", lang, host=urlsplit(ev.url).hostname or ev.url)
    if item.reason == Reason.CLAIMED_LINK_BROKEN:
        return _dead_detail(ev, lang)
    if item.reason == Reason.ROBOTS_BLOCKED and ev.note and "(" in ev.note:
        return say("detail.robots", lang, rule=ev.note.rsplit("(", 1)[1].rstrip(")"))
    if item.reason in (Reason.ELEMENT_MISSING, Reason.ELEMENT_UNVERIFIED) and ev.note:
        return _elements_detail(pack.item[item.id], ev.note, lang)
    if item.reason == Reason.PLACEHOLDER_CONTENT and ev.note and "says: " in ev.note:
        return say("detail.says", lang, text=ev.note.split("says: ", 1)[1])
    return ""


def _note(item: ItemResult, pack: RulePack, year: int, lang: Lang) -> str:
    """The deficiency's specifics, and the person's comment on an item they decided failed."""
    note = detail_of(item, pack, year, lang)
    d = item.decision
    if d and d.applied and d.decision == Outcome.FAIL and d.comment:
        note = "; ".join(filter(None, [note, say("decision.note", lang, by=d.by, comment=d.comment)]))
    return note


def _dead_detail(ev, lang: Lang) -> str:
    """Why the linked evidence is dead: its HTTP status, or a 'not found' page, an empty or a stock page."""
    note = ev.note or ""
    if ev.status and ev.status >= 400:
        return say("detail.status", lang, status=ev.status)
    for marker, key in (("page not found", "detail.soft_404"), ("empty page", "detail.empty_page"),
                        ("same page answers", "detail.stock_page"), ("redirects to the home", "detail.home")):
        if marker in note:
            return say(key, lang, status=ev.status or "")
    return say("detail.status", lang, status=ev.status) if ev.status else ""


_ELEMENT_NOTE = re.compile(r"elements (?:missing|to confirm): ((?:\d+(?: \([^)]*\))?(?:, )?)+)")


def _elements_detail(item, note: str, lang: Lang) -> str:
    """The elements a finding names, in the item's own words."""
    m = _ELEMENT_NOTE.search(note)
    if not m:
        return ""
    numbers = [int(n) for n in re.findall(r"(?:^|, )(\d+)", m.group(1))]
    texts = [item.elements[n - 1].text.get(lang) for n in numbers if 0 < n <= len(item.elements)]
    key = "detail.elements_missing" if "elements missing" in m.group(0) else "detail.elements_unsure"
    return say(key, lang, elements="; ".join(texts)) if texts else ""


def evaluate(pages: list[Page], coverage: CrawlCoverage, pack: RulePack, year: int, lang: Lang, target: str,
             snapshot: str | None = None, decisions: SiteDecisions | None = None) -> CheckResult:
    """Locate evidence per item, apply a person's decisions, predict OIT, list deficiencies; an unreachable
    site judges nothing."""
    if coverage.reachable:
        findings = stamp_hashes(locate(pack, year, pages), pages)
    else:
        # Nothing gathered: every item is unknown, never failed and never passed.
        findings = [ItemFinding(id=i.id, outcome=Outcome.NOT_CRAWLED, reason=Reason.FETCH_ERROR,
                                detail=coverage.home_error or "") for i in pack.items]
    by_id = {f.id: f for f in findings}
    missing = ItemFinding(id="", outcome=Outcome.ERROR, reason=Reason.EVALUATION_ERROR,
                          detail="the locator returned no finding")
    items = [item_result(it.id, pack, by_id.get(it.id) or missing.model_copy(update={"id": it.id}), lang)
             for it in pack.items]
    return _decided(items, coverage, pack, year, lang, target, snapshot, decisions)


def rejudge(result: CheckResult, pack: RulePack, decisions: SiteDecisions | None) -> CheckResult:
    """A stored result under (other) decisions: the tool's verdicts kept, the range and deficiencies redone."""
    return _decided(result.items, result.coverage, pack, result.year, result.lang, result.target, result.snapshot,
                    decisions)


def _decided(items: list[ItemResult], coverage: CrawlCoverage, pack: RulePack, year: int, lang: Lang, target: str,
             snapshot: str | None, decisions: SiteDecisions | None) -> CheckResult:
    # Decisions come before the prediction, so the range narrows and measures follow the decided outcome.
    items = apply_items(items, decisions, lang)
    result = _result(items, coverage, pack, year, lang, target, snapshot)
    return result.model_copy(update={"decisions": summary(items, decisions)}) if decisions is not None else result


def unreachable_result(target: str, pack: RulePack, year: int, lang: Lang, error: str) -> CheckResult:
    """The result of a site whose check could not run at all: every item not crawled, nothing passed."""
    coverage = CrawlCoverage(home=target, home_status=None, home_outcome="error", home_error=error, reachable=False,
                             pages_fetched=0, ok=0, robots_blocked=0, errors=0, too_large=0, skipped_trap=0,
                             out_of_budget=0, external_links=0, complete=False, warnings=[])
    return evaluate([], coverage, pack, year, lang, target)


def _result(items: list[ItemResult], coverage: CrawlCoverage, pack: RulePack, year: int, lang: Lang, target: str,
            snapshot: str | None) -> CheckResult:
    outcomes = {i.id: i.outcome for i in items}
    findings = {i.id: (i.outcome.value, i.reason.value) for i in items}
    notes = {i.id: n for i in items if (n := _note(i, pack, year, lang))}
    predicted = predict(pack, outcomes)
    counts = Counter(outcomes.values())
    return CheckResult(
        target=target, year=year, lang=lang, pack=PackRef.of(pack),
        snapshot=snapshot, coverage=coverage, items=items, counts={o.value: counts.get(o, 0) for o in Outcome},
        oit=predicted[0], deficiencies=check_deficiencies(pack, year, findings, lang, predicted, notes))
