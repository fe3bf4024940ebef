"""item_not_met: an OIT item that earned no points on the score sheet (every element must be published)."""

from __future__ import annotations

from ..pack import DeficiencyRule, RulePack
from .base import Kind, member_share, weight_share


class ItemNotMet(Kind):
    """An item not met: under binary scoring it earns nothing until every element is published."""

    name = "item_not_met"
    level = "item"
    needs_threshold = False

    @classmethod
    def pattern(cls, rule: DeficiencyRule) -> dict:
        """An item fact whose `met` is false."""
        return {"$and": [{"level": cls.level}, {"met": False}]}

    @classmethod
    def ceiling(cls, rule: DeficiencyRule) -> float | None:
        """Not bounded by the score: `met` decides."""
        return None

    @classmethod
    def reference(cls, rule: DeficiencyRule, fact: dict) -> bool:
        """An item fact whose `met` is false."""
        return fact["level"] == cls.level and not fact["met"]

    @classmethod
    def impact(cls, pack: RulePack, target: str, value: float, threshold: float | None) -> float:
        """The item's missing points at its share of OIT."""
        ind = pack.item[target].sub_indicator.split(".")[0]
        gap = pack.scoring.item_full_marks - (0.0 if pack.scoring.item_scoring == "binary" else value)
        return gap * member_share(pack, ind) * weight_share(pack, "OIT")
