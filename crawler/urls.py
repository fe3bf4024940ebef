"""URL helpers of the crawler: trap keys (URLs differing only by numbers share one) and viewer frames."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from ita_rules.urls import canonicalize

__all__ = ["path_pattern", "viewed_document"]

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


# PDF.js (/pdfjs/web/viewer.html?file=...), Google Docs (docs.google.com/viewer?url=...) and plugin viewers name
# the document they show in a query parameter; the document, not the viewer, is the evidence.
_VIEWER_PARAMS = ("file", "url", "src", "doc")
_DOCUMENT_ENDINGS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods")


def viewed_document(frame_src: str) -> str | None:
    """The document a viewer frame shows (absolute, canonical), or None when the frame names no document."""
    query = parse_qs(urlsplit(frame_src).query)
    for name in _VIEWER_PARAMS:
        for inner in query.get(name, []):
            if urlsplit(inner).path.lower().endswith(_DOCUMENT_ENDINGS):
                return canonicalize(urljoin(frame_src, inner))
    return None
