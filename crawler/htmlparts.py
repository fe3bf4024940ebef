"""What a person fills in and what they see on an HTML page: its forms and its pictures."""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag

from ita_rules.artifacts import Form, Image
from ita_rules.urls import canonicalize

__all__ = ["forms", "picture"]

# Inputs nobody types into: they do not make a form a channel.
_NOT_FIELDS = {"hidden", "submit", "button", "reset", "image"}
# A link to the picture itself (a lightbox "click to enlarge") keeps the picture content, not a banner.
_PICTURE_FILES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".pdf")
_WS = re.compile(r"\s+")
_PASSWORD = re.compile("^password$", re.I)


def _attr(tag: Tag, name: str) -> str:
    v = tag.get(name)
    return " ".join(v) if isinstance(v, list) else (v or "")


def forms(soup: BeautifulSoup, base: str, url: str) -> list[Form]:
    """Every form: where it posts, whether a password field makes it a login, how many fields a person fills."""
    return [
        Form(
            action=canonicalize(_attr(f, "action"), base) if _attr(f, "action").strip() else canonicalize(url),
            method=(_attr(f, "method") or "get").strip().lower(),
            has_password=f.find("input", attrs={"type": _PASSWORD}) is not None,
            fields=sum(1 for i in f.find_all(["input", "textarea", "select"])
                       if _attr(i, "type").strip().lower() not in _NOT_FIELDS),
        )
        for f in soup.find_all("form")
    ]


def picture(img: Tag, base: str, section: int | None, in_menu: Callable[[Tag], bool]) -> Image | None:
    """A picture with its alt text, and whether a menu or a link holds it (photos and charts are neither)."""
    src = _attr(img, "src").strip() or _attr(img, "data-src").strip()
    if not src or src.startswith("data:"):
        return None
    parents = [p for p in img.parents if isinstance(p, Tag)]
    link = next((p for p in parents if p.name == "a"), None)
    in_link = link is not None and not _attr(link, "href").lower().split("?")[0].endswith(_PICTURE_FILES)
    return Image(src=canonicalize(src, base) or src, alt=_WS.sub(" ", _attr(img, "alt")).strip(),
                 in_nav=any(in_menu(p) for p in parents), in_link=in_link, section=section)
