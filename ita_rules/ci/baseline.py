"""Baselines: accepted findings identified by fingerprint (item + site + evidence locator + outcome), never counts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, ValidationError

from ita_rules.results.finding import Evidence
from ita_rules.urls import LOCAL_BASE
from ita_rules.infile import read_text
from ita_rules.meta import tool_version, utc_now
from ita_rules.outfile import write_text
from ita_rules.urls import canonicalize, same_site

from ita_rules.ci.tomldoc import ConfigError

FindingClass = Literal["fail", "needs_review", "not_crawled", "error"]
_LOCAL_HOSTS = {urlsplit(LOCAL_BASE).hostname, "localhost", "127.0.0.1", "[::1]", "::1"}


class Finding(BaseModel):
    """One finding as a baseline stores it: the fingerprint plus the readable parts it was made from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fingerprint: str
    site: str
    item: str
    outcome: FindingClass
    locator: str
    reason: str = ""


class BaselineFile(BaseModel):
    """The baseline document (JSON, sorted, so diffs in review are readable)."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    tool: str = "ita-rules"
    created: str = ""
    findings: list[Finding] = []


class BaselineDiff(BaseModel):
    """Current findings against a baseline: new, still present, fixed, and stale baseline entries."""

    path: str
    new: list[Finding] = []
    still_present: list[Finding] = []
    fixed: list[Finding] = []
    stale: list[Finding] = []


def locator(evidence: list[Evidence], site_name: str, site_target: str) -> str:
    """The primary evidence URL, with the site's own origin (and any loopback/local origin) replaced by its name.

    Fixture servers use random 127.0.0.1 ports and http/https or www may change; none of that is a new finding.
    """
    if not evidence:
        return "-"
    url = canonicalize(evidence[0].url) or evidence[0].url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    own = "://" in site_target and same_site(site_target, url)
    if host in _LOCAL_HOSTS or own:
        return urlunsplit(("site", site_name, parts.path or "/", parts.query, ""))
    return url


def fingerprint(site: str, item: str, loc: str, outcome: str) -> str:
    """Stable identity of a finding."""
    raw = "\x1f".join((site, item, loc, outcome))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def make(site: str, item: str, loc: str, outcome: FindingClass, reason: str = "") -> Finding:
    """A finding with its fingerprint."""
    return Finding(fingerprint=fingerprint(site, item, loc, outcome), site=site, item=item, outcome=outcome,
                   locator=loc, reason=reason)


def load(path: str) -> list[Finding]:
    """Read a baseline; a missing or malformed file is a config error (exit 4), never an empty baseline."""
    if not Path(path).exists():
        raise ConfigError("baseline file not found (create it with --create-baseline PATH)", path)
    text = read_text(path, ConfigError, encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON: {exc.msg}", f"{path}:{exc.lineno}") from None
    except RecursionError:
        raise ConfigError("invalid JSON: nested too deeply to read", path) from None
    try:
        doc = BaselineFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err.get("loc", ()))
        raise ConfigError(f"not an ita baseline: {loc}: {err.get('msg')}", path) from None
    for f in doc.findings:
        if f.fingerprint != fingerprint(f.site, f.item, f.locator, f.outcome):
            raise ConfigError(f"baseline entry for {f.item} on {f.site!r} has a fingerprint that does not match "
                              "its fields (edited by hand?)", path)
    return doc.findings


def save(path: str, findings: list[Finding]) -> None:
    """Write a baseline atomically, sorted and de-duplicated."""
    unique = {f.fingerprint: f for f in findings}
    ordered = sorted(unique.values(), key=lambda f: (f.site, _item_key(f.item), f.outcome, f.locator))
    doc = BaselineFile(tool=f"ita-rules {tool_version()}", created=utc_now(), findings=ordered)
    text = json.dumps(doc.model_dump(), ensure_ascii=False, indent=2) + "\n"
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot write the baseline: {exc.strerror or exc}", path) from None
    write_text(target, text, ConfigError)


def _item_key(item: str) -> tuple[int, str]:
    return (int(item[1:]) if item[1:].isdigit() else 10**6, item)


def diff(path: str, previous: list[Finding], current: list[Finding], checked_sites: set[str],
         passing: set[tuple[str, str]]) -> BaselineDiff:
    """Split findings: new (not in the baseline), still present, fixed (item now passes), stale (anything else)."""
    before = {f.fingerprint for f in previous}
    now = {f.fingerprint for f in current}
    out = BaselineDiff(path=path)
    for f in current:
        (out.still_present if f.fingerprint in before else out.new).append(f)
    for f in previous:
        if f.fingerprint in now:
            continue
        if f.site in checked_sites and (f.site, f.item) in passing:
            out.fixed.append(f)
        else:
            out.stale.append(f)
    return out


def updated(previous: list[Finding], current: list[Finding], checked_sites: set[str]) -> list[Finding]:
    """An incremental baseline (Checkov #6858): today's findings plus entries for sites not checked this run."""
    return list(current) + [f for f in previous if f.site not in checked_sites]
