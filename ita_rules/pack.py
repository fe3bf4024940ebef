"""Rule pack models: one fiscal-year framework of the ITA, loaded from YAML in rules/."""

from __future__ import annotations

import hashlib
import re
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .signals import ElementCheck, PackSignals
from .vocabulary import Outcome, Reason

Confidence = Literal["solid", "medium", "low", "uncertain", "inferred"]
ToolId = Literal["IIT", "EIT", "OIT"]
from .words import Lang  # noqa: E402  (one definition, re-exported for the pack models)

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Model(BaseModel):
    """Strict base: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Model):
    """A message in Thai and English; every user-facing string has both."""

    th: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: Lang) -> str:
        """The text in `lang`."""
        return self.th if lang == "th" else self.en


class Provenance(Model):
    """Where a criterion comes from and how sure we are of it."""

    confidence: Confidence
    sources: list[str] = []
    note: str | None = None


class PackMeta(Model):
    """Identity and version of a pack; a pinned version never changes meaning."""

    id: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    fiscal_years: list[int] = Field(min_length=1)
    title: Text
    description: Text | None = None
    provenance: Provenance
    # provisional: a stand-in (e.g. a copy of last year) until NACC publishes the year's manual.
    status: Literal["stable", "provisional"] = "stable"
    status_note: Text | None = None
    # Another pack whose sections this one reuses (every section but `pack` and `mapping`).
    extends: str | None = None

    @model_validator(mode="after")
    def _provisional_says_why(self) -> "PackMeta":
        if self.status == "provisional" and self.status_note is None:
            raise ValueError("a provisional pack needs a status_note saying what it stands in for")
        return self

    @field_validator("fiscal_years")
    @classmethod
    def _be_years(cls, v: list[int]) -> list[int]:
        for y in v:
            if not 2550 <= y <= 2600:
                raise ValueError(f"fiscal year {y} is not a Buddhist-era year (2550-2600)")
        return v


class ToolPart(Model):
    """A separately scored part of a tool (EIT part 1 'EIT Public', part 2)."""

    id: str
    name: Text
    provenance: Provenance | None = None


class ToolDef(Model):
    """One of the three assessment tools and its weight in the total."""

    id: ToolId
    name: Text
    weight: float = Field(gt=0)
    parts: list[ToolPart] = []


class SubIndicator(Model):
    """A sub-indicator of an OIT indicator (9.1 ... 10.2)."""

    id: str = Field(pattern=r"^\d+\.\d+$")
    name: Text
    provenance: Provenance | None = None


class IndicatorDef(Model):
    """An indicator (1-10): its tool and name; its score is the mean of its questions or items."""

    id: str = Field(pattern=r"^\d+$")
    tool: ToolId
    name: Text
    description: Text | None = None
    sub_indicators: list[SubIndicator] = []


class Question(Model):
    """A survey question (IIT i-, EIT e-), possibly asked in several tool parts."""

    id: str = Field(pattern=r"^[ie]\d+$")
    indicator: str
    text: Text
    parts: list[str] = []
    provenance: Provenance


class Element(Model):
    """One requirement of an OIT item; `check` makes it machine-checkable, else a person must judge it."""

    text: Text
    provenance: Provenance | None = None
    check: ElementCheck | None = None


CoverageKind = Literal["current_fy", "previous_fy", "first_half", "period_includes", "in_force"]


class Coverage(Model):
    """Which fiscal year the evidence must cover, relative to the assessed year."""

    kind: CoverageKind
    # Periods the criteria leave open (marked UNCERTAIN in the sources): evidence for any of them passes, with a
    # note naming the uncertainty, because failing on a guess would be a false fail.
    alternatives: list[CoverageKind] = []
    note: Text | None = None
    provenance: Provenance | None = None

    def years(self, fy: int) -> set[int]:
        """Fiscal years (BE) that satisfy this coverage when assessing `fy`; empty means any."""
        return _years_of(self.kind, fy)

    def plausible_years(self, fy: int) -> set[int]:
        """The years of the main reading and of every alternative one."""
        return self.years(fy).union(*(_years_of(k, fy) for k in self.alternatives))


def _years_of(kind: str, fy: int) -> set[int]:
    if kind in ("current_fy", "first_half", "period_includes"):
        return {fy}
    return {fy - 1} if kind == "previous_fy" else set()


class EvidenceHints(Model):
    """What evidence looks like on real sites: label variants (misspellings kept), keywords, formats."""

    labels: list[str] = Field(min_length=1)
    keywords: list[str] = []
    exclude: list[str] = []
    not_in_title: list[str] = []  # title phrases that make a document something else ("รอบ 6 เดือน": no annual report)
    formats: list[str] = []
    url_hints: list[str] = []


class OITItem(Model):
    """An OIT disclosure item: title, required elements, year coverage and evidence hints."""

    id: str = Field(pattern=r"^o\d+$")
    sub_indicator: str
    title: Text
    elements: list[Element] = Field(min_length=1)
    coverage: Coverage
    evidence: EvidenceHints
    provenance: Provenance
    aliases: list[str] = []
    checks: list[str] = []  # item-level evidence checks by name (ita_rules/evidence/checks), e.g. months_first_half


class LevelDef(Model):
    """A result level with the minimum total and, optionally, the minimum of every tool."""

    id: str
    name: Text
    min_total: float = Field(ge=0, le=100)
    min_each_tool: float | None = Field(default=None, ge=0, le=100)
    meaning: Text
    provenance: Provenance


class Scoring(Model):
    """How raw scores roll up."""

    target: float = Field(ge=0, le=100)
    item_scoring: Literal["binary", "mean"]
    item_full_marks: float = 100
    decimals: int = Field(default=2, ge=0, le=4)
    check_tool_parts: bool = False
    provenance: Provenance


# One module per kind in ita_rules/deficiency/ (a test keeps this list and that package in step).
DeficiencyKind = Literal[
    "tool_below", "tool_part_below", "indicator_below", "item_not_met", "question_below", "lowest_question",
    "item_finding", "finding_group",
]


class DeficiencyRule(Model):
    """A declarative deficiency rule; the engine compiles it to a durable-rules rule."""

    id: str
    kind: DeficiencyKind
    threshold: float | None = Field(default=None, ge=0, le=100)
    severity: Literal["high", "medium", "low"]
    message: Text
    description: Text | None = None
    outcomes: list[Outcome] = []  # website findings: the outcomes this rule covers (empty: any)
    reasons: list[Reason] = []  # website findings: the reasons this rule covers (empty: any)
    measures: list[str] = []  # measure ids this rule selects, instead of the catalogue's for the target

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("rule ids are lowercase slugs (a-z, 0-9, '-', '.', '_')")
        return v


class Timeframe(Model):
    """When a measure runs, in months of the plan's fiscal year (October-September)."""

    start_month: int = Field(default=10, ge=1, le=12)
    end_month: int = Field(default=9, ge=1, le=12)
    fy_offset: int = Field(default=1, ge=0, le=2)
    note: Text | None = None


class Measure(Model):
    """A recommended measure (มาตรการ) for deficient items, indicators or tools."""

    id: str
    applies_to: list[str] = Field(min_length=1)
    title: Text
    steps: list[Text] = Field(min_length=1)
    owner: Text
    timeframe: Timeframe = Timeframe()
    follow_up: Text
    provenance: Provenance

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("measure ids are lowercase slugs (a-z, 0-9, '-', '.', '_')")
        return v


class SiteHints(Model):
    """How agencies label their ITA/OIT area, and links that are never OIT evidence."""

    index_labels: list[str] = Field(min_length=1)
    not_evidence_urls: list[str] = []
    spam_markers: list[str] = []  # words of injected gambling spam; two on one page mark it as spam
    provenance: Provenance | None = None


MapKind = Literal["kept", "renamed", "merged", "split", "new"]


class ItemMap(Model):
    """How one item of this year continues items of the previous year's pack."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    kind: MapKind
    sources: list[str] = Field(default=[], alias="from")
    compare: list[str] | None = None  # the sources last year's score is read from (default: all of them)
    note: Text | None = None
    provenance: Provenance

    @property
    def compared(self) -> list[str]:
        """Previous-year ids whose scores stand for this item last year."""
        return self.compare if self.compare is not None else self.sources


class DroppedItem(Model):
    """A previous-year item with no successor."""

    item: str
    note: Text
    provenance: Provenance


class YearMapping(Model):
    """The item mapping from the previous year's pack to this one (kept, renamed, merged, split, new, dropped)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_pack: str = Field(alias="from")
    default: Literal["none", "kept"] = "none"  # kept: an item not listed continues the same id unchanged
    items: dict[str, ItemMap] = {}
    dropped: list[DroppedItem] = []
    provenance: Provenance

    def entry(self, item_id: str) -> ItemMap | None:
        """The mapping of one item, the default filled in."""
        if item_id in self.items:
            return self.items[item_id]
        if self.default == "kept":
            return ItemMap(kind="kept", sources=[item_id], provenance=self.provenance)
        return None


class Focus(Model):
    """How this year's ITA-results item (O25-style) picks what the measures must address."""

    method: Literal["weakest_indicator", "all_findings"]
    note: Text
    provenance: Provenance


class Documents(Model):
    """The OIT items that publish the analysis of last year's result and the report on its measures."""

    results_item: str
    report_item: str | None = None
    focus: Focus


class RulePack(Model):
    """A whole fiscal-year framework: tools, indicators, questions, items, levels, rules, measures."""

    pack: PackMeta
    tools: list[ToolDef] = Field(min_length=1)
    indicators: list[IndicatorDef] = Field(min_length=1)
    questions: list[Question] = []
    items: list[OITItem] = []
    levels: list[LevelDef] = Field(min_length=1)
    scoring: Scoring
    deficiency_rules: list[DeficiencyRule] = []
    measures: list[Measure] = []
    site: SiteHints | None = None
    signals: PackSignals = PackSignals()  # placeholders, soft 404s and the signs element checks name (signals.yaml)
    mapping: YearMapping | None = None
    documents: Documents | None = None
    digest: str = ""

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    @cached_property
    def tool(self) -> dict[str, ToolDef]:
        """Tools by id."""
        return {t.id: t for t in self.tools}

    @cached_property
    def indicator(self) -> dict[str, IndicatorDef]:
        """Indicators by id."""
        return {i.id: i for i in self.indicators}

    @cached_property
    def question(self) -> dict[str, Question]:
        """Questions by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def item(self) -> dict[str, OITItem]:
        """OIT items by id."""
        return {i.id: i for i in self.items}

    @cached_property
    def sub_indicator(self) -> dict[str, SubIndicator]:
        """Sub-indicators by id."""
        return {s.id: s for i in self.indicators for s in i.sub_indicators}

    @cached_property
    def indicators_of(self) -> dict[str, list[str]]:
        """Indicator ids of each tool, in pack order."""
        out: dict[str, list[str]] = {t.id: [] for t in self.tools}
        for ind in self.indicators:
            out[ind.tool].append(ind.id)
        return out

    @cached_property
    def members_of(self) -> dict[str, list[str]]:
        """Question or item ids that make up each indicator."""
        out: dict[str, list[str]] = {i.id: [] for i in self.indicators}
        for q in self.questions:
            out[q.indicator].append(q.id)
        for it in self.items:
            out[it.sub_indicator.split(".")[0]].append(it.id)
        return out

    @cached_property
    def measures_for(self) -> dict[str, list[Measure]]:
        """Measures keyed by the id they apply to (item, question, indicator or tool)."""
        out: dict[str, list[Measure]] = {}
        for m in self.measures:
            for target in m.applies_to:
                out.setdefault(target, []).append(m)
        return out

    @cached_property
    def known_ids(self) -> set[str]:
        """Every id a score sheet may use."""
        ids: set[str] = set(self.tool) | set(self.indicator) | set(self.question) | set(self.item)
        for t in self.tools:
            ids |= {f"{t.id}.{p.id}" for p in t.parts}
        for q in self.questions:
            ids |= {f"{q.id}.{p}" for p in q.parts}
        return ids

    def levels_high_to_low(self) -> list[LevelDef]:
        """Levels ordered from the best to the worst."""
        return sorted(self.levels, key=lambda lv: (lv.min_total, lv.min_each_tool or 0), reverse=True)

    def level_rank(self, level_id: str) -> int:
        """0 for the best level, larger is worse."""
        return [lv.id for lv in self.levels_high_to_low()].index(level_id)

    def name_of(self, target: str, lang: Lang = "th") -> str:
        """Human name of any id in the pack."""
        if target in self.item:
            return self.item[target].title.get(lang)
        if target in self.question:
            return self.question[target].text.get(lang)
        if target in self.indicator:
            return self.indicator[target].name.get(lang)
        if target in self.tool:
            return self.tool[target].name.get(lang)
        tool, _, part = target.partition(".")
        if tool in self.tool:
            for p in self.tool[tool].parts:
                if p.id == part:
                    return f"{self.tool[tool].name.get(lang)} {p.name.get(lang)}"
        return target


def digest_of(texts: list[str]) -> str:
    """Short content hash of a pack's files, recorded in every result."""
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8"))
    return h.hexdigest()[:12]
