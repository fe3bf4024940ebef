"""Waivers change outcomes exactly as documented, and never turn a finding into a pass."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from conftest import FIXTURES, run_ita, site_result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_rules.ci import run as ci_run
from ita_rules.ci.policy import Policy
from ita_rules.ci.tomldoc import TomlDoc
from ita_rules.ci.tomlpos import TomlLines
from ita_rules.ci.waivers import Waiver, WaiverEntry
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.oit import predict
from test_ci_formats import sarif_problems

DEMO = FIXTURES / "sites" / "demo"
FAILS = ("o7", "o19", "o27")  # the demo site's failing items; o20 needs review


def _repo(tmp_path, waivers: str, extra: str = "") -> None:
    shutil.copytree(DEMO, tmp_path / "site-build")
    (tmp_path / "ita.toml").write_text(f'{extra}[[sites]]\nname = "demo"\ndir = "site-build"\n\n{waivers}',
                                       encoding="utf-8")


def _waiver(item: str, expires: str | None = None, why: str = "accepted by the board") -> str:
    exp = f"expires = {expires}\n" if expires else ""
    return f'[[waivers]]\nitem = "{item}"\nsite = "demo"\njustification = "{why}"\napprover = "chief"\n{exp}\n'


def test_active_waivers_are_tallied_apart_never_pass_and_do_not_block(tmp_path):
    _repo(tmp_path, "".join(_waiver(i, "2999-12-31") for i in FAILS))
    base = site_result(run_ita("check", str(DEMO), "--format", "json").stdout)
    p = run_ita("check", "--format", "json", "-o", "sarif=w.sarif", "-o", "junit=w.xml", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    site = data["sites"][0]
    assert site["counts"] == {"pass": 24, "fail": 0, "needs_review": 1, "not_crawled": 0, "error": 0, "waived": 3}
    assert site["result"]["oit"] == base["oit"]  # a waiver never raises the predicted score
    for v in site["verdicts"]:
        if v["id"] in FAILS:
            assert (v["outcome"], v["status"], v["waiver_status"], v["blocking"]) == ("fail", "waived", "active", False)
            assert v["waiver"]["justification"] == "accepted by the board"
    sarif = json.loads((tmp_path / "w.sarif").read_text(encoding="utf-8"))
    assert sarif_problems(sarif, tmp_path) == []
    waived = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert sorted(r["properties"]["item"] for r in waived) == sorted(FAILS)
    assert all(r["level"] == "error" and r["suppressions"][0]["justification"] for r in waived)
    root = ET.parse(tmp_path / "w.xml").getroot()
    assert root.get("failures") == "0"
    msgs = [s.get("message") for s in root.iter("skipped")]
    assert sum("accepted by the board" in m for m in msgs) == 3


def test_expired_waiver_brings_the_finding_back_with_a_message(tmp_path):
    _repo(tmp_path, _waiver("o7", "2020-01-31") + _waiver("o19") + _waiver("o27"))
    p = run_ita("check", "--format", "json", "--lang", "en", "-o", "text=r.txt", "-o", "junit=r.xml", cwd=tmp_path)
    assert p.returncode == 1
    data = json.loads(p.stdout)
    v = {x["id"]: x for x in data["sites"][0]["verdicts"]}
    assert (v["o7"]["status"], v["o7"]["waiver_status"], v["o7"]["blocking"]) == ("fail", "expired", True)
    assert "expired on 2020-01-31" in v["o7"]["waiver"]["message"]
    assert any("expired on 2020-01-31" in w and "ita.toml:" in w for w in data["warnings"])
    assert "expired on 2020-01-31" in (tmp_path / "r.txt").read_text(encoding="utf-8")
    failure = ET.parse(tmp_path / "r.xml").getroot().find(".//failure")
    assert "o7" in failure.get("message") and "expired on 2020-01-31" in failure.text


def test_waiver_that_matched_nothing_is_a_warning(tmp_path):
    _repo(tmp_path, _waiver("o1"))
    p = run_ita("check", "--format", "github", "--lang", "en", cwd=tmp_path)
    assert p.returncode == 1
    assert "::warning title=ita::ita.toml:5: waiver for o1 on site 'demo' matched nothing" in p.stdout


def test_waivers_flag_replaces_config_waivers(tmp_path):
    _repo(tmp_path, _waiver("o7"))
    (tmp_path / "w.toml").write_text(_waiver("o19"), encoding="utf-8")
    data = json.loads(run_ita("check", "--format", "json", "--waivers", "w.toml", cwd=tmp_path).stdout)
    waived = {v["id"] for v in data["sites"][0]["verdicts"] if v["status"] == "waived"}
    assert waived == {"o19"}


# --- property: a waiver never turns a fail into a pass -------------------------------------------------

OUTCOMES = ["pass", "fail", "needs_review", "not_crawled", "error"]
TODAY = date(2026, 1, 15)
DOC = TomlDoc("w.toml", {}, TomlLines(""))


@pytest.fixture(scope="module")
def base_result(pack2568):
    from cli.pipeline import run_check
    from crawler.settings import CrawlSettings

    return run_check(str(DEMO), pack2568, 2568, "en", CrawlSettings(delay=0))


def _with(result, pack, outcomes: dict[str, str]):
    items = [i.model_copy(update={"outcome": outcomes[i.id]}) for i in result.items]
    return result.model_copy(update={"items": items, "oit": predict(pack, outcomes)[0]})


item_ids = st.sampled_from([f"o{n}" for n in range(1, 29)])
outcome_maps = st.fixed_dictionaries({f"o{n}": st.sampled_from(OUTCOMES) for n in range(1, 29)})
waiver_sets = st.lists(st.tuples(item_ids, st.one_of(st.none(), st.integers(-400, 400))), max_size=12,
                       unique_by=lambda t: t[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(outcomes=outcome_maps, wset=waiver_sets, fail_on=st.sampled_from(["fail", "needs_review"]))
def test_property_a_waiver_never_turns_a_fail_into_a_pass(base_result, pack2568, outcomes, wset, fail_on):
    result = _with(base_result, pack2568, outcomes)
    waivers = [Waiver(WaiverEntry(item=i, site="demo", justification="because",
                                  expires=None if d is None else TODAY + timedelta(days=d)), DOC, n)
               for n, (i, d) in enumerate(wset)]
    site = SiteSpec(name="demo", target=str(DEMO))
    run, _ = ci_run.build([(site, result)], waivers, Policy(fail_on=fail_on), today=TODAY, lang="en")
    sr = run.sites[0]
    for v in sr.verdicts:
        assert v.outcome == outcomes[v.id]  # the finding itself is never rewritten
        if v.status == "pass":
            assert v.outcome == "pass"
        if v.outcome == "fail":
            assert v.status in ("fail", "waived")
        if v.status == "waived":
            assert v.waiver_status == "active" and not v.blocking
    assert sr.counts["pass"] == sum(1 for o in outcomes.values() if o == "pass")
    assert sum(sr.counts.values()) == 28
    assert sr.result.oit == predict(pack2568, outcomes)[0]  # the score ignores waivers
    # A waiver only ever removes blocking findings; removing every waiver can only add blocking ones.
    bare, _ = ci_run.build([(site, result)], [], Policy(fail_on=fail_on), today=TODAY, lang="en")
    assert run.totals["blocking"] <= bare.totals["blocking"]
    assert run.exit_code <= bare.exit_code
