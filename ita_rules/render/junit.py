"""One JUnit XML document per run: a testsuite per site, a testcase per OIT item (Checkov #518, #559)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ita_rules.words import say
from ita_rules.pack import RulePack

from ita_rules.ci.locations import item_location
from ita_rules.ci.run import CiRun, ItemVerdict, SiteRun
from ita_rules.render.sarif import THRESHOLD_RULE, rule_id
from ita_rules.ci.wording import measure, primary_url, title

# Characters XML 1.0 forbids; a mis-decoded page title must not make the whole report unparsable.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _BAD_XML.sub("\ufffd", text)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, tag, {k: _clean(str(v)) for k, v in attrs.items()})
    if text:
        e.text = _clean(text)
    return e


def _details(pack: RulePack, sr: SiteRun, v: ItemVerdict, lang: str) -> tuple[str, str]:
    """A one-line message and the body: item id, rule, outcome, reason, URL, site and the recommended measure."""
    item = next(i for i in sr.result.items if i.id == v.id)
    reason = say("reason." + item.reason, lang)
    short = f"{v.id} {title(pack, v.id, lang)}: {say('outcome.' + v.outcome, lang)} — {reason}"
    lines = [f"item: {v.id} ({rule_id(pack, v.id)})", f"outcome: {v.outcome} ({item.reason}: {reason})"]
    url = primary_url(item, sr.site, sr.result.coverage.home)
    if url:
        # No evidence at all (not_found): the home page the search started from.
        lines.append(f"url: {url}" + ("" if item.evidence else f" ({say('ci.not_found_on', lang)})"))
    lines.append(f"site: {sr.site.name} ({sr.site.target})")
    if item.detail:
        lines.append(f"detail: {item.detail}")
    m = measure(pack, v.id, lang)
    if m:
        lines.append(f"{say('ci.measure', lang)}: {m}")
    if v.waiver is not None:
        lines.append(f"waiver: {v.waiver.message} [{v.waiver.declared_in}]")
    return short, "\n".join(lines)


def _skip_reason(v: ItemVerdict, short: str, lang: str) -> str:
    if v.status == "waived" and v.waiver is not None:
        return f"{say('ci.waived', lang)}: {v.waiver.message} [{v.waiver.declared_in}]"
    if v.baseline == "baselined":
        return f"{say('ci.baselined', lang)}: {short}"
    return short


def _suite(root_el: ET.Element, pack: RulePack, sr: SiteRun, run: CiRun, repo: Path) -> dict[str, int]:
    lang = run.lang
    site, result = sr.site, sr.result
    suite = _el(root_el, "testsuite", name=site.name)
    props = _el(suite, "properties")
    for k, val in (("target", site.target), ("agency_type", site.agency_type), ("declared_in", site.declared_in),
                   ("year", result.year), ("pack", f"{result.pack.id} {result.pack.version}"),
                   ("oit_score", result.oit.score), ("fail_on", run.policy.fail_on)):
        if val is not None:
            _el(props, "property", name=k, value=str(val))
    tally = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    cls = f"ita.{site.name}"

    def case(name: str, loc=None) -> ET.Element:
        tally["tests"] += 1
        attrs = {"classname": cls, "name": name}
        if loc is not None:
            attrs.update(file=loc.path, line=str(loc.line))
        return _el(suite, "testcase", **attrs)

    home = case("home page reachable")
    if not result.coverage.reachable:
        tally["errors"] += 1
        msg = f"{result.coverage.home}: {result.coverage.home_error or result.coverage.home_status}"
        _el(home, "error", msg, message=msg, type="unreachable")
    items = {i.id: i for i in result.items}
    for v in sr.verdicts:
        tc = case(f"{v.id} {title(pack, v.id, lang)}", item_location(site, items[v.id], repo))
        if v.outcome == "pass":
            continue
        short, body = _details(pack, sr, v, lang)
        if v.blocking:
            kind = "error" if v.outcome == "error" else "failure"
            tally["errors" if kind == "error" else "failures"] += 1
            _el(tc, kind, body, message=short, type=v.outcome)
        else:
            tally["skipped"] += 1
            _el(tc, "skipped", body, message=_skip_reason(v, short, lang))
    if run.policy.min_oit_score is not None:
        tc = case(THRESHOLD_RULE)
        if sr.below_threshold:
            tally["failures"] += 1
            score = "-" if result.oit.score is None else f"{result.oit.score:g}"
            msg = say('ci.threshold', lang).format(score=score, min=f"{run.policy.min_oit_score:g}")
            _el(tc, "failure", msg, message=msg, type="threshold")
    if sr.warnings:
        _el(suite, "system-out", "\n".join(sr.warnings))
    for k, n in tally.items():
        suite.set(k, str(n))
    return tally


def to_junit(run: CiRun, pack: RulePack, repo: Path) -> str:
    """The run as one JUnit XML document (UTF-8)."""
    root = ET.Element("testsuites", {"name": "ita-rules"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for sr in run.sites:
        for k, n in _suite(root, pack, sr, run, repo).items():
            totals[k] += n
    for k, n in totals.items():
        root.set(k, str(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
