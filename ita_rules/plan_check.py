"""A measures plan from a website check: what still fails, with the person's comment on items they decided failed."""

from __future__ import annotations

from datetime import date

from .plan import Plan, issue_label, plan_measures
from .results.assess import Deficiency
from .results.check import CheckResult
from .thai import fiscal_year_of
from .words import say


def plan_from_check(result: CheckResult, source: str | None = None, created: date | None = None) -> Plan:
    """One entry per measure the check's deficiencies select; items decided pass have none, so they drop out."""
    lang = result.lang
    comments = {i.id: say("decision.note", lang, by=i.decision.by, comment=i.decision.comment)
                for i in result.items
                if i.decision and i.decision.applied and i.decision.decision == "fail" and i.decision.comment}

    def label(d: Deficiency) -> str:
        # A grouped finding names its items, so an officer sees which ones the measure is for.
        head = f"{d.sub_indicator} {d.name} ({', '.join(d.items)})" if len(d.items) > 1 else issue_label(d)
        said = [f"{item}: {comments[item]}" for item in (d.items or [d.id]) if item in comments]
        return "\n".join([head, *said])

    measures = plan_measures(result.deficiencies, label)
    plan_year = fiscal_year_of(min(m.start for m in measures)) if measures else result.year + 1
    return Plan(agency=result.target, assessed_year=result.year, plan_year=plan_year, source=source,
                created=created or date.today(), measures=measures)
