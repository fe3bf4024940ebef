"""Carrier pages: a viewer page framing one document, or a post that is only a title, a posting line and its
attachments, is judged by what it carries; its own title and posting date say nothing about that content."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

from ...urls import classify_external
from ..site import DOC_EXTENSIONS, canonicalize
from .base import Candidate, Judging, Verdict, candidate_check

# A page with less own Thai text than this (title, breadcrumb, "เผยแพร่เมื่อ ..." line, attachment caption)
# says nothing beyond what it carries; a post describing an activity in its own words is more than a carrier.
CARRIER_OWN_THAI = 200
# Hosts whose frames show a document or a form, never the agency's own page (a map or a video is not that).
FRAMED_HOSTS = {"google_drive", "google_forms", "onedrive", "dropbox", "flowpaper", "canva"}
# Pictures are a page's own content (a chart, a photo): only files that are documents are carried.
PICTURES = (".jpg", ".jpeg", ".png", ".gif")
# PDF.js / Google Docs viewers name the document in a query parameter.
VIEWER_PARAMS = ("file", "url", "src")


def carried_url(j: Judging, url: str) -> str | None:
    """The document a frame or attachment link shows (a viewer's file= parameter unwrapped), or None when it
    shows something else (a map, a video, a picture, a web page)."""
    site = j.loc.site
    if not site.in_site(url):
        return url if classify_external(url) in FRAMED_HOSTS else None
    query = parse_qs(urlsplit(url).query)
    for name in VIEWER_PARAMS:
        for inner in query.get(name, []):
            if urlsplit(inner).path.lower().endswith(DOC_EXTENSIONS):
                return canonicalize(urljoin(url, inner)) or urljoin(url, inner)
    path = urlsplit(url).path.lower()
    if path.endswith(PICTURES):
        return None
    page = site.page_for(url)
    if page is not None and page.doc is not None:
        return url if page.doc.kind not in ("html", "image", "other") else None
    return url if path.endswith(DOC_EXTENSIONS) else None


def carried(j: Judging) -> list[str]:
    """Documents a page carries: its frames, and attachment links in its own content (not menu or template)."""
    doc, site = j.page.doc, j.loc.site
    out: list[str] = []
    for src in doc.iframes:
        u = carried_url(j, src)
        if u and u not in out:
            out.append(u)
    for link in doc.links:
        if not link.url or link.in_nav or (link.text and site.is_boilerplate(link.text)):
            continue
        u = carried_url(j, link.url.split("#", 1)[0])
        if u and u not in out:
            out.append(u)
    return out


@candidate_check("judged_by_what_it_carries")
def judged_by_what_it_carries(j: Judging):
    """A viewer page (an ASP.NET ViewDocument.aspx framing a PDF, a PDF.js or Google Docs viewer) or a post with
    little text of its own besides its attachments is judged by the documents it carries: a 2566 report framed
    on a page posted in December 2566 is FY2566, and a page framing a file that answers 404 is a dead link."""
    page, loc = j.page, j.loc
    if page.doc.kind != "html" or loc.site.sections.part_of(page) is not None:
        return None
    if loc.site.content(page).own_thai >= CARRIER_OWN_THAI or loc.site.is_hub(page):
        return None
    urls = carried(j)
    if not urls:
        return None
    from . import judge  # the table itself (checks/__init__.py imports this module)

    name = {j.c.item: j.c.claim_items.get(j.c.item) or page.doc.title}
    verdicts: list[Verdict] = []
    for url in urls:
        sub = Candidate(item=j.c.item, url=url, href=url, via=j.c.via, found_on=page.url,
                        link_text=j.c.link_text or page.doc.title, context=j.c.context, claimed=j.c.claimed,
                        claim_items=name, carrier=page.url)
        v = judge(Judging(loc, j.item, sub))
        if v is not None and not v.deferred:
            verdicts.append(v)
    if not verdicts:
        return j.verdict("fail", "off_topic", f"carries {len(urls)} document(s), none about {j.item.id}")
    best = min(verdicts, key=lambda v: (v.outcome.rank, v.reason.order))
    note = f"{best.evidence.note or ''}; shown by {page.url}".lstrip("; ")
    ev = best.evidence.model_copy(update={"note": note})
    return Verdict(best.outcome, best.reason, ev, j.c.claimed or best.claimed, months=best.months)
