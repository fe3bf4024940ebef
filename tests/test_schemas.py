"""Versioned JSON contracts: real `ita check` / `ita assess` output validates against the committed schemas,
and the committed schemas are those the result models generate today."""

from __future__ import annotations

import copy
import json
import shutil
import sys

import pytest
from conftest import FIXTURES, ROOT, assess_results, run_ita
from jsonschema import Draft202012Validator

sys.path.insert(0, str(ROOT / "scripts"))
import write_schemas  # noqa: E402

from ita_rules.ci.run import RUN_SCHEMA_VERSION  # noqa: E402
from ita_rules.results.assess import SCHEMA_VERSION as ASSESS_VERSION  # noqa: E402
from ita_rules.results.check import SCHEMA_VERSION as CHECK_VERSION  # noqa: E402

SCHEMAS = ROOT / "docs" / "schemas"
SITES = FIXTURES / "sites"


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _problems(name: str, doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}" for e in _validator(name).iter_errors(doc)]


@pytest.fixture(scope="module")
def demo_run() -> dict:
    p = run_ita("demo", "--format", "json", timeout=600)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_committed_schemas_match_the_models():
    # A model changed without `python scripts/write_schemas.py`: the contract in docs/ would lie.
    assert write_schemas.stale() == []
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(write_schemas.SCHEMAS)


def test_a_changed_model_makes_the_committed_schema_stale(tmp_path, monkeypatch):
    from pydantic import create_model

    from ita_rules.results.check import CheckResult

    for name in write_schemas.SCHEMAS:
        shutil.copy(SCHEMAS / name, tmp_path / name)
    assert write_schemas.stale(tmp_path) == []
    grown = create_model("CheckResult", __base__=CheckResult, added_later=(str, "x"))
    _, title, about = write_schemas.SCHEMAS["check-result.schema.json"]
    monkeypatch.setitem(write_schemas.SCHEMAS, "check-result.schema.json", (grown, title, about))
    assert write_schemas.stale(tmp_path) == ["check-result.schema.json"]


def test_the_demo_check_validates_and_carries_its_versions(demo_run):
    assert _problems("check-run.schema.json", demo_run) == []
    assert demo_run["schema_version"] == RUN_SCHEMA_VERSION
    site = demo_run["sites"][0]["result"]
    assert _problems("check-result.schema.json", site) == []
    assert site["schema_version"] == CHECK_VERSION and len(site["items"]) == 28


def test_the_schemas_are_not_vacuous(demo_run):
    broken = copy.deepcopy(demo_run)
    del broken["sites"][0]["result"]["items"][0]["outcome"]
    broken["sites"][0]["result"]["items"][1]["outcome"] = "maybe"
    broken["surprise"] = 1
    problems = _problems("check-run.schema.json", broken)
    assert len(problems) >= 3, problems
    old = copy.deepcopy(demo_run)
    old["schema_version"] = "0.9"
    assert _problems("check-run.schema.json", old)
    unversioned = copy.deepcopy(demo_run["sites"][0]["result"])
    del unversioned["schema_version"]
    assert _problems("check-result.schema.json", unversioned)


def test_seed_001_assess_validates():
    p = run_ita("assess", str(FIXTURES / "sheets" / "seed-001-2568.yaml"), "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert _problems("assess-result.schema.json", doc) == []
    assert doc["schema_version"] == ASSESS_VERSION and doc["total"] is not None


def test_an_assess_batch_validates(tmp_path):
    rows = "agency,year,1,2,3,4,5,6,7,8,9,10\n" + "".join(
        f"อบต.ทดสอบ{n},2568,{90 + n},95,88,91,85,80,99,97,{70 + n},60\n" for n in range(5))
    (tmp_path / "batch.csv").write_text(rows, encoding="utf-8")
    p = run_ita("assess", str(tmp_path / "batch.csv"), "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["schema_id"] == "ita-assess-batch/1" and len(doc["results"]) == 5 and len(doc["packs"]) == 1
    assert _problems("assess-batch.schema.json", doc) == []
    assert _problems("assess-result.schema.json", assess_results(p.stdout)) == []  # each one in full


def test_a_multi_site_batch_run_validates(tmp_path):
    for name in ("demo", "menu-site"):
        shutil.copytree(SITES / name, tmp_path / name)
    (tmp_path / "ita.toml").write_text('[[sites]]\nname = "demo"\ndir = "demo"\n\n[[sites]]\nname = "menu"\n'
                                       'dir = "menu-site"\n', encoding="utf-8")
    p = run_ita("check", "--format", "json", "--db", "r.sqlite", cwd=tmp_path, timeout=600)
    assert p.returncode == 1, p.stderr
    doc = json.loads(p.stdout)
    assert [s["site"]["name"] for s in doc["sites"]] == ["demo", "menu"]
    assert (tmp_path / "r.sqlite").is_file()  # several sites run as a stored batch
    assert _problems("check-run.schema.json", doc) == []
