"""Split an HTML page into sections: headings, anchors, <details> accordions, tab and collapse panes.

One long page often hosts several OIT items (a "หน้ารวม" page with a heading or anchor per item), so the judge
needs to know which lines and links belong to which part. The tracker sees every tag in document order (the
extractor's own walk), and marks where each section starts and where a container section ends with sentinel
strings, so the visible text computed afterwards says exactly which lines each section spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from ita_rules.artifacts import Section
from ita_rules.urls import canonicalize

__all__ = ["SectionTracker"]

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_INNER = 7  # level of sections that nest inside any heading
_TITLE_MAX = 200
# An id on an ancestor this close to a heading is the heading's anchor (<section id="nogift"><h3>...).
_ANCESTOR_HOPS = 4
# Attributes by which a control (tab, accordion button) names the pane it opens.
_CONTROL_ATTRS = ("data-target", "data-bs-target", "aria-controls")
_PANE_CLASSES = {"tab-pane", "collapse", "accordion-collapse", "panel-collapse", "accordion-content"}
# Elements that make a paragraph a container rather than a line; a bold title is at most this long.
_BLOCKS = ("p", "div", "table", "ul", "ol", "section", "article", "details", *(f"h{n}" for n in range(1, 7)))
_BOLD_MAX = 160
_MARK = re.compile("\ue000([se])(\\d+)\ue001")
_WS = re.compile(r"\s+")


def _clean(s: str | None) -> str:
    return _WS.sub(" ", s or "").strip()


def _attr(tag: Tag, name: str) -> str:
    v = tag.get(name)
    return " ".join(v) if isinstance(v, list) else (v or "")


def _text(tag: Tag) -> str:
    return _clean(tag.get_text(" "))[:_TITLE_MAX]


def _bold_title(tag: Tag) -> str | None:
    """The text of a paragraph set wholly in bold: editors without heading styles title sections this way."""
    if tag.name not in ("p", "div") or tag.find(_BLOCKS) is not None:
        return None
    if any(p.name in ("li", "td", "th", "a", "summary") for p in tag.parents if isinstance(p, Tag)):
        return None
    text = _text(tag)
    if not 4 <= len(text) <= _BOLD_MAX:
        return None
    for piece in tag.find_all(string=True):
        if not piece.strip():
            continue
        node = piece.parent
        while node is not None and node is not tag and node.name not in ("b", "strong"):
            node = node.parent
        if node is None or node is tag:
            return None  # a piece of the line that is not bold
    return text


def _bare_anchor(tag: Tag) -> str | None:
    """The name/id of an empty <a name> / <a id> placed to be jumped to, if tag is one."""
    if tag.name != "a" or tag.has_attr("href") or _text(tag):
        return None
    return _attr(tag, "id").strip() or _attr(tag, "name").strip() or None


@dataclass
class _Open:
    index: int
    level: int
    scope: Tag | None  # the section closes when the walk leaves this element
    by_level: bool  # a heading closes at the next heading of its level or higher; a <details> only by scope


@dataclass
class _Found:
    title: str
    anchor: str | None
    level: int
    parent: int | None
    node: Tag
    scope: Tag | None
    closer: tuple[str, int] | None = None  # ("start", next section) or ("scope", section whose scope ended)
    images: int = 0


class SectionTracker:
    """Collects a page's sections during the extractor's walk; `text` then gives their line ranges."""

    def __init__(self, soup: BeautifulSoup, page_url: str) -> None:
        self.controls = self._controls(soup, page_url)
        self.found: list[_Found] = []
        self.stack: list[_Open] = []
        self.anchors: set[str] = set()

    # -- discovery ---------------------------------------------------------------

    @staticmethod
    def _controls(soup: BeautifulSoup, page_url: str) -> dict[str, str]:
        """Ids that an in-page link or a tab/accordion control points at, with the control's text."""
        page = canonicalize(page_url)
        out: dict[str, str] = {}
        for tag in soup.find_all(True):
            attrs = tag.attrs
            if not attrs or not ("href" in attrs or any(a in attrs for a in _CONTROL_ATTRS)):
                continue
            targets = []
            href = _attr(tag, "href").strip() if tag.name in ("a", "area") else ""
            if "#" in href:
                base, frag = href.split("#", 1)
                if frag and (not base or canonicalize(base, page_url) == page):
                    targets.append(unquote(frag))
            for name in _CONTROL_ATTRS:
                v = _attr(tag, name).strip() if name in attrs else ""
                if v:
                    targets.append(v[1:] if v.startswith("#") else v)
            for t in targets:
                if t and t not in out:
                    out[t] = _text(tag) or _clean(_attr(tag, "title"))
        return out

    def _heading_anchor(self, h: Tag) -> str | None:
        own = _attr(h, "id").strip()
        if own:
            return own
        inner = h.find("a", attrs={"name": True}, href=False) or h.find("a", attrs={"id": True}, href=False)
        if isinstance(inner, Tag):
            return _attr(inner, "id").strip() or _attr(inner, "name").strip() or None
        prev = h.previous_sibling
        while isinstance(prev, NavigableString) and not prev.strip():
            prev = prev.previous_sibling
        if isinstance(prev, Tag) and not _text(prev):
            bare = _bare_anchor(prev) or next((a for a in (_bare_anchor(t) for t in prev.find_all("a")) if a), None)
            if bare:
                return bare
        node: Tag | None = h
        for _ in range(_ANCESTOR_HOPS):
            node = node.parent if node is not None else None
            if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
                break
            ident = _attr(node, "id").strip()
            if ident:
                # The element must begin with the heading: a page wrapper starting with the site banner is no
                # anchor for the content's first heading.
                first = node.find(string=lambda t: bool(t.strip()))
                return ident if first is not None and h in first.parents else None
        return None

    @staticmethod
    def _next_is_heading(tag: Tag) -> bool:
        nxt = tag.find_next(string=lambda t: bool(t.strip()))
        for p in nxt.parents if nxt is not None else ():
            if p.name in _HEADINGS or (p.name in ("p", "div") and _bold_title(p)):
                return True
            if p.name in _BLOCKS or p.name in ("li", "td", "th", "body"):
                return False
        return False

    @staticmethod
    def _scope(h: Tag) -> Tag | None:
        """The element a heading's section lives in: its nearest ancestor holding more than the heading
        (a card's header div holds only the title; the card holds the body too)."""
        child: Tag = h
        for anc in h.parents:
            if not isinstance(anc, Tag) or anc.name in ("html", "[document]"):
                return None
            for c in anc.children:
                if c is child:
                    continue
                if isinstance(c, Tag) and (c.name in ("img", "table", "iframe")
                                           or c.find(string=lambda t: bool(t.strip())) is not None
                                           or c.find(("img", "table", "iframe")) is not None):
                    return anc
                if isinstance(c, NavigableString) and c.strip():
                    return anc
            child = anc
        return None

    def _start(self, node: Tag) -> tuple[str, str | None, int, Tag | None, bool] | None:
        """(title, anchor, level, scope, closes by level) when node starts a section."""
        name = node.name
        if name in _HEADINGS:
            title = _text(node)
            return (title, self._heading_anchor(node), int(name[1]), self._scope(node), True) if title else None
        if name == "details":
            summary = node.find("summary")
            title = _text(summary) if isinstance(summary, Tag) else ""
            anchor = _attr(node, "id").strip() or (_attr(summary, "id").strip() if isinstance(summary, Tag) else "")
            return title, anchor or None, _INNER, node, False
        if name in ("p", "div"):
            bold = _bold_title(node)
            if bold:
                return bold, self._heading_anchor(node), _INNER, None, True
        if not node.attrs:
            return None
        bare = _bare_anchor(node)
        if bare:
            if self._next_is_heading(node):
                return None  # the heading right after it takes the anchor
            nxt = node.find_next(string=lambda s: bool(s.strip()))
            return _clean(str(nxt))[:_TITLE_MAX] if nxt else "", bare, _INNER, None, True
        ident = _attr(node, "id").strip()
        if not ident:
            return None
        classes = set(_attr(node, "class").lower().split())
        pane = bool(classes & _PANE_CLASSES) or _attr(node, "role").lower() == "tabpanel"
        if ident not in self.controls and not pane:
            return None
        if node.find(_HEADINGS) is not None or node.find("details") is not None:
            return None  # its headings split it (the first one takes this id as its anchor)
        label = self.controls.get(ident, "")
        labelled = _attr(node, "aria-labelledby").strip()
        if not label and labelled:
            ref = node.find_parent("html")
            target = ref.find(id=labelled) if isinstance(ref, Tag) else None
            label = _text(target) if isinstance(target, Tag) else ""
        first = node.find(string=lambda t: bool(t.strip()))
        if first is None:
            return label, ident, _INNER, None, True  # an empty target element: a bare anchor
        return label or _clean(str(first))[:_TITLE_MAX], ident, _INNER, node, False

    def _leave(self, node: Tag) -> None:
        """Close the sections whose element the walk has left (and everything opened inside them)."""
        if not any(o.scope is not None for o in self.stack):
            return
        ancestors = {id(p) for p in node.parents}
        for pos, o in enumerate(self.stack):
            if o.scope is not None and id(o.scope) not in ancestors:
                for inner in self.stack[pos:]:
                    self.found[inner.index].closer = ("scope", o.index)
                del self.stack[pos:]
                return

    def visit(self, node: Tag) -> None:
        """See one tag of the document walk."""
        start = self._start(node)
        if start is None:
            return
        title, anchor, level, scope, by_level = start
        self._leave(node)
        k = len(self.found)
        while self.stack and self.stack[-1].by_level and self.stack[-1].level >= level:
            self.found[self.stack.pop().index].closer = ("start", k)
        if anchor in self.anchors:
            anchor = None  # a repeated id lands on its first element; this section has none of its own
        if anchor:
            self.anchors.add(anchor)
        parent = self.stack[-1].index if self.stack else None
        self.found.append(_Found(title, anchor, level, parent, node, scope))
        self.stack.append(_Open(k, level, scope, by_level))

    def at(self, node: Tag) -> int | None:
        """The innermost open section holding node (call in walk order)."""
        self._leave(node)
        return self.stack[-1].index if self.stack else None

    def picture(self, node: Tag, in_menu: Callable[[Tag], bool]) -> None:
        """Count a content picture (not a menu icon or a linked banner) for the section holding it."""
        if not self.stack:
            return  # pictures before the first section (logos, banners) belong to none
        k = self.at(node)
        if k is not None and not any(p.name == "a" or in_menu(p) for p in node.parents if isinstance(p, Tag)):
            self.found[k].images += 1

    # -- line ranges -------------------------------------------------------------

    def text(self, root: Tag, visible_text: Callable[[Tag], str]) -> tuple[str, list[Section]]:
        """The page's visible text and its sections with line ranges (sentinels are removed again)."""
        if not self.found:
            return visible_text(root), []
        marks: list[NavigableString] = []
        for k, f in enumerate(self.found):
            start = NavigableString(f"\ue000s{k}\ue001")
            f.node.insert(0, start)
            marks.append(start)
            if f.scope is not None:
                end = NavigableString(f"\ue000e{k}\ue001")
                f.scope.append(end)
                marks.append(end)
        try:
            raw = visible_text(root)
        finally:
            for m in marks:
                m.extract()
        out: list[str] = []
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for line in raw.split("\n"):
            if "\ue000" not in line:
                out.append(line)  # already clean and non-empty (visible_text's contract)
                continue
            for m in _MARK.finditer(line):
                seen = bool(_clean(_MARK.sub("", line[:m.start()])))  # text before the mark on its line
                k = int(m.group(2))
                if m.group(1) == "s":
                    first[k] = len(out)
                else:
                    last[k] = len(out) + (1 if seen else 0)
            clean = _clean(_MARK.sub("", line))
            if clean:
                out.append(clean)
        return "\n".join(out), self._sections(first, last, len(out))

    def _sections(self, first: dict[int, int], last: dict[int, int], n: int) -> list[Section]:
        ends: dict[int, int] = {}

        def end(k: int) -> int:
            if k not in ends:
                f = self.found[k]
                ends[k] = last.get(k, n) if f.scope is not None else n  # at the latest where its element ends
                if f.closer is not None and f.closer[0] == "start":
                    ends[k] = min(ends[k], first.get(f.closer[1], n))
                elif f.closer is not None:
                    ends[k] = min(ends[k], end(f.closer[1]))
                elif f.parent is not None:  # open at the end of the page: ends with its enclosing section
                    ends[k] = min(ends[k], end(f.parent))
            return ends[k]

        out = []
        for k, f in enumerate(self.found):
            start = first.get(k, n)
            out.append(Section(title=f.title, anchor=f.anchor, level=f.level, parent=f.parent, first_line=start,
                               end_line=max(start, end(k)), images=f.images))
        return out
