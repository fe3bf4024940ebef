"""tool_below: a tool (IIT, EIT or OIT) scored under the rule's threshold, usually the 85-point target."""

from __future__ import annotations

from ..pack import RulePack
from .base import Kind, weight_share


class ToolBelow(Kind):
    """A tool below the threshold: its gap counts at the tool's weight in the total."""

    name = "tool_below"
    level = "tool"

    @classmethod
    def impact(cls, pack: RulePack, target: str, value: float, threshold: float | None) -> float:
        """Gap to the threshold at the tool's weight."""
        return max((threshold or 0) - value, 0) * weight_share(pack, target)
