"""What the review page lists: each site's items under the saved decisions, most impactful first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from ..decisions.apply import apply_items, tool_view
from ..decisions.write import DecisionsFile
from ..deficiency.item_not_met import ItemNotMet
from ..oit import OITPrediction, predict
from ..pack import RulePack
from ..results.check import CheckResult, ItemResult
from ..words import Lang

Show = Literal["todo", "fail", "pass", "all"]
SHOWS: tuple[Show, ...] = ("todo", "fail", "pass", "all")
Preview = Callable[[str, str], "str | None"]  # (site, url) -> text of the page or document, if the snapshot has it


@dataclass
class ReviewSite:
    """One site under review: its check result (the tool's verdicts) and where its snapshot is, if kept."""

    name: str
    result: CheckResult
    snapshot: Path | None = None


@dataclass
class Row:
    """One item on the page: the tool's view, the item under the saved decision, and what is at stake."""

    site: str
    tool: ItemResult
    shown: ItemResult
    impact: float
    order: int

    @property
    def group(self) -> Show:
        """Where the tool's own verdict files the item: still to decide, failed, or passed."""
        if self.tool.outcome.unsure:
            return "todo"
        return "pass" if self.tool.outcome == "pass" else "fail"


@dataclass
class SiteState:
    """A site as the page shows it now: its rows and its OIT range under the decisions so far."""

    site: ReviewSite
    rows: list[Row]
    oit: OITPrediction
    decided: int
    stale: int
    todo: int


class Review:
    """The review session: sites, the pack, and the decisions file every click is written to."""

    def __init__(self, sites: list[ReviewSite], pack: RulePack, decisions: DecisionsFile, lang: Lang,
                 by: str, preview: Preview | None = None,
                 on_change: Callable[[ReviewSite, CheckResult], None] | None = None):
        self.sites = {s.name: s for s in sites}
        self.pack, self.decisions, self.lang, self.by = pack, decisions, lang, by
        self.preview = preview or (lambda site, url: None)
        self.on_change = on_change

    def impact(self, item: str) -> float:
        """Points of the total at stake on one item (binary items: all of them)."""
        return round(ItemNotMet.impact(self.pack, item, 0.0, None), self.pack.scoring.decimals)

    def state(self, name: str) -> SiteState:
        """One site's rows under the saved decisions, and its OIT range now."""
        site = self.sites[name]
        tool = [tool_view(i, self.lang) for i in site.result.items]
        shown = apply_items(tool, self.decisions.for_site(name), self.lang)
        order = {i: n for n, i in enumerate(self.pack.item)}
        rows = [Row(name, t, s, self.impact(t.id), order.get(t.id, 0))
                for t, s in zip(tool, shown)]
        oit, _ = predict(self.pack, {s.id: s.outcome for s in shown})
        return SiteState(site, rows, oit, decided=sum(1 for s in shown if s.decision and s.decision.applied),
                         stale=sum(1 for s in shown if s.decision and not s.decision.applied),
                         todo=sum(1 for s in shown if s.outcome.unsure))

    def listing(self, show: Show, only: str | None = None) -> list[Row]:
        """The rows to show, unsure ones first, then by points at stake, site and pack order."""
        rank = {"todo": 0, "fail": 1, "pass": 2}
        rows = [r for n in self.sites if only in (None, n) for r in self.state(n).rows
                if show == "all" or r.group == show]
        return sorted(rows, key=lambda r: (rank[r.group], -r.impact, r.site, r.order))

    def row(self, site: str, item: str) -> Row:
        """One row (KeyError when the site or item is unknown)."""
        if site not in self.sites:
            raise KeyError(site)
        for r in self.state(site).rows:
            if r.tool.id == item:
                return r
        raise KeyError(item)

    def changed(self, site: str) -> None:
        """Tell the owner a site's decisions changed (the results database keeps the decided result)."""
        if self.on_change is not None:
            self.on_change(self.sites[site], self.sites[site].result)
