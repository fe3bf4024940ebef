"""Bytes-first decoding of fetched pages (BOM, header, meta prescan, detection, utf-8) with Thai label mapping."""

from __future__ import annotations

import codecs
import re
from typing import Literal

from charset_normalizer import from_bytes
from pydantic import BaseModel, ConfigDict

__all__ = ["Decoded", "decode_body", "looks_mojibake", "python_codec"]

Source = Literal["bom", "header", "meta", "detected", "default"]


class Decoded(BaseModel):
    """Decoded text plus the Python codec used and which step chose it."""

    model_config = ConfigDict(frozen=True)

    text: str
    encoding: str
    source: Source


# WHATWG labels Python's registry lacks or maps differently. cp874 is a superset of TIS-620/ISO-8859-11, so
# it also decodes the smart quotes (0x91-0x94) and ellipsis (0x85) that "tis-620" pages really contain.
_THAI_LABELS = {"windows-874", "x-windows-874", "dos-874", "tis-620", "tis620", "tis_620", "iso-8859-11",
                "iso8859-11", "iso885911", "iso_8859-11", "cp874", "thai"}
# WHATWG treats the Latin-1 family as windows-1252; its undefined bytes then expose UTF-8 Thai mislabelled as latin-1.
_LATIN1_LABELS = {"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "iso88591", "iso_8859-1", "latin1", "latin-1",
                  "l1", "cp819", "ibm819", "windows-1252", "x-cp1252", "cp1252"}
_UTF16_LABELS = {"utf-16", "utf-16le", "utf-16-le", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2"}

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

_CT_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:\-]+)""", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.DOTALL)
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""\bcharset\s*=\s*["']?\s*([\w.:\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:\-]+)["']""")
_PRESCAN_BYTES = 1024
_DETECT_BYTES = 256 * 1024


def python_codec(label: str, *, in_meta: bool = False) -> str | None:
    """Map an HTTP/HTML charset label to a Python codec name, or None when unknown."""
    lab = label.strip().strip("\"'").lower()
    if lab in _THAI_LABELS:
        return "cp874"
    if lab in _LATIN1_LABELS:
        return "cp1252"
    if lab in _UTF16_LABELS or lab in {"utf-16be", "utf-16-be"}:
        # A meta can only be read if the bytes are ASCII-compatible, so WHATWG says utf-16 there means utf-8.
        if in_meta:
            return "utf-8"
        return "utf-16-be" if lab.endswith("be") else "utf-16-le"
    try:
        name = codecs.lookup(lab).name
    except LookupError:
        return None
    return {"tis-620": "cp874", "iso8859-11": "cp874", "ascii": "cp1252", "latin-1": "cp1252",
            "iso8859-1": "cp1252"}.get(name, name)


def _errors(body: bytes, enc: str, limit: int) -> int:
    """Count undecodable bytes up to limit + 1, ignoring a sequence cut at the end (bodies may be size-capped)."""
    count, pos = 0, 0
    dec = codecs.getincrementaldecoder(enc)("strict")
    while count <= limit:
        try:
            dec.decode(body[pos:], final=False)
            break
        except UnicodeDecodeError as exc:
            count += 1
            pos += exc.end
            dec.reset()
    return count


def _supported(body: bytes, enc: str) -> bool:
    """True when the bytes plausibly are in `enc`: (nearly) no decode errors and no mojibake."""
    # One stray byte per KB is tolerated so a UTF-8 page with a pasted legacy character keeps its declared charset.
    limit = len(body) // 1024
    if _errors(body, enc, limit) > limit:
        return False
    if enc.startswith("utf-"):
        return True  # mojibake in valid UTF-8 is in the source itself; a single-byte reading would only add more
    return not looks_mojibake(body[:_DETECT_BYTES].decode(enc, errors="replace"))


def _header_label(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CT_CHARSET.search(content_type)
    return m.group(1) if m else None


def _meta_labels(body: bytes) -> list[str]:
    """Charset labels from <meta charset> / <meta http-equiv content> in the first 1024 bytes, in order."""
    head = _COMMENT.sub(b"", body[:_PRESCAN_BYTES])  # commented-out metas do not count, as in the WHATWG prescan
    out: list[str] = []
    # Legacy XHTML pages may declare the charset only in the XML declaration; treat it like a first meta.
    xml = _XML_DECL.match(body)
    if xml:
        out.append(xml.group(1).decode("ascii", "replace"))
    for tag in _META.finditer(head):
        m = _META_CHARSET.search(tag.group(0))
        if m:
            out.append(m.group(1).decode("ascii", "replace"))
    return out


def _detect(body: bytes) -> str | None:
    best = from_bytes(body[:_DETECT_BYTES]).best()
    if best is None:
        return None
    enc = python_codec(best.encoding)
    # charset-normalizer reports pure-ASCII input as "ascii"; utf-8 is its safe superset.
    return "utf-8" if enc in {None, "cp1252"} and body.isascii() else enc


def decode_body(body: bytes, content_type: str | None) -> Decoded:
    """Decode a response body: BOM, Content-Type charset, meta prescan, detection, then utf-8."""
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return Decoded(text=body[len(bom):].decode(enc, errors="replace"), encoding=enc, source="bom")

    label = _header_label(content_type)
    enc = python_codec(label) if label else None
    # A declared charset the bytes contradict is a server default (e.g. Apache's UTF-8 on a windows-874 page):
    # unlike a browser we fall through, since matching needs the right text more than WHATWG fidelity.
    if enc and _supported(body, enc):
        return Decoded(text=body.decode(enc, errors="replace"), encoding=enc, source="header")

    candidates: list[str] = []
    for lab in _meta_labels(body):
        c = python_codec(lab, in_meta=True)
        if c and c not in candidates:
            candidates.append(c)
    # Conflicting metas (windows-874 + utf-8 + tis-620 in one head): non-ASCII bytes that are valid UTF-8 are
    # almost never legacy text, so utf-8 wins when declared; otherwise the first declaration the bytes support.
    if "utf-8" in candidates and not body.isascii() and _errors(body, "utf-8", 0) == 0:
        candidates.remove("utf-8")
        candidates.insert(0, "utf-8")
    for c in candidates:
        if _supported(body, c):
            return Decoded(text=body.decode(c, errors="replace"), encoding=c, source="meta")

    detected = _detect(body)
    if detected:
        try:
            return Decoded(text=body.decode(detected, errors="replace"), encoding=detected, source="detected")
        except LookupError:
            pass
    return Decoded(text=body.decode("utf-8", errors="replace"), encoding="utf-8", source="default")


# UTF-8 Thai (E0 B8 xx / E0 B9 xx) read as latin-1/cp1252 ("à¸"), as ISO-8859-4/10 ("āļ", "āđ").
_MOJIBAKE_LATIN = re.compile("à[¸¹]|ā[ļđ]")
# UTF-8 Thai read as cp874: every character becomes "เธ"/"เน" + the cp874 reading of a continuation byte
# 0x80-0xBF (ก-ฟ, €, …, curly quotes, bullet, dashes, NBSP, or U+FFFD where cp874 has no character).
_CP874_TAIL = "\u20ac\u2026\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u00a0\ufffd"
_MOJIBAKE_CP874 = re.compile(f"เธ[\u0e01-\u0e1f{_CP874_TAIL}]|เน[{_CP874_TAIL}]")
_THAI = re.compile("[\u0e00-\u0e7f]")


def looks_mojibake(text: str) -> bool:
    """True when text looks like UTF-8 Thai decoded with a single-byte charset."""
    if len(_MOJIBAKE_LATIN.findall(text)) >= 2:
        return True
    hits = len(_MOJIBAKE_CP874.findall(text))
    # Require the triples to dominate the Thai text so a stray look-alike in a real sentence does not count.
    return hits >= 3 and hits * 3 >= 0.5 * len(_THAI.findall(text))
