"""The checks table's shared parts: what a candidate is, what a check concludes, and the registry."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...results.finding import Evidence
from ...vocabulary import Outcome, Reason, Via
from ..topic import match_key

if TYPE_CHECKING:
    from ...pack import OITItem
    from ..locate import Locator


@dataclass
class Candidate:
    """Something that may be evidence for an item: a claimed index link, a discovered link, or a page."""

    item: str
    url: str | None
    href: str
    via: Via
    found_on: str | None
    link_text: str = ""
    context: str = ""
    claimed: bool = False
    claim_items: dict[str, str] = field(default_factory=dict)
    missing: Reason | None = None  # a claimed row without any link: "no_link" / "criterion_text_only"
    carrier: str | None = None  # the viewer page or post that shows this document (checks/carrier.py)


@dataclass
class Verdict:
    """What one candidate turned out to be."""

    outcome: Outcome
    reason: Reason
    evidence: Evidence
    claimed: bool
    deferred: bool = False  # a list page judged through the documents it links
    months: frozenset[int] = frozenset()  # months of October-March the evidence names (first-half items)


@dataclass
class Judging:
    """One candidate on its way through the table: what earlier checks learned about it."""

    loc: Locator
    item: OITItem
    c: Candidate
    page: object | None = None  # the fetched Page, once a check has found it
    kw: dict = field(default_factory=dict)  # status, fetch outcome and kind, for the evidence record
    matched: str = ""
    how: str = ""

    def verdict(self, outcome: str, reason: str, note: str, **extra) -> Verdict:
        """A verdict on this candidate with its evidence."""
        return Verdict(Outcome(outcome), Reason(reason), self.evidence(note=note, **{**self.kw, **extra}),
                       self.c.claimed)

    def evidence(self, **kw) -> Evidence:
        """The candidate as an evidence record."""
        c = self.c
        return Evidence(url=c.url or c.href or "", found_on=c.found_on, via=c.via, link_text=c.link_text[:200],
                        claimed=c.claimed, **kw)


# A candidate check returns a verdict (the candidate is decided), SKIP (the candidate is no evidence at all,
# e.g. a discovered hub page) or None (undecided: the next check looks).
SKIP = object()
CandidateCheck = Callable[[Judging], "Verdict | object | None"]
# An item check runs over an item's best verdict and every live one, and may replace the best.
ItemCheck = Callable[["Locator", "OITItem", Verdict, list[Verdict]], "Verdict | None"]

CANDIDATE_CHECKS: list[tuple[str, CandidateCheck]] = []
ITEM_CHECKS: dict[str, ItemCheck] = {}
EVERY_ITEM: list[str] = []  # item checks every item runs, before the ones it opts into


def candidate_check(name: str) -> Callable[[CandidateCheck], CandidateCheck]:
    """Register a check that every candidate passes through, in registration (table) order."""
    def register(fn: CandidateCheck) -> CandidateCheck:
        CANDIDATE_CHECKS.append((name, fn))
        return fn
    return register


def item_check(name: str, every_item: bool = False) -> Callable[[ItemCheck], ItemCheck]:
    """Register a check that items opt into by name in the pack (items.yaml `checks:`), or that all run."""
    def register(fn: ItemCheck) -> ItemCheck:
        ITEM_CHECKS[name] = fn
        if every_item:
            EVERY_ITEM.append(name)
        return fn
    return register


# A breadcrumb: "หน้าแรก / ITA ๒๕๖๘ / O19", "Home > ITA > O19", "หน้าหลัก » ข่าว".
_CRUMB = re.compile(r"^[^/>»›]{1,40}(?:\s(?:/|>|»|›)\s[^/>»›]{1,60}){1,5}$")


def frame_line(line: str, heads: list[str]) -> bool:
    """A line that frames the page rather than saying something: a heading (or part of a two-language one, as
    "ข้อ ๑๙ <Thai title>" above "O19 <English title>" in one <h1>) or a breadcrumb."""
    key = match_key(line)
    return bool(key) and (any(key in h for h in heads) or "»" in line or bool(_CRUMB.match(line.strip())))


def pack_sign(loc, name: str) -> re.Pattern | None:
    """One of the pack's signs (rules/ita-*/signals.yaml) as a single pattern, compiled once per site."""
    key = f"sign:{name}"
    got = loc.memo.get(key, False)
    if got is False:
        sign = loc.pack.signals.signs.get(name)
        got = loc.memo[key] = (re.compile("|".join(sign.patterns), re.IGNORECASE | re.MULTILINE)
                               if sign and sign.patterns else None)
    return got
