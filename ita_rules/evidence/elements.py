"""Element signals: what a machine can read in one piece of evidence, and which of an item's elements it shows.

The pack declares the criteria (signals.yaml: patterns, links, forms, pictures; items.yaml: which signals
evidence which element); this module only counts. An element is `shown`, `missing` (a checkable element the
evidence does not have: the item fails), `unsure` (a person must look: counts fall short of the people
named, the content is a picture, the only channel needs a login) or `unchecked` (no machine check).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from ..artifacts import Page
from ..pack import Element, OITItem
from ..signals import ElementCheck, Signal
from ..thai import to_ascii_digits
from ..vocabulary import Reason
from .site import SiteView, canonicalize

__all__ = ["ElementResult", "Reading", "Signals"]

# A picture or form on this share of HTML pages (and at least 3) belongs to the site template.
_TEMPLATE_SHARE = 0.4
_TEMPLATE_MIN = 3
# Text read per piece of evidence (the topic and the elements show early; 50-page PDFs are common).
_MAX_TEXT = 60_000
# A form with fewer fields than this is a search box or a newsletter sign-up, not a channel.
_FORM_FIELDS = 2
# How far before a match a negation ("ไม่", "no") may stand and still negate it.
_NEGATION_SPAN = 12
_RANK = {"shown": 0, "unsure": 1, "missing": 2, "unchecked": 3}


@dataclass(frozen=True)
class Reading:
    """One piece of evidence as element checks see it."""

    kind: str
    own: str  # text with the site template removed (link texts kept: a mailto link is a contact)
    page: str  # all of the text, template included (a contact page's address is often its footer)
    links: str  # own links and frames, one "URL text" line each
    forms: int  # own forms a person fills in, without a password field
    images: int | None  # own pictures (None: cannot tell, e.g. photos inside a PDF)


@dataclass(frozen=True)
class ElementResult:
    """What the evidence shows of one element."""

    number: int  # 1-based, as `ita rules show` prints it
    element: Element
    state: str  # shown | missing | unsure | unchecked
    why: str = ""
    reason: Reason | None = None  # for unsure: the reason a person must look


class Signals:
    """The pack's signals compiled for one crawled site (template pictures and forms known)."""

    def __init__(self, site: SiteView, signals: dict[str, Signal]) -> None:
        self.site = site
        self.defs = signals
        self.regex = {name: [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in s.patterns]
                      for name, s in signals.items()}
        self._readings: dict[int, Reading] = {}

    # -- template ----------------------------------------------------------------

    def _template(self, key_lists: list[list[str]]) -> dict[str, int]:
        """Keys on many pages, with how many times a page usually holds them."""
        pages_with: Counter[str] = Counter()
        per_page: dict[str, Counter[int]] = {}
        for keys in key_lists:
            for key, n in Counter(keys).items():
                pages_with[key] += 1
                per_page.setdefault(key, Counter())[n] += 1
        limit = max(_TEMPLATE_MIN, int(len(key_lists) * _TEMPLATE_SHARE + 0.999))
        return {k: per_page[k].most_common(1)[0][0] for k, c in pages_with.items() if c >= limit}

    @cached_property
    def template_images(self) -> dict[str, int]:
        """Pictures of the site template (logo, the mayor in the sidebar), by source."""
        return self._template([[canonicalize(i.src) or i.src for i in p.doc.images] for p in self.site.html])

    @cached_property
    def template_forms(self) -> dict[str, int]:
        """Forms of the site template (search box, newsletter), by shape."""
        return self._template([[self._form_key(p, f) for f in p.doc.forms] for p in self.site.html])

    @staticmethod
    def _form_key(page: Page, form) -> str:
        action = "self" if form.action and canonicalize(form.action) == canonicalize(page.url) else form.action
        return f"{form.method} {form.fields} {action}"

    # -- reading -----------------------------------------------------------------

    def reading(self, page: Page) -> Reading:
        """The evidence as signals see it (cached per page)."""
        got = self._readings.get(id(page))
        if got is None:
            got = self._readings[id(page)] = self._read(page)
        return got

    def _read(self, page: Page) -> Reading:
        doc = page.doc
        if doc is None:
            return Reading("other", "", "", "", 0, None)
        # Phones, dates and counts are often written in Thai digits ("๐ ๔๓๕๑ ๘๘๘๘"): signals read Arabic ones.
        text = to_ascii_digits(doc.text[:_MAX_TEXT])
        title = to_ascii_digits(doc.title)
        if doc.kind != "html":
            full = f"{title}\n{text}"
            return Reading(doc.kind, full, full, "", 0, 1 if doc.kind == "image" else None)
        site = self.site
        own_lines = [ln for ln in text.split("\n") if ln.strip() and not site.is_boilerplate(ln)]
        # A link to the page itself (a permalink, a breadcrumb's last step) is no channel, whatever its URL says
        # ("/web/guest/e-service" is not an online form; held-out liferay-dept and blogger-school o10).
        me = canonicalize(page.url) or page.url
        links = [f"{ln.url or ln.href} {ln.text}" for ln in doc.links
                 if not ln.in_nav and not (ln.text and site.is_boilerplate(ln.text))
                 and (canonicalize((ln.url or "").split("#", 1)[0]) or ln.url) != me]
        links += doc.iframes
        forms = Counter(self._form_key(page, f) for f in doc.forms
                        if not f.has_password and f.fields >= _FORM_FIELDS)
        own_forms = sum(max(0, n - self.template_forms.get(k, 0)) for k, n in forms.items())
        return Reading("html", "\n".join(own_lines), f"{title}\n{text}", "\n".join(links),
                       own_forms, self.own_images(page))

    def own_images(self, page: Page) -> int:
        """Pictures of the page's own content: not the template's, not in a menu or a link."""
        srcs = Counter(canonicalize(i.src) or i.src for i in page.doc.images if not i.in_nav and not i.in_link)
        return sum(max(0, n - self.template_images.get(src, 0)) for src, n in srcs.items())

    # -- counting ----------------------------------------------------------------

    def count(self, name: str, r: Reading) -> int | None:
        """How often signal `name` shows in the evidence (None: this kind of evidence cannot tell)."""
        sig = self.defs[name]
        if sig.unless is not None and self.count(sig.unless, r):
            return 0
        if sig.only_with is not None and not self.count(sig.only_with, r):
            return 0
        if sig.kind == "form":
            return r.forms
        if sig.kind == "image":
            return r.images
        if sig.kind == "document":
            return 0 if r.kind == "html" else 1
        text = r.links if sig.kind == "link" else r.own if sig.scope == "own" else r.page
        found = [m.group(0).strip() for rx in self.regex[name] for m in rx.finditer(text)
                 if not self._negated(text, m.start(), sig.negations)]
        n = len(set(found)) if sig.distinct else len(found)
        return n if n >= sig.at_least else 0

    @staticmethod
    def _negated(text: str, start: int, negations: list[str]) -> bool:
        before = text[max(0, start - _NEGATION_SPAN):start].rstrip()
        return any(before.endswith(n) for n in negations)

    # -- judging -----------------------------------------------------------------

    def judge(self, item: OITItem, readings: list[tuple[Reading, bool]]) -> list[ElementResult]:
        """Each element's best state over the evidence (reading, whether its year is accepted)."""
        out: list[ElementResult] = []
        for n, el in enumerate(item.elements, 1):
            if el.check is None:
                out.append(ElementResult(n, el, "unchecked"))
                continue
            # "Each executive has a photo" is judged on the roster (the evidence naming most people), never
            # pooled: a news post with the director's photo says nothing of the deputies.
            mine = [self._roster(el.check.per, readings)] if el.check.per and readings else readings
            states = [self._one(n, el, el.check, r, year_ok) for r, year_ok in mine]
            out.append(min(states, key=lambda s: _RANK[s.state]) if states
                       else ElementResult(n, el, "missing", "no evidence to read"))
        return out

    def _portraits(self, check: ElementCheck, r: Reading) -> bool:
        """People read from the text, with no more pictures than people: the pictures are their portraits, which
        hold no phone numbers (held-out test: executives with photos but no contact channel)."""
        people = self.count(check.per, r) if check.per else 0
        return bool(people) and r.kind == "html" and r.images is not None and 0 < r.images <= people

    def _roster(self, per: str, readings: list[tuple[Reading, bool]]) -> tuple[Reading, bool]:
        return max(readings, key=lambda ry: self.count(per, ry[0]) or 0)

    def _one(self, n: int, el: Element, check: ElementCheck, r: Reading, year_ok: bool) -> ElementResult:
        if check.year and not check.any:
            return ElementResult(n, el, "shown" if year_ok else "missing", "" if year_ok else "year not accepted")
        need = max(1, self.count(check.per, r) or 0) if check.per else check.min
        counts = {s: self.count(s, r) for s in check.any}
        known = [c for c in counts.values() if c is not None]
        best = max(known, default=0)
        if best >= need:
            return ElementResult(n, el, "shown", f"{best} found")
        for s in check.unsure:
            if self.count(s, r):
                return ElementResult(n, el, "unsure", f"only {s}", self.defs[s].reason or Reason.ELEMENT_UNVERIFIED)
        what = "/".join(check.any)
        if best > 0:
            return ElementResult(n, el, "unsure", f"{what}: {best} of {need}", Reason.ELEMENT_UNVERIFIED)
        if len(known) < len(counts):
            return ElementResult(n, el, "unsure", f"{what}: cannot tell in a {r.kind}", Reason.ELEMENT_UNVERIFIED)
        if check.in_pictures and (r.images or r.kind == "image") and not self._portraits(check, r):
            return ElementResult(n, el, "unsure", f"{what}: may be in the pictures", Reason.ELEMENT_UNVERIFIED)
        state = "missing" if check.missing == "fail" else "unsure"
        return ElementResult(n, el, state, f"no {what}", None if state == "missing" else Reason.ELEMENT_UNVERIFIED)
