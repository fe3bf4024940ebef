"""Checks on what the content is about and which fiscal year it covers (the last checks of the table)."""

from __future__ import annotations

from ..site import file_label
from ..years import academic_only, fiscal_years
from ...vocabulary import Outcome, Reason
from .base import Judging, Verdict, candidate_check

# Weighted keyword count (see TopicMatcher.keyword_score) that confirms a topic when no label is present.
KEYWORD_MIN = 1.5
# A document with at least this many Thai letters can confirm or refute a topic by its own words;
# below it (English or scanned documents) only the link text and the index row say what it is.
THAI_MIN = 40


def topic(j: Judging) -> tuple[bool, str, str]:
    """(on topic, matched label or keywords, how it was decided)."""
    i, c, content, matcher = j.item.id, j.c, j.loc.site.content(j.page), j.loc.matcher
    other = matcher.title_says_other(content.primary, i)
    if other is not None:
        return False, other, f"the title says {other}: not this item"
    if i in content.primary_items:
        return True, content.primary_items[i], "the title or main heading names the item"
    if i in content.section_items:
        return True, content.section_items[i], "a heading names the item"
    if content.primary_items:
        others = ", ".join(sorted(content.primary_items, key=matcher.item_ids.index))
        return False, next(iter(content.primary_items.values())), f"the document is about {others}, not {i}"
    if i in content.body_items:
        return True, content.body_items[i], "the text names the item"
    score, kws = matcher.keyword_score(f"{content.primary}\n{content.body}", i)  # a title's words count too
    if score >= KEYWORD_MIN:
        return True, ", ".join(kws), "the text has the item's keywords"
    if c.carrier and i in c.claim_items and not content.primary_items and not content.section_items:
        # A document whose title and headings name no item, shown by a page titled (or offered) for this one,
        # is that page's attachment.
        return True, c.claim_items[i], "the page showing the document names the item"
    if content.thai_chars >= THAI_MIN:
        return False, "", "the content names nothing of the item"
    if i in c.claim_items:
        # English or near-empty documents: the pack's labels are Thai, so only the link can say what it is.
        return True, c.claim_items[i], "link text (the document has no Thai text to check)"
    return False, "", "neither the content nor the link names the item"


def partly_read(j: Judging, v: Verdict) -> Verdict:
    """A fail read off part of a document is unsure: the unread rest may hold the evidence."""
    limit = j.page.doc.limit
    if not limit or v.outcome != Outcome.FAIL:
        return v
    note = f"{v.evidence.note}; only part of the document was read ({limit})"
    return Verdict(Outcome.NEEDS_REVIEW, Reason.EXTRACTION_LIMIT, v.evidence.model_copy(update={"note": note}),
                   v.claimed)


@candidate_check("on_topic")
def on_topic(j: Judging):
    """The content (title, headings, text, else the link) must be about the item."""
    on, j.matched, j.how = topic(j)
    if not on:
        return partly_read(j, j.verdict("fail", "off_topic", j.how, matched=j.matched))
    return None


@candidate_check("right_year")
def right_year(j: Judging):
    """The fiscal year the evidence covers must be one the item accepts (its title year decides)."""
    item, c, content = j.item, j.c, j.loc.site.content(j.page)
    accepted = item.coverage.years(j.loc.year)
    # A document states its year in its title; other years in the body are usually references
    # ("ตามแผนปี 2567 ..."), so the title decides when it has one; the title (not a news list's body, which may
    # name any school year) also says which kind of year it is.
    years = fiscal_years(content.primary)
    name = content.primary if years else ""
    years = years or fiscal_years(content.body)
    source = "content"
    if not years:
        # The document's own name (link text, file name) may carry its year. A claimed row's other cells
        # often repeat the year the criterion asks for, so only a discovered row may lend its year.
        name = f"{c.link_text}\n{file_label(c.url or '')}"
        years = fiscal_years(name)
        if not years and not c.claimed:
            years = fiscal_years(c.context)
        source = "link"
    shown = sorted(years)
    if not accepted:
        return j.verdict("pass", "verified", j.how, matched=j.matched, years=shown)
    want = ", ".join(str(y) for y in sorted(accepted))
    if not years:
        return j.verdict("needs_review", "year_unknown", f"{j.how}; no fiscal year readable (needs {want})",
                         matched=j.matched)
    note = j.how if source == "content" else f"{j.how}; year read from the link text"
    school = academic_only(name, accepted)
    if school:
        y = min(school)
        return j.verdict("needs_review", "year_unknown", f"{j.how}; academic year {y} (mid-May {y} to March {y + 1}) "
                         f"is not fiscal year {want}: a person decides", matched=j.matched, years=shown)
    if not years & accepted:
        plausible = item.coverage.plausible_years(j.loc.year) - accepted
        # Only a year the document states itself earns the benefit of the doubt; a link's word is not enough.
        if source == "content" and years & plausible:
            # The criteria leave the period open: a document for another plausible year is not a fail on a guess.
            note += (f"; covers {', '.join(map(str, sorted(years & plausible)))}: the period is uncertain in the "
                     f"criteria (main reading {want}), accepted")
            return j.verdict("pass", "verified", note, matched=j.matched, years=shown, year_ok=True)
        return partly_read(j, j.verdict("fail", "wrong_year", f"{j.how}; covers {', '.join(map(str, shown))}, "
                                        f"needs {want}", matched=j.matched, years=shown, year_ok=False))
    return j.verdict("pass", "verified", note, matched=j.matched, years=shown, year_ok=True)
