"""finding_group: several items of one sub-indicator fail for the same reason; one grouped entry names them all.

The engine marks every finding that may open a group; the findings that share an agency, sub-indicator
and reason are then pooled into one deficiency, which takes the place of its members' entries. (A
durable-rules join of two facts does this in one rule, but it crashed the engine's C core at random in
our runs, so the correlation is done over the engine's matches.)
"""

from __future__ import annotations

from ..pack import DeficiencyRule, RulePack
from .base import Kind
from .item_finding import ItemFinding


class FindingGroup(Kind):
    """Two or more items of a sub-indicator with one reason, reported once."""

    name = "finding_group"
    level = "finding"
    needs_threshold = False
    groups = True

    @classmethod
    def pattern(cls, rule: DeficiencyRule) -> dict:
        """A finding that can join a group (the rule's outcomes and reasons, if it names any)."""
        return ItemFinding.pattern(rule)

    @classmethod
    def ceiling(cls, rule: DeficiencyRule) -> float | None:
        """As for one finding."""
        return ItemFinding.ceiling(rule)

    @classmethod
    def reference(cls, rule: DeficiencyRule, fact: dict) -> bool:
        """A finding that can join a group."""
        return ItemFinding.reference(rule, fact)

    @classmethod
    def impact(cls, pack: RulePack, target: str, value: float, threshold: float | None) -> float:
        """One member's points; a group adds up its members."""
        return ItemFinding.impact(pack, target, value, threshold)
