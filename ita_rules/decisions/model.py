"""The decisions file as data: one entry per site and item, with the evidence fingerprint the person saw."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import ItaError
from ..results.decision import Verdict
from ..vocabulary import Outcome, Reason

FORMAT_VERSION = 1
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DecisionsError(ItaError):
    """An invalid decisions file: exit 4 like ita.toml and waivers, before any network access."""

    exit_code = 4


class Fingerprint(BaseModel):
    """The evidence the tool showed when the person decided: its URL and the hash of the body read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str | None = None
    sha256: str | None = None

    @field_validator("sha256")
    @classmethod
    def _hex(cls, v: str | None) -> str | None:
        if v is not None and not _SHA256.match(v):
            raise ValueError(f"{v!r} is not a SHA-256 hex digest (64 characters 0-9a-f)")
        return v


class ToolVerdict(BaseModel):
    """The tool's verdict the person saw, kept for the agreement figures."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    outcome: Outcome
    reason: Reason


class DecisionEntry(BaseModel):
    """One decision as written in the file."""

    model_config = ConfigDict(extra="forbid")

    decision: Verdict
    by: str = Field(min_length=1)
    at: datetime
    comment: str = ""
    evidence_url: str | None = None
    tool: ToolVerdict
    fingerprint: Fingerprint

    @field_validator("decision", mode="before")
    @classmethod
    def _verdict(cls, v: Any) -> Any:
        # YAML 1.1 reads a bare `yes`/`no` as booleans: say what is wanted instead of "input should be a string".
        if isinstance(v, bool):
            raise ValueError(f"decision {v!r} (YAML reads yes/no/on/off so) is not pass or fail")
        if not isinstance(v, str) or v.strip().lower() not in ("pass", "fail"):
            raise ValueError(f"decision {v!r} is not pass or fail")
        return v.strip().lower()

    @field_validator("by", "comment", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return "" if v is None else (v.strip() if isinstance(v, str) else v)

    @field_validator("at", mode="before")
    @classmethod
    def _when(cls, v: Any) -> Any:
        if isinstance(v, date) and not isinstance(v, datetime):  # a bare date means that day
            return datetime.combine(v, time())
        if isinstance(v, str):
            try:
                return datetime.fromisoformat(v.strip())
            except ValueError:
                raise ValueError(f"{v!r} is not a date and time (e.g. 2026-05-01T10:00:00+07:00)") from None
        return v

    @field_validator("evidence_url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            return None
        if v is not None and not re.match(r"^https?://\S+$", v.strip()):
            raise ValueError(f"evidence_url {v!r} is not an http(s) URL")
        return v.strip() if v else v


class DecisionsDoc(BaseModel):
    """A whole decisions file: one per site or one per batch, always keyed by site name and then item id."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = FORMAT_VERSION
    sites: dict[str, dict[str, DecisionEntry]] = {}

    @field_validator("sites", mode="before")
    @classmethod
    def _none(cls, v: Any) -> Any:
        return {} if v is None else v


class SiteDecisions(BaseModel):
    """The decisions of one site, with the file they came from (what a check applies)."""

    source: str
    entries: dict[str, DecisionEntry] = {}
