"""Find, load and validate rule packs from YAML folders, naming file and line on any error."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from .deficiency import KINDS
from .evidence.checks import ITEM_CHECKS

from .errors import PackError, first_error
from .pack import RulePack, digest_of
from .yamlpos import Located, load_file

SECTIONS = set(RulePack.model_fields) - {"digest"}


@lru_cache(maxsize=1)
def rules_root() -> Path:
    """The bundled rules/ folder."""
    import rules

    return Path(rules.__file__).resolve().parent


def pack_dirs(root: Path | None = None) -> list[Path]:
    """Every pack folder under `root` (folders holding a pack.yaml)."""
    return list(_pack_dirs(root or rules_root()))


@lru_cache(maxsize=8)
def _pack_dirs(base: Path) -> tuple[Path, ...]:
    return tuple(sorted(p.parent for p in base.glob("*/pack.yaml")))


def load_pack(path: Path | str) -> RulePack:
    """Load a pack folder (or one pack.yaml); raise PackError naming file and line."""
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    merged, docs, texts = _raw_sections(folder, ())
    _fill_years(merged, docs, folder)
    try:
        pack = RulePack.model_validate({**merged, "digest": digest_of(texts)})
    except ValidationError as exc:
        loc, msg = first_error(exc)
        doc = docs.get(loc[0]) if loc else None
        where = doc.where(loc) if doc else str(folder / "pack.yaml")
        raise PackError(msg, where) from None
    _check_references(pack, docs, folder)
    _check_mapping(pack, docs, folder)
    return pack


def _folder_sections(folder: Path) -> tuple[dict, dict[str, Located], list[str]]:
    """The sections of one pack folder as written, each with the document it came from."""
    if not (folder / "pack.yaml").is_file():
        raise PackError("not a rule pack folder (no pack.yaml)", str(folder))
    docs: dict[str, Located] = {}
    merged: dict = {}
    texts: list[str] = []
    for f in sorted(folder.glob("*.yaml")):
        doc = load_file(f, PackError)
        texts.append(f.read_text(encoding="utf-8-sig"))
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            raise PackError("a pack file must be a mapping of sections", doc.where())
        for key, value in doc.data.items():
            if key not in SECTIONS:
                raise PackError(f"unknown section {key!r} (expected one of {', '.join(sorted(SECTIONS))})",
                                doc.where((key,)))
            if key in merged:
                raise PackError(f"section {key!r} is defined again (already in {docs[key].path})", doc.where((key,)))
            merged[key] = value
            docs[key] = doc
    return merged, docs, texts


# A pack that extends another reuses its sections, except its own identity and its own year mapping.
_NOT_INHERITED = ("pack", "mapping")


def _raw_sections(folder: Path, chain: tuple[Path, ...]) -> tuple[dict, dict[str, Located], list[str]]:
    """A folder's sections with those of the pack it extends (section by section, its own win)."""
    merged, docs, texts = _folder_sections(folder)
    meta = merged.get("pack")
    base_id = meta.get("extends") if isinstance(meta, dict) else None
    if not base_id:
        return merged, docs, texts
    where = docs["pack"].where(("pack", "extends"))
    base = find_pack_dir(str(base_id), folder)
    if base is None:
        raise PackError(f"extends unknown rule pack {base_id!r}", where)
    if base.resolve() in chain or base.resolve() == folder.resolve():
        raise PackError(f"extends {base_id!r}, which extends this pack again (a cycle)", where)
    b_merged, b_docs, b_texts = _raw_sections(base, (*chain, folder.resolve()))
    inherited = {k: v for k, v in b_merged.items() if k not in _NOT_INHERITED and k not in merged}
    return {**inherited, **merged}, {**{k: b_docs[k] for k in inherited}, **docs}, b_texts + texts


def find_pack_dir(pack_id: str, near: Path | None = None) -> Path | None:
    """A pack folder by id: a sibling of `near` first (a pack being edited), then the bundled one."""
    if near is not None and (near.parent / pack_id / "pack.yaml").is_file():
        return near.parent / pack_id
    return next((d for d in pack_dirs() if d.name == pack_id), None)


# "${fy}", "${fy-1}", "${fy+1}": the pack's fiscal year, so a pack text can be reused by the next year's pack.
_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
_FY = re.compile(r"^fy(?:([+-])(\d))?$")


def _fill_years(merged: dict, docs: dict[str, Located], folder: Path) -> None:
    """Replace year placeholders in every string by the pack's (single) fiscal year."""
    meta = merged.get("pack")
    years = meta.get("fiscal_years") if isinstance(meta, dict) else None
    year = years[0] if isinstance(years, list) and len(years) == 1 and isinstance(years[0], int) else None

    def fill(value, loc: tuple):
        if isinstance(value, str):
            return _PLACEHOLDER.sub(lambda m: _year_text(m.group(1), year, docs[loc[0]].where(loc)), value) \
                if "${" in value else value
        if isinstance(value, list):
            return [fill(v, (*loc, n)) for n, v in enumerate(value)]
        if isinstance(value, dict):
            return {k: fill(v, (*loc, k)) for k, v in value.items()}
        return value

    for key in list(merged):
        merged[key] = fill(merged[key], (key,))


def _year_text(token: str, year: int | None, where: str) -> str:
    m = _FY.match(token.replace(" ", ""))
    if not m:
        raise PackError(f"unknown placeholder ${{{token}}} (use ${{fy}}, ${{fy-1}} or ${{fy+1}})", where)
    if year is None:
        raise PackError(f"${{{token}}} needs a pack with exactly one fiscal year", where)
    offset = int(m.group(2) or 0) * (-1 if m.group(1) == "-" else 1)
    return str(year + offset)


def _check_references(pack: RulePack, docs: dict[str, Located], folder: Path) -> None:
    """Cross-checks that pydantic cannot express: ids exist, are unique and are covered."""

    def fail(section: str, loc: tuple, msg: str) -> None:
        doc = docs.get(section)
        raise PackError(msg, doc.where((section, *loc)) if doc else str(folder))

    def unique(section: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for n, i in enumerate(ids):
            if i in seen:
                fail(section, (n, "id"), f"duplicate id {i!r}")
            seen.add(i)

    unique("tools", [t.id for t in pack.tools])
    unique("indicators", [i.id for i in pack.indicators])
    unique("questions", [q.id for q in pack.questions])
    unique("items", [i.id for i in pack.items])
    unique("levels", [lv.id for lv in pack.levels])
    unique("deficiency_rules", [r.id for r in pack.deficiency_rules])
    unique("measures", [m.id for m in pack.measures])
    for n, ind in enumerate(pack.indicators):
        if ind.tool not in pack.tool:
            fail("indicators", (n, "tool"), f"indicator {ind.id} names unknown tool {ind.tool!r}")
    for t in pack.tools:
        if not pack.indicators_of[t.id]:
            fail("tools", (pack.tools.index(t), "id"), f"tool {t.id} has no indicators")
    for n, q in enumerate(pack.questions):
        if q.indicator not in pack.indicator:
            fail("questions", (n, "indicator"), f"question {q.id} names unknown indicator {q.indicator!r}")
        tool = pack.tool[pack.indicator[q.indicator].tool]
        for p in q.parts:
            if p not in {tp.id for tp in tool.parts}:
                fail("questions", (n, "parts"), f"question {q.id} names unknown part {p!r} of {tool.id}")
    _check_items(pack, fail)
    measure_ids = {m.id for m in pack.measures}
    for n, r in enumerate(pack.deficiency_rules):
        if KINDS[r.kind].needs_threshold and r.threshold is None:
            fail("deficiency_rules", (n, "kind"), f"rule {r.id} ({r.kind}) needs a threshold")
        for k, m in enumerate(r.measures):
            if m not in measure_ids:
                fail("deficiency_rules", (n, "measures", k), f"rule {r.id} names unknown measure {m!r}")
    targets = set(pack.tool) | set(pack.indicator) | set(pack.question) | set(pack.item)
    for n, m in enumerate(pack.measures):
        for k, target in enumerate(m.applies_to):
            if target not in targets:
                fail("measures", (n, "applies_to", k), f"measure {m.id} applies to unknown id {target!r}")
    covered = pack.measures_for
    if pack.measures:
        for group, ids in (("items", list(pack.item)), ("indicators", list(pack.indicator)),
                           ("tools", list(pack.tool))):
            for n, i in enumerate(ids):
                if i not in covered:
                    fail(group, (n, "id"), f"{i} has no recommended measure in the measure catalogue")


def _check_items(pack: RulePack, fail) -> None:
    """Items name known sub-indicators and checks; element checks name signals the pack defines; so do signals."""
    for n, it in enumerate(pack.items):
        if it.sub_indicator not in pack.sub_indicator:
            fail("items", (n, "sub_indicator"), f"item {it.id} names unknown sub-indicator {it.sub_indicator!r}")
        for k, name in enumerate(it.checks):
            if name not in ITEM_CHECKS:
                fail("items", (n, "checks", k), f"item {it.id} names unknown check {name!r} "
                                                f"(known: {', '.join(sorted(ITEM_CHECKS))})")
        for k, el in enumerate(it.elements):
            if el.check is None:
                continue
            named = [(field, m, name) for field in ("any", "unsure") for m, name in enumerate(getattr(el.check, field))]
            if el.check.per is not None:
                named.append(("per", None, el.check.per))
            for field, m, name in named:
                if name not in pack.signals.signs:
                    loc = (n, "elements", k, "check", field) + ((m,) if m is not None else ())
                    fail("items", loc, f"item {it.id} element {k + 1} names unknown signal {name!r}")
    for name, sig in pack.signals.signs.items():
        for field in ("unless", "only_with"):
            other = getattr(sig, field)
            if other is not None and other not in pack.signals.signs:
                fail("signals", ("signs", name, field), f"signal {name} names unknown signal {other!r}")
        seen, at = [name], sig
        while (nxt := at.unless or at.only_with) is not None and nxt in pack.signals.signs:
            if nxt in seen:  # counting one would need the other first, for ever
                fail("signals", ("signs", name), f"signals {' -> '.join([*seen, nxt])} depend on each other")
            seen.append(nxt)
            at = pack.signals.signs[nxt]


def _check_mapping(pack: RulePack, docs: dict[str, Located], folder: Path) -> None:
    """The documents section names real items; the year mapping fits this pack and the previous one."""
    if pack.documents is not None:
        for key in ("results_item", "report_item"):
            item = getattr(pack.documents, key)
            if item is not None and item not in pack.item:
                raise PackError(f"{key} names unknown item {item!r}", docs["documents"].where(("documents", key)))
    if pack.mapping is None:
        return
    from .yearmap import mapping_problem

    doc = docs["mapping"]
    prev_dir = find_pack_dir(pack.mapping.from_pack, folder)
    if prev_dir is None:
        raise PackError(f"maps from unknown rule pack {pack.mapping.from_pack!r}", doc.where(("mapping", "from")))
    problem = mapping_problem(pack, _cached(str(prev_dir)))
    if problem:
        loc, msg = problem
        raise PackError(msg, doc.where(("mapping", *loc)))


@lru_cache(maxsize=16)
def _cached(path: str) -> RulePack:
    return load_pack(path)


def pack_for_year(year: int, root: Path | None = None) -> RulePack:
    """The bundled pack whose fiscal years include `year`."""
    pack = _for_year(year, root)
    if pack is None:
        known = sorted(y for d in pack_dirs(root) for y in _cached(str(d)).pack.fiscal_years)
        raise PackError(f"no rule pack covers fiscal year {year} (packs cover: {', '.join(map(str, known)) or 'none'})")
    return pack


@lru_cache(maxsize=64)  # asked once per sheet (and its previous year) in a batch; packs never change in a run
def _for_year(year: int, root: Path | None) -> RulePack | None:
    # None (no pack) is cached too: a batch's previous year often has no pack, and asking is per row.
    for d in pack_dirs(root):
        pack = _cached(str(d))
        if year in pack.pack.fiscal_years:
            return pack
    return None


def pack_by_id(pack_id: str, root: Path | None = None) -> RulePack:
    """The bundled pack with id `pack_id`, or a pack folder path."""
    p = Path(pack_id)
    if p.exists():
        return _cached(str(p.resolve()))
    for d in pack_dirs(root):
        if d.name == pack_id:
            return _cached(str(d))
    raise PackError(f"unknown rule pack {pack_id!r} (bundled: {', '.join(d.name for d in pack_dirs(root))})")


def newest_pack(root: Path | None = None) -> RulePack:
    """The bundled pack for the newest fiscal year."""
    return max((_cached(str(d)) for d in pack_dirs(root)), key=lambda p: max(p.pack.fiscal_years))
