"""A person's decision on one item as it met a check result, and how many decisions a result carries."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from ..vocabulary import Outcome, Reason

Verdict = Literal["pass", "fail"]


class PersonDecision(BaseModel):
    """What a person decided on an item; `applied` is False when the evidence changed since (a stale decision)."""

    decision: Verdict
    by: str
    at: datetime
    comment: str = ""
    evidence_url: str | None = None
    applied: bool
    stale: str = ""  # why it was not applied, in the result's language
    tool_outcome: Outcome  # the tool's own verdict on this result's evidence, kept beside the person's
    tool_outcome_text: str
    tool_reason: Reason


class DecisionsSummary(BaseModel):
    """Where a result's decisions came from and how many applied, went stale, or are still to make."""

    source: str
    applied: int
    stale: int
    undecided: int  # items still unsure (needs review, not crawled, error) after the decisions
