"""The result of assessing one agency: the JSON contract every renderer reads."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, SerializationInfo, model_serializer

from ita_rules.pack import RulePack
from ita_rules.scoring import ItemScore

Direction = Literal["up", "down", "same"]
SCHEMA_VERSION = "1.1"  # of the JSON `ita assess --format json` prints (docs/schemas/assess-result.schema.json)
SHARED_KEY = "shared_as_key"  # serialisation context: a function giving a shared object's key (the batch JSON)


class _ByKey(BaseModel):
    """A model a batch writes once per pack and refers to by key everywhere else."""

    @model_serializer(mode="wrap")
    def by_key(self, handler, info: SerializationInfo):
        """The object itself, or its key when the batch writer has one for it (results/assess_batch.py)."""
        key_of = info.context.get(SHARED_KEY) if isinstance(info.context, dict) else None
        key = key_of(self) if key_of else None
        return handler(self) if key is None else key


class PackRef(_ByKey):
    """Which pack (and exact content) produced a result, and whether it is provisional."""

    id: str
    version: str
    digest: str
    status: Literal["stable", "provisional"] = "stable"

    @classmethod
    def of(cls, pack: RulePack) -> "PackRef":
        """The reference to a loaded pack."""
        return cls(id=pack.pack.id, version=pack.pack.version, digest=pack.digest, status=pack.pack.status)


class LevelOut(_ByKey):
    """A level with its name in the output language."""

    model_config = ConfigDict(frozen=True)  # one per pack, level and language, shared by every result

    id: str
    name: str
    meaning: str


class MeasureOut(_ByKey):
    """A recommended measure with its period resolved to dates of the plan year."""

    model_config = ConfigDict(frozen=True)  # one per pack, year, measure and language, shared by every result

    id: str
    title: str
    steps: list[str]
    owner: str
    timeframe: str
    start: date
    end: date
    follow_up: str
    confidence: str


class Deficiency(BaseModel):
    """Something below target or not verified, with its effect on the total and the measures that address it."""

    model_config = ConfigDict(frozen=True)  # agencies with the same score share one (deficiencies.py)

    id: str
    rule: str
    kind: str
    severity: str
    score: float
    threshold: float | None
    impact: float
    name: str
    message: str
    measures: list[MeasureOut]
    tool: str | None = None
    indicator: str | None = None
    sub_indicator: str | None = None
    items: list[str] = []  # a grouped finding names every item it covers
    outcome: str | None = None  # website findings: the check's outcome and reason
    reason: str | None = None


class Change(BaseModel):
    """A score this year against last year (เพิ่มขึ้น / ลดลง / -)."""

    previous: float | None
    current: float | None
    delta: float | None
    direction: Direction | None
    label: str


class PreviousItem(BaseModel):
    """An item's score last year, read through the pack's item mapping (e.g. o10 <- o10 + o11)."""

    score: float
    sources: list[str]
    kind: str


class Previous(BaseModel):
    """Last year's scores as assessed."""

    year: int
    pack: str
    total: float | None
    level: LevelOut | None
    tools: dict[str, float | None]
    indicators: dict[str, float | None]
    items: dict[str, PreviousItem] = {}


class FocusOut(BaseModel):
    """The indicator next year's measures address first (the O25 method), with its measures."""

    method: str
    indicator: str
    name: str
    score: float
    tool: str
    item: str  # the OIT item that publishes the analysis, in the pack that asks for the focus
    item_title: str
    plan_year: int
    pack: str
    note: str
    confidence: str
    findings: list[str]  # deficiencies inside the indicator
    measures: list[MeasureOut]


class AssessResult(BaseModel):
    """One agency's assessment."""

    schema_version: str = SCHEMA_VERSION
    agency: str
    year: int
    lang: Literal["th", "en"]
    pack: PackRef
    source: str | None = None
    complete: bool
    missing: list[str]
    total: float | None
    level: str | None
    level_detail: LevelOut | None
    target: float
    meets_target: bool | None
    tools: dict[str, float | None]
    tool_parts: dict[str, float | None]
    indicators: dict[str, float | None]
    items: dict[str, ItemScore]
    questions: dict[str, float]
    previous: Previous | None = None
    changes: dict[str, Change] = {}
    deficiencies: list[Deficiency]
    focus: FocusOut | None = None
    warnings: list[str]
    names: dict[str, str] = {}
    indicator_tool: dict[str, str] = {}
