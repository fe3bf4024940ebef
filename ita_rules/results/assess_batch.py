"""The JSON of `ita assess` on many agencies: each agency's own figures once per agency, and what the pack says
(names, levels, measures) once per pack, year and language, not repeated 100,000 times."""

from __future__ import annotations

from collections.abc import Iterator
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

    def __init__(self) -> None:
        self.packs: dict[str, dict[str, Any]] = {}

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
            d["measures"] = [_intern(block["measures"], m["id"], m) for m in d["measures"]]
        if r.get("focus"):
            r["focus"]["measures"] = [_intern(block["measures"], m["id"], m) for m in r["focus"]["measures"]]
        return r


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
