"""Read and validate a decisions file: every error one line naming file and line (exit 4), before any crawl."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..ci.tomldoc import dotted
from ..yamlpos import Located, load_file
from .model import DecisionEntry, DecisionsDoc, DecisionsError, SiteDecisions


class Decisions:
    """A validated decisions file and where each entry sits in it."""

    def __init__(self, path: str, doc: DecisionsDoc, located: Located | None = None):
        self.path = path
        self.doc = doc
        self.located = located

    def where(self, loc: tuple = ()) -> str:
        """`file:line` of a value (the file alone when it was never read)."""
        return self.located.where(loc) if self.located is not None else self.path

    def for_site(self, site: str) -> SiteDecisions:
        """The entries of one site (none when the file has no such site)."""
        return SiteDecisions(source=self.path, entries=dict(self.doc.sites.get(site, {})))

    def unused_sites(self, checked: set[str]) -> list[str]:
        """Sites the file decides on that this run does not check."""
        return sorted(s for s in self.doc.sites if s not in checked)


def _error(exc: ValidationError, located: Located) -> DecisionsError:
    err = exc.errors()[0]
    loc = tuple(err.get("loc", ()))
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if err.get("type") == "extra_forbidden":
        msg = f"unknown key {loc[-1]!r}"
    elif err.get("type") == "missing":
        msg = f"missing required key {loc[-1]!r}" + (" (ita review writes it)" if loc[-1] in ("tool", "fingerprint")
                                                     else "")
    elif err.get("type") == "literal_error" and loc == ("version",):
        msg = f"version {err.get('input')!r} is not 1 (this ita reads decisions files of version 1)"
    key = dotted(loc)
    return DecisionsError(f"{key}: {msg}" if key else msg, located.where(loc))


def parse(located: Located, items: set[str] | None = None) -> Decisions:
    """Validate parsed YAML as a decisions file; `items` (the pack's ids) rejects unknown items."""
    data = located.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DecisionsError("a decisions file is a mapping with `version: 1` and `sites:` "
                             "(site name -> item id -> decision)", located.where())
    sites = data.get("sites")
    if isinstance(sites, dict):
        for site, entries in sites.items():
            if not str(site).strip():
                raise DecisionsError("sites: a site name is empty", located.where(("sites", site)))
            if isinstance(entries, dict) and items is not None:
                for item in entries:
                    if str(item) not in items:
                        raise DecisionsError(f"sites.{site}.{item}: unknown item {item!r} in this rule pack",
                                             located.where(("sites", site, item)))
    try:
        doc = DecisionsDoc.model_validate(data)
    except ValidationError as exc:
        raise _error(exc, located) from None
    return Decisions(located.path, doc, located)


def load(path: Path | str, items: set[str] | None = None) -> Decisions:
    """Read a decisions file; a missing, unreadable or invalid one is a DecisionsError naming file and line."""
    return parse(load_file(path, DecisionsError), items)


def load_or_new(path: Path | str, items: set[str] | None = None) -> Decisions:
    """The decisions file if it exists (validated), else an empty one that will be written there."""
    if not Path(path).exists():
        return Decisions(str(path), DecisionsDoc())
    return load(path, items)


def entry_where(decisions: Decisions, site: str, item: str) -> str:
    """`file:line` of one entry."""
    return decisions.where(("sites", site, item))


__all__ = ["Decisions", "DecisionEntry", "DecisionsError", "load", "load_or_new", "parse", "entry_where"]
