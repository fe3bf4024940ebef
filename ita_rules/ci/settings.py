"""`ita check` settings in one merge with priorities: built-in default < ita.toml / [tool.ita] < command-line flag.

As Scrapy's settings: every value is set with a priority and a lower one never replaces a higher one, so the
order in which the layers are applied does not matter. Each value remembers where it came from, so a bad
value written in the config is reported at its file:line (exit 4) and a bad flag as a usage error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ita_rules.ci import waivers as wv
from ita_rules.ci.config import Config

PRIORITIES = {"default": 0, "config": 20, "flag": 40}

CRAWL_KEYS = ("delay", "concurrency", "max_pages", "max_depth", "time_budget", "max_mb", "timeout", "retries",
              "ignore_robots")

# The built-in defaults; `ita check --help` shows the same values.
CHECK_DEFAULTS: dict[str, Any] = {
    "pack": None, "year": None,
    "delay": 0.5, "concurrency": 2, "max_pages": 500, "max_depth": 6, "time_budget": 300, "max_mb": 25,
    "timeout": 60, "retries": 3, "ignore_robots": False,
    "fail_on": "fail", "soft_fail": False, "min_oit_score": None,
    "baseline": None, "waivers_file": None, "inline_waivers": [],
}

# Settings that are one choice together: a flag for either replaces both config values.
GROUPS = ({"pack", "year"}, {"waivers_file", "inline_waivers"})


@dataclass(frozen=True)
class Value:
    """A setting's value, its priority name, and where it was written (`ita.toml:7`, `--delay`)."""

    value: Any
    priority: str
    where: str | None = None


class Settings:
    """Named values, each kept at the highest priority it was set with."""

    def __init__(self, defaults: Mapping[str, Any] | None = None) -> None:
        self._values: dict[str, Value] = {}
        for name, value in (defaults or {}).items():
            self.set(name, value, "default")

    def set(self, name: str, value: Any, priority: str, where: str | None = None) -> None:
        """Set `name` unless it already holds a value of higher priority."""
        current = self._values.get(name)
        if current is None or PRIORITIES[priority] >= PRIORITIES[current.priority]:
            self._values[name] = Value(value, priority, where)

    def __getitem__(self, name: str) -> Any:
        return self._values[name].value

    def get(self, name: str, default: Any = None) -> Any:
        """The value of `name`, or `default` when it was never set."""
        found = self._values.get(name)
        return default if found is None else found.value

    def priority(self, name: str) -> str:
        """'default', 'config' or 'flag'."""
        return self._values[name].priority

    def where(self, name: str) -> str | None:
        """Where the winning value was written."""
        return self._values[name].where

    def subset(self, names: tuple[str, ...]) -> dict[str, Any]:
        """Several values as keyword arguments."""
        return {n: self[n] for n in names}


def _config_layer(settings: Settings, cfg: Config) -> None:
    m = cfg.model
    if m.pack is not None or m.year is not None:
        key = "pack" if m.pack is not None else "year"
        # A pack or year written in the config is one choice; a wrong one is reported where it is written.
        settings.set("pack", m.pack, "config", cfg.where((key,)))
        settings.set("year", m.year, "config", cfg.where((key,)))
    for name, value in m.crawl.model_dump().items():
        if value is not None:
            settings.set(name, value, "config", cfg.where(("crawl", name)))
    for name in m.policy.model_fields_set:
        settings.set(name, getattr(m.policy, name), "config", cfg.where(("policy", name)))
    if m.thresholds.min_oit_score is not None:
        settings.set("min_oit_score", m.thresholds.min_oit_score, "config", cfg.where(("thresholds", "min_oit_score")))
    if m.baseline:
        settings.set("baseline", str(cfg.path_of(m.baseline)), "config", cfg.where(("baseline",)))
    if m.waivers_file:
        settings.set("waivers_file", str(cfg.path_of(m.waivers_file)), "config", cfg.where(("waivers",)))
    if m.waivers:
        settings.set("inline_waivers", wv.from_doc(cfg.doc, m.waivers), "config", cfg.where(("waivers",)))


def _flag_layer(settings: Settings, flags: Mapping[str, Any]) -> None:
    given = dict(flags)
    for group in GROUPS:
        if group & given.keys():
            for name in group - given.keys():
                given[name] = CHECK_DEFAULTS[name]  # the flag's choice replaces the config's other half
    for name, value in given.items():
        settings.set(name, value, "flag", f"--{name.replace('_', '-')}")


def check_settings(cfg: Config | None, flags: Mapping[str, Any]) -> Settings:
    """Defaults, then the config (when one was found), then the flags given on the command line."""
    unknown = set(flags) - CHECK_DEFAULTS.keys()
    if unknown:
        raise KeyError(f"not a check setting: {', '.join(sorted(unknown))}")
    settings = Settings(CHECK_DEFAULTS)
    if cfg is not None:
        _config_layer(settings, cfg)
    _flag_layer(settings, flags)
    return settings


def waivers_of(settings: Settings) -> list[wv.Waiver]:
    """The waivers in force: the config's inline ones and its waivers file, or the file given by --waivers."""
    found = list(settings["inline_waivers"])
    if settings["waivers_file"]:
        found += wv.load_file(settings["waivers_file"])
    return found
