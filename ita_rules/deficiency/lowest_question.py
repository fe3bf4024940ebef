"""lowest_question: the lowest-scoring question of an indicator, even above the target (where to improve first)."""

from __future__ import annotations

from ..pack import DeficiencyRule
from .question_below import QuestionBelow


class LowestQuestion(QuestionBelow):
    """The lowest question of its indicator while under the threshold (100 when none is given)."""

    name = "lowest_question"
    needs_threshold = False

    @classmethod
    def pattern(cls, rule: DeficiencyRule) -> dict:
        """A question fact marked lowest, under the threshold."""
        limit = rule.threshold if rule.threshold is not None else 100.0
        return {"$and": [{"level": cls.level}, {"lowest": True}, {"$lt": {"score": float(limit)}}]}

    @classmethod
    def ceiling(cls, rule: DeficiencyRule) -> float | None:
        """The rule's threshold, 100 when none is given."""
        return float(rule.threshold) if rule.threshold is not None else 100.0

    @classmethod
    def reference(cls, rule: DeficiencyRule, fact: dict) -> bool:
        """A question fact marked lowest, under the threshold."""
        limit = rule.threshold if rule.threshold is not None else 100.0
        return fact["level"] == cls.level and fact["lowest"] and fact["score"] < limit
