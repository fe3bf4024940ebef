"""Which fiscal year and rule pack to use when none is named: today's fiscal year (1 October starts one)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from .errors import ItaError, PackError
from .words import say
from .loader import newest_pack, pack_by_id, pack_for_year
from .pack import Lang, RulePack
from .thai import fiscal_year_of

TODAY_ENV = "ITA_TODAY"  # YYYY-MM-DD: pins "today" (tests, or re-running last year's checks)


def today() -> date:
    """Today, or the date in ITA_TODAY."""
    raw = os.environ.get(TODAY_ENV, "").strip()
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ItaError(f"{TODAY_ENV}={raw!r} is not a date (use YYYY-MM-DD, e.g. 2026-12-04)") from None


@dataclass
class Choice:
    """A pack and the fiscal year to use it for, with notes (i18n key, values) on how they were chosen."""

    pack: RulePack
    year: int
    notes: list[tuple[str, dict]] = field(default_factory=list)

    def messages(self, lang: Lang) -> list[str]:
        """The notes worded, then the provisional-pack warning when it applies."""
        out = [say(key, lang, **values) for key, values in self.notes]
        warning = provisional_warning(self.pack, lang)
        return out + ([warning] if warning else [])


def choose(pack_id: str | None = None, year: int | None = None, on: date | None = None) -> Choice:
    """`--pack`/`--year` when given; otherwise today's fiscal year, or the newest pack when none covers it."""
    if pack_id:
        pack = pack_by_id(pack_id)
        return Choice(pack, year or max(pack.pack.fiscal_years))
    if year:
        return Choice(pack_for_year(year), year)
    when = on or today()
    fy = fiscal_year_of(when)
    try:
        return Choice(pack_for_year(fy), fy)
    except PackError:
        newest = newest_pack()
        y = max(newest.pack.fiscal_years)
        return Choice(newest, y, [("no_pack_today", {"fy": fy, "date": when.isoformat(), "pack": newest.pack.id,
                                                      "year": y})])


def provisional_warning(pack: RulePack, lang: Lang) -> str | None:
    """One line saying the pack is provisional and why, or None for a stable pack."""
    if pack.pack.status != "provisional":
        return None
    note = pack.pack.status_note.get(lang) if pack.pack.status_note else ""
    return say("provisional_pack", lang, pack=pack.pack.id, note=note)


def result_warning(ref, lang: Lang) -> str | None:
    """The provisional warning for a saved result's pack reference (PackRef), its note from the bundled pack."""
    if getattr(ref, "status", "stable") != "provisional":
        return None
    try:
        return provisional_warning(pack_by_id(ref.id), lang)
    except PackError:  # a pack no longer bundled: the status alone still warns
        return say("provisional_pack", lang, pack=ref.id, note="")
