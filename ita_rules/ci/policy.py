"""The exit-code policy of `ita check` (which findings block, the precedence of the failing flags) and of
`ita assess --fail-under`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from pydantic import BaseModel

from ita_rules.ci.config import FailOn

T = TypeVar("T")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_CONFIG = 4

# `error` (the evaluation itself failed) needs a person, like needs_review; not_crawled never blocks by
# itself because an unreachable home page already exits 3 and partial coverage is reported, not judged.
BLOCKING: dict[str, frozenset[str]] = {
    "fail": frozenset({"fail"}),
    "needs_review": frozenset({"fail", "needs_review", "error"}),
}

PRECEDENCE = """\
  exit  when (first matching row wins)
  4     the config, a waiver or the baseline is invalid (checked before any network access)
  2     usage error (bad flag or argument)
  0     --soft-fail (or policy.soft_fail = true): every other row below is reported, not enforced
  3     the home page of a checked site could not be reached
  1     a blocking finding: outcome at or above --fail-on, no active waiver, and new with --baseline;
        or a site's verified OIT score is below min_oit_score
  0     otherwise (waived, baselined and below --fail-on findings are still listed)"""


class Policy(BaseModel):
    """The effective failing policy after flags have overridden the config."""

    fail_on: FailOn = "fail"
    soft_fail: bool = False
    min_oit_score: float | None = None
    baseline_in_use: bool = False


def blocks(policy: Policy, outcome: str, waived: bool, baselined: bool) -> bool:
    """Does this finding fail the run (before --soft-fail)? Waived never; baselined never; else by --fail-on."""
    if waived or outcome not in BLOCKING[policy.fail_on]:
        return False
    return not (policy.baseline_in_use and baselined)


def below_threshold(policy: Policy, score: float | None) -> bool:
    """A verified OIT score under the threshold (or none at all, which is never a pass)."""
    return policy.min_oit_score is not None and (score is None or score < policy.min_oit_score)


def exit_code(policy: Policy, *, unreachable: bool, blocking: int, below: bool) -> int:
    """Apply the precedence table (usage and config errors exit earlier, with 2 and 4)."""
    if policy.soft_fail:
        return EXIT_OK
    if unreachable:
        return EXIT_UNREACHABLE
    if blocking or below:
        return EXIT_FINDINGS
    return EXIT_OK


class FailUnder:
    """`ita assess --fail-under`: notes whether any total passing through is below the bar or not computable."""

    def __init__(self, bar: float | None) -> None:
        self.bar = bar
        self.below = False

    def watch(self, results: Iterable[tuple[float | None, T]]) -> Iterator[T]:
        """Each result, its total judged on the way (results stream: 10,000 agencies never sit in memory)."""
        for total, result in results:
            if self.bar is not None and (total is None or total < self.bar):
                self.below = True
            yield result
