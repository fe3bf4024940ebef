"""Write the JSON Schemas of what `ita check` and `ita assess` print into docs/schemas/ (committed files).

Generated from the pydantic result models, so a model change only needs `python scripts/write_schemas.py`;
`--check` exits 1 (naming the files) while a committed schema differs from the models, as tests/test_schemas.py
also asserts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ita_rules.ci.run import CiRun  # noqa: E402
from ita_rules.results.assess import AssessResult  # noqa: E402
from ita_rules.results.assess_batch import AssessBatch  # noqa: E402
from ita_rules.results.check import CheckResult  # noqa: E402

OUT = ROOT / "docs" / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file -> (type, title, what prints or reads it)
SCHEMAS: dict[str, tuple[Any, str, str]] = {
    "check-run.schema.json": (
        CiRun, "ita check run document",
        "What `ita check --format json` (and `ita demo --format json`) prints, for one site or many, with or "
        "without a config file: every site's result with its CI verdicts, warnings, the baseline comparison and "
        "the exit code."),
    "check-result.schema.json": (
        CheckResult, "ita check result of one site",
        "One site's result (`sites[].result` of the run document): crawl coverage, one row per OIT item, the "
        "predicted OIT score and the deficiencies. `ita report --check` and `ita export-check` read it bare or "
        "inside a one-site run document."),
    "assess-result.schema.json": (
        AssessResult | list[AssessResult], "ita assess result",
        "What `ita assess --format json` prints for one YAML/JSON sheet: one agency's result. `ita report` and "
        "`ita plan` read it; `ita report` also reads a list of them (and the batch document, assess-batch)."),
    "assess-batch.schema.json": (
        AssessBatch, "ita assess batch document",
        "What `ita assess --format json` prints for several sheets or a CSV/XLSX table (schema_id "
        "ita-assess-batch/1): `results` holds each agency's own figures, in input order, and `packs` what they "
        "share once per pack, year and language (names, indicator tools, levels and measures, which the results "
        "name by key). `ita report` reads it."),
}


def _strict(node: Any) -> None:
    """Every model object closed to unknown keys with every key required (the CLI dumps every field, defaults
    included), and `schema_version` pinned to the models' version."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            node.setdefault("additionalProperties", False)
            node["required"] = list(props)
            version = props.get("schema_version")
            if isinstance(version, dict) and "default" in version:
                version["const"] = version["default"]
        for value in node.values():
            _strict(value)
    elif isinstance(node, list):
        for value in node:
            _strict(value)


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema written to docs/schemas/NAME."""
    kind, title, description = SCHEMAS[name]
    body = TypeAdapter(kind).json_schema(mode="serialization")
    _strict(body)
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DIALECT, "$id": f"https://github.com/ita-rules/ita-rules/docs/schemas/{name}",
            "title": title, "description": description, **body}


def text_of(name: str) -> str:
    """The file's exact text (stable key order, UTF-8, final newline)."""
    return json.dumps(schema_of(name), ensure_ascii=False, indent=2) + "\n"


def stale(out: Path = OUT) -> list[str]:
    """Committed schema files that differ from the models (or are missing)."""
    return [name for name in SCHEMAS
            if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text_of(name)]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = stale()
        for name in found:
            print(f"docs/schemas/{name} is stale; run python scripts/write_schemas.py", file=sys.stderr)
        return 1 if found else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:
        (OUT / name).write_text(text_of(name), encoding="utf-8")
        print(f"wrote docs/schemas/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
