"""Deficiency kinds, one per module: what each matches, how it is scored and which measures it selects."""

from __future__ import annotations

from .base import Kind
from .finding_group import FindingGroup
from .indicator_below import IndicatorBelow
from .item_finding import ItemFinding
from .item_not_met import ItemNotMet
from .lowest_question import LowestQuestion
from .question_below import QuestionBelow
from .tool_below import ToolBelow
from .tool_part_below import ToolPartBelow

KINDS: dict[str, type[Kind]] = {k.name: k for k in (ToolBelow, ToolPartBelow, IndicatorBelow, ItemNotMet,
                                                    QuestionBelow, LowestQuestion, ItemFinding, FindingGroup)}

__all__ = ["KINDS", "Kind"]
