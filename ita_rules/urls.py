"""URLs as both halves see them: canonical form, site scope, start URLs, local builds and unverifiable hosts."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

__all__ = ["LOCAL_BASE", "PICTURE_EXTENSIONS", "canonicalize", "classify_external", "is_picture", "same_site",
           "url_to_path", "validate_start_url"]

# Picture files: the crawler records them as links and never fetches them.
PICTURE_EXTENSIONS = frozenset("jpg jpeg png gif webp bmp svg ico tif tiff".split())

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS) | set(":@/"))
# "&" and "=" separate pairs, so inside a name/value they must stay escaped.
_QUERY_PART_SAFE = frozenset((_UNRESERVED | set(_SUB_DELIMS) | set(":@/?")) - set("&="))
_HEX = frozenset("0123456789abcdefABCDEF")

# Session ids make one page look like thousands (Scrapy #137); tracking tags never change content.
_SESSION_PARAMS = frozenset({"phpsessid", "jsessionid", "sid", "sessionid", "session_id", "aspsessionid",
                             "cfid", "cftoken", "fbclid", "gclid", "dclid", "msclkid", "yclid"})
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_JSESSIONID = re.compile(r";jsessionid=[^/;?#]*", re.IGNORECASE)
_TAB_NL = re.compile(r"[\t\n\r]")
_ABS_EMPTY_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:/{2,}(?=[?#]|$)")
_HOST_OK = re.compile(r"[a-z0-9_\-.]+")
_IPV6 = re.compile(r"[0-9a-f:.]+")


def _pct(s: str, safe: frozenset[str]) -> str:
    """Normalise percent-encoding: decode unreserved, uppercase other escapes, encode everything unsafe."""
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "%" and i + 2 < n and s[i + 1] in _HEX and s[i + 2] in _HEX:
            ch = chr(int(s[i + 1:i + 3], 16))
            out.append(ch if ch in _UNRESERVED else "%" + s[i + 1:i + 3].upper())
            i += 3
            continue
        if c in safe:
            out.append(c)
        else:
            # Raw Thai (and a stray "%") gets UTF-8 percent-encoding, so typed and pasted hrefs compare equal.
            out.append("".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass")))
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4."""
    inp, out = path, []
    while inp:
        if inp.startswith("../"):
            inp = inp[3:]
        elif inp.startswith("./"):
            inp = inp[2:]
        elif inp.startswith("/./"):
            inp = "/" + inp[3:]
        elif inp == "/.":
            inp = "/"
        elif inp.startswith("/../"):
            inp = "/" + inp[4:]
            if out:
                out.pop()
        elif inp == "/..":
            inp = "/"
            if out:
                out.pop()
        elif inp in (".", ".."):
            inp = ""
        else:
            j = inp.find("/", 1)
            seg, inp = (inp, "") if j == -1 else (inp[:j], inp[j:])
            out.append(seg)
    return "".join(out)


def _host(hostname: str) -> str | None:
    host = hostname.rstrip(".").lower()
    if not host:
        return None
    if ":" in host:
        return f"[{host}]" if _IPV6.fullmatch(host) else None
    if not host.isascii():
        try:
            # Thai IDNs ("อบต.ไทย") must match their xn-- form used in sitemaps and redirects.
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return host if _HOST_OK.fullmatch(host) else None


def _drop_param(name: str, value: str) -> bool:
    key = name.lower()
    if key in _SESSION_PARAMS or key.startswith("utm_"):
        return True
    # WordPress search uses ?s=, so only a 32-hex token is treated as a session id.
    return key == "s" and bool(_HEX32.fullmatch(value))


def _query(query: str) -> str:
    pairs: list[tuple[str, str]] = []
    for part in query.split("&"):
        if not part:
            continue
        name, eq, value = part.partition("=")
        name, value = _pct(name, _QUERY_PART_SAFE), _pct(value, _QUERY_PART_SAFE)
        if _drop_param(name, value):
            continue
        pairs.append((name, (eq and "=") + value))
    pairs.sort()
    return "&".join(n + v for n, v in pairs)


@lru_cache(maxsize=1 << 16)  # menus and footers repeat the same hrefs on every page of a site
def canonicalize(url: str, base: str | None = None) -> str | None:
    """Absolute canonical http(s) URL for a (possibly relative) href, or None when it is not crawlable."""
    raw = _TAB_NL.sub("", url or "").strip()
    if not raw or raw.startswith("#"):
        return None
    # Browsers read "\" as "/" in http(s) URLs; legacy Thai sites link "images\doc.pdf".
    head, qmark, tail = raw.partition("?")
    raw = head.replace("\\", "/") + qmark + tail
    # urljoin would read "http://" (empty host) as relative to a same-scheme base; browsers reject it.
    if _ABS_EMPTY_HOST.match(raw):
        return None
    if base:
        try:
            raw = urljoin(base, raw)
        except ValueError:
            return None
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or parts.hostname is None:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = _pct(parts.path, _PATH_SAFE)
    path = _JSESSIONID.sub("", path)
    path = _remove_dot_segments(path) or "/"
    if not path.startswith("/"):
        path = "/" + path
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


@lru_cache(maxsize=1 << 14)
def _site_key(url: str) -> tuple[str, int | None] | None:
    c = canonicalize(url)
    if c is None:
        return None
    parts = urlsplit(c)
    host = parts.hostname or ""
    host = host[4:] if host.startswith("www.") else host
    return host, parts.port  # canonical form already dropped default ports, so http:80 == https:443


def same_site(a: str, b: str) -> bool:
    """Same site: host equal up to a leading www., http == https, explicit non-default ports must match."""
    ka, kb = _site_key(a), _site_key(b)
    return ka is not None and ka == kb


# Hosts whose content a plain HTTP crawler cannot verify (login walls, JS apps, embeds).
_EXTERNAL = (
    ("facebook", ("facebook.com", "fb.com", "fb.me", "fb.watch", "m.me", "messenger.com")),
    ("google_forms", ("forms.gle",)),
    ("google_drive", ("drive.google.com", "docs.google.com")),
    ("google_sites", ("sites.google.com",)),
    ("line", ("line.me", "lin.ee")),
    ("youtube", ("youtube.com", "youtu.be", "youtube-nocookie.com")),
    ("wix", ("wixsite.com", "wix.com", "wixstudio.io")),
    ("instagram", ("instagram.com",)),
    ("tiktok", ("tiktok.com",)),
    ("twitter", ("twitter.com", "x.com")),
    ("onedrive", ("onedrive.live.com", "1drv.ms", "sharepoint.com")),
    ("dropbox", ("dropbox.com",)),
    ("canva", ("canva.com", "canva.site")),
    ("flowpaper", ("flowpaper.com",)),
)


def classify_external(url: str) -> str | None:
    """Reason code for a host a crawler cannot verify ("facebook", "google_drive", ...), else None."""
    c = canonicalize(url)
    if c is None:
        return None
    parts = urlsplit(c)
    host = parts.hostname or ""
    if host == "docs.google.com" and parts.path.startswith("/forms"):
        return "google_forms"
    for reason, domains in _EXTERNAL:
        if any(host == d or host.endswith("." + d) for d in domains):
            return reason
    return None


# Pseudo origin for local files: ".invalid" (RFC 2606) can never resolve, so these URLs are
# never fetched by accident, and canonicalize()/same_site() treat them like any http site.
LOCAL_BASE = "http://local.invalid/"
INDEX_NAMES = ("index.html", "index.htm")


def url_to_path(root: Path, url: str) -> Path | None:
    """File under root served for a pseudo URL (directories serve index.html); None if absent or outside root."""
    rel = unquote(urlsplit(url).path, encoding="utf-8", errors="strict").lstrip("/")
    candidate = (root / rel).resolve()
    # Symlinks and ../ must not escape the build directory.
    if candidate != root and root not in candidate.parents:
        return None
    if candidate.is_dir():
        for name in INDEX_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        return None
    return candidate if candidate.is_file() else None


def validate_start_url(start_url: str) -> str:
    """Canonical http(s) start URL; a bare host gets http:// (many agency sites lack HTTPS)."""
    raw = (start_url or "").strip()
    if raw and "://" not in raw and not raw.startswith("//"):
        raw = "http://" + raw
    scheme = urlsplit(raw).scheme.lower() if raw else ""
    if scheme not in ("http", "https"):
        raise ValueError(f"invalid start URL {start_url!r}: only http and https URLs can be crawled")
    url = canonicalize(raw)
    if url is None:
        raise ValueError(f"invalid start URL {start_url!r}: no valid host name")
    return url


def is_picture(url: str) -> bool:
    """Whether a URL names a picture file (by its path's extension)."""
    return urlsplit(url).path.rpartition(".")[2].lower() in PICTURE_EXTENSIONS
