"""`ita check` end to end: over HTTP, from a saved snapshot offline, on a directory, and `ita demo`."""

from __future__ import annotations

import json

import yaml
from conftest import FIXTURES, run_ita, site_result

from fixtures.serve import serve_site

SITES = FIXTURES / "sites"


def _expected(site: str) -> dict[str, str]:
    data = yaml.safe_load((SITES / site / "expected.yaml").read_text(encoding="utf-8"))
    items = data["items"]
    return {k: (v["outcome"] if isinstance(v, dict) else v) for k, v in items.items()}


def test_check_over_http_then_offline_snapshot_gives_the_same_items(tmp_path):
    snap = tmp_path / "snap"
    with serve_site(SITES / "index-site") as (_srv, base):
        p = run_ita("check", base + "/", "--year", "2568", "--delay", "0", "--format", "json",
                    "--save-snapshot", str(snap))
    assert p.returncode == 1, p.stderr  # the site has failing items
    online = site_result(p.stdout)
    assert len(online["items"]) == 28
    assert {i["id"]: i["outcome"] for i in online["items"]} == _expected("index-site")
    for item in online["items"]:
        if item["outcome"] == "pass":
            assert item["evidence"] and item["evidence"][0]["url"].startswith(base)
    assert (snap / "manifest.json").is_file() and (snap / "records.jsonl").is_file()
    # the server is gone: the offline evaluation must not need it
    p = run_ita("check", "--snapshot", str(snap), "--year", "2568", "--format", "json")
    assert p.returncode == 1, p.stderr
    offline = site_result(p.stdout)
    assert [(i["id"], i["outcome"], i["reason"]) for i in offline["items"]] == \
        [(i["id"], i["outcome"], i["reason"]) for i in online["items"]]
    assert offline["oit"] == online["oit"]


def test_check_text_report_lists_coverage_then_items_in_english():
    with serve_site(SITES / "traps") as (_srv, base):
        p = run_ita("check", base + "/", "--delay", "0", "--lang", "en")
    assert p.returncode == 1, p.stderr
    out = p.stdout
    assert "Crawl coverage" in out and "\no1 " in out
    assert out.index("Crawl coverage") < out.index("\no1 ")  # coverage first, then the item table
    assert "blocked by robots.txt" in out and "not crawled" in out and "needs review" in out
    assert "Predicted OIT score" in out


def test_check_static_site_directory():
    p = run_ita("check", str(SITES / "demo"), "--format", "json")
    assert p.returncode == 1, p.stderr
    data = site_result(p.stdout)
    assert len(data["items"]) == 28 and data["coverage"]["reachable"]
    assert data["counts"]["pass"] >= 20


def test_demo_runs_offline_and_prints_the_table():
    p = run_ita("demo")
    assert p.returncode == 0, p.stderr
    for word in ("o1", "o28", "ผ่าน", "ไม่ผ่าน", "ต้องตรวจสอบเพิ่ม", "มาตรการ"):
        assert word in p.stdout


def test_check_sites_csv_runs_a_batch_into_sqlite(tmp_path):
    import sqlite3

    db = tmp_path / "r.sqlite"
    with serve_site(SITES / "index-site") as (_a, base_a), serve_site(SITES / "menu-site") as (_b, base_b):
        csv = tmp_path / "sites.csv"
        csv.write_text(f"name,url,type\nindex,{base_a}/,อบต.\nmenu,{base_b}/,เทศบาล\n", encoding="utf-8")
        p = run_ita("check", "--sites", str(csv), "--db", str(db), "--delay", "0", "--format", "json")
    assert p.returncode == 1, p.stderr
    data = json.loads(p.stdout)
    by_site = {s["site"]["name"]: s for s in data["sites"]}
    assert set(by_site) == {"index", "menu"}
    for name, site in (("index", "index-site"), ("menu", "menu-site")):
        got = {i["id"]: i["outcome"] for i in by_site[name]["result"]["items"]}
        assert got == _expected(site)
    rows = sqlite3.connect(db).execute("SELECT name FROM sites ORDER BY name").fetchall()
    assert rows == [("index",), ("menu",)]
    p = run_ita("results", "--db", str(db))
    assert p.returncode == 0 and "2/2" in p.stdout


def test_legacy_windows_874_site_is_decoded_and_the_encoding_shown():
    with serve_site(SITES / "legacy-cp874") as (_srv, base):
        p = run_ita("check", base + "/", "--delay", "0", "--format", "json")
    data = site_result(p.stdout)
    assert {i["id"]: i["outcome"] for i in data["items"]} == _expected("legacy-cp874")
    encodings = data["coverage"]["encodings"]
    assert encodings and all(k.startswith("cp874") for k in encodings)
    assert any("(header)" in k for k in encodings) and any("(meta)" in k for k in encodings)
