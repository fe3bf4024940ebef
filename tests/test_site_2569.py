"""The FY2569 fixture site (fixtures/sites/index-2569), checked over HTTP on 127.0.0.1 with --year 2569
and --year 2570, and a FY2568 site still checked right with --year 2568 whatever today is."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import FIXTURES, run_ita, site_result

from fixtures.serve import serve_site

SITES = FIXTURES / "sites"
SITE = "index-2569"
EXPECTED = yaml.safe_load((SITES / SITE / "expected.yaml").read_text(encoding="utf-8"))


def _check(site: str, *args: str) -> tuple[dict, str, str]:
    """(JSON result, stderr, base URL) of `ita check` on a fixture site served over HTTP."""
    with serve_site(SITES / site) as (_srv, base):
        p = run_ita("check", base + "/", "--delay", "0", "--format", "json", *args)
    assert p.returncode in (0, 1), p.stderr
    return site_result(p.stdout), p.stderr, base


def _rel(url: str, base: str) -> str:
    if not url.startswith(base):
        return unquote(url)
    parts = urlsplit(url)
    return unquote(parts.path) + (("?" + unquote(parts.query)) if parts.query else "")


@pytest.fixture(scope="module")
def checked() -> dict[int, tuple[dict, str, str]]:
    return {year: _check(SITE, "--year", str(year)) for year in (2569, 2570)}


def test_expected_yaml_covers_o1_to_o26():
    assert EXPECTED["site"] == SITE and EXPECTED["fiscal_year"] == 2569
    assert list(EXPECTED["items"]) == [f"o{n}" for n in range(1, 27)]
    counts = {k: 0 for k in EXPECTED["summary"]}
    for item in EXPECTED["items"].values():
        counts[item["outcome"]] += 1
        assert len(item["why"]) > 10
    assert counts == EXPECTED["summary"]


def test_check_2569_gives_the_expected_outcomes_and_evidence(checked):
    data, stderr, base = checked[2569]
    assert data["pack"]["id"] == "ita-2569" and data["pack"]["status"] == "stable" and data["year"] == 2569
    assert "provisional" not in stderr and "ชั่วคราว" not in stderr
    got = {i["id"]: i for i in data["items"]}
    assert list(got) == list(EXPECTED["items"])
    for code, want in EXPECTED["items"].items():
        item = got[code]
        assert item["outcome"] == want["outcome"], f"{code}: {item['reason']} {item['detail']}\n{want['why']}"
        if want["outcome"] in ("pass", "needs_review"):
            assert _rel(item["evidence"][0]["url"], base) in want["evidence"], code
        offered = {_rel(e["url"], base) for e in item["evidence"]}
        assert set(want.get("claimed", [])) <= offered, code
    assert got["o21"]["reason"] == "wrong_year" and got["o19"]["reason"] == "claimed_link_broken"
    # the FY2568 index on the same site (o21 = No Gift Policy 2568) is not read as FY2569's
    assert "2568" not in _rel(got["o20"]["evidence"][0]["url"], base)
    assert got["o10"]["title"].startswith("ระบบการให้บริการผ่านช่องทางออนไลน์")


def test_check_2570_is_the_same_pack_with_a_provisional_warning_and_wants_fy2570_documents(checked):
    data, stderr, _ = checked[2570]
    before, _, _ = checked[2569]
    warning = [ln for ln in stderr.splitlines() if "ita-2570" in ln]
    assert len(warning) == 1 and "ชั่วคราว" in warning[0] and "2569" in warning[0]
    assert data["pack"]["id"] == "ita-2570" and data["pack"]["status"] == "provisional" and data["year"] == 2570
    assert [(i["id"], i["title"]) for i in data["items"]] == [(i["id"], i["title"]) for i in before["items"]]
    changed = set(EXPECTED["year_2570"]["fail"])
    for now, then in zip(data["items"], before["items"]):
        if now["id"] in changed:
            assert (now["outcome"], now["reason"]) == ("fail", EXPECTED["year_2570"]["reason"]), now["id"]
        else:  # nothing to date: the same outcome for the same reason
            assert (now["outcome"], now["reason"]) == (then["outcome"], then["reason"]), now["id"]


def test_check_2570_warns_in_english_too():
    _, stderr, _ = _check(SITE, "--year", "2570", "--lang", "en", "--max-pages", "3")
    assert "warning: rule pack ita-2570 is provisional" in stderr


def test_fy2568_site_still_checks_with_year_2568_when_today_is_fy2570(monkeypatch):
    monkeypatch.setenv("ITA_TODAY", "2026-12-04")  # FY2570: --year must still win
    data, stderr, _ = _check("legacy-cp874", "--year", "2568")
    want = yaml.safe_load((SITES / "legacy-cp874" / "expected.yaml").read_text(encoding="utf-8"))["items"]
    assert data["pack"]["id"] == "ita-2568" and "ita-2570" not in stderr
    assert {i["id"]: i["outcome"] for i in data["items"]} == {k: v["outcome"] for k, v in want.items()}


def test_default_year_is_todays_fiscal_year(monkeypatch):
    monkeypatch.setenv("ITA_TODAY", "2026-09-30")  # last day of FY2569
    data, stderr, _ = _check(SITE, "--max-pages", "3")
    assert data["year"] == 2569 and data["pack"]["id"] == "ita-2569" and stderr.strip() == ""
    monkeypatch.setenv("ITA_TODAY", "2026-10-01")  # 1 October starts FY2570
    data, stderr, _ = _check(SITE, "--max-pages", "3")
    assert data["year"] == 2570 and data["pack"]["status"] == "provisional" and "ita-2570" in stderr


def test_site_is_plain_files_with_built_documents():
    """Hand-written pages (no generator routes) and every document declared in _docs.yaml."""
    root = SITES / SITE
    assert not (root / "_routes.yaml").exists() and (root / "_docs.yaml").is_file()
    docs = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix in (".pdf", ".docx", ".xlsx", ".png")}
    declared = yaml.safe_load((root / "_docs.yaml").read_text(encoding="utf-8"))
    assert docs == {d["path"].lstrip("/") for d in declared}
