"""Fingerprints of the evidence behind an item: the primary evidence URL and the hash of the body the tool read."""

from __future__ import annotations

from ..artifacts import Page
from ..results.check import ItemResult
from ..results.finding import ItemFinding
from ..words import Lang, say
from .model import Fingerprint


def stamp_hashes(findings: list[ItemFinding], pages: list[Page]) -> list[ItemFinding]:
    """Each evidence entry with the SHA-256 of the body fetched from its URL (None when nothing was read)."""
    hashes: dict[str, str] = {}
    for p in pages:
        if p.record.sha256:
            hashes.setdefault(p.record.url, p.record.sha256)
            if p.record.final_url:
                hashes.setdefault(p.record.final_url, p.record.sha256)
    out = []
    for f in findings:
        if any(e.url in hashes and e.sha256 is None for e in f.evidence):
            f = f.model_copy(update={"evidence": [e.model_copy(update={"sha256": hashes.get(e.url, e.sha256)})
                                                  for e in f.evidence]})
        out.append(f)
    return out


def fingerprint_of(item: ItemResult) -> Fingerprint:
    """What a decision on this item rests on: the first (strongest) evidence, or nothing."""
    ev = item.evidence[0] if item.evidence else None
    return Fingerprint(url=ev.url, sha256=ev.sha256) if ev else Fingerprint()


def changed(then: Fingerprint, now: Fingerprint, lang: Lang) -> str:
    """Why the evidence is not what the person saw ("" when it is the same)."""
    if then.url != now.url:
        return say("decision.stale_url", lang, then=then.url or "-", now=now.url or "-")
    if then.sha256 != now.sha256:
        return say("decision.stale_hash", lang, url=now.url or "-")
    return ""
