"""Shared wording of CI findings (Thai or English) for SARIF, JUnit, GitHub annotations and text."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from crawler.check import ItemOut
from crawler.localsite import LOCAL_BASE
from crawler.reasons import outcome_text, reason_text
from crawler.sites import SiteSpec
from ita_rules.pack import RulePack

from .run import ItemVerdict

_LOCAL_HOST = urlsplit(LOCAL_BASE).hostname
WORDS = {
    "waived": {"th": "ยกเว้น", "en": "waived"},
    "baselined": {"th": "อยู่ใน baseline", "en": "baselined"},
    "new": {"th": "ใหม่", "en": "new"},
    "site": {"th": "เว็บไซต์", "en": "site"},
    "evidence": {"th": "หลักฐาน", "en": "evidence"},
    "measure": {"th": "มาตรการที่แนะนำ", "en": "recommended measure"},
    "not_found_on": {"th": "ตรวจจาก", "en": "searched from"},
    # headings of the text report
    "h_site": {"th": "เว็บไซต์", "en": "Site"},
    "h_waived": {"th": "ข้อที่ได้รับการยกเว้น (ไม่นับเป็นผ่าน)", "en": "Waived items (never counted as pass)"},
    "h_counts": {"th": "สรุป (ข้อที่ยกเว้นแยกนับ)", "en": "Summary (waived counted apart)"},
    "h_blocking": {"th": "ข้อบกพร่องที่ทำให้ไม่ผ่าน", "en": "Blocking findings"},
    "h_baseline": {"th": "เทียบกับ baseline", "en": "Baseline"},
    "h_new": {"th": "ใหม่", "en": "new"},
    "h_still": {"th": "ยังอยู่", "en": "still present"},
    "h_fixed": {"th": "แก้แล้ว", "en": "fixed"},
    "h_stale": {"th": "ล้าสมัย", "en": "stale"},
    "h_written": {"th": "บันทึก baseline แล้วที่", "en": "Baseline written to"},
    "h_warnings": {"th": "ข้อสังเกต", "en": "Warnings"},
    "h_result": {"th": "ผลการตรวจ", "en": "Result"},
    "h_soft": {"th": "soft-fail: รายงานเท่านั้น ไม่ทำให้ล้มเหลว", "en": "soft-fail: reported, not enforced"},
    "h_below": {"th": "คะแนน OIT ต่ำกว่าเกณฑ์", "en": "OIT score below the minimum"},
    "threshold": {"th": "คะแนน OIT ที่ตรวจยืนยันได้ {score} ต่ำกว่าเกณฑ์ {min}",
                  "en": "verified OIT score {score} is below the minimum {min}"},
}


def w(key: str, lang: str) -> str:
    """A CI word in `lang`."""
    return WORDS[key][lang]


def status_text(status: str, lang: str) -> str:
    """An item status (an outcome or `waived`) in `lang`."""
    return w("waived", lang) if status == "waived" else outcome_text(status, lang)


def primary_url(item: ItemOut, site: SiteSpec | None = None, home: str | None = None) -> str | None:
    """The evidence a person should open first (else the home page searched from), decoded: a file path for a
    directory site, else the URL."""
    url = item.evidence[0].url if item.evidence else home
    if not url:
        return None
    parts = urlsplit(url)
    if site is not None and "://" not in site.target and parts.hostname == _LOCAL_HOST:
        # A static-site build has no real address; the file in the build is what an editor opens.
        return f"{site.target.rstrip('/')}/{unquote(parts.path).lstrip('/')}"
    return unquote(url)


def title(pack: RulePack, item_id: str, lang: str) -> str:
    """The item's title from the pack (both languages exist for every item)."""
    it = pack.item.get(item_id)
    return it.title.get(lang) if it else item_id


def measure(pack: RulePack, item_id: str, lang: str) -> str:
    """The first recommended measure of an item: title, then numbered steps."""
    ms = pack.measures_for.get(item_id) or []
    if not ms:
        return ""
    m = ms[0]
    steps = " ".join(f"{n}. {s.get(lang)}" for n, s in enumerate(m.steps, start=1))
    return f"{m.title.get(lang)} — {steps} ({m.owner.get(lang)})"


def message(pack: RulePack, site: SiteSpec, item: ItemOut, verdict: ItemVerdict, lang: str,
            home: str | None = None) -> str:
    """One line: item, title, outcome, reason, URL and site; the waiver's own message when there is one."""
    parts = [f"{item.id} {title(pack, item.id, lang)}: {outcome_text(item.outcome, lang)} — "
             f"{reason_text(item.reason, lang)}"]
    url = primary_url(item, site)
    if url:
        parts.append(f"{w('evidence', lang)}: {url}")
    elif home:
        parts.append(f"{w('not_found_on', lang)}: {primary_url(item, site, home)}")
    parts.append(f"{w('site', lang)}: {site.name} ({site.target})")
    if verdict.waiver is not None:
        parts.append(verdict.waiver.message)
    if verdict.baseline == "baselined":
        parts.append(w("baselined", lang))
    return ". ".join(parts)
