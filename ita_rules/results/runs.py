"""Results of a multi-site run as stored and listed: runs, one row per site, and the change between runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vocabulary import Outcome

OUTCOMES = tuple(o.value for o in (Outcome.PASS, Outcome.FAIL, Outcome.NEEDS_REVIEW, Outcome.NOT_CRAWLED,
                                   Outcome.ERROR))


@dataclass
class Run:
    """One batch run as listed by `ita results`."""

    id: int
    started: str
    finished: str | None
    pack: str
    year: int
    status: str
    sites_total: int
    sites_done: int
    target: float
    indicators: dict[str, str]


@dataclass
class SiteRow:
    """One stored site of a run."""

    run_id: int
    name: str
    target: str
    agency_type: str | None
    finished_at: str
    reachable: bool
    oit_min: float | None
    oit_max: float | None
    indicators: dict[str, dict[str, float | None]]
    counts: dict[str, int]
    error: str | None
    items: dict[str, str] = field(default_factory=dict)
    decided: int = 0  # items a person decided (applied decisions)
    stale: int = 0  # decisions withheld because the evidence changed

    @property
    def undecided(self) -> int:
        """Items still unsure after the decisions: needs review, not crawled or error."""
        return sum(self.counts.get(o, 0) for o in (Outcome.NEEDS_REVIEW, Outcome.NOT_CRAWLED, Outcome.ERROR))


@dataclass
class SiteDiff:
    """What changed for one site between two runs."""

    site: str
    run_a: int
    run_b: int
    oit_a: tuple[float | None, float | None]
    oit_b: tuple[float | None, float | None]
    changed: list[tuple[str, str | None, str | None]]  # (item, outcome in A, outcome in B)
