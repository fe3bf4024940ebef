"""Evidence locator: one verdict per OIT item from a crawl, claimed (OIT index) vs verified (fetched content)."""

from __future__ import annotations

from ..artifacts import Link, Page
from ..pack import OITItem, RulePack
from ..results.finding import Evidence, ItemFinding
from .checks import EVERY_ITEM, ITEM_CHECKS, Candidate, Judging, Verdict, judge
from .checks.fetching import fetch_problem, unread_index
from .oitindex import IndexRow, find_indexes
from .site import SiteView, canonicalize, file_label
from .topic import TopicMatcher, match_key

__all__ = ["locate"]

MAX_EVIDENCE = 12


class Locator:
    """One crawled site seen for one pack and year: index rows, discovered candidates, and the verdicts."""

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
        self.memo: dict[str, object] = {}  # per-site facts checks compute once (element signals, shared bodies)
        self.doc_claims: set[tuple[str, str]] = set()  # (document url, item): a link offers it as the item's
        self._discover()

    # -- candidates ------------------------------------------------------------

    def _claim_items(self, link: Link, headings: frozenset[str] = frozenset(), page: Page | None = None
                     ) -> dict[str, str]:
        """Items a link is offered as: its text, else its row/list context, else its file name, else (a
        download in one item's section of a shared page) the section's title."""
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
        sections = self.site.sections
        if (page is not None and link.url and link.section is not None and self.site.is_document_url(link.url)
                and sections.shared(page)):
            return sections.lender(page, link.section)
        return {}

    def _target(self, link: Link, page_url: str) -> str | None:
        """Where a link lands: its URL with the fragment kept (a section of the page), an in-page "#anchor"
        resolved against the page when it names another section, else None (a placeholder)."""
        frag = link.href.split("#", 1)[1].strip() if "#" in link.href else ""
        if not frag or canonicalize(link.url or page_url) in self.index_urls:
            # An OIT page's own blocks often hold the criterion text copied: its anchors are no evidence.
            return link.url
        if link.url is None and not link.href.strip().startswith("#"):
            return None
        url = f"{(link.url or page_url).split('#', 1)[0]}#{frag}"
        section = self.site.page_for(url)
        part = self.site.sections.part_of(section) if section is not None else None
        if part is None:
            return link.url  # the fragment names no section: the page as a whole (or nothing, for "#x")
        if link.url is None and link.section in self.site.sections.kept(part):
            return None  # an in-page link inside the very section it points at: a self-link
        return url

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
                url = self._target(link, page.url) if link.url else None
                if not url or (on_index and not link.in_nav):
                    continue  # index rows are claims, handled separately
                named = self._claim_items(link, headings, page)
                if not named or self._never_evidence(url):
                    continue
                is_doc = not link.in_nav and site.is_document_url(url)
                for item in named:
                    if is_doc:
                        self.listings.add((canonicalize(page.url) or page.url, item))
                        self.doc_claims.add((canonicalize(url) or url, item))
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
            if content.spam:
                continue
            covered = self._discover_sections(page)
            if site.is_hub(page):
                continue
            named = {**content.section_items, **content.primary_items} if not covered else {
                i: label for i, label in content.primary_items.items() if i not in covered}
            for item in named:
                self.discovered.setdefault(item, []).append(Candidate(
                    item=item, url=url, href=url, via="page" if page.doc.kind == "html" else "document",
                    found_on=page.record.referrer, link_text=page.doc.title, claim_items=named,
                ))

    def _discover_sections(self, page: Page) -> set[str]:
        """On a page hosting several items, each item's section is a candidate of its own (the items covered)."""
        sections = self.site.sections
        if page.doc.kind not in ("html", "pdf") or not sections.shared(page):
            return set()
        covered: set[str] = set()
        teasers = {ln.section for ln in page.doc.links if ln.section is not None and ln.url and not ln.in_nav
                   and "#" not in ln.href}
        for k, sec in enumerate(sections.of(page)):
            named = sections.items(page, k)
            if k in teasers and any(ln.section == k and match_key(ln.text) == match_key(sec.title)
                                    for ln in page.doc.links):
                continue  # a headline linking its own page (a news list): that page is the evidence, if any
            part = sections.part(page, k) if 0 < len(named) <= 2 else None
            if part is None:
                continue
            for item in named:
                covered.add(item)
                self.discovered.setdefault(item, []).append(Candidate(
                    item=item, url=part.url, href=part.url, via="page", found_on=page.url, link_text=sec.title,
                    claim_items=named))
        return covered

    def _never_evidence(self, url: str) -> bool:
        c = canonicalize(url) or url
        return c in self.index_urls or self.site.is_home(c) or self.survey(c)

    def survey(self, url: str) -> bool:
        """A NACC survey link (never OIT evidence)."""
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
                url = self._target(link, row.page_url)
                out.append(Candidate(item=item, url=url, href=link.href, via="index", found_on=row.page_url,
                                     link_text=link.text, context=row.text, claimed=True, claim_items=named))
        return out

    # -- per item --------------------------------------------------------------

    def finding(self, item: OITItem) -> ItemFinding:
        claimed = self._claimed(item.id)
        verdicts = [v for v in (judge(Judging(self, item, cand)) for cand in claimed + self.discovered.get(item.id, []))
                    if v is not None]
        live = [v for v in verdicts if not v.deferred]
        shown = sorted(verdicts, key=lambda v: (v.deferred, v.outcome.rank, not v.claimed, v.reason.order))
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
            gap = unread_index(self)
            if gap is not None:  # the OIT page was not read, so nothing it links can be called missing
                return ItemFinding(id=item.id, outcome=gap.outcome, reason=gap.reason, claimed=False,
                                   evidence=[gap.evidence], detail=f"{gap.reason}: {gap.evidence.note}")
            return ItemFinding(id=item.id, outcome="fail", reason="not_found", claimed=bool(claimed),
                               evidence=evidence, detail=self._searched(item, claimed))
        best = min(v.outcome.rank for v in live)
        top = sorted((v for v in live if v.outcome.rank == best),
                     key=lambda v: (not v.claimed, v.reason.order, not self._named_first(v)))[0]
        for name in [*EVERY_ITEM, *item.checks]:
            changed = ITEM_CHECKS[name](self, item, top, live)
            if changed is not None:
                top = changed
                evidence = [top.evidence] + [e for e in evidence if e.url != top.evidence.url]
        detail = f"{top.reason}: {top.evidence.url}"
        if top.evidence.note:
            detail += f" ({top.evidence.note})"
        if top.outcome == "fail":
            detail += "; " + self._searched(item, claimed)
        return ItemFinding(id=item.id, outcome=top.outcome, reason=top.reason, claimed=bool(claimed),
                           evidence=evidence, detail=detail)

    def _named_first(self, v: Verdict) -> bool:
        """Whether the evidence's title starts with the label it matched: "แผนพัฒนาท้องถิ่น (2566-2570)" is the plan,
        "ประชุมประชาคม เพื่อจัดทำแผนพัฒนาท้องถิ่น" is news about it (held-out test: the news was cited first)."""
        page = self.site.page_for(v.evidence.url) if v.evidence.url else None
        if page is None or page.doc is None or not v.evidence.matched:
            return False
        primary = match_key(self.site.content(page).primary)
        return primary.startswith(match_key(v.evidence.matched)[:12])

    def _unreachable(self) -> Verdict | None:
        """Why the site could not be searched at all (home page blocked, refused or down), if it could not."""
        site = self.site
        if any(p.record.outcome == "ok" and p.doc is not None and p.doc.kind == "html" for p in site.pages):
            return None
        home = site.home
        if home is None:
            stub = Judging(self, None, Candidate(item="", url=None, href="", via="page", found_on=None))
            return stub.verdict("not_crawled", "fetch_error", "no page was fetched")
        stub = Judging(self, None, Candidate(item="", url=home.url, href=home.url, via="page", found_on=None))
        problem = fetch_problem(stub, home)
        if problem is None or problem.outcome == "fail":
            note = problem.evidence.note if problem else "the home page has no readable content"
            return stub.verdict("not_crawled", "fetch_error", note, status=home.record.status,
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
    loc = Locator(pack, year, pages)
    out: list[ItemFinding] = []
    for item in pack.items:
        try:
            out.append(loc.finding(item))
        except Exception as exc:  # one item's bug must not hide the other 27 verdicts
            out.append(ItemFinding(id=item.id, outcome="error", reason="evaluation_error",
                                   detail=f"{type(exc).__name__}: {exc}"))
    return out
