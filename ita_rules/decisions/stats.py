"""How often the tool's verdict agreed with a person's, by item and by reason: where judgment must improve."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..vocabulary import Outcome
from .model import DecisionEntry


@dataclass
class Agreement:
    """Decisions on one item (or reason) against what the tool had said."""

    key: str
    decisions: int = 0
    person_pass: int = 0
    person_fail: int = 0
    agree: int = 0  # the tool said pass or fail and the person said the same
    disagree: int = 0  # the tool said pass or fail and the person said the other
    unsure: int = 0  # the tool left it to a person (needs review, not crawled, error)

    @property
    def rate(self) -> float | None:
        """Share of the tool's own verdicts the person confirmed (None when the tool gave none)."""
        judged = self.agree + self.disagree
        return self.agree / judged if judged else None

    def add(self, e: DecisionEntry) -> None:
        """Count one decision."""
        self.decisions += 1
        if e.decision == "pass":
            self.person_pass += 1
        else:
            self.person_fail += 1
        if Outcome(e.tool.outcome).unsure:
            self.unsure += 1
        elif e.tool.outcome == e.decision:
            self.agree += 1
        else:
            self.disagree += 1


def agreement(entries: list[tuple[str, str, DecisionEntry]]) -> tuple[Agreement, list[Agreement], list[Agreement]]:
    """(overall, by item, by reason) over (site, item, decision) triples; items in id order, reasons by count."""
    total = Agreement("all")
    by_item: dict[str, Agreement] = defaultdict(lambda: Agreement(""))
    by_reason: dict[str, Agreement] = defaultdict(lambda: Agreement(""))
    for _site, item, e in entries:
        total.add(e)
        for table, key in ((by_item, item), (by_reason, e.tool.reason.value)):
            table[key].key = key
            table[key].add(e)
    items = sorted(by_item.values(), key=lambda a: (len(a.key), a.key))
    reasons = sorted(by_reason.values(), key=lambda a: (-a.decisions, a.key))
    return total, items, reasons
