"""The documented CI examples work: the exact command lines from docs/examples run on a fixture site."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml
from conftest import FIXTURES, ROOT
from test_ci_formats import sarif_problems

EXAMPLES = ROOT / "docs" / "examples"


def _ita(cmd: str, cwd) -> subprocess.CompletedProcess:
    """Run a documented `ita ...` command line with this checkout's ita."""
    argv = shlex.split(cmd)
    assert argv[0] == "ita", cmd
    return subprocess.run([sys.executable, "-m", "cli.main", *argv[1:]], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _repo(tmp_path):
    shutil.copytree(FIXTURES / "sites" / "demo", tmp_path / "site-build")
    return tmp_path


def test_github_actions_example_produces_valid_sarif_and_junit(tmp_path):
    wf = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text(encoding="utf-8"))
    steps = wf["jobs"]["ita"]["steps"]
    check = next(s["run"] for s in steps if "ita check" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert wf["permissions"]["security-events"] == "write" and upload.get("if") == "always()"
    repo = _repo(tmp_path)
    assert _ita("ita init", repo).returncode == 0  # the workflow's ita.toml comes from `ita init`
    p = _ita(check, repo)
    assert p.returncode == 1, p.stderr  # the demo site has failing items: the job fails, SARIF still uploads
    sarif_file = repo / upload["with"]["sarif_file"]
    doc = json.loads(sarif_file.read_text(encoding="utf-8"))
    assert sarif_problems(doc, repo) == []
    assert {r["properties"]["item"] for r in doc["runs"][0]["results"]} == {"o7", "o19", "o20", "o27"}
    junit = [a.split("=", 1)[1] for a in shlex.split(check) if a.startswith("junit=")]
    assert junit and ET.parse(repo / junit[0]).getroot().tag == "testsuites"


def test_pre_commit_example_runs_and_fails_on_failing_items(tmp_path):
    cfg = yaml.safe_load((EXAMPLES / "pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = cfg["repos"][0]["hooks"][0]
    assert hook["language"] == "system" and hook["pass_filenames"] is False and "--fail-on fail" in hook["entry"]
    repo = _repo(tmp_path)
    p = _ita(hook["entry"], repo)
    assert p.returncode == 1, p.stderr
    assert "o7" in p.stdout and "Traceback" not in p.stderr
    # Waiving the failures (with reasons) lets the commit through; o20 only needs review.
    (repo / "ita.toml").write_text(
        '[[sites]]\nname = "demo"\ndir = "site-build"\n' + "".join(
            f'[[waivers]]\nitem = "{i}"\nsite = "demo"\njustification = "tracked in issue 12"\n'
            for i in ("o7", "o19", "o27")), encoding="utf-8")
    assert _ita(hook["entry"], repo).returncode == 0
