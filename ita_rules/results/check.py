"""The result of checking one website against one rule pack: crawl coverage first, then one row per item."""

from __future__ import annotations

from pydantic import BaseModel

from ..oit import OITPrediction
from ..vocabulary import Outcome, Reason
from ..words import Lang
from .assess import Deficiency, PackRef
from .decision import DecisionsSummary, PersonDecision
from .finding import Evidence

SCHEMA_VERSION = "1.3"  # of one site's result (docs/schemas/check-result.schema.json)


class CrawlCoverage(BaseModel):
    """What the crawl reached: shown before any verdict, so gaps are never silent."""

    home: str | None
    home_status: int | None
    home_outcome: str | None
    home_error: str | None
    reachable: bool
    pages_fetched: int
    ok: int
    robots_blocked: int
    errors: int
    too_large: int
    skipped_trap: int
    out_of_budget: int
    external_links: int
    complete: bool
    warnings: list[str]
    encodings: dict[str, int] = {}  # "cp874 (header)": pages decoded that way, so legacy sites show up


class ItemResult(BaseModel):
    """One OIT item in the check result."""

    id: str
    title: str
    sub_indicator: str
    outcome: Outcome
    outcome_text: str
    reason: Reason
    reason_text: str
    claimed: bool
    detail: str
    evidence: list[Evidence]
    decision: PersonDecision | None = None  # a person's verdict; when applied, `outcome` is the decided one


class CheckResult(BaseModel):
    """The result of checking one website against one rule pack."""

    schema_version: str = SCHEMA_VERSION
    target: str
    year: int
    lang: Lang
    pack: PackRef
    snapshot: str | None
    coverage: CrawlCoverage
    items: list[ItemResult]
    counts: dict[str, int]
    oit: OITPrediction
    deficiencies: list[Deficiency]
    decisions: DecisionsSummary | None = None  # set when a decisions file was applied
