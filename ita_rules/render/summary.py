"""`ita assess` on many agencies in text: one line per agency, written as each result arrives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from rich.cells import cell_len

from ita_rules.words import say
from ..results.assess import AssessResult
from .rows import fmt
from .safe import visible

LEVEL_WIDTH = 22  # display cells: the longest Thai level name ("ต้องปรับปรุงโดยด่วน") and some room


def _pad(text: str, width: int, right: bool = False) -> str:
    """Aligned in display cells (Thai vowel and tone marks take none)."""
    room = " " * max(0, width - cell_len(text))
    return room + text if right else text + room


def _line(cells: list[str]) -> str:
    *numbers, level, agency = cells
    return "  ".join([*(_pad(c, w, True) for c, w in zip(numbers, (6, 4, 8, 9, 7))), _pad(level, LEVEL_WIDTH),
                      agency]) + "\n"


def write_summary(results: Iterable[AssessResult], write: Callable[[str], None]) -> None:
    """A header, one line per agency (number, year, total, against the target, findings, level, name), then
    the counts; nothing is kept but the counts."""
    counts: Counter[str] = Counter()
    lang = "th"
    n = 0
    for n, r in enumerate(results, start=1):
        if n == 1:
            lang = r.lang
            write(_line(say("summary.head", lang).split("|")))
        verdict = "unknown" if r.meets_target is None else "met" if r.meets_target else "below"
        counts[verdict] += 1
        against = "-" if r.meets_target is None else say("summary.meets" if r.meets_target else "summary.below", lang)
        name = " ".join(visible(r.agency).split())  # one line per agency, whatever the sheet's name holds
        write(_line([str(n), str(r.year), fmt(r.total), against, str(len(r.deficiencies)), r.level or "-", name]))
    if n:
        write("\n" + say("summary.counts", lang, n=n, met=counts["met"], below=counts["below"],
                         unknown=counts["unknown"]) + "\n" + say("summary.detail", lang) + "\n")
