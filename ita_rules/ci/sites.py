"""Which sites a run checks: the config's `[[sites]]`, or the TARGET argument (which may override one of them)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ita_rules.ci.site_spec import SiteSpec
from ita_rules.errors import ItaError


def derive_name(target: str) -> str:
    """A site name for a bare TARGET: the host of a URL, or the folder name of a directory."""
    if "://" in target:
        try:
            host = urlsplit(target).hostname
        except ValueError:
            host = None
        return host or target
    return Path(target).resolve().name or target


def _same_target(a: str, b: str) -> bool:
    if "://" in a or "://" in b:
        return a.rstrip("/").lower() == b.rstrip("/").lower()
    return Path(a).resolve() == Path(b).resolve()


def select(declared: list[SiteSpec], target: str | None) -> list[SiteSpec]:
    """All declared sites without TARGET; with TARGET: the matching site (by name or target), the only site
    with its target replaced (so its name, waivers and config line still apply), or a new undeclared site."""
    if target is None:
        return list(declared)
    if not target.strip():
        raise ItaError("the TARGET is empty: give a URL or a static-site directory")
    for s in declared:
        if s.name == target or _same_target(s.target, target):
            return [s]
    if len(declared) == 1:
        return [declared[0].model_copy(update={"target": target})]
    return [SiteSpec(name=derive_name(target), target=target)]
