"""Waivers: accepted findings per item and site, with a required justification and an optional expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ita_rules.words import say
from ita_rules.ci.tomldoc import ConfigError, TomlDoc, read_toml


class WaiverEntry(BaseModel):
    """One `[[waivers]]` table."""

    model_config = ConfigDict(extra="forbid")

    item: str
    site: str = Field(min_length=1)
    justification: str
    approver: str | None = None
    expires: date | None = None  # last day the waiver applies (inclusive, local date)

    @field_validator("item")
    @classmethod
    def _item(cls, v: str) -> str:
        v = v.strip().lower()
        if not (v.startswith("o") and v[1:].isdigit()):
            raise ValueError(f"{v!r} is not an OIT item id (o1, o2 ... as the year's pack numbers them)")
        return v

    @field_validator("justification")
    @classmethod
    def _why(cls, v: str) -> str:
        # An unexplained waiver is how debt hides; require a real sentence.
        if len(v.strip()) < 3:
            raise ValueError("a waiver needs a justification (why the finding is accepted)")
        return v.strip()


class WaiversFile(BaseModel):
    """A separate waivers file: only `[[waivers]]` tables."""

    model_config = ConfigDict(extra="forbid")

    waivers: list[WaiverEntry] = []


@dataclass(frozen=True)
class Waiver:
    """A validated waiver and where it was written."""

    entry: WaiverEntry
    doc: TomlDoc
    index: int

    def where(self, key: str | None = None) -> str:
        """`file:line` of the waiver (or of one of its keys)."""
        return self.doc.where(("waivers", self.index) + ((key,) if key else ()))


class WaiverState(BaseModel):
    """A waiver as applied to one item in one run (InSpec #5260: expired is said explicitly)."""

    status: Literal["active", "expired"]
    justification: str
    approver: str | None
    expires: date | None
    declared_in: str
    message: str


def from_doc(doc: TomlDoc, entries: list[WaiverEntry]) -> list[Waiver]:
    """Waivers already validated as part of a document (the config's inline `[[waivers]]`)."""
    return [Waiver(e, doc, n) for n, e in enumerate(entries)]


def load_file(path: Path | str, display: str | None = None) -> list[Waiver]:
    """Read and validate a waivers file (exit 4 naming file:line on any error)."""
    doc = read_toml(path, display)
    try:
        model = WaiversFile.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.error(exc) from None
    return from_doc(doc, model.waivers)


def validate(waivers: list[Waiver], items: set[str], sites: set[str]) -> None:
    """Unknown items or sites and duplicates are errors, never silent no-ops (Checkov #90)."""
    seen: dict[tuple[str, str], Waiver] = {}
    for w in waivers:
        e = w.entry
        if e.item not in items:
            raise ConfigError(f"waivers[{w.index}].item: unknown item {e.item!r} in this rule pack",
                              w.where("item"))
        if e.site not in sites:
            known = ", ".join(sorted(sites)) or "none"
            raise ConfigError(f"waivers[{w.index}].site: unknown site {e.site!r} (sites: {known})", w.where("site"))
        key = (e.item, e.site)
        if key in seen:
            raise ConfigError(f"waivers[{w.index}]: a second waiver for {e.item} on {e.site!r} "
                              f"(first at {seen[key].where()})", w.where())
        seen[key] = w




def is_active(entry: WaiverEntry, today: date) -> bool:
    """Active through its expiry date inclusive; no date means it never expires."""
    return entry.expires is None or today <= entry.expires


def state(w: Waiver, today: date, lang: str) -> WaiverState:
    """The waiver's status today, with a message in `lang`."""
    e = w.entry
    by = say("waiver.by", lang, who=e.approver) if e.approver else ""
    if is_active(e, today):
        until = say("waiver.until", lang, date=e.expires.isoformat()) if e.expires else ""
        status, msg = "active", say("waiver.active", lang, until=until, by=by, why=e.justification)
    else:
        status = "expired"
        msg = say("waiver.expired", lang, date=e.expires.isoformat(), by=by, why=e.justification)
    return WaiverState(status=status, justification=e.justification, approver=e.approver, expires=e.expires,
                       declared_in=w.where(), message=msg)


def apply(site: str, outcomes: dict[str, str], waivers: list[Waiver], today: date,
          lang: str = "en") -> tuple[dict[str, WaiverState], list[str]]:
    """Waiver states for the non-pass items of one site, and a warning for each waiver that matched nothing."""
    states: dict[str, WaiverState] = {}
    warnings: list[str] = []
    for w in waivers:
        e = w.entry
        if e.site != site or e.item not in outcomes:
            continue
        if outcomes[e.item] == "pass":
            warnings.append(f"{w.where()}: " + say("waiver.unused", lang, item=e.item, site=site))
            continue
        states[e.item] = state(w, today, lang)
    return states, warnings
