"""Shared test helpers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def pack2568():
    from ita_rules.loader import pack_by_id

    return pack_by_id("ita-2568")


def run_ita(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real `ita` entry point in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=timeout, encoding="utf-8")


def site_result(stdout: str, n: int = 0) -> dict:
    """Site n's check result in the run document that `ita check --format json` prints."""
    doc = json.loads(stdout)
    assert doc["schema_id"] == "ita-check-run/1", sorted(doc)
    return doc["sites"][n]["result"]
