"""Checks on what fetching the link gave: never fetched, off-site, refused, broken, or bounced to the home page."""

from __future__ import annotations

import re

from ...results.finding import Evidence
from ...urls import classify_external, is_picture
from ...vocabulary import Outcome, Reason
from ..site import canonicalize
from ..topic import match_key
from .base import SKIP, Judging, Verdict, candidate_check, item_check


def external(j: Judging, url: str) -> Verdict:
    """Evidence on another host: unverifiable (Facebook, Google Drive ...) or simply off-site."""
    kind = classify_external(url)
    host = canonicalize(url) or url
    note = f"external {kind.replace('_', ' ')} content cannot be verified" if kind else f"off-site link {host}"
    return Verdict(Outcome.NEEDS_REVIEW, Reason.EXTERNAL_UNVERIFIABLE,
                   j.evidence(note=note, matched=j.c.claim_items.get(j.c.item, "")), j.c.claimed)


def fetch_problem(j: Judging, page) -> Verdict | None:
    """Why a fetched URL has no content to judge, as an honest outcome (None when it was fetched fine)."""
    rec = page.record
    kw = {"status": rec.status, "fetch_outcome": rec.outcome}
    o = rec.outcome
    if o == "ok":
        return None
    if o == "robots_blocked":
        return j.verdict("not_crawled", "robots_blocked", rec.error or "disallowed by robots.txt", **kw)
    if o in ("out_of_budget", "skipped_trap"):
        return j.verdict("not_crawled", "budget", rec.error or "not fetched within the crawl budget", **kw)
    if o == "too_large":
        return j.verdict("needs_review", "too_large", rec.error or "file over the size cap", **kw)
    if o == "error":
        return j.verdict("not_crawled", "fetch_error", rec.error or "network error", **kw)
    broken = "claimed_link_broken" if j.c.claimed else "not_found"
    if o in ("redirect_loop", "too_many_redirects"):
        return j.verdict("fail", broken, rec.error or o.replace("_", " "), **kw)
    status = rec.status or 0
    if status in (401, 403, 407):
        return j.verdict("needs_review", "forbidden", f"HTTP {status}: access refused", **kw)
    if status == 429 or status >= 500 or status == 0:
        return j.verdict("not_crawled", "fetch_error", rec.error or f"HTTP {status}", **kw)
    return j.verdict("fail", broken, f"HTTP {status}: no such page", **kw)


@candidate_check("was_fetched")
def was_fetched(j: Judging):
    """A URL never fetched is off-site (needs_review) or beyond the crawl budget (not_crawled), never a fail."""
    site = j.loc.site
    page = site.page_for(j.c.url)
    if page is None:
        if not site.in_site(j.c.url):
            return external(j, j.c.url)
        if is_picture(j.c.url):
            # Pictures are never fetched (crawler/frontier.py), so "budget" would be untrue: a thumbnail linking
            # its full-size self is the page's own picture; a picture offered as a file needs a person's eyes.
            if not j.c.link_text.strip():
                return SKIP
            return j.verdict("needs_review", "image_only_pdf", "a linked picture (pictures are not fetched)")
        return j.verdict("not_crawled", "budget", "never fetched (crawl budget or depth ran out first)")
    j.page = page
    return None


@candidate_check("stayed_on_site")
def stayed_on_site(j: Judging):
    """A link that redirected off the site is judged as external evidence."""
    rec = j.page.record
    final = rec.final_url or rec.url
    if rec.outcome == "ok" and j.page.doc is None and final and not j.loc.site.in_site(final):
        return external(j, final)
    return None


@candidate_check("fetched_fine")
def fetched_fine(j: Judging):
    """robots.txt, budget, size, network and HTTP errors each get their honest outcome."""
    return fetch_problem(j, j.page)


@candidate_check("not_bounced_home")
def not_bounced_home(j: Judging):
    """A link that redirects to the home or index page is a dead link in disguise."""
    rec = j.page.record
    final = rec.final_url or rec.url
    if rec.redirects and (j.loc.site.is_home(final) or canonicalize(final) in j.loc.index_urls):
        return j.verdict("fail", "claimed_link_broken" if j.c.claimed else "not_found",
                         "redirects to the home or index page instead of a document", status=rec.status,
                         fetch_outcome=rec.outcome)
    doc = j.page.doc
    j.kw = {"status": rec.status, "fetch_outcome": rec.outcome, "kind": doc.kind if doc else None}
    return None


# A menu entry naming the ITA page is short; a long text merely mentioning "ITA" is something else.
_INDEX_LINK_CHARS = 80


def names_index(text: str, labels: list[str]) -> bool:
    """Whether a link's text names the OIT/ITA page (Latin labels as whole words: "ITA", not "digital")."""
    if not text or len(text) > _INDEX_LINK_CHARS:
        return False
    low, key = text.lower(), match_key(text)
    for label in labels:
        if label.isascii():
            if re.search(rf"(?<![a-z]){re.escape(label.lower())}(?![a-z])", low):
                return True
        elif match_key(label) in key:
            return True
    return False


def unread_index(loc) -> Verdict | None:
    """When no OIT index page was read because robots.txt kept us from the one the site links to, that page
    (with the rule quoted) is why an item was not found: we did not look, so it is not_crawled, never fail."""
    if "unread_index" in loc.memo:
        return loc.memo["unread_index"]
    found = None
    if not loc.indexes and loc.pack.site is not None:
        labels = loc.pack.site.index_labels
        for page in loc.site.html:
            for link in page.doc.links:
                target = loc.site.page_for(link.url) if link.url else None
                if (target is not None and target.record.outcome == "robots_blocked"
                        and names_index(link.text, labels)):
                    note = f"the OIT page linked as {link.text[:60]!r} was not read: {target.record.error}"
                    found = Verdict(Outcome.NOT_CRAWLED, Reason.ROBOTS_BLOCKED,
                                    Evidence(url=target.url, found_on=page.url, via="link", link_text=link.text[:200],
                                             fetch_outcome="robots_blocked", note=note), False)
                    break
            if found is not None:
                break
    loc.memo["unread_index"] = found
    return found


@item_check("index_not_read", every_item=True)
def index_not_read(loc, item, best: Verdict, live: list[Verdict]) -> Verdict | None:
    """An item that fails while the site's OIT page was robots-blocked is not_crawled: its evidence is most
    likely linked from the page we did not read."""
    if best.outcome != Outcome.FAIL:
        return None
    return unread_index(loc)
