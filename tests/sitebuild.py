"""Small hand-built sites for judging tests: pages made from inline HTML or document bytes, no network."""

from __future__ import annotations

import hashlib

from crawler.extract import extract
from ita_rules.artifacts import FetchRecord, Page
from ita_rules.evidence.locate import locate
from ita_rules.loader import pack_by_id

PACK = pack_by_id("ita-2568")
BASE = "http://agency.test"


def page(path: str, body: str | bytes | None, *, ct: str = "text/html; charset=utf-8", outcome: str = "ok",
         status: int = 200, depth: int = 1, referrer: str | None = BASE + "/") -> Page:
    """A fetched page (or a record without a body) as the snapshot loader would give it."""
    url = BASE + path
    raw = body.encode("utf-8") if isinstance(body, str) else body
    rec = FetchRecord(url=url, final_url=url, status=status if outcome != "robots_blocked" else None,
                      outcome=outcome, depth=depth, referrer=referrer, content_type=ct if raw else None,
                      sha256=hashlib.sha256(raw).hexdigest() if raw else None)
    return Page(record=rec, doc=extract(raw, ct, url) if raw and outcome == "ok" else None)


def html(title: str, body: str, menu: str = "") -> str:
    """A page with a menu, a title and a body."""
    nav = f'<nav><ul><li><a href="/">หน้าแรก</a></li>{menu}</ul></nav>'
    return f"<html><head><title>{title}</title></head><body>{nav}<h1>{title}</h1>{body}</body></html>"


def home(menu: str = "", body: str = "<p>ยินดีต้อนรับ</p>") -> Page:
    """The home page (depth 0)."""
    return page("/", html("หน้าแรก", body, menu), depth=0, referrer=None)


def find(pages: list[Page], year: int = 2568, pack=PACK) -> dict:
    """The locator's findings by item id."""
    return {f.id: f for f in locate(pack, year, pages)}
