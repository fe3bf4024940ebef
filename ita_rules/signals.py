"""Element checks and the signals they name (rules/<pack>/signals.yaml): the criteria a machine reads in evidence.

The models only hold and validate the criteria; ita_rules/evidence/elements.py counts them in a page.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .vocabulary import Reason

__all__ = ["ElementCheck", "PackSignals", "Signal", "SignalKind"]


class _Strict(BaseModel):
    """Unknown keys are errors, values are immutable once loaded (as every pack model)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


SignalKind = Literal["text", "link", "form", "image", "document"]


class Signal(_Strict):
    """A sign a machine can read in evidence (ita_rules/evidence/elements.py counts it); criteria, not code.

    text: regular expressions over the evidence's text; link: over its links (URL and text) and frames;
    form: its own forms without a password field; image: its own pictures (site template removed);
    document: 1 when the evidence is a file (PDF, Office, picture) rather than a web page.
    """

    kind: SignalKind = "text"
    patterns: list[str] = []
    negations: list[str] = []  # a match right after one of these words does not count ("ไม่ต้องเข้าสู่ระบบ")
    distinct: bool = False  # count different matches (names), not occurrences (a phone under every name)
    at_least: int = Field(default=1, ge=1)  # fewer matches than this count as none (three units make a chart)
    scope: Literal["own", "page"] = "own"  # own: the site template removed; page: all of it (a footer address)
    unless: str | None = None  # counts nothing when this signal is present
    only_with: str | None = None  # counts only when this signal is present
    reason: Reason | None = None  # an element resting on this signal alone is needs_review with this reason

    @field_validator("patterns", "negations")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return _regexes(v)


class ElementCheck(_Strict):
    """How a machine tells that an element is published: the signals that evidence it."""

    any: list[str] = []  # signals, any of which evidences the element
    per: str | None = None  # a signal counting people (executives): every one needs the element
    min: int = Field(default=1, ge=1)
    unsure: list[str] = []  # present without `any`: a person must look (needs_review), not a fail
    in_pictures: bool = False  # may be shown inside a picture (a chart, a poster): absent from text is unsure
    year: bool = False  # evidenced by the year check (the evidence covers a year the item accepts)
    missing: Literal["fail", "needs_review"] = "fail"  # an uncertain criterion never fails on its own

    @model_validator(mode="after")
    def _evidenced_somehow(self) -> "ElementCheck":
        if not self.any and not self.year:
            raise ValueError("an element check needs signals (any) or the year check (year: true)")
        return self


def _regexes(v: list[str]) -> list[str]:
    for pat in v:
        try:
            re.compile(pat)
        except re.error as exc:
            raise ValueError(f"bad regular expression {pat!r}: {exc}") from None
    return v


class PackSignals(_Strict):
    """What pages that stand in for evidence say, and the named signs element checks look for."""

    placeholders: list[str] = []  # "อยู่ระหว่างจัดทำข้อมูล", "ไม่พบข้อมูล": a page saying its content is not there
    empty_lists: list[str] = []  # regular expressions of a list showing nothing ("แสดง 0 ถึง 0 จาก 0 รายการ")
    not_found_pages: list[str] = []  # titles of "page not found" pages served with HTTP 200 (soft 404s)
    signs: dict[str, Signal] = {}

    @field_validator("empty_lists")
    @classmethod
    def _lists(cls, v: list[str]) -> list[str]:
        return _regexes(v)
