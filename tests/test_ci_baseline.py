"""Baselines by fingerprint: new / still present / fixed / stale, random ports are not new, nothing new is hidden."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from conftest import FIXTURES, run_ita
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_rules.ci import baseline as bl
from ita_rules.ci import run as ci_run
from ita_rules.ci.policy import BLOCKING, Policy
from ita_rules.results.finding import Evidence
from fixtures.serve import serve_site
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.oit import predict

SITES = FIXTURES / "sites"
DEMO = SITES / "demo"
O25_DOC = "docs/แผนปฏิบัติการป้องกันการทุจริต-2568.pdf"


def _repo(tmp_path):
    shutil.copytree(DEMO, tmp_path / "site-build")
    (tmp_path / "ita.toml").write_text('[[sites]]\nname = "demo"\ndir = "site-build"\n', encoding="utf-8")
    return tmp_path


def _json(p):
    assert "Traceback" not in p.stderr, p.stderr
    return json.loads(p.stdout)


def test_locator_normalises_own_local_and_loopback_origins():
    ev = lambda u: [Evidence(url=u, via="index")]  # noqa: E731
    assert bl.locator(ev("http://127.0.0.1:41234/a.php?id=3&PHPSESSID=x"), "s", "http://127.0.0.1:41234/") == \
        bl.locator(ev("http://127.0.0.1:50001/a.php?id=3"), "s", "http://127.0.0.1:50001/") == "site://s/a.php?id=3"
    assert bl.locator(ev("https://www.sao.go.th/x.pdf#p2"), "s", "http://sao.go.th/") == "site://s/x.pdf"
    assert bl.locator(ev("http://local.invalid/docs/a.pdf"), "s", "site-build") == "site://s/docs/a.pdf"
    assert bl.locator(ev("https://www.facebook.com/p/1"), "s", "http://sao.go.th/") == "https://www.facebook.com/p/1"
    assert bl.locator([], "s", "x") == "-"
    a = bl.make("s", "o1", "-", "fail")
    assert a.fingerprint != bl.make("s", "o1", "-", "needs_review").fingerprint  # outcome class is part of it
    assert a.fingerprint != bl.make("t", "o1", "-", "fail").fingerprint


def test_create_then_compare_new_fixed_and_update(tmp_path):
    repo = _repo(tmp_path)
    data = _json(run_ita("check", "--create-baseline", "b.json", "--format", "json", cwd=repo))
    assert data["exit_code"] == 0 and data["baseline_written"] == "b.json"  # creating adopts today's findings
    saved = json.loads((repo / "b.json").read_text(encoding="utf-8"))
    assert sorted(f["item"] for f in saved["findings"]) == ["o19", "o20", "o27", "o7"]
    assert "count" not in json.dumps(saved)

    p = run_ita("check", "--baseline", "b.json", "--format", "json", cwd=repo)
    assert p.returncode == 0
    b = _json(p)["baseline"]
    assert (len(b["new"]), len(b["still_present"]), len(b["fixed"]), len(b["stale"])) == (0, 4, 0, 0)

    (repo / "site-build" / O25_DOC).unlink()  # o25 now fails: a new finding
    p = run_ita("check", "--baseline", "b.json", "--format", "json", cwd=repo)
    assert p.returncode == 1
    data = _json(p)
    assert [f["item"] for f in data["baseline"]["new"]] == ["o25"]
    blocking = {v["id"] for v in data["sites"][0]["verdicts"] if v["blocking"]}
    assert blocking == {"o25"}  # the still-present fails are listed as baselined, not blocking
    base = {v["id"]: v["baseline"] for v in data["sites"][0]["verdicts"] if v["baseline"]}
    assert base == {"o7": "baselined", "o19": "baselined", "o20": "baselined", "o27": "baselined", "o25": "new"}

    p = run_ita("check", "--baseline", "b.json", "--update-baseline", "--format", "json", cwd=repo)
    assert p.returncode == 0
    assert sorted(f.item for f in bl.load(str(repo / "b.json"))) == ["o19", "o20", "o25", "o27", "o7"]

    shutil.copy(DEMO / O25_DOC, repo / "site-build" / O25_DOC)  # fixed again
    data = _json(run_ita("check", "--baseline", "b.json", "--format", "json", cwd=repo))
    assert [f["item"] for f in data["baseline"]["fixed"]] == ["o25"] and data["exit_code"] == 0


def test_stale_entries_and_config_baseline(tmp_path):
    repo = _repo(tmp_path)
    other = bl.make("other-site", "o3", "-", "fail")
    changed = bl.make("demo", "o7", "site://demo/docs/old.pdf", "fail")  # o7 still fails, other evidence
    bl.save(str(repo / "b.json"), [other, changed])
    (repo / "ita.toml").write_text('baseline = "b.json"\n[[sites]]\nname = "demo"\ndir = "site-build"\n',
                                   encoding="utf-8")
    p = run_ita("check", "--format", "json", cwd=repo)
    data = _json(p)
    assert {f["fingerprint"] for f in data["baseline"]["stale"]} == {other.fingerprint, changed.fingerprint}
    assert p.returncode == 1  # o7's finding changed, so it is new again
    assert any("stale baseline" in w for w in data["warnings"])
    run_ita("check", "--update-baseline", "--format", "json", cwd=repo)
    kept = {(f.site, f.item) for f in bl.load(str(repo / "b.json"))}
    assert ("other-site", "o3") in kept  # not checked this run: kept
    assert ("demo", "o7") in kept and len([k for k in kept if k[0] == "demo"]) == 4


def test_random_ports_do_not_make_findings_new(tmp_path):
    (tmp_path / "ita.toml").write_text('[[sites]]\nname = "index"\nurl = "http://127.0.0.1:9/"\n[crawl]\ndelay = 0\n',
                                       encoding="utf-8")
    with serve_site(SITES / "index-site") as (_s, base):
        p = run_ita("check", base + "/", "--create-baseline", "b.json", "--format", "json", cwd=tmp_path)
    first = _json(p)
    assert first["sites"][0]["result"]["counts"]["fail"] == 5
    with serve_site(SITES / "index-site") as (_s, base2):
        assert base2 != base
        p = run_ita("check", base2 + "/", "--baseline", "b.json", "--format", "json", cwd=tmp_path)
    data = _json(p)
    assert p.returncode == 0 and data["baseline"]["new"] == [] and len(data["baseline"]["still_present"]) == 6


def test_a_baseline_edited_by_hand_is_rejected(tmp_path):
    f = bl.make("demo", "o7", "-", "fail")
    bl.save(str(tmp_path / "b.json"), [f])
    doc = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    doc["findings"][0]["item"] = "o8"
    (tmp_path / "b.json").write_text(json.dumps(doc), encoding="utf-8")
    p = run_ita("check", str(DEMO), "--baseline", str(tmp_path / "b.json"))
    assert p.returncode == 4 and "fingerprint" in p.stderr and len(p.stderr.strip().splitlines()) == 1


# --- property: a baseline never hides a new finding ----------------------------------------------------

OUTCOMES = ["pass", "fail", "needs_review", "not_crawled", "error"]
outcome_maps = st.fixed_dictionaries({f"o{n}": st.sampled_from(OUTCOMES) for n in range(1, 29)})


@pytest.fixture(scope="module")
def base_result(pack2568):
    from cli.pipeline import run_check
    from crawler.settings import CrawlSettings

    return run_check(str(DEMO), pack2568, 2568, "en", CrawlSettings(delay=0))


def _with(result, pack, outcomes):
    items = [i.model_copy(update={"outcome": outcomes[i.id]}) for i in result.items]
    return result.model_copy(update={"items": items, "oit": predict(pack, outcomes)[0]})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=outcome_maps, now=outcome_maps, keep=st.lists(st.booleans(), min_size=28, max_size=28),
       fail_on=st.sampled_from(["fail", "needs_review"]))
def test_property_a_baseline_never_hides_a_new_finding(base_result, pack2568, before, now, keep, fail_on):
    site = SiteSpec(name="demo", target=str(DEMO))
    old = ci_run.findings_of(site, _with(base_result, pack2568, before), {})
    previous = [f for f, k in zip(old, keep) if k] + [bl.make("gone", "o1", "-", "fail")]
    run, current = ci_run.build([(site, _with(base_result, pack2568, now))], [], Policy(fail_on=fail_on),
                                today=date(2026, 1, 1), lang="en", baseline_path="b.json", previous=previous,
                                mode="compare")
    prev_fp = {f.fingerprint for f in previous}
    diff = run.baseline
    assert {f.fingerprint for f in diff.new} == {f.fingerprint for f in current} - prev_fp
    assert {f.fingerprint for f in diff.still_present} == {f.fingerprint for f in current} & prev_fp
    assert len(diff.fixed) + len(diff.stale) == len(prev_fp - {f.fingerprint for f in current})
    verdicts = {v.id: v for v in run.sites[0].verdicts}
    new_blocking = [f for f in diff.new if f.outcome in BLOCKING[fail_on]]
    for f in new_blocking:
        assert verdicts[f.item].baseline == "new" and verdicts[f.item].blocking
    assert (run.exit_code == 1) == bool(new_blocking)  # the site is reachable, no threshold
    for f in diff.fixed:
        assert now[f.item] == "pass"
