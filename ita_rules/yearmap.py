"""Item mapping between two fiscal years' packs: checks, the kept/renamed/merged/split/new/dropped table,
and last year's item scores read through it."""

from __future__ import annotations

from pydantic import BaseModel

from .pack import ItemMap, Lang, RulePack, YearMapping
from .results.assess import PreviousItem
from .scoring import ItemScore

KINDS = ("kept", "renamed", "merged", "split", "new", "dropped")


def mapping_between(prev: RulePack, pack: RulePack) -> YearMapping | None:
    """How `pack`'s items continue `prev`'s: its own mapping, the identity for the same pack, else None."""
    if pack.mapping is not None and pack.mapping.from_pack == prev.pack.id:
        return pack.mapping
    if prev.pack.id == pack.pack.id:
        return YearMapping(from_pack=prev.pack.id, default="kept", provenance={"confidence": "solid"})
    return None


def _successors(pack: RulePack, mapping: YearMapping) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for it in pack.items:
        entry = mapping.entry(it.id)
        for s in entry.sources if entry else []:
            out.setdefault(s, []).append(it.id)
    return out


def mapping_problem(pack: RulePack, prev: RulePack) -> tuple[tuple, str] | None:
    """(location inside the mapping section, message) for the first inconsistency, or None."""
    m = pack.mapping
    assert m is not None
    for key, entry in m.items.items():
        if key not in pack.item:
            return ("items", key), f"{key} is not an item of {pack.pack.id}"
        for s in entry.sources:
            if s not in prev.item:
                return ("items", key, "from"), f"{key}: {s} is not an item of {prev.pack.id}"
        if entry.compare is not None and (not entry.compare or set(entry.compare) - set(entry.sources)):
            return ("items", key, "compare"), f"{key}: compare must name some of its 'from' items"
    for it in pack.items:
        if m.entry(it.id) is None:
            return ("items",), f"{it.id} has no mapping entry (default is none)"
        if it.id not in m.items and it.id not in prev.item:
            return ("default",), f"default kept: {prev.pack.id} has no {it.id}; map it explicitly"
    succ = _successors(pack, m)
    for it in pack.items:
        entry = m.entry(it.id)
        problem = _shape_problem(it.id, entry, succ)  # type: ignore[arg-type]
        if problem:
            return ("items", it.id, "kind"), problem
    dropped: set[str] = set()
    for n, d in enumerate(m.dropped):
        if d.item not in prev.item or d.item in succ or d.item in dropped:
            return ("dropped", n, "item"), f"dropped {d.item}: not an unmapped item of {prev.pack.id}"
        dropped.add(d.item)
    lost = [i for i in prev.item if i not in succ and i not in dropped]
    if lost:
        return ("dropped",), f"{', '.join(lost)} of {prev.pack.id} map to nothing; list them under dropped"
    return None


def _shape_problem(item: str, e: ItemMap, succ: dict[str, list[str]]) -> str | None:
    n, shared = len(e.sources), any(len(succ[s]) > 1 for s in e.sources)
    ok = {"kept": n == 1 and not shared, "renamed": n == 1 and not shared, "merged": n >= 2 and not shared,
          "split": n >= 1 and shared, "new": n == 0}[e.kind]
    if ok:
        return None
    rule = {"kept": "exactly one source that no other item continues", "renamed": "exactly one source that no "
            "other item continues", "merged": "two or more sources that no other item continues",
            "split": "a source that another item continues too", "new": "no source"}[e.kind]
    return f"{item} is {e.kind!r}, which needs {rule}"


class DiffRow(BaseModel):
    """One line of `ita rules diff`: previous ids -> new ids, with titles, note and confidence."""

    kind: str
    before: list[str]
    after: list[str]
    before_titles: list[str]
    after_titles: list[str]
    note: str = ""
    confidence: str


def diff(prev: RulePack, pack: RulePack, lang: Lang) -> list[DiffRow]:
    """The mapping as a table in the order of the new pack's items, dropped items last."""
    m = mapping_between(prev, pack)
    if m is None:
        raise ValueError(f"{pack.pack.id} does not map from {prev.pack.id}")
    rows: list[DiffRow] = []
    done: set[str] = set()
    for it in pack.items:
        if it.id in done:
            continue
        e = m.entry(it.id)
        assert e is not None
        after = [it.id]
        if e.kind == "split":  # one row for the whole split group: every source and every item sharing one
            after, before = _split_group(pack, m, it.id)
        else:
            before = list(e.sources)
        done |= set(after)
        notes = [x.note.get(lang) for x in (m.entry(a) for a in after) if x and x.note]
        rows.append(DiffRow(kind=e.kind, before=before, after=after,
                            before_titles=[prev.item[b].title.get(lang) for b in before],
                            after_titles=[pack.item[a].title.get(lang) for a in after],
                            note=" ".join(dict.fromkeys(notes)), confidence=e.provenance.confidence))
    for d in m.dropped:
        rows.append(DiffRow(kind="dropped", before=[d.item], after=[],
                            before_titles=[prev.item[d.item].title.get(lang)], after_titles=[],
                            note=d.note.get(lang), confidence=d.provenance.confidence))
    return rows


def _split_group(pack: RulePack, m: YearMapping, start: str) -> tuple[list[str], list[str]]:
    """The new items and previous items connected to `start` through shared sources."""
    after, before, todo = {start}, set(), [start]
    while todo:
        e = m.entry(todo.pop())
        for s in e.sources if e else []:
            before.add(s)
            for other in pack.items:
                oe = m.entry(other.id)
                if oe and s in oe.sources and other.id not in after:
                    after.add(other.id)
                    todo.append(other.id)
    order = {it.id: n for n, it in enumerate(pack.items)}
    return sorted(after, key=order.__getitem__), sorted(before, key=lambda i: int(i[1:]) if i[1:].isdigit() else 0)


def previous_items(prev: RulePack, pack: RulePack, items: dict[str, ItemScore]) -> dict[str, PreviousItem]:
    """Each item's score last year: one source as given; several as the least of them when items are binary
    (the merged item is met only if every part was), else their mean. Items whose sources are not given are left
    out."""
    binary = pack.scoring.item_scoring == "binary"
    out: dict[str, PreviousItem] = {}
    for item_id, ids, kind in _compared(prev, pack):
        if any(i not in items for i in ids):
            continue
        values = [items[i].score for i in ids]
        value = min(values) if binary else sum(values) / len(values)
        out[item_id] = PreviousItem(score=value, sources=list(ids), kind=kind)
    return out


_COMPARED: dict[tuple[int, int], tuple[RulePack, RulePack, list[tuple[str, tuple[str, ...], str]]]] = {}


def _compared(prev: RulePack, pack: RulePack) -> list[tuple[str, tuple[str, ...], str]]:
    """(item, last year's items it is compared with, mapping kind) per item; worked out once per pair of packs,
    since a batch asks for every agency (a loaded pack never changes)."""
    key = (id(prev), id(pack))
    held = _COMPARED.get(key)
    if held is not None and held[0] is prev and held[1] is pack:  # the same objects, not a reused id
        return held[2]
    m = mapping_between(prev, pack)
    got = []
    for it in pack.items if m is not None else []:
        e = m.entry(it.id)
        if e and e.compared:
            got.append((it.id, tuple(e.compared), e.kind))
    if len(_COMPARED) >= 64:
        _COMPARED.clear()
    _COMPARED[key] = (prev, pack, got)
    return got
