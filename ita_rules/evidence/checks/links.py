"""Checks on the link itself, before anything is fetched: an index row without a link, placeholders, self-links."""

from __future__ import annotations

from ..site import canonicalize
from .base import Judging, candidate_check


@candidate_check("index_row_has_link")
def index_row_has_link(j: Judging):
    """An OIT index row with no link, or only the criterion text copied, fails (no_link / criterion_text_only)."""
    c = j.c
    if c.missing:
        what = "criterion text copied without a link" if c.missing == "criterion_text_only" else "no link"
        return j.verdict("fail", c.missing, f"index row has {what}: {c.context[:160]}")
    return None


@candidate_check("link_goes_somewhere")
def link_goes_somewhere(j: Judging):
    """'#', javascript: and empty hrefs are placeholders, not evidence."""
    if j.c.url is None:
        return j.verdict("fail", "placeholder_link", f"the link goes nowhere (href {j.c.href!r})")
    return None


@candidate_check("not_a_survey_link")
def not_a_survey_link(j: Judging):
    """The NACC survey links for IIT/EIT respondents are never OIT evidence."""
    if j.loc.survey(j.c.url):
        return j.verdict("fail", "off_topic", "NACC survey link (IIT/EIT), not OIT evidence")
    return None


@candidate_check("not_the_index_itself")
def not_the_index_itself(j: Judging):
    """A link back to the OIT index page is a placeholder."""
    if canonicalize(j.c.url) in j.loc.index_urls:
        return j.verdict("fail", "placeholder_link", "links back to the OIT index page itself")
    return None


@candidate_check("not_the_home_page")
def not_the_home_page(j: Judging):
    """A link to the home page is a placeholder."""
    if j.loc.site.is_home(j.c.url):
        return j.verdict("fail", "placeholder_link", "links to the home page")
    return None
