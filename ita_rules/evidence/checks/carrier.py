"""Carrier pages: a viewer page framing one document, or a post that is only a title, a posting line and its
attachments, is judged by what it carries; its own title and posting date say nothing about that content."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

from ...urls import classify_external
from ..site import DOC_EXTENSIONS, canonicalize
from ..topic import match_key
from .base import Candidate, Judging, Verdict, candidate_check, frame_line, pack_sign

# A page with less own Thai text than this says little of its own; and once its headings, breadcrumb and link
# captions are set aside, less than CARRIER_REST_THAI (a "เผยแพร่เมื่อ ..." posting line) says nothing beyond what
# it carries.  A post describing an activity, or a statistics table, is evidence in its own right.
CARRIER_OWN_THAI = 200
CARRIER_REST_THAI = 80
# ... nor this many letters and digits of any script (a contact page's phone numbers and e-mail are its content).
CARRIER_REST_CHARS = 70
# A page linking more web pages than this (a breadcrumb has two or three) is a list of posts, evidence of its own;
# so is a page with this many headings that link to posts, even when a file is attached to it.
CARRIER_PAGE_LINKS = 3
CARRIER_POST_HEADINGS = 2
# Hosts whose frames show a document or a form, never the agency's own page (a map or a video is not that).
FRAMED_HOSTS = {"google_drive", "google_forms", "onedrive", "dropbox", "flowpaper", "canva"}
# Pictures are a page's own content (a chart, a photo): only files that are documents are carried.
PICTURES = (".jpg", ".jpeg", ".png", ".gif")
# A link on this many pages is part of the site template, whatever its text.
TEMPLATE_PAGES = 3
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


def _linked_from(loc) -> dict[str, int]:
    """URL -> how many pages link it (computed once per site)."""
    got = loc.memo.get("linked_from")
    if got is None:
        got = {}
        for page in loc.site.html:
            for url in {ln.url for ln in page.doc.links if ln.url}:
                got[url] = got.get(url, 0) + 1
        loc.memo["linked_from"] = got
    return got


def carried(j: Judging) -> list[str]:
    """Documents a page carries: its frames, and attachment links in its own content (not menu or template)."""
    doc, site = j.page.doc, j.loc.site
    out: list[str] = []
    for src in doc.iframes:
        u = carried_url(j, src)
        if u and u not in out:
            out.append(u)
    shared = _linked_from(j.loc)
    for link in doc.links:
        # A template link (the same file on many pages) is not this page's attachment; a stock caption such as
        # "ดาวน์โหลดเอกสาร" under a different file on every post is.
        if not link.url or link.in_nav or (link.text and site.is_boilerplate(link.text)
                                           and shared.get(link.url, 0) >= TEMPLATE_PAGES):
            continue
        url = link.url.split("#", 1)[0]
        u = carried_url(j, url) or (url if _dead_download(j, url, link.text) else None)
        if u and u not in out:
            out.append(u)
    return out


def _dead_download(j: Judging, url: str, text: str) -> bool:
    """A link offering a file ("ดาวน์โหลด") to an extension-less endpoint that did not answer with one (a 404)."""
    page = j.loc.site.page_for(url)
    if page is None or page.record.outcome == "ok" or not text:
        return False
    rx = pack_sign(j.loc, "download_caption")
    return bool(rx and rx.search(text))


def _page_links(j: Judging, carried_urls: list[str]) -> int:
    """Links of the page's own content to other web pages (not its menu, template or carried documents)."""
    site = j.loc.site
    return sum(1 for ln in j.page.doc.links if ln.url and not ln.in_nav and ln.url.split("#", 1)[0] not in carried_urls
               and not (ln.text and site.is_boilerplate(ln.text)) and site.in_site(ln.url)
               and not site.is_document_url(ln.url))


def _post_headings(j: Judging, carried_urls: list[str]) -> int:
    """Web pages the page's own headings link to: the titles of a list of posts (a breadcrumb is no heading)."""
    doc, site = j.page.doc, j.loc.site
    heads = {match_key(h) for h in doc.headings if h}
    return len({ln.url for ln in doc.links if ln.url and not ln.in_nav and ln.text and match_key(ln.text) in heads
                and ln.url not in carried_urls and site.in_site(ln.url) and not site.is_document_url(ln.url)})


def own_words(j: Judging) -> tuple[int, int]:
    """(Thai characters, letters and digits) of the page's own text besides its headings, breadcrumb, link
    captions, criterion copies and posting lines."""
    doc = j.page.doc
    heads = [match_key(h) for h in (doc.title, *doc.headings) if h]
    captions = {match_key(ln.text) for ln in doc.links if ln.text}
    lines = j.loc.site.content(j.page).body.split("\n")
    copied = pack_sign(j.loc, "criterion_copy")  # a line restating the criterion (copied from the NACC form)
    meta = pack_sign(j.loc, "post_meta")  # "วันที่ลงข่าว : 26 ธันวาคม 2567 | อ่าน 96 ครั้ง", "« ย้อนกลับ | พิมพ์"
    rest = [ln for ln in lines if not frame_line(ln, heads) and match_key(ln) not in captions
            and not (copied and copied.search(ln)) and not (meta and meta.search(ln))]
    text = "\n".join(rest)
    return sum(1 for ch in text if "\u0e01" <= ch <= "\u0e5b"), sum(1 for ch in text if ch.isalnum())


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
    thai, chars = own_words(j)
    if not urls or thai >= CARRIER_REST_THAI or chars >= CARRIER_REST_CHARS or _page_links(j, urls) > CARRIER_PAGE_LINKS:
        return None
    if _post_headings(j, urls) >= CARRIER_POST_HEADINGS:
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
