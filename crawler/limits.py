"""How much of one document the extractors read: hostile files must end in a bounded, stated outcome."""

from __future__ import annotations

from dataclasses import dataclass

# Two million characters is a 700-page Thai report; evidence is found in the first pages or not at all.
MAX_CHARS = 2_000_000


@dataclass(frozen=True)
class ReadLimits:
    """Per-document reading limits."""

    max_chars: int = MAX_CHARS  # text kept per document


DEFAULT = ReadLimits()


def cap_text(text: str, limits: ReadLimits) -> tuple[str, str | None]:
    """(text within the cap, why it was cut or None)."""
    if len(text) <= limits.max_chars:
        return text, None
    return text[: limits.max_chars], f"text cut at {limits.max_chars:,} characters of {len(text):,}"
