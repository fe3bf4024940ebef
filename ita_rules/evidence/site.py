"""One crawled site seen by the locator: URL lookup, home page, template boilerplate and per-page content."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Callable
from urllib.parse import unquote, urlsplit

from ita_rules.artifacts import Extracted
from ita_rules.artifacts import Page
from ita_rules.evidence.documents import header_items, title_rows
from ita_rules.evidence.sections import SectionView
from ita_rules.evidence.topic import TopicMatcher, match_key
from ita_rules.urls import canonicalize as _canonicalize
from ita_rules.urls import same_site

__all__ = ["DOC_EXTENSIONS", "PageContent", "SiteView", "canonicalize", "file_label"]

# A line shared by this share of HTML pages (and at least 3) is site template: menu, sidebar, footer.
_BOILER_SHARE = 0.4
_BOILER_MIN = 3
# Cap on text read per document; 50-page PDFs are common and the topic shows early.
_MAX_BODY = 60_000
# Gambling spam injected into government sites (site-patterns §1.11): the pack's spam markers,
# two distinct ones on a page mark it.
# Arrows and bullets around link lines ("« กลับหน้าข่าว", "» อ่านต่อ") are not part of what they say.
_DECOR = "«»‹›<>→←•·-|:"
# extract.py cuts link contexts at 300 characters; rows are compared on a prefix that survives the cut.
_ROW_PREFIX = 120
# A page naming this many different items in its own content is a hub (site map, ITA menu page).
HUB_ITEMS = 6
DOC_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
                  ".jpg", ".jpeg", ".png", ".gif", ".zip", ".rar", ".7z")


@lru_cache(maxsize=65536)
def canonicalize(url: str) -> str | None:
    """`crawler.urls.canonicalize`, memoised: every page repeats the same menu URLs."""
    return _canonicalize(url)


def file_label(url: str) -> str:
    """The readable name in a URL's last path segment ("แผนการดำเนินงาน-ประจำปี-2568.pdf" -> words)."""
    path = urlsplit(url).path
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1]) if path else ""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem.replace("-", " ").replace("_", " ").strip()


@dataclass
class PageContent:
    """What a page says about itself: primary (title), section headings, and its own non-template text."""

    primary: str
    sections: list[str]
    body: str
    thai_chars: int
    own_thai: int
    primary_items: dict[str, str] = field(default_factory=dict)
    section_items: dict[str, str] = field(default_factory=dict)
    body_items: dict[str, str] = field(default_factory=dict)
    spam: bool = False

    @property
    def all_items(self) -> dict[str, str]:
        """Items named anywhere in the page's own content."""
        return {**self.body_items, **self.section_items, **self.primary_items}



def _document_rows(doc: Extracted, is_document: Callable[[str], bool]) -> tuple[set[str], set[str]]:
    """(row prefixes, cell keys) of the lines that describe linked documents: list items and table rows."""
    rows = {_row_prefix(ln.context) for ln in doc.links
            if not ln.in_nav and ln.url and ln.context and is_document(ln.url)}
    cells: set[str] = set()
    if rows:
        for table in doc.tables:
            for row in table:
                filled = [c for c in row if c]
                if _row_prefix(" | ".join(filled)) in rows:
                    cells.update(match_key(c).strip(_DECOR) for c in filled)
    return rows, cells


def _row_prefix(text: str) -> str:
    return match_key(text.rstrip("…")).strip(_DECOR)[:_ROW_PREFIX]


def _thai(text: str) -> int:
    return sum(1 for c in text if "\u0e01" <= c <= "\u0e5b")


class SiteView:
    """Indexes a crawl's pages for the locator."""

    def __init__(self, pages: list[Page], matcher: TopicMatcher) -> None:
        self.pages = [p for p in pages if p.record.role == "page"]
        # The body the site gives a random path with a 2xx status: the same body behind a link is a dead link.
        self.not_found_bodies = {p.record.sha256 for p in pages if p.record.role == "probe"
                                 and p.record.outcome == "ok" and p.record.sha256}
        self.matcher = matcher
        self._by_url: dict[str, Page] = {}
        for p in self.pages:
            for u in (p.record.url, p.record.final_url):
                c = canonicalize(u) if u else None
                if c and (c not in self._by_url or self._rank(p) < self._rank(self._by_url[c])):
                    self._by_url[c] = p
        self.home = self._find_home()
        self.html = [p for p in self.pages if p.doc is not None and p.doc.kind == "html"]
        n = len(self.html)
        limit = max(_BOILER_MIN, int(n * _BOILER_SHARE + 0.999))
        lines: Counter[str] = Counter()
        titles: Counter[str] = Counter()
        for p in self.html:
            lines.update({match_key(ln) for ln in p.doc.text.split("\n")} | {match_key(h) for h in p.doc.headings})
            titles[match_key(p.doc.title)] += 1
        self._boiler = {k for k, c in lines.items() if c >= limit}
        self._boiler_titles = {k for k, c in titles.items() if c >= limit}
        # A login box in every page's sidebar is a widget, not a wall in front of the content.
        with_password = sum(1 for p in self.html if any(f.has_password for f in p.doc.forms))
        self.password_widget = with_password >= _BOILER_MIN and with_password >= n * 0.5
        self._content: dict[int, PageContent] = {}
        self.sections = SectionView(self)

    @staticmethod
    def _rank(p: Page) -> int:
        return 0 if p.record.outcome == "ok" and p.doc is not None else 1 if p.record.outcome == "ok" else 2

    def _find_home(self) -> Page | None:
        starts = [p for p in self.pages if p.record.depth == 0 and p.record.referrer is None]
        return starts[0] if starts else (self.pages[0] if self.pages else None)

    # -- lookup ----------------------------------------------------------------

    def page_for(self, url: str) -> Page | None:
        """The fetch record (and parsed body) for a URL, by requested or final URL; a fragment naming one of
        the page's sections ("#nogift", "#:~:text=...") gives that section as a page of its own."""
        c = canonicalize(url)
        page = self._by_url.get(c) if c else None
        if page is not None and "#" in url:
            return self.sections.resolve(page, url) or page
        return page

    def in_site(self, url: str) -> bool:
        """Whether a URL belongs to the crawled site."""
        return self.home is not None and same_site(url, self.home.url)

    @cached_property
    def _home_keys(self) -> set[str]:
        if self.home is None:
            return set()
        keys = {canonicalize(u) for u in (self.home.record.url, self.home.record.final_url) if u}
        parts = urlsplit(self.home.url)
        keys.add(canonicalize(f"{parts.scheme}://{parts.netloc}/"))
        return {k for k in keys if k}

    def is_home(self, url: str) -> bool:
        """A link to the home page, under any of its URLs ("/", "/index.php", same body)."""
        c = canonicalize(url)
        if not c or self.home is None:
            return False
        if c in self._home_keys:
            return True
        p = self.page_for(c)
        sha = self.home.record.sha256
        return bool(p is not None and sha and p.record.sha256 == sha)

    # -- content ---------------------------------------------------------------

    @property
    def template_keys(self) -> frozenset[str]:
        """Match keys of the site-template lines (menus, sidebars, footers)."""
        return frozenset(self._boiler)

    def is_boilerplate(self, line: str) -> bool:
        """Whether a text line is part of the site template."""
        return match_key(line) in self._boiler

    def content(self, page: Page) -> PageContent:
        """The page's own content with the site template removed (cached)."""
        cached = self._content.get(id(page))
        if cached is None:
            cached = self._content[id(page)] = self._build_content(page)
        return cached

    def _frame(self, doc, lines: list[str]) -> tuple[str, str, list[str]]:
        """(title, main heading, heading candidates) of a document, by its kind."""
        if doc.kind == "html":
            headings = [h for h in doc.headings if match_key(h) not in self._boiler]
            title = doc.title if match_key(doc.title) not in self._boiler_titles else ""
            # Pages without <h1>-<h6> (old table layouts) show their heading as the first line.
            return title, headings[0] if headings else (lines[0] if lines else ""), headings + lines
        if doc.kind == "xlsx":
            # A sheet's title is its first rows above the header row ("รายการการจัดซื้อจัดจ้าง ... ต.ค. 2567 -
            # มี.ค. 2568"); sheet names ("ต.ค.67", "สขร.1") stand in when no sheet has one.
            titles = [t for table in doc.tables for t in title_rows(table)]
            return doc.title, titles[0] if titles else " ".join(doc.headings), list(doc.headings) + titles
        main = (doc.headings[0] if doc.headings else "") or (lines[0] if lines else "")
        candidates = list(doc.headings) + lines[:40]
        if doc.kind == "docx":
            candidates += [t for table in doc.tables for t in title_rows(table)]
        return doc.title, main, candidates

    def _build_content(self, page: Page) -> PageContent:
        doc = page.doc
        if doc is None:
            return PageContent("", [], "", 0, 0)
        m = self.matcher
        lines = [ln for ln in doc.text[:_MAX_BODY].split("\n") if ln.strip()]
        # Lines that only name a link ("« กลับหน้าข่าวประชาสัมพันธ์", related links) or describe a linked
        # document (a download table row) speak for the link target, not for this page.
        link_texts = {match_key(ln.text).strip(_DECOR) for ln in doc.links if ln.text}
        doc_rows, doc_cells = _document_rows(doc, self.is_document_url)

        def own(line: str) -> bool:
            core = match_key(line).strip(_DECOR)
            return (bool(core) and core not in link_texts and core not in doc_cells
                    and core[:_ROW_PREFIX] not in doc_rows)

        if doc.kind == "html":
            lines = [ln for ln in lines if match_key(ln) not in self._boiler]
        title, main, candidates = self._frame(doc, lines)
        # The title names the page; the first heading stands in only when the title names no item, because
        # on list pages the first heading is often just the newest post ("ประชุมประชาคม...แผนพัฒนาท้องถิ่น").
        primary_items = m.items_in(title)
        primary = title
        if not primary_items and main:
            primary = "\n".join(t for t in (title, main) if t)
            primary_items = m.items_in(primary)
        own_lines = [ln for ln in lines if own(ln)]
        body = "\n".join(own_lines)
        section_items: dict[str, str] = {}
        sections = [c for c in candidates if len(c) <= 160 and own(c)]
        for line in sections:
            for item, label in m.heading_items(line).items():
                section_items.setdefault(item, label)
        if doc.kind in ("xlsx", "docx"):
            # A table's header row shows its layout: the 16 procurement-list columns are o12's whatever the title.
            for item, label in header_items(m, doc).items():
                section_items.setdefault(item, label)
        full_key = match_key(doc.title + "\n" + "\n".join(lines))
        spam_terms = sum(1 for t in self.matcher.spam_markers if t in full_key)
        return PageContent(
            primary=primary,
            sections=sections,
            body=body,
            thai_chars=_thai(f"{primary}\n{body}"),
            own_thai=_thai(body),
            primary_items=primary_items,
            section_items=section_items,
            body_items=m.items_in(body),
            spam=spam_terms >= 2,
        )

    def is_hub(self, page: Page) -> bool:
        """A page naming many different items (site map, menu page): it points to evidence, it is none."""
        return len(self.content(page).all_items) >= HUB_ITEMS

    def is_document_url(self, url: str) -> bool:
        """Whether a URL leads to a file (PDF, Office, image) rather than a web page."""
        p = self.page_for(url)
        if p is not None and p.doc is not None:
            return p.doc.kind != "html"
        if p is not None and p.record.content_type:
            return "html" not in p.record.content_type.lower()
        return urlsplit(url).path.lower().endswith(DOC_EXTENSIONS)
