"""tool_part_below: a scored part of a tool (EIT part 1 or 2) under the threshold, which rules out a good pass."""

from __future__ import annotations

from ..pack import DeficiencyRule, Measure, RulePack
from .base import Kind, weight_share


class ToolPartBelow(Kind):
    """A tool part below the threshold: its gap counts as one part of the tool."""

    name = "tool_part_below"
    level = "tool_part"

    @classmethod
    def impact(cls, pack: RulePack, target: str, value: float, threshold: float | None) -> float:
        """Gap to the threshold, as a share of the tool's parts."""
        tool = target.split(".")[0]
        return max((threshold or 0) - value, 0) / len(pack.tool[tool].parts) * weight_share(pack, tool)

    @classmethod
    def measures(cls, pack: RulePack, target: str, rule: DeficiencyRule) -> list[Measure]:
        """Measures of the part, else of its tool."""
        return super().measures(pack, target, rule) or pack.measures_for.get(target.split(".")[0], [])
