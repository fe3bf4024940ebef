"""One linear pass over a parsed page: bounded element texts, then headings, links (context, menu) and tables.

Each link used to walk up its ancestors and each table cell to read its whole subtree, which made nested
tables quadratic (2,000 levels took 51 s); here every node is visited a fixed number of times and every
kept text is cut near a limit, so a page costs time in proportion to its size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bs4 import CData, Comment, Declaration, Doctype, ProcessingInstruction, Tag
from bs4.element import NavigableString

from crawler.documents import MAX_TABLE_ROWS, clean
from crawler.htmlparts import MAX_IMAGES, picture
from crawler.limits import Clock
from crawler.sections import SectionTracker
from ita_rules.artifacts import Image, Link
from ita_rules.urls import canonicalize

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MAX_CONTEXT = 300
TEXT_LIMIT = 600  # characters kept of a link, heading, row or list item (contexts are cut at 300)
CELL_LIMIT = 1000  # characters kept of a table cell
_KEEP_CELL = frozenset({"td", "th"})
_KEEP = frozenset({"a", "area", "tr", "li", "summary", *HEADINGS}) | _KEEP_CELL
_NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
_NAV_ROLES = {"navigation", "menubar", "menu"}
_NAV_WORDS = ("menu", "nav")
_NAV_CLASSED = {"ul", "ol", "div", "section", "aside"}
_HEADER_TOKENS = {"header", "site-header", "page-header-top", "masthead", "topbar", "top-bar"}


def attr(tag: Tag, name: str) -> str:
    """An attribute as one string ('' when absent)."""
    v = tag.get(name)
    if isinstance(v, list):
        return " ".join(v)
    return v or ""


def short(s: str, limit: int = MAX_CONTEXT) -> str:
    """Cleaned text cut to `limit` characters with an ellipsis."""
    s = clean(s)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _is_nav(tag: Tag) -> bool:
    if tag.name in ("nav", "header") or attr(tag, "role").lower() in _NAV_ROLES:
        return True
    if tag.name in _NAV_CLASSED:
        tokens = (attr(tag, "class") + " " + attr(tag, "id")).lower().split()
        # "header" only as a whole token: Bootstrap's "card-header" wraps accordion titles, which are content.
        return any(w in t for t in tokens for w in _NAV_WORDS) or any(t in _HEADER_TOKENS for t in tokens)
    return False


def element_texts(root: Tag, clock: Clock) -> dict[int, str]:
    """Cleaned text of every link, heading, row, list item and cell (by id), cut near its limit, bottom-up."""
    kept: dict[int, str] = {}
    partial: dict[int, str] = {}  # finished children waiting for their parent
    stack: list[tuple[Tag, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            clock.tick()
            stack.append((node, True))
            stack.extend((c, False) for c in node.contents if isinstance(c, Tag))
            continue
        limit = CELL_LIMIT if node.name in _KEEP_CELL else TEXT_LIMIT
        parts: list[str] = []
        size = 0
        for child in node.contents:  # every child is looked at once, so its partial text is always released
            if isinstance(child, Tag):
                s = partial.pop(id(child), "")  # already clean
            elif isinstance(child, NavigableString) and not isinstance(child, _NOT_TEXT) and size <= limit:
                s = clean(str(child)[: 4 * (limit - size) + 8])  # cut before cleaning: text nodes can be huge
            else:
                continue
            if s and size < limit:
                parts.append(s[: limit - size])
                size += len(parts[-1]) + 1
        # Clean parts joined by single spaces are clean: re-cleaning each level made deep pages slow.
        text = " ".join(parts)[:limit]
        partial[id(node)] = text
        if node.name in _KEEP:
            kept[id(node)] = text
    return kept


def _anchor_text(a: Tag, texts: dict[int, str]) -> str:
    text = texts.get(id(a), "")
    if text:
        return text
    # Image-only banner links ("ITA 2568" banners) carry their meaning in alt/title, if anywhere.
    for img in a.find_all(["img", "input"], limit=20):
        alt = clean(attr(img, "alt")) or clean(attr(img, "title"))
        if alt:
            return alt
    return clean(attr(a, "title")) or clean(attr(a, "aria-label"))


@dataclass
class Walked:
    """What one page walk found."""

    headings: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    links_seen: int = 0
    sections: SectionTracker | None = None
    images: list[Image] = field(default_factory=list)


class _Walk:
    def __init__(self, base: str, texts: dict[int, str], clock: Clock, max_links: int,
                 sections: SectionTracker | None = None) -> None:
        self.base, self.texts, self.clock, self.max_links = base, texts, clock, max_links
        self.sections = sections
        self.out = Walked()
        self.heading = ""
        self.row_texts: dict[int, str] = {}

    def row_text(self, row: Tag) -> str:
        key = id(row)
        if key not in self.row_texts:
            cells = [self.texts.get(id(c), "") for c in row.children if isinstance(c, Tag) and c.name in _KEEP_CELL]
            self.row_texts[key] = " | ".join(c for c in cells if c) or self.texts.get(key, "")
        return self.row_texts[key]

    def context(self, ctx: Tag | None) -> str:
        if ctx is not None:
            text = self.row_text(ctx) if ctx.name == "tr" else self.texts.get(id(ctx), "")
            if text:
                return short(text)
        # An image-only row or item says nothing; the section heading still does.
        return short(self.heading)

    def link(self, node: Tag, nav: bool, ctx: Tag | None) -> None:
        self.out.links_seen += 1
        if len(self.out.links) >= self.max_links:
            return
        href = attr(node, "href")
        self.out.links.append(Link(href=href, url=canonicalize(href, self.base), text=_anchor_text(node, self.texts),
                                   context=self.context(ctx), in_nav=nav,
                                   section=self.sections.current() if self.sections else None))

    def run(self, root: Tag) -> Walked:
        # (node, inside a menu, nearest row or list item, rows of the nearest table, cells of the nearest row,
        #  depth, inside a link)
        stack: list[tuple[Any, bool, Tag | None, list | None, list | None, int, bool]] = [
            (root, False, None, None, None, 0, False)]
        sections = self.sections
        while stack:
            node, nav, ctx, rows, cells, depth, linked = stack.pop()
            self.clock.tick()
            name = node.name
            if sections is not None:
                sections.visit(node, depth, ctx is not None)
                if name == "img" and not nav and not linked:
                    sections.picture()
            if name == "img" and len(self.out.images) < MAX_IMAGES:
                found = picture(node, self.base, nav, linked, sections.current() if sections else None)
                if found is not None:
                    self.out.images.append(found)
            if name in HEADINGS:
                self.heading = self.texts.get(id(node), "")
                if self.heading:
                    self.out.headings.append(self.heading)
            elif name == "summary":
                # Per-year <details> accordions label their section in <summary> ("ปี 2568").
                self.heading = self.texts.get(id(node), "") or self.heading
            elif name == "footer" or attr(node, "role").lower() == "contentinfo":
                # The page footer is under no heading: its links must not take the last section's title as context
                # (a Liferay OIT page's footer links read as the last modal's "O19 ..." row).
                self.heading = ""
            elif name in ("a", "area") and node.has_attr("href"):
                self.link(node, nav, ctx)
            if name == "table":
                rows = []
                self.out.tables.append(rows)
                cells = None
            elif name == "tr" and rows is not None:
                if rows and not any(rows[-1]):
                    rows.pop()  # a row with nothing in it is not a row
                cells = [] if len(rows) < MAX_TABLE_ROWS else None
                if cells is not None:
                    rows.append(cells)
            elif name in _KEEP_CELL and cells is not None:
                cells.append(self.texts.get(id(node), ""))
            if name in ("tr", "li"):
                ctx = node
            inner = nav or _is_nav(node)
            linked = linked or name in ("a", "area")
            stack.extend((c, inner, ctx, rows, cells, depth + 1, linked) for c in reversed(node.contents)
                         if isinstance(c, Tag))
        for rows in self.out.tables:
            if rows and not any(rows[-1]):
                rows.pop()
        self.out.tables = [rows for rows in self.out.tables if rows]
        return self.out


def walk(root: Tag, base: str, clock: Clock, max_links: int,
         sections: Callable[[dict[int, str]], SectionTracker] | None = None) -> Walked:
    """Headings, links (at most `max_links`) and tables of a page, in document order, in linear time; with
    `sections` (a tracker made from the element texts) the page's sections and each link's section too."""
    texts = element_texts(root, clock)
    walker = _Walk(base, texts, clock, max_links, sections(texts) if sections else None)
    out = walker.run(root)
    out.sections = walker.sections
    return out
