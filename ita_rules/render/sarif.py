"""SARIF 2.1.0 that GitHub code scanning accepts: one specific rule per OIT item, every result in a repo file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ita_rules.words import say
from ita_rules.meta import tool_version
from ita_rules.errors import ItaError
from ita_rules.pack import OITItem, RulePack

from ita_rules.ci.locations import Location, declaration, item_location, locatable, site_dir
from ita_rules.ci.run import CiRun, SiteRun
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.ci.wording import measure, message, title

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
THRESHOLD_RULE = "ita/min-oit-score"
LEVEL = {"fail": "error", "needs_review": "warning", "error": "warning", "not_crawled": "note"}


def rule_id(pack: RulePack, item_id: str) -> str:
    """Stable rule id: pack id and item id, e.g. `ita-2568/o23` (documented in docs/ci.md)."""
    return f"{pack.pack.id}/{item_id}"


def _https(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and " " not in url


def help_uri(item: OITItem) -> str | None:
    """A valid https URL from the item's sources, or None (an empty helpUri makes GitHub reject the file)."""
    return next((s for s in item.provenance.sources if _https(s)), None)


def _rule(pack: RulePack, item: OITItem) -> dict:
    elements_en = "; ".join(e.text.en for e in item.elements)
    rule = {
        "id": rule_id(pack, item.id),
        "name": f"OIT{item.id[1:]}",
        "shortDescription": {"text": f"{item.id.upper()} {item.title.en}"},
        "fullDescription": {"text": f"{item.title.en}. Required elements: {elements_en}"},
        "help": {"text": measure(pack, item.id, "en") or item.title.en},
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["ita", "oit", pack.pack.id, f"sub-indicator-{item.sub_indicator}"],
            "item": item.id,
            "sub_indicator": item.sub_indicator,
            "title_th": item.title.th,
            "title_en": item.title.en,
            "elements_th": [e.text.th for e in item.elements],
            "help_th": measure(pack, item.id, "th") or item.title.th,
            "confidence": item.provenance.confidence,
        },
    }
    uri = help_uri(item)
    if uri:
        rule["helpUri"] = uri
    return rule


def _threshold_rule() -> dict:
    return {
        "id": THRESHOLD_RULE,
        "name": "MinimumOITScore",
        "shortDescription": {"text": "Predicted OIT score below the configured minimum"},
        "fullDescription": {"text": "The verified predicted OIT score of a site (items that pass only) is below "
                                    "thresholds.min_oit_score or --min-oit-score."},
        "help": {"text": "Fix the failing items listed for the site; waived and unverified items never count."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["ita", "oit", "threshold"],
                       "title_th": "คะแนน OIT ที่คาดการณ์ต่ำกว่าเกณฑ์ขั้นต่ำที่กำหนด"},
    }


def _location(loc: Location) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": loc.uri}, "region": {"startLine": max(1, loc.line)}}}


def _site_results(sr: SiteRun, pack: RulePack, index: dict[str, int], root: Path, lang: str,
                  minimum: float | None) -> list[dict]:
    site, result = sr.site, sr.result
    items = {i.id: i for i in result.items}
    home = result.coverage.home
    out = []
    for v in sr.verdicts:
        if v.outcome == "pass":
            continue
        item = items[v.id]
        loc = item_location(site, item, root)
        if loc is None:
            raise ItaError(f"SARIF needs a repository file for every result, and site {site.name!r} has none: "
                           "declare it in ita.toml (see `ita init`) or check a directory inside the repository")
        rid = rule_id(pack, v.id)
        res: dict = {
            "ruleId": rid,
            "ruleIndex": index[rid],
            "level": LEVEL[v.outcome],
            "message": {"text": message(pack, site, item, v, lang, home)},
            "locations": [_location(loc)],
            "properties": {
                "site": site.name, "target": site.target, "item": v.id, "outcome": v.outcome, "status": v.status,
                "reason": item.reason, "reason_th": say("reason." + item.reason, "th"),
                "reason_en": say("reason." + item.reason, "en"), "title_th": title(pack, v.id, "th"),
                "message_th": message(pack, site, item, v, "th", home),
                "message_en": message(pack, site, item, v, "en", home),
                "urls": [e.url for e in item.evidence], "waiver_status": v.waiver_status, "blocking": v.blocking,
            },
        }
        url = item.evidence[0].url if item.evidence else home
        if url:
            res["properties"]["url"] = url
        if site.declared_in:
            res["properties"]["declared_in"] = site.declared_in
        if v.fingerprint:
            res["partialFingerprints"] = {"itaFinding/v1": v.fingerprint}
        if v.baseline:
            res["baselineState"] = "unchanged" if v.baseline == "baselined" else "new"
        if v.waiver is not None and v.waiver.status == "active":
            res["suppressions"] = [{"kind": "external", "status": "accepted",
                                    "justification": v.waiver.justification}]
        out.append(res)
    if sr.below_threshold:
        loc = declaration(site, root) or (item_location(site, None, root) if site_dir(site) else None)
        if loc is None:
            raise ItaError(f"SARIF needs a repository file for site {site.name!r}: declare it in ita.toml")
        score = "-" if result.oit.score is None else f"{result.oit.score:g}"
        text = say("ci.threshold", lang).format(score=score, min=f"{minimum or 0:g}")
        out.append({"ruleId": THRESHOLD_RULE, "ruleIndex": index[THRESHOLD_RULE], "level": "error",
                    "message": {"text": f"{site.name}: {text}"}, "locations": [_location(loc)],
                    "properties": {"site": site.name, "target": site.target, "oit_score": result.oit.score}})
    return out


def to_sarif(run: CiRun, pack: RulePack, root: Path) -> dict:
    """The SARIF log of a run (results only for items that did not pass)."""
    rules = [_rule(pack, it) for it in pack.items] + [_threshold_rule()]
    index = {r["id"]: n for n, r in enumerate(rules)}
    results = [r for sr in run.sites
               for r in _site_results(sr, pack, index, root, run.lang, run.policy.min_oit_score)]
    notes = [{"level": "warning", "message": {"text": text}} for text in run.warnings]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ita-rules", "version": tool_version(),
                                "semanticVersion": tool_version(), "rules": rules}},
            "invocations": [{"executionSuccessful": True, "exitCode": run.exit_code,
                             "toolExecutionNotifications": notes}],
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {
                "pack": run.pack.model_dump(), "year": run.year, "policy": run.policy.model_dump(),
                "totals": run.totals,
                "sites": [{"name": s.site.name, "target": s.site.target, "oit_score": s.result.oit.score,
                           "counts": s.counts, "reachable": s.result.coverage.reachable}
                          for s in run.sites],
            },
        }],
    }


def require_locations(sites: list[SiteSpec], repo: Path) -> None:
    """SARIF results must point at a repository file: refuse, before crawling, a site that has none."""
    for s in sites:
        if not locatable(s, repo):
            raise ValueError(
                f"SARIF results must point at a file in the repository ({repo}), and site {s.name!r} has none: "
                "declare it in ita.toml (`ita init`) or check a static-site directory inside the repository")
