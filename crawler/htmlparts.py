"""What a person fills in and what they see on an HTML page: its forms and its pictures."""

from __future__ import annotations

import re

from bs4 import Tag

from ita_rules.artifacts import Form, Image
from ita_rules.urls import canonicalize

__all__ = ["MAX_IMAGES", "forms", "picture"]

# Pictures kept per page: a gallery of thousands says no more than its first few hundred.
MAX_IMAGES = 500
# Inputs nobody types into: they do not make a form a channel.
_NOT_FIELDS = {"hidden", "submit", "button", "reset", "image"}
# A link to the picture itself (a lightbox "click to enlarge") keeps the picture content, not a banner.
_PICTURE_FILES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".pdf")
# How far up a picture's link may sit (<a><span><img>); farther means a whole block is a link.
_LINK_HOPS = 4
_WS = re.compile(r"\s+")
_PASSWORD = re.compile("^password$", re.I)


def _attr(tag: Tag, name: str) -> str:
    v = tag.get(name)
    return " ".join(v) if isinstance(v, list) else (v or "")


def forms(found: list[Tag], base: str, url: str) -> list[Form]:
    """Every form: where it posts, whether a password field makes it a login, how many fields a person fills."""
    return [
        Form(
            action=canonicalize(_attr(f, "action"), base) if _attr(f, "action").strip() else canonicalize(url),
            method=(_attr(f, "method") or "get").strip().lower(),
            has_password=f.find("input", attrs={"type": _PASSWORD}) is not None,
            fields=sum(1 for i in f.find_all(["input", "textarea", "select"], limit=200)
                       if _attr(i, "type").strip().lower() not in _NOT_FIELDS),
        )
        for f in found
    ]


def _lightbox(img: Tag) -> bool:
    """Whether the link holding the picture opens the picture (or its PDF) itself."""
    node = img.parent
    for _ in range(_LINK_HOPS):
        if not isinstance(node, Tag):
            return False
        if node.name == "a":
            return _attr(node, "href").lower().split("?")[0].endswith(_PICTURE_FILES)
        node = node.parent
    return False


def picture(img: Tag, base: str, in_menu: bool, in_link: bool, section: int | None) -> Image | None:
    """A picture with its alt text, whether a menu holds it and whether a link to another page does."""
    src = _attr(img, "src").strip() or _attr(img, "data-src").strip()
    if not src or src.startswith("data:"):
        return None
    return Image(src=canonicalize(src, base) or src, alt=_WS.sub(" ", _attr(img, "alt")).strip()[:300],
                 in_nav=in_menu, in_link=in_link and not _lightbox(img), section=section)
