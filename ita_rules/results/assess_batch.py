"""The JSON of `ita assess` on many agencies: each agency's own figures once per agency, and what the pack says
(names, levels, measures) once per pack, year and language, not repeated 100,000 times."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, create_model

from .assess import SCHEMA_VERSION, AssessResult, Deficiency, FocusOut, LevelOut, MeasureOut, PackRef

BATCH_SCHEMA_ID = "ita-assess-batch/1"
# What an agency's result shares with every other result of its pack, year and language.
_SHARED = ("names", "indicator_tool")


class BatchPack(BaseModel):
    """One pack, year and language: the names, levels and measures its results refer to by id."""

    pack: PackRef
    year: int
    lang: Literal["th", "en"]
    names: dict[str, str]
    indicator_tool: dict[str, str]
    levels: dict[str, LevelOut]
    measures: dict[str, MeasureOut]


class BatchDeficiency(Deficiency):
    """A deficiency whose measures are keys of its pack's `measures`."""

    measures: list[str]  # type: ignore[assignment]


class BatchFocus(FocusOut):
    """The focus indicator, its measures as keys of the pack's `measures`."""

    measures: list[str]  # type: ignore[assignment]


# One agency's result as AssessResult has it, less what its pack shares: `pack` is a key of the batch's `packs`,
# `level_detail` a key of that pack's `levels`, measures keys of its `measures`.
BatchResult = create_model(  # type: ignore[call-overload]
    "BatchResult", __doc__="One agency's result in a batch: its pack's shared parts named by key.",
    **{**{k: (f.annotation, f) for k, f in AssessResult.model_fields.items() if k not in _SHARED},
       "pack": (str, ...), "level_detail": (str | None, ...), "deficiencies": (list[BatchDeficiency], ...),
       "focus": (BatchFocus | None, None)})


class AssessBatch(BaseModel):
    """What `ita assess --format json` prints for a CSV/XLSX table or several sheets."""

    schema_id: Literal["ita-assess-batch/1"] = BATCH_SCHEMA_ID
    schema_version: str = SCHEMA_VERSION  # of the results inside (assess-result.schema.json)
    results: list[BatchResult]  # type: ignore[valid-type]
    packs: dict[str, BatchPack]


_LAST = ("pack", "level_detail", "deficiencies", "focus")
_NOT_OWN = {*_SHARED, *_LAST}
_SEEN_MAX = 2_000  # shared objects recur within a few agencies; the rest must not pile up


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _intern(table: dict[str, Any], key: str, value: Any) -> str:
    """The key `value` is kept under in `table` (its own id, or id~2... when one id carries two values)."""
    k, n = key, 1
    while k in table and table[k] != value:
        n += 1
        k = f"{key}~{n}"
    table.setdefault(k, value)
    return k


class Compactor:
    """Turns full results (dicts) into batch results, collecting each pack's shared part once."""

    def __init__(self, escape: Callable[[str], str] = str) -> None:
        self.packs: dict[str, dict[str, Any]] = {}
        self.escape = escape  # applied to each piece of `text` once (a shared deficiency's when first written)
        # id(object) -> (the object, what it became): the object is kept so its id is never reused meanwhile.
        self._seen: dict[int, tuple[Any, str]] = {}

    def __call__(self, r: dict[str, Any]) -> dict[str, Any]:
        """The batch form of one full result (the dict is changed in place)."""
        ref = r["pack"]
        key = f"{ref['id']}@{ref['version']}/{r['year']}/{r['lang']}"
        shared = {k: r.pop(k, {}) for k in _SHARED}
        block = self.packs.get(key)
        if block is None:
            block = self.packs[key] = {"pack": ref, "year": r["year"], "lang": r["lang"], **shared,
                                       "levels": {}, "measures": {}}
        r["pack"] = key
        if r.get("level_detail") is not None:
            r["level_detail"] = _intern(block["levels"], r["level_detail"]["id"], r["level_detail"])
        for d in r.get("deficiencies") or []:
            d["measures"] = [_intern(block["measures"], m["id"], m) for m in d.pop("measures")]  # last, as `text`
        if r.get("focus"):
            r["focus"]["measures"] = [_intern(block["measures"], m["id"], m) for m in r["focus"].pop("measures")]
        for k in _LAST:  # the order `text` writes them in, so both paths print the same bytes
            r[k] = r.pop(k, None)
        return r

    def text(self, r: AssessResult) -> str:
        """The batch form of one result as compact JSON, straight from the model: pydantic writes what is the
        agency's own, and the shared objects (deficiencies, measures, levels) are written once each."""
        key = f"{r.pack.id}@{r.pack.version}/{r.year}/{r.lang}"
        block = self.packs.get(key)
        if block is None:
            block = self.packs[key] = {"pack": r.pack.model_dump(mode="json"), "year": r.year, "lang": r.lang,
                                       "names": r.names, "indicator_tool": r.indicator_tool,
                                       "levels": {}, "measures": {}}
        own = self.escape(r.model_dump_json(exclude=_NOT_OWN))
        level = None if r.level_detail is None else self._key(block["levels"], r.level_detail)
        defs = ",".join(self._deficiency(block, d) for d in r.deficiencies)
        focus = "null"
        if r.focus is not None:
            ids = [self._key(block["measures"], m) for m in r.focus.measures]
            focus = self.escape(r.focus.model_dump_json(exclude={"measures"}))[:-1] + f',"measures":{self._j(ids)}}}'
        return (f'{own[:-1]},"pack":{self._j(key)},"level_detail":{self._j(level)},"deficiencies":[{defs}],'
                f'"focus":{focus}}}')

    def _j(self, value: Any) -> str:
        return self.escape(_dumps(value))

    def _key(self, table: dict[str, Any], obj: Any) -> str:
        """The key of a shared object in its pack's table; objects are shared, so each is dumped once."""
        got = self._seen.get(id(obj))
        if got is None or got[0] is not obj:
            if len(self._seen) > _SEEN_MAX:
                self._seen.clear()
            got = self._seen[id(obj)] = (obj, _intern(table, obj.id, obj.model_dump(mode="json")))
        return got[1]

    def _deficiency(self, block: dict[str, Any], d: Any) -> str:
        got = self._seen.get(id(d))
        if got is None or got[0] is not d:
            ids = [self._key(block["measures"], m) for m in d.measures]
            text = self.escape(d.model_dump_json(exclude={"measures"}))[:-1] + f',"measures":{self._j(ids)}}}'
            if len(self._seen) > _SEEN_MAX:
                self._seen.clear()
            got = self._seen[id(d)] = (d, text)
        return got[1]


def expand(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The full results (as `ita assess` prints one agency) of a batch document, in order."""
    packs = doc["packs"]
    for r in doc["results"]:
        block = packs[r["pack"]]
        r = {**r, "pack": block["pack"], **{k: block[k] for k in _SHARED}}
        if r.get("level_detail") is not None:
            r["level_detail"] = block["levels"][r["level_detail"]]
        r["deficiencies"] = [{**d, "measures": [block["measures"][m] for m in d["measures"]]}
                             for d in r.get("deficiencies") or []]
        if r.get("focus"):
            r["focus"] = {**r["focus"], "measures": [block["measures"][m] for m in r["focus"]["measures"]]}
        yield r


def is_batch(data: Any) -> bool:
    """Whether parsed JSON is a batch document."""
    return isinstance(data, dict) and data.get("schema_id") == BATCH_SCHEMA_ID


def full_results(doc: dict[str, Any]) -> list[AssessResult]:
    """A batch document's results as full models."""
    return [AssessResult.model_validate(r) for r in expand(doc)]
