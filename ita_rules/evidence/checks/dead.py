"""Dead links in disguise: a 'page not found' page answering 200, an empty page, one stock page behind many rows."""

from __future__ import annotations

from collections import defaultdict

from ..site import canonicalize
from ..topic import match_key
from .base import Judging, Verdict, candidate_check


def dead(j: Judging, why: str) -> Verdict:
    """The candidate leads nowhere: for a claimed row its linked evidence is dead, else it is simply not found."""
    return j.verdict("fail", "claimed_link_broken" if j.c.claimed else "not_found", why)


def stock_bodies(loc) -> dict[str, set[str]]:
    """Body hash -> items whose OIT index rows link to different URLs answering that same body."""
    got = loc.memo.get("stock_bodies")
    if got is None:
        urls: dict[str, set[str]] = defaultdict(set)
        items: dict[str, set[str]] = defaultdict(set)
        for item, rows in loc.rows.items():
            for row in rows:
                for link in row.links:
                    page = loc.site.page_for(link.url) if link.url else None
                    if page is not None and page.doc is not None and page.record.sha256:
                        # Sections of one page (#nogift, #gift-report) share its body: one URL, not two.
                        whole = link.url.split("#", 1)[0]
                        urls[page.record.sha256].add(canonicalize(whole) or whole)
                        items[page.record.sha256].add(item)
        got = loc.memo["stock_bodies"] = {sha: items[sha] for sha, u in urls.items() if len(u) >= 2}
    return got


@candidate_check("not_a_soft_404")
def not_a_soft_404(j: Judging):
    """A page titled '404 ไม่พบหน้าที่ท่านต้องการ', or the very page the site answers a random path with, is a
    dead link even when the server answers 200."""
    doc = j.page.doc
    if j.page.record.sha256 and j.page.record.sha256 in j.loc.site.not_found_bodies and j.page is not j.loc.site.home:
        return dead(j, f"a 'page not found' page answering HTTP {j.page.record.status}: the site answers a random "
                       f"path with the same page")
    if doc.kind != "html":
        return None
    markers = [match_key(m) for m in j.loc.pack.signals.not_found_pages]
    heads = [doc.title, *doc.headings[:2]]
    for head in heads:
        key = match_key(head)
        if key and any(m in key for m in markers):
            return dead(j, f"a 'page not found' page answering HTTP {j.page.record.status}: {head[:80]}")
    return None


@candidate_check("not_an_empty_page")
def not_an_empty_page(j: Judging):
    """A page with no text, picture or frame at all (an empty blank.html behind a labelled link) is dead."""
    doc = j.page.doc
    if doc.kind == "html" and not doc.text.strip() and not doc.title.strip() and not doc.images \
            and not doc.iframes:
        return dead(j, f"an empty page ({j.page.record.size or 0} bytes)")
    return None


@candidate_check("not_a_stock_page")
def not_a_stock_page(j: Judging):
    """Different OIT rows whose links all answer one identical page, naming none of their items, lead to a
    CMS's stock page (a deleted article), not to evidence."""
    sha = j.page.record.sha256
    items = stock_bodies(j.loc).get(sha or "")
    if not items or len(items) < 2 or j.page.doc.kind != "html":
        return None
    named = j.loc.site.content(j.page).all_items
    if not (set(named) & items):
        return dead(j, f"the same page answers the links of {len(items)} different items and names none of them")
    return None
