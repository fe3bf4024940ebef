"""Read saved `ita assess` / `ita check` JSON with one-line errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...errors import ItaError
from ...infile import read_text
from ...results.assess import AssessResult
from ...results.assess_batch import expand, is_batch


def _read_json(path: str) -> Any:
    if not Path(path).exists():
        raise ItaError("no such file", path)
    text = read_text(path)  # utf-8-sig: files saved by Windows editors keep a BOM
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ItaError(f"not JSON (line {exc.lineno} column {exc.colno}: {exc.msg}); "
                       "expected the output of `ita assess --format json`", path) from None
    except RecursionError:
        raise ItaError("not a result: nested too deeply to read", path) from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "top level"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err['msg']}{more}"


def _looks_like_check(obj: Any) -> bool:
    return isinstance(obj, dict) and "coverage" in obj and "target" in obj and "oit" in obj


def load_results(path: str) -> list[AssessResult]:
    """The results in an `ita assess` JSON file: one object, a batch document (ita-assess-batch/1) or a list
    of results (one per agency)."""
    data = _read_json(path)
    if is_batch(data):
        try:
            data = list(expand(data))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ItaError(f"not an `ita assess` batch document: {type(exc).__name__} {exc}", path) from None
    objs = data if isinstance(data, list) else [data]
    if not objs:
        raise ItaError("the list of results is empty", path)
    out = []
    for n, obj in enumerate(objs):
        if _looks_like_check(obj):
            raise ItaError("this is an `ita check` (website) result, not an `ita assess` result; "
                           "pass it with --check CHECK.json next to an assess result", path)
        if not isinstance(obj, dict):
            raise ItaError(f"result {n + 1} is a {type(obj).__name__}, not a JSON object from `ita assess`", path)
        try:
            out.append(AssessResult.model_validate(obj))
        except ValidationError as exc:
            which = f"result {n + 1}: " if len(objs) > 1 else ""
            raise ItaError(f"not an `ita assess` result: {which}{_first_error(exc)}", path) from None
    return out


def load_check(path: str):
    """The `ita check` result in a JSON file (for the website pre-audit appendix): a one-site run document,
    or a bare check result."""
    from ita_rules.ci.run import site_result_data
    from ita_rules.results.check import CheckResult

    data, _ = site_result_data(_read_json(path), path)
    if isinstance(data, dict) and "agency" in data and "deficiencies" in data and "coverage" not in data:
        raise ItaError("this is an `ita assess` result, not an `ita check` result; give it as RESULT instead", path)
    if isinstance(data, list):
        raise ItaError("expected one `ita check` result, found a list", path)
    try:
        return CheckResult.model_validate(data)
    except ValidationError as exc:
        raise ItaError(f"not an `ita check` result: {_first_error(exc)}", path) from None
