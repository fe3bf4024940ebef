"""The artifacts gathering hands to judging: fetch records, extracted documents and pages (the snapshot contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .meta import utc_now

FetchOutcome = Literal[
    "ok",
    "http_error",
    "robots_blocked",
    "too_large",
    "error",
    "redirect_loop",
    "too_many_redirects",
    "skipped_trap",
    "out_of_budget",
]
# Outcomes that mean a request actually went out on the network.
FETCHED_OUTCOMES = frozenset(
    {"ok", "http_error", "too_large", "error", "redirect_loop", "too_many_redirects"}
)


class FetchRecord(BaseModel):
    """What happened to one URL: fetched, blocked, skipped or failed."""

    model_config = ConfigDict(extra="forbid")

    url: str
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    fetched_at: str = Field(default_factory=utc_now)
    elapsed_ms: int | None = None
    sha256: str | None = None
    size: int | None = None
    content_type: str | None = None
    redirects: list[str] = Field(default_factory=list)
    depth: int = 0
    referrer: str | None = None
    outcome: FetchOutcome
    error: str | None = None
    truncated: bool = False
    # Not in the original spec: robots.txt and sitemap fetches are kept for audit, but evaluators must only look
    # at role == "page"; a "probe" is one request for a path no site has, whose answer is the site's dead link.
    role: Literal["page", "robots", "sitemap", "probe"] = "page"
    attempts: int = 0


Kind = Literal["html", "pdf", "docx", "xlsx", "text", "image", "other"]

class Link(BaseModel):
    """One hyperlink with the text an assessor would read next to it."""

    model_config = ConfigDict(frozen=True)

    href: str
    url: str | None
    text: str
    context: str = ""
    in_nav: bool = False
    section: int | None = None  # index in Extracted.sections of the innermost section holding the link


class Section(BaseModel):
    """A part of a page under one heading, anchor, <details> or tab pane, as a range of Extracted.text lines."""

    model_config = ConfigDict(frozen=True)

    title: str
    anchor: str | None = None  # the id/name a URL fragment lands on, when the section has one of its own
    level: int = 7  # 1-6 for <h1>-<h6>; 7 for <details>, tab panes and bare anchors (nested in any heading)
    parent: int | None = None  # index of the enclosing section
    first_line: int = 0
    end_line: int = 0  # exclusive
    images: int = 0  # content pictures directly in it (not in menus or links); nested sections count their own


class Form(BaseModel):
    """A form; a password field marks a login wall."""

    model_config = ConfigDict(frozen=True)

    action: str | None
    method: str = "get"
    has_password: bool = False
    fields: int = 0  # inputs a person fills in (text, e-mail, file, textarea, select; not hidden or buttons)


class Image(BaseModel):
    """A picture on a page: an executive's photo, an organisation chart, a logo or a banner."""

    model_config = ConfigDict(frozen=True)

    src: str
    alt: str = ""
    in_nav: bool = False
    in_link: bool = False  # inside a link to another page: a banner or a thumbnail (not a lightbox)
    section: int | None = None  # index of the section holding it (Extracted.sections)


class Extracted(BaseModel):
    """Text, structure and links pulled out of one fetched document."""

    kind: Kind
    url: str
    content_type: str | None = None
    title: str = ""
    headings: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    text: str = ""
    tables: list[list[list[str]]] = Field(default_factory=list)
    meta_refresh: str | None = None
    iframes: list[str] = Field(default_factory=list)
    forms: list[Form] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    encoding: str | None = None
    encoding_source: str | None = None
    page_count: int | None = None
    image_only: bool = False
    error: str | None = None
    # Why the document was not read in full (a zip bomb, the time limit, the text cap...); with `error` set
    # nothing of it was read, without it only part was.
    limit: str | None = None




class Page(BaseModel):
    """A fetched URL with its parsed document (None when there was no body to parse)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    record: FetchRecord
    doc: Extracted | None = None

    @property
    def url(self) -> str:
        """The URL the content came from."""
        return self.record.final_url or self.record.url
