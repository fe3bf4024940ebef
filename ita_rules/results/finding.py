"""What the evidence locator says about each OIT item: outcome, reason and evidence."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..vocabulary import Outcome, Reason, Via

__all__ = ["Evidence", "ItemFinding", "Outcome", "Reason", "Via"]

class Evidence(BaseModel):
    """One piece of evidence (or counter-evidence) for an item."""

    url: str
    found_on: str | None = None
    via: Via
    link_text: str = ""
    matched: str = ""
    years: list[int] = Field(default_factory=list)
    year_ok: bool | None = None
    claimed: bool = False
    status: int | None = None
    fetch_outcome: str | None = None
    kind: str | None = None
    note: str | None = None
    sha256: str | None = None  # content hash of the body the tool read (None when it read none): the fingerprint


class ItemFinding(BaseModel):
    """The locator's verdict on one OIT item."""

    id: str
    outcome: Outcome
    reason: Reason
    claimed: bool = False
    evidence: list[Evidence] = Field(default_factory=list)
    detail: str = ""
