"""The JSON of `ita assess` on many agencies: each agency's own figures once per agency, and what the pack says
(names, levels, measures) once per pack, year and language, not repeated 100,000 times."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, create_model

from .assess import SCHEMA_VERSION, SHARED_KEY, AssessResult, Deficiency, FocusOut, LevelOut, MeasureOut, PackRef

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


_SEEN_MAX = 2_000  # shared objects recur within a few agencies; the rest must not pile up


def _intern(table: dict[str, Any], key: str, value: Any) -> str:
    """The key `value` is kept under in `table` (its own id, or id~2... when one id carries two values)."""
    k, n = key, 1
    while k in table and table[k] != value:
        n += 1
        k = f"{key}~{n}"
    table.setdefault(k, value)
    return k


class Compactor:
    """Turns full results into batch results, collecting each pack's shared part once."""

    def __init__(self) -> None:
        self.packs: dict[str, dict[str, Any]] = {}
        # id(object) -> (the object, its key): the object is kept so its id is never reused meanwhile.
        self._seen: dict[int, tuple[Any, str]] = {}
        self._block: dict[str, Any] = {}
        self._pack_key = ""
        self._level: LevelOut | None = None  # the result's own level; last year's stays written out

    def __call__(self, r: dict[str, Any]) -> dict[str, Any]:
        """The batch form of one full result as parsed JSON (the dict is changed in place)."""
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
            d["measures"] = [_intern(block["measures"], m["id"], m) for m in d["measures"]]
        if r.get("focus"):
            r["focus"]["measures"] = [_intern(block["measures"], m["id"], m) for m in r["focus"]["measures"]]
        return r

    def text(self, r: AssessResult) -> str:
        """The batch form of one result as compact JSON, written by pydantic in one call: the pack, level and
        measures serialise as their keys (see `by_key` in results/assess.py), each dumped once into the table."""
        key = f"{r.pack.id}@{r.pack.version}/{r.year}/{r.lang}"
        block = self.packs.get(key)
        if block is None:
            block = self.packs[key] = {"pack": r.pack.model_dump(mode="json"), "year": r.year, "lang": r.lang,
                                       "names": r.names, "indicator_tool": r.indicator_tool,
                                       "levels": {}, "measures": {}}
        self._block, self._pack_key, self._level = block, key, r.level_detail
        return r.model_dump_json(exclude=set(_SHARED), context={SHARED_KEY: self._shared})

    def _shared(self, obj: Any) -> str | None:
        if isinstance(obj, PackRef):
            return self._pack_key
        if isinstance(obj, LevelOut):
            if obj is not self._level:
                return None
            # Once: last year's level may be the same object, and it is written out (it comes after level_detail).
            self._level = None
        got = self._seen.get(id(obj))
        if got is None or got[0] is not obj:
            if len(self._seen) > _SEEN_MAX:
                self._seen.clear()
            table = self._block["levels"] if isinstance(obj, LevelOut) else self._block["measures"]
            got = self._seen[id(obj)] = (obj, _intern(table, obj.id, obj.model_dump(mode="json")))
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
