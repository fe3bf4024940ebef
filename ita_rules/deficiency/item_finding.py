"""item_finding: a website check found an OIT item failing or unsure for a given reason (wrong year, dead link ...).

A rule of this kind lists the reasons (and optionally outcomes) it covers and the measures that fix exactly
that reason, so a dead link and a wrong-year document get different advice.
"""

from __future__ import annotations

from ..pack import DeficiencyRule, Measure, RulePack
from .base import Kind
from .item_not_met import ItemNotMet


def any_of(field: str, values: list[str]) -> dict | None:
    """A durable-rules condition 'field is one of values' (None when the list is empty: anything goes)."""
    if not values:
        return None
    terms = [{field: str(v)} for v in values]
    return terms[0] if len(terms) == 1 else {"$or": terms}


class ItemFinding(Kind):
    """An item the website check did not verify, matched on its outcome and reason."""

    name = "item_finding"
    level = "finding"
    needs_threshold = False

    @classmethod
    def pattern(cls, rule: DeficiencyRule) -> dict:
        """A finding fact with one of the rule's outcomes and reasons."""
        terms = [{"level": cls.level}]
        terms += [t for t in (any_of("outcome", rule.outcomes), any_of("reason", rule.reasons)) if t]
        return {"$and": terms}

    @classmethod
    def ceiling(cls, rule: DeficiencyRule) -> float | None:
        """Not bounded: findings carry no score."""
        return None

    @classmethod
    def reference(cls, rule: DeficiencyRule, fact: dict) -> bool:
        """A finding fact with one of the rule's outcomes and reasons."""
        return (fact["level"] == cls.level and (not rule.outcomes or fact["outcome"] in rule.outcomes)
                and (not rule.reasons or fact["reason"] in rule.reasons))

    @classmethod
    def impact(cls, pack: RulePack, target: str, value: float, threshold: float | None) -> float:
        """The item's points at stake (all of them: items are met or not)."""
        return ItemNotMet.impact(pack, target, 0.0, None)

    @classmethod
    def measures(cls, pack: RulePack, target: str, rule: DeficiencyRule) -> list[Measure]:
        """The reason's measures when the rule names them, else the item's own catalogue measures."""
        return super().measures(pack, target, rule)
