"""What the evidence locator says about each OIT item: outcome, reason and evidence."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Outcome = Literal["pass", "fail", "needs_review", "not_crawled", "error"]
Via = Literal["index", "menu", "link", "document", "page"]

# Reason codes; their Thai and English wording lives in crawler/reasons.py.
Reason = Literal[
    "verified",               # pass: on topic, right year, fetched
    "not_found",              # fail: nothing on the site matches the item
    "claimed_link_broken",    # fail: the OIT index links to a 404/410 or dead page
    "off_topic",              # fail: the linked page/document is about something else
    "wrong_year",             # fail: found, but for a year the item does not accept
    "no_link",                # fail: the index row has no usable link ("ไม่มีลิงก์", empty cell)
    "placeholder_link",       # fail: '#', javascript:, a self-link or the home page offered as evidence
    "criterion_text_only",    # fail: the manual's criterion text copied, with no evidence behind it
    "external_unverifiable",  # needs_review: Facebook, Google Drive/Forms/Sites, LINE ...
    "login_wall",             # needs_review: the evidence sits behind a login form
    "image_only_pdf",         # needs_review: a scanned PDF without a text layer
    "too_large",              # needs_review: a file over the size cap, not read
    "forbidden",              # needs_review: 401/403 or a challenge page
    "year_unknown",           # needs_review: on topic but no year could be read
    "months_missing",         # needs_review: a first-half item names some of October-March, not all six
    "robots_blocked",         # not_crawled: robots.txt kept us out
    "budget",                 # not_crawled: page, depth or time budget ran out first
    "fetch_error",            # not_crawled: network or server errors kept us out
    "evaluation_error",       # error: the locator itself failed on this item
]


class Evidence(BaseModel):
    """One piece of evidence (or counter-evidence) for an item."""

    url: str
    found_on: str | None = None
    via: Via
    link_text: str = ""
    matched: str = ""
    years: list[int] = Field(default_factory=list)
    year_ok: bool | None = None
    claimed: bool = False
    status: int | None = None
    fetch_outcome: str | None = None
    kind: str | None = None
    note: str | None = None


class ItemFinding(BaseModel):
    """The locator's verdict on one OIT item."""

    id: str
    outcome: Outcome
    reason: Reason
    claimed: bool = False
    evidence: list[Evidence] = Field(default_factory=list)
    detail: str = ""
