"""One CI run over one or more sites: waivers and baseline applied, blocking findings decided, exit code set."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from ita_rules.errors import ItaError
from ita_rules.results.check import CheckResult
from ita_rules.results.finding import Outcome
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.meta import tool_version
from ita_rules.results.assess import PackRef

from ita_rules.ci import baseline as bl
from ita_rules.ci import waivers as wv
from ita_rules.ci.policy import Policy, below_threshold, blocks, exit_code

Status = Literal["pass", "fail", "needs_review", "not_crawled", "error", "waived"]
COUNT_KEYS = ("pass", "fail", "needs_review", "not_crawled", "error", "waived")


class ItemVerdict(BaseModel):
    """An item's outcome as found, and what CI makes of it (waiver, baseline, blocking)."""

    id: str
    outcome: Outcome  # what the check found; a waiver never changes it
    status: Status  # `waived` when an active waiver covers a non-pass outcome
    waiver_status: Literal["active", "expired", "none"] = "none"
    waiver: wv.WaiverState | None = None
    fingerprint: str | None = None
    baseline: Literal["new", "baselined"] | None = None
    blocking: bool = False


class SiteRun(BaseModel):
    """One site's check result with its CI verdicts."""

    site: SiteSpec
    result: CheckResult
    verdicts: list[ItemVerdict]
    counts: dict[str, int]  # exclusive: a waived fail counts as waived, not as fail
    blocking: int
    below_threshold: bool
    warnings: list[str] = []


RUN_SCHEMA_ID = "ita-check-run/1"
RUN_SCHEMA_VERSION = "1.3"


class CiRun(BaseModel):
    """The run document `ita check --format json` prints: every site, warnings, the baseline comparison and
    the exit code. The same shape for one site or many, with or without a config file."""

    schema_id: Literal["ita-check-run/1"] = RUN_SCHEMA_ID
    schema_version: str = RUN_SCHEMA_VERSION
    tool: str
    year: int
    lang: str
    pack: PackRef
    policy: Policy
    sites: list[SiteRun]
    totals: dict[str, int]
    warnings: list[str]
    baseline: bl.BaselineDiff | None = None
    baseline_written: str | None = None
    exit_code: int


def site_result_data(data: Any, where: str | None = None) -> tuple[Any, tuple]:
    """The one site's check result inside a run document, with its path in the document; data that is not a
    run document (a bare check result) comes back as it is."""
    if not (isinstance(data, dict) and data.get("schema_id") == RUN_SCHEMA_ID):
        return data, ()
    sites = data.get("sites") if isinstance(data.get("sites"), list) else []
    if len(sites) != 1 or not isinstance(sites[0], dict):
        names = ", ".join(str((s.get("site") or {}).get("name")) for s in sites if isinstance(s, dict))
        raise ItaError(f"this run holds {len(sites)} sites ({names}); give the result of one site "
                       "(`ita check TARGET --format json`)", where)
    return sites[0].get("result"), ("sites", 0, "result")


def findings_of(site: SiteSpec, result: CheckResult, states: dict[str, wv.WaiverState]) -> list[bl.Finding]:
    """The site's unwaived non-pass items as fingerprinted findings."""
    out = []
    for it in result.items:
        st = states.get(it.id)
        if it.outcome == "pass" or (st and st.status == "active"):
            continue
        out.append(bl.make(site.name, it.id, bl.locator(it.evidence, site.name, site.target), it.outcome, it.reason))
    return out


def _site_run(site: SiteSpec, result: CheckResult, states: dict[str, wv.WaiverState], policy: Policy,
              found: dict[tuple[str, str], bl.Finding], accepted: set[str], baselined_mode: bool,
              warnings: list[str]) -> SiteRun:
    """One site's verdicts: waived, new or baselined, blocking or not."""
    verdicts = []
    for it in result.items:
        st = states.get(it.id)
        waived = bool(st and st.status == "active")
        f = found.get((site.name, it.id))
        baselined = f is not None and f.fingerprint in accepted
        verdicts.append(ItemVerdict(
            id=it.id, outcome=it.outcome, status="waived" if waived else it.outcome,
            waiver_status=st.status if st else "none", waiver=st,
            fingerprint=f.fingerprint if f else None,
            baseline=None if (not baselined_mode or f is None) else ("baselined" if baselined else "new"),
            blocking=it.outcome != "pass" and blocks(policy, it.outcome, waived, baselined)))
    counts = Counter(v.status for v in verdicts)
    return SiteRun(site=site, result=result, verdicts=verdicts, counts={k: counts.get(k, 0) for k in COUNT_KEYS},
                   blocking=sum(v.blocking for v in verdicts),
                   below_threshold=below_threshold(policy, result.oit.score), warnings=warnings)


def _waived(checked: list[tuple[SiteSpec, CheckResult]], waivers: list[wv.Waiver], today: date, lang: str):
    """Per site: waiver states and warnings; then the unwaived findings and the passing (site, item) pairs."""
    states_by_site: dict[str, dict[str, wv.WaiverState]] = {}
    site_warnings: dict[str, list[str]] = {}
    current: list[bl.Finding] = []
    passing: set[tuple[str, str]] = set()
    for site, result in checked:
        outcomes = {i.id: i.outcome for i in result.items}
        states, warns = wv.apply(site.name, outcomes, waivers, today, lang)
        states_by_site[site.name] = states
        warns += [f"{s.declared_in}: {site.name} {item}: {s.message}" for item, s in states.items()
                  if s.status == "expired"]
        if not result.coverage.reachable:
            warns.append(f"{site.name}: home page unreachable ({result.coverage.home_error or 'no response'})")
        site_warnings[site.name] = warns
        current += findings_of(site, result, states)
        passing |= {(site.name, i) for i, o in outcomes.items() if o == "pass"}
    return states_by_site, site_warnings, current, passing


def build(checked: list[tuple[SiteSpec, CheckResult]], waivers: list[wv.Waiver], policy: Policy, *,
          today: date, lang: str, baseline_path: str | None = None, previous: list[bl.Finding] | None = None,
          mode: Literal["compare", "create", "update"] | None = None) -> tuple[CiRun, list[bl.Finding]]:
    """Apply waivers and the baseline to every site; return the run and the findings a baseline would hold."""
    policy = policy.model_copy(update={"baseline_in_use": mode is not None})
    states_by_site, site_warnings, current, passing = _waived(checked, waivers, today, lang)
    warnings = [w for site, _ in checked for w in site_warnings[site.name]]
    report = written = None
    accepted: set[str] = set()
    checked_names = {s.name for s, _ in checked}
    if mode is not None:
        prev = list(previous or [])
        written = current if mode == "create" else bl.updated(prev, current, checked_names) \
            if mode == "update" else prev
        report = bl.diff(baseline_path or "", prev if mode != "create" else written, current, checked_names,
                         passing)
        accepted = {f.fingerprint for f in written}
        if report.stale:
            warnings.append(f"{len(report.stale)} stale baseline entr{'y' if len(report.stale) == 1 else 'ies'} "
                            "(site or finding changed); refresh with --update-baseline")
    found = {(f.site, f.item): f for f in current}
    sites = [_site_run(site, result, states_by_site[site.name], policy, found, accepted, mode is not None,
                       site_warnings[site.name]) for site, result in checked]
    totals = {k: sum(s.counts[k] for s in sites) for k in COUNT_KEYS}
    totals["blocking"] = sum(s.blocking for s in sites)
    code = exit_code(policy, unreachable=any(not s.result.coverage.reachable for s in sites),
                     blocking=totals["blocking"], below=any(s.below_threshold for s in sites))
    first = checked[0][1]
    run = CiRun(tool=f"ita-rules {tool_version()}", year=first.year, lang=lang, pack=first.pack, policy=policy,
                sites=sites, totals=totals, warnings=warnings, baseline=report,
                baseline_written=baseline_path if mode in ("create", "update") else None, exit_code=code)
    return run, (written if mode in ("create", "update") else current)
