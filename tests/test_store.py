"""The batch results database: schema, one row per site and run, listing, diffs, matrix renderers."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from ita_rules.vocabulary import Outcome

from conftest import FIXTURES

from cli.runs import store
from ita_rules.render.matrix import band, render_csv, render_html, span
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.errors import ItaError


@pytest.fixture(scope="module")
def demo_result(pack2568):
    from cli.pipeline import run_check
    from crawler.settings import CrawlSettings

    return run_check(str(FIXTURES / "sites" / "demo"), pack2568, 2568, "th", CrawlSettings(delay=0))


def _run(conn, n: int = 2) -> int:
    return store.start_run(conn, pack_id="ita-2568", pack_version="1", year=2568, lang="th", sites_total=n,
                           digest="d", target=85.0, indicators={"9": "การเปิดเผยข้อมูล", "10": "การป้องกันการทุจริต"},
                           settings="{}")


def test_schema_version_wal_and_reopen(tmp_path):
    db = tmp_path / "r.sqlite"
    conn = store.open_db(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(store.SCHEMA_VERSION)
    conn.close()
    store.open_db(db).close()  # opening again keeps one meta row
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM meta").fetchone()[0] == 1
    conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(ItaError, match="schema version 99"):
        store.open_db(db)


def test_not_a_database_and_missing(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("hello, not sqlite " * 100)
    with pytest.raises(ItaError, match="not a usable results database"):
        store.open_db(bad)
    with pytest.raises(ItaError, match="no results database"):
        store.open_db(tmp_path / "none.sqlite", create=False)


def test_site_is_stored_once_with_its_items(tmp_path, demo_result):
    conn = store.open_db(tmp_path / "r.sqlite")
    rid = _run(conn)
    site = SiteSpec(name="เทศบาลตัวอย่าง", target="http://x.test/", agency_type="เทศบาล")
    assert store.store_site(conn, rid, site, demo_result)
    assert not store.store_site(conn, rid, site, demo_result)  # UNIQUE(run_id, name)
    assert conn.execute("SELECT COUNT(*) FROM sites").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == len(demo_result.items) == 28
    [row] = store.run_results(conn, rid, with_items=True)
    assert (row.oit_min, row.oit_max) == (demo_result.oit.min, demo_result.oit.max)
    assert row.counts == demo_result.counts and row.reachable and row.agency_type == "เทศบาล"
    assert row.items == {i.id: i.outcome for i in demo_result.items}
    assert store.site_result(conn, rid, site.name) == demo_result.model_dump_json()
    assert store.finished_sites(conn, rid) == {site.name}


def test_error_site_and_run_listing(tmp_path, demo_result):
    conn = store.open_db(tmp_path / "r.sqlite")
    rid = _run(conn)
    store.store_site(conn, rid, SiteSpec(name="a", target="http://a.test/"), demo_result)
    store.store_site(conn, rid, SiteSpec(name="b", target="http://b.test/"), None, "boom")
    assert store.resumable_run(conn, "d", "ita-2568", 2568) == rid
    store.set_status(conn, rid, "finished")
    assert store.resumable_run(conn, "d", "ita-2568", 2568) is None
    [run] = store.list_runs(conn)
    assert (run.id, run.status, run.sites_done, run.sites_total) == (rid, "finished", 2, 2) and run.finished
    b = store.run_results(conn, rid)[1]
    assert (b.error, b.reachable, b.oit_min) == ("boom", False, None)
    with pytest.raises(ItaError, match="no run 42"):
        store.get_run(conn, 42)


def test_compare_two_runs_of_a_site(tmp_path, demo_result):
    conn = store.open_db(tmp_path / "r.sqlite")
    site = SiteSpec(name="s", target="http://s.test/")
    first, second = _run(conn), _run(conn)
    store.store_site(conn, first, site, demo_result)
    items = [i.model_copy(update={"outcome": Outcome.PASS}) if i.id == "o1" else i for i in demo_result.items]
    items = [i.model_copy(update={"outcome": Outcome.FAIL}) if i.id == "o2" else i for i in items]
    oit = demo_result.oit.model_copy(update={"min": 10.0, "max": 20.0})
    store.store_site(conn, second, site, demo_result.model_copy(update={"items": items, "oit": oit}))
    d = store.compare_site(conn, "s")
    assert (d.run_a, d.run_b) == (first, second)
    assert d.oit_a == (demo_result.oit.min, demo_result.oit.max) and d.oit_b == (10.0, 20.0)
    before = {i.id: i.outcome for i in demo_result.items}
    want = [(i, before[i], new) for i, new in (("o1", "pass"), ("o2", "fail")) if before[i] != new]
    assert d.changed == want and want
    assert store.compare_site(conn, "s", second, first).changed == [(i, b, a) for i, a, b in want]
    with pytest.raises(ItaError, match="a diff needs two"):
        store.compare_site(conn, "nobody")
    with pytest.raises(ItaError, match="no stored result in run 9"):
        store.compare_site(conn, "s", first, 9)


def test_matrix_renderers(tmp_path, demo_result):
    conn = store.open_db(tmp_path / "r.sqlite")
    rid = _run(conn, 3)
    for name in ("site-10", "site-2", "<b>x</b>"):
        store.store_site(conn, rid, SiteSpec(name=name, target="http://t.test/"), demo_result)
    run, sites = store.get_run(conn, rid), store.run_results(conn, rid, with_items=True)
    rows = list(csv.DictReader(io.StringIO(render_csv(run, sites))))
    assert [r["site"] for r in rows] == ["<b>x</b>", "site-2", "site-10"]
    assert rows[0]["oit_min"] == f"{demo_result.oit.min:.2f}" and rows[0]["fail"] == str(demo_result.counts["fail"])
    assert {"indicator_9_min", "indicator_10_max", "problem"} <= set(rows[0])
    page = render_html(run, sites)
    assert "ตัวชี้วัดที่ 9" in page and "การป้องกันการทุจริต" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<script" not in page and "src=" not in page and "<link" not in page  # self-contained
    assert span(1.0, 1.0) == "1.00" and span(None, None) == "–"
    assert band(80, 90, 85) == "maybe" and band(70, 84.9, 85) == "below" and band(85, 90, 85) == "ok"
