"""The O25-style focus: the indicator of a result that next year's measures must address first.

A FY(n) result is analysed in FY(n+1)'s documents, so FY(n+1)'s pack says which item publishes the
analysis and how it picks its focus (`documents` in pack.yaml); without such a pack, the result's own.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import PackError
from .loader import pack_for_year
from .pack import Lang, RulePack
from .results.assess import AssessResult, Deficiency, FocusOut, MeasureOut


_DOCS: dict[tuple, RulePack] = {}


def documents_pack(pack: RulePack, year: int) -> RulePack:
    """The pack of the year whose documents a `year` result feeds: the next year's, else `pack` itself."""
    key = (pack.pack.id, pack.digest, year)
    if key not in _DOCS:  # asked once per assessed sheet: remember the answer
        try:
            _DOCS[key] = pack_for_year(year + 1)
        except PackError:
            _DOCS[key] = pack
    return _DOCS[key]


def weakest_indicator(pack: RulePack, indicators: dict[str, float | None]) -> str | None:
    """The lowest-scoring indicator; on a tie the one that weighs more in the total, then pack order."""
    order = {iid: n for n, iid in enumerate(pack.indicator)}

    def weight(iid: str) -> float:
        tool = pack.indicator[iid].tool
        return pack.tool[tool].weight / len(pack.indicators_of[tool])

    known = [(v, -weight(i), order[i], i) for i, v in indicators.items() if v is not None and i in pack.indicator]
    return min(known)[3] if known else None


def _inside(pack: RulePack, indicator: str, did: str) -> bool:
    head = did.split(".")[0]
    return did == indicator or head in pack.members_of.get(indicator, [])


def focus_of(pack: RulePack, year: int, indicators: dict[str, float | None], deficiencies: list[Deficiency],
             lang: Lang, measures: Callable[[str], list[MeasureOut]]) -> FocusOut | None:
    """The focus the next year's results item asks for, or None when its pack asks for none.

    `measures(indicator)` gives the catalogue measures of an indicator, resolved for the plan year.
    """
    doc = documents_pack(pack, year)
    if doc.documents is None or doc.documents.focus.method != "weakest_indicator":
        return None
    iid = weakest_indicator(pack, indicators)
    if iid is None:
        return None
    item = doc.documents.results_item
    return FocusOut(
        method=doc.documents.focus.method, indicator=iid, name=pack.name_of(iid, lang),
        score=indicators[iid], tool=pack.indicator[iid].tool,  # type: ignore[arg-type]
        item=item, item_title=doc.item[item].title.get(lang), plan_year=year + 1, pack=doc.pack.id,
        note=doc.documents.focus.note.get(lang), confidence=doc.documents.focus.provenance.confidence,
        findings=[d.id for d in deficiencies if _inside(pack, iid, d.id)], measures=measures(iid))


def focus_first(result: AssessResult) -> list[Deficiency]:
    """The result's deficiencies with the focus indicator's first; when the focus indicator is not a deficiency
    itself (it may be above target), it joins them, after its own findings, with its catalogue measures."""
    f = result.focus
    if f is None:
        return list(result.deficiencies)
    inside = [d for d in result.deficiencies if d.id in f.findings]
    if f.indicator not in f.findings:
        inside.append(Deficiency(id=f.indicator, rule="focus", kind="focus", severity="medium", score=f.score,
                                 threshold=None, impact=0.0, name=f.name, message=f.note, measures=f.measures,
                                 tool=f.tool, indicator=f.indicator))
    return inside + [d for d in result.deficiencies if d.id not in f.findings]
