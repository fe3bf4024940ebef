"""indicator_below: an indicator (1-10) scored under the threshold."""

from __future__ import annotations

from ..pack import RulePack
from .base import Kind, weight_share


class IndicatorBelow(Kind):
    """An indicator below the threshold: its gap counts as one indicator of its tool."""

    name = "indicator_below"
    level = "indicator"

    @classmethod
    def impact(cls, pack: RulePack, target: str, value: float, threshold: float | None) -> float:
        """Gap to the threshold, as a share of the tool's indicators."""
        tool = pack.indicator[target].tool
        return max((threshold or 0) - value, 0) / len(pack.indicators_of[tool]) * weight_share(pack, tool)
