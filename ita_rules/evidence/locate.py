"""Evidence locator: one verdict per OIT item from a crawl, claimed (OIT index) vs verified (fetched content)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ita_rules.artifacts import Link
from ita_rules.results.finding import Evidence, ItemFinding, Outcome, Reason, Via
from ita_rules.evidence.site import PageContent, SiteView, canonicalize, file_label
from ita_rules.thai import MONTHS_SHORT
from ita_rules.evidence.years import FIRST_HALF, first_half_months, fiscal_years
from ita_rules.evidence.oitindex import IndexRow, find_indexes
from ita_rules.artifacts import Page
from ita_rules.evidence.topic import TopicMatcher, match_key
from ita_rules.urls import classify_external
from ita_rules.pack import OITItem, RulePack

__all__ = ["locate"]

# Weighted keyword count (see TopicMatcher.keyword_score) that confirms a topic when no label is present.
KEYWORD_MIN = 1.5
# A document with at least this many Thai letters can confirm or refute a topic by its own words;
# below it (English or scanned documents) only the link text and the index row say what it is.
THAI_MIN = 40
MAX_EVIDENCE = 12
# A page that links documents for an item and has less text of its own than this is a download list:
# the documents are the evidence, and its posting dates ("25 ต.ค. 2567") must not stand in for theirs.
LISTING_OWN_THAI = 150

_RANK: dict[str, int] = {"pass": 0, "needs_review": 1, "not_crawled": 2, "fail": 3, "error": 4}
# Within one outcome, the reason that tells an assessor most comes first.
_REASON_ORDER: list[str] = [
    "verified",
    "forbidden", "login_wall", "image_only_pdf", "too_large", "external_unverifiable", "year_unknown",
    "robots_blocked", "fetch_error", "budget",
    "claimed_link_broken", "wrong_year", "off_topic", "placeholder_link", "criterion_text_only", "no_link",
    "not_found", "evaluation_error",
]


@dataclass
class Candidate:
    """Something that may be evidence for an item: a claimed index link, a discovered link, or a page."""

    item: str
    url: str | None
    href: str
    via: Via
    found_on: str | None
    link_text: str = ""
    context: str = ""
    claimed: bool = False
    claim_items: dict[str, str] = field(default_factory=dict)
    missing: Reason | None = None  # a claimed row without any link: "no_link" / "criterion_text_only"


@dataclass
class Verdict:
    """What one candidate turned out to be."""

    outcome: Outcome
    reason: Reason
    evidence: Evidence
    claimed: bool
    deferred: bool = False  # a list page judged through the documents it links
    months: frozenset[int] = frozenset()  # months of October-March the evidence names (first-half items)


class _Locator:
    def __init__(self, pack: RulePack, year: int, pages: list[Page]) -> None:
        self.pack = pack
        self.year = year
        self.matcher = TopicMatcher(pack)
        self.site = SiteView(pages, self.matcher)
        self.indexes, self.other_indexes = find_indexes(self.site, pack, self.matcher, year)
        self.index_urls = {canonicalize(ix.url) for ix in self.indexes + self.other_indexes}
        for ix in self.indexes + self.other_indexes:
            self.index_urls.update(canonicalize(u) for u in (ix.page.record.url, ix.page.record.final_url) if u)
        self.index_urls.discard(None)
        self.not_evidence = [match_key(u) for u in (pack.site.not_evidence_urls if pack.site else [])]
        self.rows: dict[str, list[IndexRow]] = {}
        for ix in self.indexes:
            for row in ix.rows:
                self.rows.setdefault(row.item, []).append(row)
        self.discovered: dict[str, list[Candidate]] = {}
        self.listings: set[tuple[str, str]] = set()  # (page url, item): page lists documents for the item
        self._discover()

    # -- candidates ------------------------------------------------------------

    def _claim_items(self, link: Link, headings: frozenset[str] = frozenset()) -> dict[str, str]:
        """Items a link is offered as: its text, else its row/list context, else its file name."""
        m = self.matcher
        named = m.items_in(link.text)
        if named or link.in_nav:
            return named  # a menu entry's context is its whole sub-menu
        if self.site.is_boilerplate(link.text):
            return {}  # a footer link ("แผนผังเว็บไซต์") is on every page, whatever section it follows
        under_heading = match_key(link.context) in headings
        if under_heading and link.url and not self.site.is_document_url(link.url):
            return {}  # a heading covers the downloads below it, not every page linked from the section
        if link.context and link.context != link.text:
            named = m.items_in(link.context)
            if 0 < len(named) <= 2:  # more means a layout cell holding a whole menu, not a row
                return named
        if link.url:
            named = m.items_in(file_label(link.url))
            if 0 < len(named) <= 2:
                return named
        return {}

    def _discover(self) -> None:
        site = self.site
        claimed_pages = {canonicalize(ix.page.url) for ix in self.indexes}
        seen: set[tuple[str, str, str]] = set()
        for page in site.pages:
            doc = page.doc
            if doc is None or doc.kind != "html" or page.record.outcome != "ok":
                continue
            if site.content(page).spam:
                continue  # links planted by spammers say nothing about the agency
            on_index = canonicalize(page.url) in claimed_pages
            headings = frozenset(match_key(h) for h in doc.headings)
            for link in doc.links:
                url = link.url
                if not url or (on_index and not link.in_nav):
                    continue  # index rows are claims, handled separately
                named = self._claim_items(link, headings)
                if not named or self._never_evidence(url):
                    continue
                is_doc = not link.in_nav and site.is_document_url(url)
                for item in named:
                    if is_doc:
                        self.listings.add((canonicalize(page.url) or page.url, item))
                    key = (item, url, match_key(link.text + "|" + (link.context if not link.in_nav else "")))
                    if key in seen:
                        continue
                    seen.add(key)
                    self.discovered.setdefault(item, []).append(Candidate(
                        item=item, url=url, href=link.href, via="menu" if link.in_nav else "link",
                        found_on=page.url, link_text=link.text, context=link.context, claim_items=named,
                    ))
        for page in site.pages:
            if page.doc is None or page.record.outcome != "ok":
                continue
            url = canonicalize(page.url)
            if not url or self._never_evidence(url):
                continue
            content = site.content(page)
            if content.spam or site.is_hub(page):
                continue
            named = {**content.section_items, **content.primary_items}
            for item in named:
                self.discovered.setdefault(item, []).append(Candidate(
                    item=item, url=url, href=url, via="page" if page.doc.kind == "html" else "document",
                    found_on=page.record.referrer, link_text=page.doc.title, claim_items=named,
                ))

    def _never_evidence(self, url: str) -> bool:
        c = canonicalize(url) or url
        return c in self.index_urls or self.site.is_home(c) or self._survey(c)

    def _survey(self, url: str) -> bool:
        key = match_key(url)
        return any(n in key for n in self.not_evidence)

    def _claimed(self, item: str) -> list[Candidate]:
        out: list[Candidate] = []
        for row in self.rows.get(item, []):
            title_items = self.matcher.items_in(row.title)
            if not row.links:
                out.append(Candidate(item=item, url=None, href=row.page_url, via="index", found_on=row.page_url,
                                     context=row.text, claimed=True, missing=row.missing_kind()))
                continue
            for link in row.links:
                named = self.matcher.items_in(link.text) or title_items or {item: row.title}
                out.append(Candidate(item=item, url=link.url, href=link.href, via="index", found_on=row.page_url,
                                     link_text=link.text, context=row.text, claimed=True, claim_items=named))
        return out

    # -- evaluation ------------------------------------------------------------

    def _evidence(self, c: Candidate, **kw) -> Evidence:
        return Evidence(url=c.url or c.href or "", found_on=c.found_on, via=c.via, link_text=c.link_text[:200],
                        claimed=c.claimed, **kw)

    def _verdict(self, c: Candidate, outcome: Outcome, reason: Reason, note: str, **kw) -> Verdict:
        return Verdict(outcome, reason, self._evidence(c, note=note, **kw), c.claimed)

    def _evaluate(self, item: OITItem, c: Candidate) -> Verdict | None:
        site = self.site
        if c.missing:
            what = "criterion text copied without a link" if c.missing == "criterion_text_only" else "no link"
            return self._verdict(c, "fail", c.missing, f"index row has {what}: {c.context[:160]}")
        if c.url is None:
            return self._verdict(c, "fail", "placeholder_link", f"the link goes nowhere (href {c.href!r})")
        if self._survey(c.url):
            return self._verdict(c, "fail", "off_topic", "NACC survey link (IIT/EIT), not OIT evidence")
        if canonicalize(c.url) in self.index_urls:
            return self._verdict(c, "fail", "placeholder_link", "links back to the OIT index page itself")
        if site.is_home(c.url):
            return self._verdict(c, "fail", "placeholder_link", "links to the home page")
        page = site.page_for(c.url)
        if page is None:
            if not site.in_site(c.url):
                return self._external(c, c.url)
            return self._verdict(c, "not_crawled", "budget", "never fetched (crawl budget or depth ran out first)")
        rec = page.record
        final = rec.final_url or rec.url
        if rec.outcome == "ok" and page.doc is None and final and not site.in_site(final):
            return self._external(c, final)
        fetched = self._fetch_problem(c, page)
        if fetched is not None:
            return fetched
        if rec.redirects and (site.is_home(final) or canonicalize(final) in self.index_urls):
            return self._verdict(c, "fail", "claimed_link_broken" if c.claimed else "not_found",
                                 "redirects to the home or index page instead of a document", status=rec.status,
                                 fetch_outcome=rec.outcome)
        doc = page.doc
        kw = {"status": rec.status, "fetch_outcome": rec.outcome, "kind": doc.kind if doc else None}
        if doc is None:
            return self._verdict(c, "needs_review", "image_only_pdf", "fetched but no content to read", **kw)
        content = site.content(page)
        if content.spam:
            return self._verdict(c, "fail", "off_topic", "gambling spam page stuffed with OIT words", **kw)
        if doc.kind == "html" and site.is_hub(page):
            if not c.claimed:
                return None
            return self._verdict(c, "fail", "off_topic", "a general page listing many items, not the evidence", **kw)
        if (doc.kind == "html" and content.own_thai < LISTING_OWN_THAI
                and (canonicalize(page.url) or page.url, item.id) in self.listings):
            v = self._verdict(c, "fail", "not_found", "a list page: judged through the documents it links", **kw)
            v.deferred = True
            return v
        if doc.kind == "html" and any(f.has_password for f in doc.forms) and not site.password_widget:
            return self._verdict(c, "needs_review", "login_wall", "a login form stands before the content", **kw)
        if doc.kind in ("image", "other") or doc.error:
            why = doc.error or f"{doc.kind} file"
            return self._verdict(c, "needs_review", "image_only_pdf", f"content not machine-readable ({why})", **kw)
        if doc.image_only:
            return self._verdict(c, "needs_review", "image_only_pdf", "scanned PDF without a text layer", **kw)
        on, matched, how = self._topic(item, c, content)
        if not on:
            return self._verdict(c, "fail", "off_topic", how, matched=matched, **kw)
        return self._year(item, c, content, matched, how, kw)

    def _external(self, c: Candidate, url: str) -> Verdict:
        kind = classify_external(url)
        host = canonicalize(url) or url
        note = f"external {kind.replace('_', ' ')} content cannot be verified" if kind else f"off-site link {host}"
        return Verdict("needs_review", "external_unverifiable",
                       self._evidence(c, note=note, matched=c.claim_items.get(c.item, "")), c.claimed)

    def _fetch_problem(self, c: Candidate, page: Page) -> Verdict | None:
        rec = page.record
        kw = {"status": rec.status, "fetch_outcome": rec.outcome}
        o = rec.outcome
        if o == "ok":
            return None
        if o == "robots_blocked":
            return self._verdict(c, "not_crawled", "robots_blocked", rec.error or "disallowed by robots.txt", **kw)
        if o in ("out_of_budget", "skipped_trap"):
            return self._verdict(c, "not_crawled", "budget", rec.error or "not fetched within the crawl budget", **kw)
        if o == "too_large":
            return self._verdict(c, "needs_review", "too_large", rec.error or "file over the size cap", **kw)
        if o == "error":
            return self._verdict(c, "not_crawled", "fetch_error", rec.error or "network error", **kw)
        broken: Reason = "claimed_link_broken" if c.claimed else "not_found"
        if o in ("redirect_loop", "too_many_redirects"):
            return self._verdict(c, "fail", broken, rec.error or o.replace("_", " "), **kw)
        status = rec.status or 0
        if status in (401, 403, 407):
            return self._verdict(c, "needs_review", "forbidden", f"HTTP {status}: access refused", **kw)
        if status == 429 or status >= 500 or status == 0:
            return self._verdict(c, "not_crawled", "fetch_error", rec.error or f"HTTP {status}", **kw)
        return self._verdict(c, "fail", broken, f"HTTP {status}: no such page", **kw)

    def _topic(self, item: OITItem, c: Candidate, content: PageContent) -> tuple[bool, str, str]:
        """(on topic, matched label or keywords, how it was decided)."""
        i = item.id
        if i in content.primary_items:
            return True, content.primary_items[i], "the title or main heading names the item"
        if i in content.section_items:
            return True, content.section_items[i], "a heading names the item"
        if content.primary_items:
            others = ", ".join(sorted(content.primary_items, key=self.matcher.item_ids.index))
            return False, next(iter(content.primary_items.values())), f"the document is about {others}, not {i}"
        if i in content.body_items:
            return True, content.body_items[i], "the text names the item"
        score, kws = self.matcher.keyword_score(content.body, i)
        if score >= KEYWORD_MIN:
            return True, ", ".join(kws), "the text has the item's keywords"
        if content.thai_chars >= THAI_MIN:
            return False, "", "the content names nothing of the item"
        if i in c.claim_items:
            # English or near-empty documents: the pack's labels are Thai, so only the link can say what it is.
            return True, c.claim_items[i], "link text (the document has no Thai text to check)"
        return False, "", "neither the content nor the link names the item"

    def _year(self, item: OITItem, c: Candidate, content: PageContent, matched: str, how: str, kw: dict) -> Verdict:
        accepted = item.coverage.years(self.year)
        # A document states its year in its title; other years in the body are usually references
        # ("ตามแผนปี 2567 ..."), so the title decides when it has one.
        years = fiscal_years(content.primary) or fiscal_years(content.body)
        source = "content"
        if not years:
            # The document's own name (link text, file name) may carry its year. A claimed row's other cells
            # often repeat the year the criterion asks for, so only a discovered row may lend its year.
            years = fiscal_years(f"{c.link_text}\n{file_label(c.url or '')}")
            if not years and not c.claimed:
                years = fiscal_years(c.context)
            source = "link"
        shown = sorted(years)
        if not accepted:
            return self._verdict(c, "pass", "verified", how, matched=matched, years=shown, **kw)
        want = ", ".join(str(y) for y in sorted(accepted))
        if not years:
            return self._verdict(c, "needs_review", "year_unknown",
                                 f"{how}; no fiscal year readable (needs {want})", matched=matched, **kw)
        if not years & accepted:
            return self._verdict(c, "fail", "wrong_year", f"{how}; covers {', '.join(map(str, shown))}, needs {want}",
                                 matched=matched, years=shown, year_ok=False, **kw)
        note = how if source == "content" else f"{how}; year read from the link text"
        verdict = self._verdict(c, "pass", "verified", note, matched=matched, years=shown, year_ok=True, **kw)
        if item.coverage.kind == "first_half":
            text = "\n".join((content.primary, content.body, c.link_text, file_label(c.url or "")))
            verdict.months = frozenset(first_half_months(text, self.year))
        return verdict

    def _months_gap(self, passing: list[Verdict]) -> str:
        """For a first-half item: the months of October-March no passing evidence names.

        Monthly files are separate documents, so the months are pooled over all of them. Fewer than two
        months named says nothing (one month alone is usually a report's date stamp).
        """
        months = frozenset().union(*(v.months for v in passing))
        if len(months) < 2 or len(months) == len(FIRST_HALF):
            return ""
        missing = [MONTHS_SHORT[m - 1] for m in FIRST_HALF if m not in months]
        return f"{len(months)} of 6 months found; missing {', '.join(missing)}"

    # -- per item --------------------------------------------------------------

    def finding(self, item: OITItem) -> ItemFinding:
        claimed = self._claimed(item.id)
        verdicts = [v for v in (self._evaluate(item, cand) for cand in claimed + self.discovered.get(item.id, []))
                    if v is not None]
        live = [v for v in verdicts if not v.deferred]
        shown = sorted(verdicts, key=lambda v: (v.deferred, _RANK[v.outcome], not v.claimed,
                                                _REASON_ORDER.index(v.reason)))
        evidence: list[Evidence] = []
        seen: set[tuple[str, str]] = set()
        for v in shown:
            key = (v.evidence.url, v.reason)
            if key not in seen:
                seen.add(key)
                evidence.append(v.evidence)
        evidence = evidence[:MAX_EVIDENCE]
        if not live:
            gap = self._unreachable()
            if gap is not None:  # nothing was read, so nothing can be called missing
                return ItemFinding(id=item.id, outcome=gap.outcome, reason=gap.reason, claimed=False,
                                   evidence=[gap.evidence], detail=f"site not crawled: {gap.evidence.note}")
            return ItemFinding(id=item.id, outcome="fail", reason="not_found", claimed=bool(claimed),
                               evidence=evidence, detail=self._searched(item, claimed))
        best = min(_RANK[v.outcome] for v in live)
        top = sorted((v for v in live if _RANK[v.outcome] == best),
                     key=lambda v: (not v.claimed, _REASON_ORDER.index(v.reason)))[0]
        if top.outcome == "pass" and item.coverage.kind == "first_half":
            gap = self._months_gap([v for v in live if v.outcome == "pass"])
            if gap:
                top = Verdict("needs_review", "months_missing",
                              top.evidence.model_copy(update={"note": f"{top.evidence.note}; {gap}".lstrip("; ")}),
                              top.claimed)
                evidence = [top.evidence] + [e for e in evidence if e.url != top.evidence.url]
        detail = f"{top.reason}: {top.evidence.url}"
        if top.evidence.note:
            detail += f" ({top.evidence.note})"
        if top.outcome == "fail":
            detail += "; " + self._searched(item, claimed)
        return ItemFinding(id=item.id, outcome=top.outcome, reason=top.reason, claimed=bool(claimed),
                           evidence=evidence, detail=detail)

    def _unreachable(self) -> Verdict | None:
        """Why the site could not be searched at all (home page blocked, refused or down), if it could not."""
        site = self.site
        if any(p.record.outcome == "ok" and p.doc is not None and p.doc.kind == "html" for p in site.pages):
            return None
        home = site.home
        if home is None:
            stub = Candidate(item="", url=None, href="", via="page", found_on=None)
            return self._verdict(stub, "not_crawled", "fetch_error", "no page was fetched")
        stub = Candidate(item="", url=home.url, href=home.url, via="page", found_on=None)
        problem = self._fetch_problem(stub, home)
        if problem is None or problem.outcome == "fail":
            note = problem.evidence.note if problem else "the home page has no readable content"
            return self._verdict(stub, "not_crawled", "fetch_error", note, status=home.record.status,
                                 fetch_outcome=home.record.outcome)
        return problem

    def _searched(self, item: OITItem, claimed: list[Candidate]) -> str:
        site = self.site
        ok = [p for p in site.pages if p.record.outcome == "ok" and p.doc is not None]
        docs = sum(1 for p in ok if p.doc.kind != "html")
        missed = sum(1 for p in site.pages if p.record.outcome in ("robots_blocked", "out_of_budget", "skipped_trap",
                                                                   "error"))
        parts = [f"searched {len(ok) - docs} pages and {docs} documents for {item.id} labels"]
        if self.indexes:
            where = ", ".join(ix.url for ix in self.indexes)
            parts.append(f"OIT index {where} " + ("claims it" if claimed else f"has no {item.id} row"))
        else:
            parts.append("no OIT index page found")
        if missed:
            parts.append(f"{missed} URLs not crawled (robots.txt, budget or errors)")
        return "; ".join(parts)


def locate(pack: RulePack, year: int, pages: list[Page]) -> list[ItemFinding]:
    """One finding per pack item, in pack order: where its evidence is and whether it holds up."""
    loc = _Locator(pack, year, pages)
    out: list[ItemFinding] = []
    for item in pack.items:
        try:
            out.append(loc.finding(item))
        except Exception as exc:  # one item's bug must not hide the other 27 verdicts
            out.append(ItemFinding(id=item.id, outcome="error", reason="evaluation_error",
                                   detail=f"{type(exc).__name__}: {exc}"))
    return out
