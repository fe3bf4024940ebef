"""SARIF (schema + GitHub's extra rules), one JUnit document, GitHub annotations, several formats in one run."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from conftest import FIXTURES, ROOT, run_ita, site_result
from httpsrv import TestSite

from fixtures.serve import serve_site

SITES = FIXTURES / "sites"
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
RULE_ID = re.compile(r"^(ita-\d{4}/o\d+|ita/min-oit-score)$")


def sarif_problems(doc: dict, repo: Path) -> list[str]:
    """Schema errors plus what GitHub code scanning rejects (codeql-action #754, Checkov #3540, conftest #1396)."""
    problems = [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc)]
    for run in doc["runs"]:
        rules = run["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        if len(ids) != len(set(ids)):
            problems.append("duplicate rule ids")
        for r in rules:
            if not RULE_ID.match(r["id"]):
                problems.append(f"generic or unstable rule id {r['id']}")
            if "helpUri" in r and not urlsplit(r["helpUri"]).scheme == "https":
                problems.append(f"bad helpUri {r.get('helpUri')!r}")
            if not r["shortDescription"]["text"] or not r["properties"].get("title_th"):
                problems.append(f"rule {r['id']} lacks English or Thai text")
        for res in run["results"]:
            if res["ruleId"] not in ids or ids[res["ruleIndex"]] != res["ruleId"]:
                problems.append(f"result rule {res['ruleId']} not in driver.rules")
            if not res.get("locations"):
                problems.append(f"{res['ruleId']}: no location")
                continue
            phys = res["locations"][0]["physicalLocation"]
            uri = phys["artifactLocation"]["uri"]
            if ":" in uri.split("/")[0] or uri.startswith("/") or not uri.isascii():
                problems.append(f"{res['ruleId']}: uri {uri!r} is not a relative URI reference")
            elif not (repo / unquote(uri)).is_file():
                problems.append(f"{res['ruleId']}: {uri} is not a file in the repository")
            if phys["region"]["startLine"] < 1:
                problems.append(f"{res['ruleId']}: bad line")
    return problems


def _repo(tmp_path: Path, site: str) -> Path:
    shutil.copytree(SITES / site, tmp_path / "site-build")
    return tmp_path


@pytest.mark.parametrize("site", ["demo", "menu-site", "traps"])
def test_directory_site_sarif_junit_github_in_one_run(tmp_path, site):
    repo = _repo(tmp_path, site)
    (repo / "out").mkdir()
    p = run_ita("check", "site-build", "--format", "json", "--lang", "en", "--output", "sarif=out/ita.sarif",
                "-o", "junit=out/ita.xml", "-o", "github=out/gh.txt", cwd=repo)
    assert p.returncode in (0, 1), p.stderr
    data = site_result(p.stdout)
    items = data["items"]
    not_pass = {i["id"]: i["outcome"] for i in items if i["outcome"] != "pass"}
    assert p.returncode == (1 if "fail" in not_pass.values() else 0)

    doc = json.loads((repo / "out/ita.sarif").read_text(encoding="utf-8"))
    assert sarif_problems(doc, repo) == []
    run = doc["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == 29  # o1-o28 and the score threshold
    results = {r["ruleId"].split("/")[1]: r for r in run["results"]}
    assert set(results) == set(not_pass)  # results only for items that did not pass
    level = {"fail": "error", "needs_review": "warning", "not_crawled": "note", "error": "warning"}
    for item_id, outcome in not_pass.items():
        r = results[item_id]
        assert r["level"] == level[outcome]
        assert r["properties"]["outcome"] == outcome and r["properties"]["message_th"]
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("site-build/")

    tree = ET.parse(repo / "out/ita.xml")  # one well-formed document
    root = tree.getroot()
    assert root.tag == "testsuites" and len(root.findall("testsuite")) == 1
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 29  # home page + 28 items
    failures = root.findall(".//failure")
    assert len(failures) == sum(1 for o in not_pass.values() if o == "fail") == int(root.get("failures"))
    for f in failures:
        assert re.search(r"item: o\d+ \(ita-2568/o\d+\)", f.text) and "recommended measure:" in f.text
        assert "url: " in f.text
    skipped = root.findall(".//skipped")
    assert len(skipped) == sum(1 for o in not_pass.values() if o != "fail") == int(root.get("skipped"))

    lines = (repo / "out/gh.txt").read_text(encoding="utf-8").splitlines()
    errors = [ln for ln in lines if ln.startswith("::error ")]
    assert len(errors) == sum(1 for o in not_pass.values() if o == "fail")
    for ln in errors:
        assert re.match(r"^::error file=site-build/[^,]+,line=\d+,title=ITA o\d+ \(site-build\)::o\d+ ", ln), ln


def test_traps_directory_reports_not_crawled_as_skipped_and_note(tmp_path):
    repo = _repo(tmp_path, "traps")
    p = run_ita("check", "site-build", "--format", "junit", "--lang", "en", cwd=repo)
    root = ET.fromstring(p.stdout)
    skipped = [s.get("message") for s in root.iter("skipped")]
    assert skipped and all(m for m in skipped)


def test_url_sites_are_located_at_their_config_lines_in_one_multi_site_run(tmp_path):
    with serve_site(SITES / "index-site") as (_a, base_a), serve_site(SITES / "legacy-cp874") as (_b, base_b):
        (tmp_path / "ita.toml").write_text(
            f'year = 2568\n\n[[sites]]\nname = "index"\nurl = "{base_a}/"\nagency_type = "อบต."\n\n'
            f'[[sites]]\nname = "legacy"\nurl = "{base_b}/"\n\n[crawl]\ndelay = 0\n', encoding="utf-8")
        p = run_ita("check", "--format", "sarif", "--lang", "th", "-o", "ita.sarif", "-o", "junit=ita.xml",
                    "-o", "json=ita.json", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    doc = json.loads((tmp_path / "ita.sarif").read_text(encoding="utf-8"))
    assert sarif_problems(doc, tmp_path) == []
    where = {(r["properties"]["site"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in doc["runs"][0]["results"]}
    assert where == {("index", "ita.toml", 5), ("legacy", "ita.toml", 10)}
    for r in doc["runs"][0]["results"]:
        assert r["message"]["text"] == r["properties"]["message_th"]  # --lang th
        if r["properties"].get("url"):
            assert r["properties"]["url"].startswith(("http://", "https://"))
    data = json.loads((tmp_path / "ita.json").read_text(encoding="utf-8"))
    assert [s["site"]["name"] for s in data["sites"]] == ["index", "legacy"]
    root = ET.parse(tmp_path / "ita.xml").getroot()
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["index", "legacy"]
    assert int(root.get("tests")) == 2 * 29
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites) == data["totals"]["fail"]


def test_sarif_for_an_undeclared_url_is_a_usage_error_before_crawling(tmp_path):
    with TestSite() as site:
        site.html("/")
        p = run_ita("check", site.url("/"), "--format", "sarif", "--delay", "0", cwd=tmp_path)
        assert sum(site.hits.values()) == 0
    assert p.returncode == 2 and "ita.toml" in p.stderr and p.stdout == ""


def test_output_option_errors_are_usage_errors(tmp_path):
    demo = str(SITES / "demo")
    p = run_ita("check", demo, "-o", "a.txt", "-o", "b.txt", cwd=tmp_path)
    assert p.returncode == 2 and "FORMAT=PATH" in p.stderr
    p = run_ita("check", demo, "-o", "sarif=nodir/x.sarif", cwd=tmp_path)
    assert p.returncode == 2 and "no such folder" in p.stderr


def test_plain_output_path_still_writes_the_format(tmp_path):
    p = run_ita("check", str(SITES / "demo"), "--format", "json", "-o", str(tmp_path / "r.json"))
    assert p.returncode == 1 and p.stdout == ""
    assert len(site_result((tmp_path / "r.json").read_text(encoding="utf-8"))["items"]) == 28


def test_sarif_with_waiver_baseline_and_threshold_validates(tmp_path):
    repo = _repo(tmp_path, "demo")
    (repo / "ita.toml").write_text(
        '[thresholds]\nmin_oit_score = 90\n\n[[sites]]\nname = "demo"\ndir = "site-build"\n\n'
        '[[waivers]]\nitem = "o7"\nsite = "demo"\njustification = "re-issued in May"\n', encoding="utf-8")
    assert run_ita("check", "--create-baseline", "b.json", cwd=repo).returncode == 1  # below the threshold
    (repo / "site-build/docs/แผนปฏิบัติการป้องกันการทุจริต-2568.pdf").unlink()
    p = run_ita("check", "--baseline", "b.json", "--format", "sarif", "-o", "junit=j.xml", cwd=repo)
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert sarif_problems(doc, repo) == []
    results = doc["runs"][0]["results"]
    states = {r["properties"].get("item", r["ruleId"]): r.get("baselineState") for r in results}
    assert states["o25"] == "new" and states["o19"] == "unchanged" and states["o7"] is None  # o7 is waived
    threshold = [r for r in results if r["ruleId"] == "ita/min-oit-score"]
    assert len(threshold) == 1
    loc = threshold[0]["locations"][0]["physicalLocation"]
    assert (loc["artifactLocation"]["uri"], loc["region"]["startLine"]) == ("ita.toml", 6)
    root = ET.parse(repo / "j.xml").getroot()
    failed = {tc.get("name").split()[0] for tc in root.iter("testcase") if tc.find("failure") is not None}
    assert failed == {"o25", "ita/min-oit-score"}  # baselined and waived findings are skipped, with a reason


def test_xlsx_is_a_registered_format_written_to_a_file(tmp_path):
    import openpyxl

    p = run_ita("check", str(SITES / "demo"), "--format", "xlsx", cwd=tmp_path)
    assert p.returncode == 2 and "-o PATH" in p.stderr  # a workbook never goes to stdout
    p = run_ita("check", str(SITES / "demo"), "--format", "json", "-o", "xlsx=r.xlsx", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    items = site_result(p.stdout)["items"]
    rows = list(openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[8]) for r in rows] == [(i["id"], i["outcome"]) for i in items]


def test_a_run_of_several_sites_gets_sheets_per_site(tmp_path):
    import openpyxl

    from ita_rules.ci.run import CiRun
    from ita_rules.render.check_xlsx import write_run_xlsx

    p = run_ita("check", str(SITES / "demo"), "--format", "json", cwd=tmp_path)
    doc = json.loads(p.stdout)
    one = doc["sites"][0]
    names = ["demo", "a/b:c*" + "x" * 40, "demo"]  # a forbidden character, too long, a repeated name
    doc["sites"] = [dict(one, site=dict(one["site"], name=n)) for n in names]
    write_run_xlsx(CiRun.model_validate(doc), tmp_path / "run.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "run.xlsx")
    assert len(wb.sheetnames) == 6 and len(set(n.lower() for n in wb.sheetnames)) == 6
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in wb.sheetnames)
    assert wb.worksheets[0].max_row == 29  # header and o1..o28
