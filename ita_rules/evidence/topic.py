"""Match Thai text against the rule pack's evidence hints: labels (longest match wins), excludes and keywords."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ita_rules.pack import OITItem, RulePack
from ita_rules.thai import normalize

__all__ = ["LabelHit", "TopicMatcher", "match_key"]

# Characters that vary between copies of the same label and carry no meaning for matching: Thai has no
# word spaces (sites insert them at random), quotes come curly or straight, dashes come in four widths.
_DROP = frozenset(" \t\n\"'“”‘’«»\u00a0")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


@lru_cache(maxsize=65536)  # menus repeat on every page: the same strings are keyed thousands of times
def match_key(text: str) -> str:
    """Matching form of a text: `thai.normalize`d, unified dashes, no spaces or quotes."""
    return "".join(c for c in normalize(text).translate(_DASHES) if c not in _DROP)


def _clean_title(title: str) -> str:
    # Pack titles end with annotations such as "(ชื่อไม่แน่นอน)"/"(อนุมาน)" that never appear on sites.
    t = title.strip()
    if t.endswith(")") and "(" in t:
        t = t[: t.rindex("(")].strip()
    return t


@dataclass(frozen=True)
class LabelHit:
    """One surviving label occurrence: which item, which label (as written in the pack), where in the key."""

    item: str
    label: str
    start: int
    end: int


class TopicMatcher:
    """Finds which OIT items a text names, using the pack's labels, excludes and keywords."""

    def __init__(self, pack: RulePack) -> None:
        self.item_ids = [it.id for it in pack.items]
        self.spam_markers = tuple(match_key(t) for t in (pack.site.spam_markers if pack.site else []))
        self._labels: list[tuple[str, str, str]] = []  # (key, item, label as written)
        self._excludes: dict[str, list[str]] = {}
        self._not_in_title: dict[str, list[tuple[str, str]]] = {}
        self._keywords: dict[str, list[tuple[str, str]]] = {}
        for it in pack.items:
            self._add_item(it)
        # Keywords shared by many items ("งบประมาณ", "โครงการ") say little; weight each by 1/items using it.
        users: dict[str, int] = {}
        for kws in self._keywords.values():
            for key, _ in kws:
                users[key] = users.get(key, 0) + 1
        self._kw_weight = {k: 1.0 / n for k, n in users.items()}
        self._cache: dict[str, tuple[LabelHit, ...]] = {}

    def _add_item(self, it: OITItem) -> None:
        seen: set[str] = set()
        for label in [*it.evidence.labels, _clean_title(it.title.th)]:
            key = match_key(label)
            if len(key) >= 2 and key not in seen:
                seen.add(key)
                self._labels.append((key, it.id, label))
        self._excludes[it.id] = [k for k in (match_key(x) for x in it.evidence.exclude) if k]
        self._not_in_title[it.id] = [(k, x) for x in it.evidence.not_in_title if (k := match_key(x))]
        kws: list[tuple[str, str]] = []
        for kw in it.evidence.keywords:
            key = match_key(kw)
            if key and all(key != k for k, _ in kws):
                kws.append((key, kw))
        self._keywords[it.id] = kws

    # -- labels ----------------------------------------------------------------

    def label_hits(self, text: str) -> tuple[LabelHit, ...]:
        """Label occurrences left after longest-match and exclude filtering, in text order."""
        return self.key_hits(match_key(text) if text else "")

    def key_hits(self, key: str) -> tuple[LabelHit, ...]:
        """`label_hits` for a text already in `match_key` form."""
        if not key:
            return ()
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found: list[LabelHit] = []
        for lkey, item, label in self._labels:
            i = key.find(lkey)
            while i >= 0:
                found.append(LabelHit(item, label, i, i + len(lkey)))
                i = key.find(lkey, i + 1)
        # A short label inside a longer label of another item belongs to the longer one:
        # "บุคลากร" (o2) inside "แผนพัฒนาบุคลากร" (o14), "สรุปผลการจัดซื้อจัดจ้าง" (o12) inside "...ประจำปี" (o13).
        kept = [h for h in found if not any(
            o.item != h.item and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start)
            for o in found)]
        kept = [h for h in kept if not self._excluded(key, h)]
        kept.sort(key=lambda h: (h.start, -(h.end - h.start)))
        result = tuple(kept)
        if len(self._cache) < 50_000:
            self._cache[key] = result
        return result

    def _excluded(self, key: str, hit: LabelHit) -> bool:
        # An exclude phrase overlapping the label vetoes it ("สารจากผู้บริหาร" is not o2), unless the label
        # itself is the longer phrase that contains the exclude.
        for ex in self._excludes.get(hit.item, ()):
            i = key.find(ex)
            while i >= 0:
                j = i + len(ex)
                overlaps = i < hit.end and hit.start < j
                inside = hit.start <= i and j <= hit.end and (hit.end - hit.start) > len(ex)
                if overlaps and not inside:
                    return True
                i = key.find(ex, i + 1)
        return False

    def title_says_other(self, title: str, item: str) -> str | None:
        """The item's `not_in_title` phrase a title holds ("รอบ 6 เดือน": a progress report, not o7), if any."""
        phrases = self._not_in_title.get(item)
        if not phrases:
            return None
        key = match_key(title)
        return next((x for k, x in phrases if k in key), None)

    def items_in(self, text: str) -> dict[str, str]:
        """Items named in text, each with the first label that named it."""
        out: dict[str, str] = {}
        for h in self.label_hits(text):
            out.setdefault(h.item, h.label)
        return out

    def heading_items(self, line: str, share: float = 0.6) -> dict[str, str]:
        """Items whose labels make up most of a short line, i.e. the line reads as a heading about them."""
        key = match_key(line)
        if not key or len(key) > 160:
            return {}
        size = _letters(key)
        out: dict[str, str] = {}
        for h in self.key_hits(key):
            if size and _letters(key[h.start:h.end]) / size >= share:
                out.setdefault(h.item, h.label)
        return out

    # -- keywords --------------------------------------------------------------

    def keyword_score(self, text: str, item: str) -> tuple[float, list[str]]:
        """Weighted count of the item's keywords in text (each keyword once), and the keywords found."""
        key = match_key(text)
        score, found = 0.0, []
        excludes = self._excludes.get(item, ())
        for kkey, kw in self._keywords.get(item, ()):
            i = key.find(kkey)
            while i >= 0:
                j = i + len(kkey)
                if not any(_overlaps(key, ex, i, j) for ex in excludes):
                    score += self._kw_weight[kkey]
                    found.append(kw)
                    break
                i = key.find(kkey, i + 1)
        return score, found


def _overlaps(key: str, phrase: str, start: int, end: int) -> bool:
    i = key.find(phrase)
    while i >= 0:
        if i < end and start < i + len(phrase):
            return True
        i = key.find(phrase, i + 1)
    return False


def _letters(key: str) -> int:
    # Digits and punctuation (years, "(พ.ศ. 2566-2570)") should not make a heading look less like a label.
    return sum(1 for c in key if c.isalpha())
