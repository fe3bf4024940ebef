"""question_below: a survey question (IIT i-, EIT e-) scored under the threshold."""

from __future__ import annotations

from ..pack import DeficiencyRule, Measure, RulePack
from .base import Kind, member_share, weight_share


class QuestionBelow(Kind):
    """A question below the threshold: its gap counts as one question of its indicator."""

    name = "question_below"
    level = "question"

    @classmethod
    def impact(cls, pack: RulePack, target: str, value: float, threshold: float | None) -> float:
        """Gap to the threshold (full marks when none) at the question's share of its tool."""
        ind = pack.question[target].indicator
        goal = threshold if threshold is not None else pack.scoring.item_full_marks
        return max(goal - value, 0) * member_share(pack, ind) * weight_share(pack, pack.indicator[ind].tool)

    @classmethod
    def measures(cls, pack: RulePack, target: str, rule: DeficiencyRule) -> list[Measure]:
        """Measures of the question, else of its indicator."""
        return super().measures(pack, target, rule) or pack.measures_for.get(pack.question[target].indicator, [])
