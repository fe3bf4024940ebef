"""The check vocabulary: outcomes and reason codes, each with its rank, order and wording (one definition each)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from .words import Lang, say

Via = Literal["index", "menu", "link", "document", "page"]


class Outcome(StrEnum):
    """What a check concluded about one item; compares and hashes as its string value."""

    PASS = "pass"
    NEEDS_REVIEW = "needs_review"
    NOT_CRAWLED = "not_crawled"
    FAIL = "fail"
    ERROR = "error"

    __hash__ = str.__hash__  # so "pass" and Outcome.PASS are one dict key

    @property
    def rank(self) -> int:
        """0 for the best outcome; the locator keeps the best-ranked verdict of an item."""
        return _OUTCOME_ORDER.index(self)

    @property
    def unsure(self) -> bool:
        """True when a person or a better crawl might still find the item met."""
        return self in (Outcome.NEEDS_REVIEW, Outcome.NOT_CRAWLED, Outcome.ERROR)

    def text(self, lang: Lang) -> str:
        """The outcome in `lang`."""
        return say(f"outcome.{self.value}", lang)


_OUTCOME_ORDER = list(Outcome)


class Reason(StrEnum):
    """Why a check concluded what it did; each reason belongs to one outcome."""

    VERIFIED = "verified"                           # pass: on topic, right year, fetched
    FORBIDDEN = "forbidden"                         # needs_review: 401/403 or a challenge page
    LOGIN_WALL = "login_wall"                       # needs_review: the evidence sits behind a login form
    IMAGE_ONLY_PDF = "image_only_pdf"               # needs_review: a scanned PDF without a text layer
    TOO_LARGE = "too_large"                         # needs_review: a file over the size cap, not read
    EXTRACTION_LIMIT = "extraction_limit"           # needs_review: over a reading limit (zip bomb, time, size)
    EXTERNAL_UNVERIFIABLE = "external_unverifiable"  # needs_review: Facebook, Google Drive/Forms/Sites, LINE ...
    YEAR_UNKNOWN = "year_unknown"                   # needs_review: on topic but no year could be read
    MONTHS_MISSING = "months_missing"               # needs_review: some of October-March named, not all six
    ELEMENT_UNVERIFIED = "element_unverified"       # needs_review: an element could not be confirmed by machine
    ROBOTS_BLOCKED = "robots_blocked"               # not_crawled: robots.txt kept us out
    FETCH_ERROR = "fetch_error"                     # not_crawled: network or server errors kept us out
    BUDGET = "budget"                               # not_crawled: page, depth or time budget ran out first
    CLAIMED_LINK_BROKEN = "claimed_link_broken"     # fail: the linked evidence is dead (404, soft 404, empty page)
    PLACEHOLDER_CONTENT = "placeholder_content"     # fail: the page only says the data is coming or not there
    ELEMENT_MISSING = "element_missing"             # fail: the evidence lacks a checkable element of the item
    WRONG_YEAR = "wrong_year"                       # fail: found, but for a year the item does not accept
    OFF_TOPIC = "off_topic"                         # fail: the linked page/document is about something else
    PLACEHOLDER_LINK = "placeholder_link"           # fail: '#', javascript:, a self-link or the home page
    CRITERION_TEXT_ONLY = "criterion_text_only"     # fail: the criterion text copied, no evidence behind it
    NO_LINK = "no_link"                             # fail: the index row has no usable link
    NOT_FOUND = "not_found"                         # fail: nothing on the site matches the item
    EVALUATION_ERROR = "evaluation_error"           # error: the locator itself failed on this item

    __hash__ = str.__hash__

    @property
    def order(self) -> int:
        """Within one outcome, the reason that tells an assessor most comes first."""
        return _REASON_ORDER.index(self)

    @property
    def outcome(self) -> Outcome:
        """The outcome this reason stands for."""
        return REASON_OUTCOME[self]

    def text(self, lang: Lang) -> str:
        """The reason in `lang`."""
        return say(f"reason.{self.value}", lang)


_REASON_ORDER = list(Reason)

REASON_OUTCOME: dict[Reason, Outcome] = {
    Reason.VERIFIED: Outcome.PASS,
    **{r: Outcome.NEEDS_REVIEW for r in (Reason.FORBIDDEN, Reason.LOGIN_WALL, Reason.IMAGE_ONLY_PDF,
                                          Reason.TOO_LARGE, Reason.EXTRACTION_LIMIT, Reason.EXTERNAL_UNVERIFIABLE,
                                          Reason.YEAR_UNKNOWN, Reason.MONTHS_MISSING, Reason.ELEMENT_UNVERIFIED)},
    **{r: Outcome.NOT_CRAWLED for r in (Reason.ROBOTS_BLOCKED, Reason.FETCH_ERROR, Reason.BUDGET)},
    **{r: Outcome.FAIL for r in (Reason.CLAIMED_LINK_BROKEN, Reason.PLACEHOLDER_CONTENT, Reason.ELEMENT_MISSING,
                                  Reason.WRONG_YEAR, Reason.OFF_TOPIC,
                                  Reason.PLACEHOLDER_LINK, Reason.CRITERION_TEXT_ONLY, Reason.NO_LINK,
                                  Reason.NOT_FOUND)},
    Reason.EVALUATION_ERROR: Outcome.ERROR,
}
