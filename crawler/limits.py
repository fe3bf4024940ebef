"""How much of one document the extractors read: hostile files must end in a bounded, stated outcome."""

from __future__ import annotations

import time
from dataclasses import dataclass

# Two million characters is a 700-page Thai report; evidence is found in the first pages or not at all.
MAX_CHARS = 2_000_000
# A parsed HTML element costs about 2 KB; a real agency page has 1,000-30,000 of them.
MAX_TAGS = 100_000
MAX_LINKS = 10_000
# Time is checked between pages, rows and every few hundred elements, so a document may overrun it by
# one such step (pypdf's own limits keep a page to about a second).
DOC_SECONDS = 30.0


BUDGET_RAN_OUT = "the check's time budget (--time-budget) ran out before this document was read in full"


class LimitReached(Exception):
    """Reading stopped at a limit; the message says which."""


@dataclass(frozen=True)
class ReadLimits:
    """Per-document reading limits, and the end of the whole check's time budget."""

    max_chars: int = MAX_CHARS  # text kept per document
    seconds: float = DOC_SECONDS  # reading time per document
    max_tags: int = MAX_TAGS  # HTML elements parsed per page
    max_links: int = MAX_LINKS  # links kept per page
    deadline: float | None = None  # time.monotonic() at which the check's --time-budget ends

    def clock(self) -> Clock:
        """A clock for one document, started now."""
        return Clock(self)


class Clock:
    """The reading time left for one document."""

    def __init__(self, limits: ReadLimits) -> None:
        self.end = time.monotonic() + limits.seconds
        self.why = f"reading stopped at the per-document time limit of {limits.seconds:g} s"
        if limits.deadline is not None and limits.deadline <= self.end:
            self.end = limits.deadline
            self.why = BUDGET_RAN_OUT
        self._ticks = 0

    def check(self) -> None:
        """Raise LimitReached once the time is up."""
        if time.monotonic() >= self.end:
            raise LimitReached(self.why)

    def tick(self) -> None:
        """check(), but only every 256th call: for loops over elements."""
        self._ticks += 1
        if not self._ticks & 255:
            self.check()


DEFAULT = ReadLimits()


def cap_text(text: str, limits: ReadLimits) -> tuple[str, str | None]:
    """(text within the cap, why it was cut or None)."""
    if len(text) <= limits.max_chars:
        return text, None
    return text[: limits.max_chars], f"text cut at {limits.max_chars:,} characters of {len(text):,}"
