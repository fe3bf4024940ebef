"""Text that cannot act: bidi overrides shown, Markdown escaped, only web URLs linked (one helper for every
renderer)."""

from __future__ import annotations

import re

# The explicit embeddings, overrides and isolates (U+202A-202E, U+2066-2069): they reorder what a reader
# sees ("Trojan Source"), so a name or a URL can look like another.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Markdown that acts inside a line: emphasis, code, links and images, HTML tags, table cells, escapes.
_MD_INLINE = re.compile(r"([\\`*_~\[\]<>|])")
# Markdown that acts at the start of a line: headings, quotes, lists, rules, fences.
_MD_BLOCK = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
_WEB = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f]+", re.I)


def visible(text: str) -> str:
    """The text with each bidi control shown as its code point ("[U+202E]"), so nothing is reordered."""
    return BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text) if text else text


def json_bidi(text: str) -> str:
    """JSON text with the bidi controls written as \\u escapes: the same values, nothing reordered on screen."""
    return BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if text else text


def md(text: str | None) -> str:
    """A value for the inside of a Markdown line or table cell: one line, its markup escaped, bidi shown."""
    if not text:
        return ""
    one = " ".join(visible(str(text)).splitlines())  # the marker's brackets are escaped too: "[U+202E](x)" is no link
    return _MD_INLINE.sub(r"\\\1", one)


def md_line(text: str | None) -> str:
    """A value that starts a Markdown line: as md(), and a leading '#', '>', '-', '+' or '1.' kept as text."""
    def guard(m: re.Match) -> str:
        mark = m.group(2)
        return m.group(1) + (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark)
    return _MD_BLOCK.sub(guard, md(text), count=1)


def md_url(url: str | None) -> str:
    """An http(s) URL as an autolink; anything else (javascript:, data:, file:) as escaped text, never a link."""
    if url and _WEB.fullmatch(url) and not BIDI.search(url):
        return f"<{url}>"
    return md(url)
