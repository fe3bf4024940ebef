"""Shared wording of CI findings (Thai or English) for SARIF, JUnit, GitHub annotations and text."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from ita_rules.results.check import ItemResult
from ita_rules.urls import LOCAL_BASE
from ita_rules.words import say
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.pack import RulePack

from ita_rules.ci.run import ItemVerdict

_LOCAL_HOST = urlsplit(LOCAL_BASE).hostname
def status_text(status: str, lang: str) -> str:
    """An item status (an outcome or `waived`) in `lang`."""
    return say("ci.waived", lang) if status == "waived" else say("outcome." + status, lang)


def primary_url(item: ItemResult, site: SiteSpec | None = None, home: str | None = None) -> str | None:
    """The evidence a person should open first (else the home page searched from), decoded: a file path for a
    directory site, else the URL."""
    url = item.evidence[0].url if item.evidence else home
    if not url:
        return None
    parts = urlsplit(url)
    if site is not None and "://" not in site.target and parts.hostname == _LOCAL_HOST:
        # A static-site build has no real address; the file in the build is what an editor opens.
        return f"{site.target.rstrip('/')}/{unquote(parts.path).lstrip('/')}"
    return unquote(url)


def title(pack: RulePack, item_id: str, lang: str) -> str:
    """The item's title from the pack (both languages exist for every item)."""
    it = pack.item.get(item_id)
    return it.title.get(lang) if it else item_id


def measure(pack: RulePack, item_id: str, lang: str) -> str:
    """The first recommended measure of an item: title, then numbered steps."""
    ms = pack.measures_for.get(item_id) or []
    if not ms:
        return ""
    m = ms[0]
    steps = " ".join(f"{n}. {s.get(lang)}" for n, s in enumerate(m.steps, start=1))
    return f"{m.title.get(lang)} — {steps} ({m.owner.get(lang)})"


def message(pack: RulePack, site: SiteSpec, item: ItemResult, verdict: ItemVerdict, lang: str,
            home: str | None = None) -> str:
    """One line: item, title, outcome, reason, URL and site; the waiver's own message when there is one."""
    parts = [f"{item.id} {title(pack, item.id, lang)}: {say('outcome.' + item.outcome, lang)} — "
             f"{say('reason.' + item.reason, lang)}"]
    url = primary_url(item, site)
    if url:
        parts.append(f"{say('ci.evidence', lang)}: {url}")
    elif home:
        parts.append(f"{say('ci.not_found_on', lang)}: {primary_url(item, site, home)}")
    parts.append(f"{say('ci.site', lang)}: {site.name} ({site.target})")
    if verdict.waiver is not None:
        parts.append(verdict.waiver.message)
    if verdict.baseline == "baselined":
        parts.append(say("ci.baselined", lang))
    return ". ".join(parts)
