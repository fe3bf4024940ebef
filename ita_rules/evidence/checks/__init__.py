"""The checks table (axe-core's rules -> checks): small named checks, each its own function with its user doc.

Every candidate for an item passes through CANDIDATE_CHECKS in order until one decides it; items opt
into ITEM_CHECKS by name in the pack (items.yaml `checks:`), which look at the item's verdicts together.
Importing the modules registers their checks, in this order.
"""

from __future__ import annotations

from . import links, fetching, content, carrier, dead, parts, placeholder, subject, elements, months, news, inforce  # noqa: F401,E501  (import order = table order)
from .base import CANDIDATE_CHECKS, EVERY_ITEM, ITEM_CHECKS, SKIP, Candidate, Judging, Verdict

__all__ = ["CANDIDATE_CHECKS", "EVERY_ITEM", "ITEM_CHECKS", "SKIP", "Candidate", "Judging", "Verdict", "judge"]


def judge(j: Judging) -> Verdict | None:
    """Run a candidate through the table; None when it turns out to be no evidence at all."""
    for _name, check in CANDIDATE_CHECKS:
        got = check(j)
        if got is SKIP:
            return None
        if got is not None:
            return got
    raise AssertionError("right_year always decides")  # the table ends with a check that always decides
