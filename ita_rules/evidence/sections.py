"""Sections of a page, judged as pages of their own.

One page often hosts several items: a "หน้ารวม" page with a heading, anchor, <details> or tab per item, or one
item's page with a tab per year. Each section becomes a page of its own (its lines, links and tables, titled by its
heading) with a URL that lands on it: its own #id, else a text fragment (#:~:text=heading) that browsers scroll to.
Sections that name another item are cut out of their parent, so a page's other sections never lend it years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from ita_rules.artifacts import Page, Section
from ita_rules.evidence.topic import match_key
from ita_rules.thai import find_years

if TYPE_CHECKING:
    from ita_rules.evidence.site import SiteView

__all__ = ["SectionView", "is_year_title"]

# Words that make up a per-year tab or heading ("ปีงบประมาณ พ.ศ. 2568", "ปี 2567", "FY 2566"), longest first.
_YEAR_WORDS = sorted(["ประจำปีงบประมาณ", "ปีงบประมาณ", "ประจำปี", "งบประมาณ", "ปีการศึกษา", "ปีงบ", "พ.ศ.", "พ.ศ",
                      "ปี", "fiscal", "year", "fy", "be"], key=len, reverse=True)
_NOT_LETTER = re.compile(r"[\W\d_]+")
_TEXT_DIRECTIVE = ":~:text="


def is_year_title(title: str) -> bool:
    """A title that is only a year ("ปีงบประมาณ พ.ศ. 2568", "2567"): one tab of a page split by year."""
    mentions = find_years(title)
    if not mentions or len(title) > 60:
        return False
    rest = title
    for ym in reversed(mentions):
        rest = rest[:ym.start] + " " + rest[ym.end:]
    rest = rest.lower()
    for w in _YEAR_WORDS:
        rest = rest.replace(w, " ")
    return not _NOT_LETTER.sub("", rest)


def strip_years(title: str) -> str:
    """A title without its year mentions (an item section's title lent to its year tabs)."""
    out = title
    for ym in reversed(find_years(title)):
        out = out[:ym.start] + out[ym.end:]
    return " ".join(out.split())


def _text_fragment(*texts: str) -> str:
    """A text fragment (scroll-to-text) for visible texts; '-', ',' and '&' are its syntax and must be escaped."""
    return _TEXT_DIRECTIVE[:-5] + "&".join("text=" + quote(t, safe="").replace("-", "%2D") for t in texts if t)


@dataclass(frozen=True)
class Part:
    """One section of one fetched page, as a candidate: which section, its URL and the title it is judged by."""

    page: Page
    index: int
    url: str
    title: str


class SectionView:
    """The sections of a crawl's HTML pages, and each as a page of its own (cached, so content caches hold)."""

    def __init__(self, site: SiteView) -> None:
        self.site = site
        self._parts: dict[str, Part] = {}  # section URL -> part
        self._pages: dict[tuple[int, int, str], Page] = {}
        self._of: dict[int, Part] = {}  # id(section page) -> part
        self._items: dict[tuple[int, int], dict[str, str]] = {}
        self._children: dict[int, list[list[int]]] = {}

    # -- structure ---------------------------------------------------------------

    @staticmethod
    def of(page: Page) -> list[Section]:
        """The page's sections (a PDF's are its pages, anchored "page=N"; other documents have none)."""
        doc = page.doc
        return doc.sections if doc is not None and doc.kind in ("html", "pdf") else []

    def items(self, page: Page, k: int) -> dict[str, str]:
        """Items the section's own title names (as a heading: mostly the item's label)."""
        key = (id(page), k)
        got = self._items.get(key)
        if got is None:
            title = self.of(page)[k].title
            # A title on every page (a menu's or a sidebar's heading) is the template's, not a part of this page.
            named = title and not self.site.is_boilerplate(title)
            got = self._items[key] = self.site.matcher.heading_items(title) if named else {}
        return got

    def children(self, page: Page) -> list[list[int]]:
        """Child section indices per section."""
        got = self._children.get(id(page))
        if got is None:
            secs = self.of(page)
            got = [[] for _ in secs]
            for k, s in enumerate(secs):
                if s.parent is not None:
                    got[s.parent].append(k)
            self._children[id(page)] = got
        return got

    def ancestors(self, page: Page, k: int) -> list[int]:
        """Enclosing sections, innermost first."""
        secs, out = self.of(page), []
        p = secs[k].parent
        while p is not None:
            out.append(p)
            p = secs[p].parent
        return out

    def shared(self, page: Page) -> bool:
        """Whether the page hosts several items, each under its own section title (a PDF: on pages of their own,
        as in a combined OIT book; one page naming two items is one document, e.g. a report on a plan)."""
        named: set[str] = set()
        naming = 0
        for k in range(len(self.of(page))):
            got = self.items(page, k)
            naming += bool(got)
            named.update(got)
            if len(named) >= 2 and (page.doc.kind != "pdf" or naming >= 2):
                return True
        return False

    def lender(self, page: Page, k: int | None) -> dict[str, str]:
        """Items of the nearest enclosing section whose title names one or two items (for the links in it)."""
        while k is not None:
            named = self.items(page, k)
            if 0 < len(named) <= 2:
                return named
            k = self.of(page)[k].parent
        return {}

    # -- parts -------------------------------------------------------------------

    def part(self, page: Page, k: int, title: str | None = None) -> Part | None:
        """Section k as a candidate, judged under `title` (default its own); None when it cannot be addressed."""
        sec = self.of(page)[k]
        title = title or sec.title
        base = page.url.split("#", 1)[0]
        if sec.anchor:
            urls = [f"{base}#{quote(sec.anchor, safe='')}"]
        elif sec.title:
            parent = next((self.of(page)[a].title for a in self.ancestors(page, k) if self.of(page)[a].title), "")
            urls = [f"{base}#{_text_fragment(sec.title)}", f"{base}#{_text_fragment(parent, sec.title)}"]
        else:
            return None
        for url in urls:
            known = self._parts.get(url)
            if known is None or (known.page is page and known.index == k and known.title == title):
                part = self._parts[url] = Part(page, k, url, title)
                return part
        return None  # two sections with the same title and parent title: neither URL would land on this one

    def resolve(self, page: Page, url: str) -> Page | None:
        """The section page a URL with a fragment lands on, if the fragment names one of the page's sections."""
        part = self._parts.get(url)
        if part is None:
            raw = url.split("#", 1)[1] if "#" in url else ""
            secs = self.of(page)
            if not raw or not secs or not self.shared(page):
                return None  # on a page about one item, "#comments" or "#top" still means the page
            if raw.startswith(":~:"):
                want = [match_key(unquote(t[5:])) for t in raw[3:].split("&") if t.startswith("text=")]
                k = next((i for i, s in enumerate(secs) if want and match_key(s.title) == want[-1]), None)
            else:
                frag = unquote(raw)
                k = next((i for i, s in enumerate(secs) if s.anchor == frag), None)
            if k is None:
                return None
            part = self.part(page, k)
            if part is None:
                return None
        return self.page(part)

    def part_of(self, section_page: Page) -> Part | None:
        """The part a section page was built from (None for real pages)."""
        return self._of.get(id(section_page))

    def year_parts(self, page: Page, k: int | None, item: str, title: str) -> list[Part]:
        """A page's (or section's) per-year tabs or headings, each titled by the item's title and its year."""
        secs = self.of(page)
        if not secs:
            return []
        inside = range(len(secs)) if k is None else self._subtree(page, k)
        inherited = strip_years(title)
        out: list[Part] = []
        taken: set[int] = set()
        for d in inside:
            if d == k or any(a in taken for a in self.ancestors(page, d)):
                continue
            if self._foreign(page, d, item, k):
                continue
            if is_year_title(secs[d].title) and not self.items(page, d):
                taken.add(d)
                part = self.part(page, d, f"{inherited} {secs[d].title}".strip())
                if part is not None:
                    out.append(part)
        return out if len(out) >= 2 else []

    def _subtree(self, page: Page, k: int) -> list[int]:
        kids, out, todo = self.children(page), [], [k]
        while todo:
            n = todo.pop()
            out.append(n)
            todo.extend(reversed(kids[n]))
        return sorted(out)

    def _foreign(self, page: Page, d: int, item: str, stop: int | None) -> bool:
        """Whether section d sits under (or is) a section naming other items, below `stop`."""
        for s in [d, *self.ancestors(page, d)]:
            if s == stop:
                return False
            named = self.items(page, s)
            if named and item not in named:
                return True
        return False

    # -- section pages -----------------------------------------------------------

    def page(self, part: Part) -> Page:
        """The section as a page: its own lines, links and tables; sections naming other items cut out."""
        key = (id(part.page), part.index, part.title)
        got = self._pages.get(key)
        if got is not None:
            return got
        page, k = part.page, part.index
        doc, secs = page.doc, self.of(page)
        keep = self.kept(part)
        cut = [(secs[n].first_line, secs[n].end_line) for n in self._cut_roots(page, k, keep)]
        lines = doc.text.split("\n")
        own = [ln for i, ln in enumerate(lines[secs[k].first_line:secs[k].end_line], secs[k].first_line)
               if not any(a <= i < b for a, b in cut)]
        kept = set(keep)
        text = "\n".join(own)
        key_text = match_key(text)
        tables = [t for t in doc.tables if _table_in(t, key_text)]
        headings = [secs[n].title for n in sorted(keep) if secs[n].level <= 6 and secs[n].title]
        sdoc = doc.model_copy(update={
            "page_count": 1 if doc.kind == "pdf" else doc.page_count,  # a "#page=N" part is one page
            "url": part.url, "title": part.title, "headings": headings, "text": text, "tables": tables,
            "links": [ln for ln in doc.links if ln.section in kept], "sections": [],
            "images": [im for im in doc.images if im.section in kept],
        })
        got = Page(record=page.record.model_copy(update={"final_url": part.url}), doc=sdoc)
        self._pages[key] = got
        self._of[id(got)] = part
        return got

    def images(self, part: Part) -> int:
        """Content pictures in the section (and the sections kept inside it)."""
        return sum(self.of(part.page)[n].images for n in self.kept(part))

    def kept(self, part: Part) -> list[int]:
        """The section and the sections inside it, less those naming other items (and everything under them)."""
        page, k = part.page, part.index
        mine = set(self.site.matcher.heading_items(part.title)) or set(self.items(page, k))
        out, todo = [], [k]
        while todo:
            n = todo.pop()
            named = self.items(page, n)
            if n != k and named and not (set(named) & mine):
                continue  # another item's section inside this one
            out.append(n)
            todo.extend(self.children(page)[n])
        return out

    def _cut_roots(self, page: Page, k: int, keep: list[int]) -> list[int]:
        kept = set(keep)
        return [n for n in self._subtree(page, k) if n not in kept and self.of(page)[n].parent in kept]


def _table_in(table: list[list[str]], key_text: str) -> bool:
    """Whether a page table lies in a section's text (its first and last rows' first cells are there)."""
    rows = [r for r in table if any(r)]
    if not rows:
        return False
    ends = [next(c for c in r if c) for r in (rows[0], rows[-1])]
    return all(match_key(c) in key_text for c in ends)
