"""Exit-code precedence of --fail-on, --soft-fail, --baseline, thresholds and errors, as documented."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES, ROOT, run_ita
from hypothesis import given
from hypothesis import strategies as st
from httpsrv import free_port

from ita_rules.ci.policy import BLOCKING, Policy, blocks, exit_code

DEMO = FIXTURES / "sites" / "demo"  # fails o7, o19, o27; needs review o20; verified OIT score 86.25
WAIVE_FAILS = "".join(f'[[waivers]]\nitem = "{i}"\nsite = "demo"\njustification = "known, being fixed"\n\n'
                      for i in ("o7", "o19", "o27"))


def _repo(tmp_path, toml: str = ""):
    shutil.copytree(DEMO, tmp_path / "site-build")
    (tmp_path / "ita.toml").write_text(toml + '[[sites]]\nname = "demo"\ndir = "site-build"\n\n', encoding="utf-8")
    return tmp_path


def _add(repo, text: str) -> None:
    with open(repo / "ita.toml", "a", encoding="utf-8") as fh:
        fh.write(text)


@given(soft=st.booleans(), unreachable=st.booleans(), blocking=st.integers(0, 3), below=st.booleans(),
       fail_on=st.sampled_from(["fail", "needs_review"]))
def test_property_precedence_table(soft, unreachable, blocking, below, fail_on):
    code = exit_code(Policy(fail_on=fail_on, soft_fail=soft), unreachable=unreachable, blocking=blocking,
                     below=below)
    expected = 0 if soft else 3 if unreachable else 1 if (blocking or below) else 0
    assert code == expected


@given(outcome=st.sampled_from(["pass", "fail", "needs_review", "not_crawled", "error"]), waived=st.booleans(),
       baselined=st.booleans(), in_use=st.booleans(), fail_on=st.sampled_from(["fail", "needs_review"]))
def test_property_blocking(outcome, waived, baselined, in_use, fail_on):
    b = blocks(Policy(fail_on=fail_on, baseline_in_use=in_use), outcome, waived, baselined)
    assert b == (outcome in BLOCKING[fail_on] and not waived and not (in_use and baselined))
    if outcome in ("pass", "not_crawled"):
        assert not b


def test_help_documents_the_precedence_table():
    p = run_ita("check", "--help")
    assert "first matching row wins" in p.stdout and "--soft-fail" in p.stdout and "4 " in p.stdout
    assert "| 4 |" in (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("toml, args, code", [
    ("", [], 1),                                                           # fails block by default
    ("", ["--soft-fail"], 0),
    ("[policy]\nsoft_fail = true\n", [], 0),
    ("[policy]\nsoft_fail = true\n", ["--no-soft-fail"], 1),               # the flag beats the file
    (WAIVE_FAILS, [], 0),                                                  # only o20 left: needs review
    (WAIVE_FAILS, ["--fail-on", "needs_review"], 1),
    ("[policy]\nfail_on = \"needs_review\"\n" + WAIVE_FAILS, [], 1),
    ("[policy]\nfail_on = \"needs_review\"\n" + WAIVE_FAILS, ["--fail-on", "fail"], 0),
    (WAIVE_FAILS, ["--min-oit-score", "90"], 1),                           # 86.25 < 90; waivers never add score
    (WAIVE_FAILS, ["--min-oit-score", "80"], 0),
    ("[thresholds]\nmin_oit_score = 90\n" + WAIVE_FAILS, ["--soft-fail"], 0),
])
def test_cli_precedence(tmp_path, toml, args, code):
    repo = _repo(tmp_path)
    _add(repo, toml)
    p = run_ita("check", "--format", "json", *args, cwd=repo)
    assert p.returncode == code, (p.stderr, json.loads(p.stdout)["totals"])
    assert json.loads(p.stdout)["exit_code"] == code


def test_baseline_decides_only_by_new_findings_at_any_fail_on(tmp_path):
    repo = _repo(tmp_path)
    assert run_ita("check", "--create-baseline", "b.json", cwd=repo).returncode == 0
    assert run_ita("check", "--baseline", "b.json", "--fail-on", "needs_review", cwd=repo).returncode == 0
    assert run_ita("check", "--baseline", "b.json", "--soft-fail", cwd=repo).returncode == 0
    assert run_ita("check", "--baseline", "b.json", "--min-oit-score", "90", cwd=repo).returncode == 1


def test_unreachable_exits_3_unless_soft_fail(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/"
    (tmp_path / "ita.toml").write_text(f'[[sites]]\nname = "down"\nurl = "{url}"\n[crawl]\ntimeout = 2\n',
                                       encoding="utf-8")
    assert run_ita("check", "--save-snapshot", "snap", cwd=tmp_path).returncode == 3
    # The saved (empty) crawl is re-judged offline under other flags.
    assert run_ita("check", "--snapshot", "snap", "--fail-on", "needs_review", cwd=tmp_path).returncode == 3
    assert run_ita("check", "--snapshot", "snap", "--soft-fail", cwd=tmp_path).returncode == 0


def test_usage_and_config_errors_keep_their_codes_with_soft_fail(tmp_path):
    repo = _repo(tmp_path, "bogus = 1\n")
    assert run_ita("check", "--soft-fail", cwd=repo).returncode == 4
    assert run_ita("check", "--soft-fail", "--fail-on", "warn", cwd=repo).returncode == 2
    assert run_ita("check", "--soft-fail", "--update-baseline", "--no-config", str(DEMO), cwd=repo).returncode == 2
