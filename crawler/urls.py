"""Crawler-trap keys: URLs that differ only by numbers or tokens share one key (calendars, pagers, ids)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from ita_rules.urls import canonicalize

__all__ = ["path_pattern"]

_DIGITS = re.compile(r"\d+")
_LONG_HEX = re.compile(r"(?<![0-9a-zA-Z])[0-9a-fA-F]{16,}(?![0-9a-zA-Z])")


def _shape(s: str) -> str:
    s = _LONG_HEX.sub("{h}", s)
    return _DIGITS.sub("{n}", s)


def path_pattern(url: str) -> str:
    """Trap-guard key: path and query with digit runs (dates, ids, pages) and hex tokens as placeholders."""
    c = canonicalize(url, "http://path-pattern.invalid/") or url
    parts = urlsplit(c)
    # Shape the decoded text: digits inside %XX escapes of Thai paths would otherwise merge unrelated pages.
    key = _shape(unquote(parts.path or "/"))
    if parts.query:
        # Query names stay literal: "?d=" and "?page=" are different traps, their values are not.
        pairs = [p.partition("=") for p in parts.query.split("&")]
        key += "?" + "&".join(unquote(n) + eq + _shape(unquote(v)) for n, eq, v in pairs)
    return key
