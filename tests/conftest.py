"""Shared test helpers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

# "Today" for every test and every `ita` subprocess: a day in FY2568, the year the fixtures were built
# for, so no test depends on the real date. Tests of the default year set ITA_TODAY themselves.
os.environ["ITA_TODAY"] = "2025-06-15"


@pytest.fixture(scope="session")
def pack2568():
    from ita_rules.loader import pack_by_id

    return pack_by_id("ita-2568")


def run_ita(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real `ita` entry point in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=timeout, encoding="utf-8")


def assess_results(stdout: str) -> list[dict]:
    """Every agency's full result in what `ita assess --format json` printed for a table (ita-assess-batch/1)."""
    from ita_rules.results.assess_batch import expand

    doc = json.loads(stdout)
    assert doc["schema_id"] == "ita-assess-batch/1", sorted(doc)
    return list(expand(doc))


def site_result(stdout: str, n: int = 0) -> dict:
    """Site n's check result in the run document that `ita check --format json` prints."""
    doc = json.loads(stdout)
    assert doc["schema_id"] == "ita-check-run/1", sorted(doc)
    return doc["sites"][n]["result"]
