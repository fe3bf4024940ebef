"""Issue 9 judgment classes on a real crawl of a fixture site, robots rules quoted, true reasons and their
wording, element checks declared in the pack (validated with file and line) and shown by `ita rules show`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crawler.fetch import crawl_sync
from crawler.pages import load_pages
from crawler.robots import deciding_rule
from crawler.settings import CrawlSettings
from crawler.snapshot import SnapshotReader, SnapshotWriter
from fixtures.serve import serve_site
from ita_rules.errors import PackError
from ita_rules.evidence.evaluate import detail_of, item_result
from ita_rules.evidence.locate import locate
from ita_rules.loader import load_pack, pack_by_id, pack_dirs
from ita_rules.results.finding import Evidence, ItemFinding
from ita_rules.vocabulary import Reason

from conftest import run_ita

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
PACK = pack_by_id("ita-2568")
CRAWL = dict(delay=0, backoff_base=0.01, retries=1, timeout=5, time_budget=60, max_bytes=5 * 1024 * 1024)


@pytest.fixture(scope="module")
def joomla(tmp_path_factory) -> dict[str, ItemFinding]:
    snap = tmp_path_factory.mktemp("snap-joomla")
    with serve_site(SITES / "joomla-robots") as (_server, base):
        crawl_sync(base + "/", CrawlSettings(**CRAWL), writer=SnapshotWriter(snap, overwrite=True))
    return {f.id: f for f in locate(PACK, 2568, load_pages(SnapshotReader(snap)))}


# ---------------------------------------------------------------------------- class 6: robots


@pytest.mark.parametrize("item", ["o12", "o21", "o23"])
def test_robots_blocked_evidence_is_not_crawled_with_the_rule_quoted(joomla, item):
    f = joomla[item]
    assert (f.outcome, f.reason) == ("not_crawled", "robots_blocked")
    assert "(Disallow: /files/)" in f.evidence[0].note


@pytest.mark.parametrize("text, path, want", [
    ("User-agent: *\nDisallow: /files/\n", "/files/a.pdf", "Disallow: /files/"),
    ("User-agent: *\nDisallow: /\nAllow: /pub/\n", "/pub/x.html", "Allow: /pub/"),
    ("User-agent: *\nDisallow: /*.pdf$\n", "/docs/plan.pdf", "Disallow: /*.pdf$"),
    ("User-agent: *\nDisallow: /*.pdf$\n", "/docs/plan.pdf.html", None),
    ("User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp/\n", "/x", None),
    ("User-agent: ita-rules\nDisallow: /ita/\n\nUser-agent: *\nDisallow: /\n", "/ita/o1", "Disallow: /ita/"),
    ("User-agent: *\nDisallow: /ไฟล์/\n", "/%E0%B9%84%E0%B8%9F%E0%B8%A5%E0%B9%8C/a.pdf", "Disallow: /ไฟล์/"),
])
def test_the_deciding_robots_rule_is_the_longest_match(text, path, want):
    assert deciding_rule(text, "http://a.test" + path, "ita-rules") == want


# ---------------------------------------------------------------------------- classes 2, 4, 14 on the site


@pytest.mark.parametrize("item", ["o11", "o13", "o15", "o22"])
def test_soft_404_rows_are_dead_links_not_off_topic(joomla, item):
    f = joomla[item]
    assert (f.outcome, f.reason) == ("fail", "claimed_link_broken")
    assert "page not found" in f.evidence[0].note


def test_an_empty_blank_page_is_a_dead_link_not_a_wrong_year(joomla):
    assert (joomla["o28"].outcome, joomla["o28"].reason) == ("fail", "claimed_link_broken")


def test_e_service_under_development_fails_as_a_placeholder(joomla):
    assert (joomla["o10"].outcome, joomla["o10"].reason) == ("fail", "placeholder_content")


def test_google_form_behind_sign_in_needs_review(joomla):
    assert (joomla["o18"].outcome, joomla["o18"].reason) == ("needs_review", "login_wall")


# ---------------------------------------------------------------------------- class 14: true reasons, worded


def _detail(reason: str, **ev) -> str:
    finding = ItemFinding(id="o11", outcome=Reason(reason).outcome, reason=reason,
                          evidence=[Evidence(url="http://a.test/x", via="index", **ev)])
    return detail_of(item_result("o11", PACK, finding, "en"), PACK, 2568, "en")


def test_a_dead_link_is_worded_as_dead_with_what_killed_it():
    assert Reason.CLAIMED_LINK_BROKEN.text("en") == "the linked evidence is dead"
    assert _detail("claimed_link_broken", status=404) == "HTTP 404"
    soft = _detail("claimed_link_broken", status=200, note="a 'page not found' page answering HTTP 200: 404")
    assert "page not found" in soft and "200" in soft
    assert _detail("claimed_link_broken", status=200, note="an empty page (0 bytes)") == "an empty page"
    assert _detail("robots_blocked", note="disallowed by http://a.test/robots.txt (Disallow: /files/)") \
        == "by the robots.txt rule Disallow: /files/"


def test_missing_elements_are_named_in_the_items_words():
    got = _detail("element_missing", note="x; elements missing: 1 (no complaint_channels)")
    assert got == "missing: " + PACK.item["o11"].elements[0].text.en


# ---------------------------------------------------------------------------- class 1: declared in the pack


def test_element_checks_are_declared_for_the_items_issue_9_names():
    checkable = {i.id: [e.check is not None for e in i.elements] for i in PACK.items}
    for item in ("o1", "o2", "o3", "o4", "o12", "o17", "o18", "o21"):
        assert any(checkable[item]), item
    assert checkable["o2"] == [True, True, True, True, True, False]  # both sides (LAO only) is for a person


def _pack_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "ita-2568"
    shutil.copytree(next(d for d in pack_dirs() if d.name == "ita-2568"), dst)
    return dst


def test_an_unknown_signal_is_a_pack_error_naming_file_and_line(tmp_path):
    dst = _pack_copy(tmp_path)
    items = dst / "items.yaml"
    items.write_text(items.read_text(encoding="utf-8").replace("{any: [photo], per: person}",
                                                               "{any: [fotos], per: person}"), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(dst)
    assert "fotos" in str(err.value) and "items.yaml:" in str(err.value)


def test_a_bad_signal_pattern_is_a_pack_error_naming_file_and_line(tmp_path):
    dst = _pack_copy(tmp_path)
    signals = dst / "signals.yaml"
    signals.write_text(signals.read_text(encoding="utf-8").replace("patterns: ['[\\w.+-]+@",
                                                                   "patterns: ['([\\w.+-]+@", 1), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(dst)
    assert "regular expression" in str(err.value) and "signals.yaml:" in str(err.value)


def test_rules_show_prints_which_elements_a_machine_checks():
    out = run_ita("rules", "show", "o2", "--lang", "en").stdout
    assert "4. Each executive has a photo" in out
    assert "machine-checked: photo (for every person)" in out
    assert "not machine-checkable: a person judges it" in out
    th = run_ita("rules", "show", "o2").stdout
    assert "ตรวจอัตโนมัติไม่ได้" in th


def test_signals_depending_on_each_other_are_a_pack_error(tmp_path):
    dst = _pack_copy(tmp_path)
    signals = dst / "signals.yaml"
    text = signals.read_text(encoding="utf-8").replace("    login_required:\n",
                                                       "    login_required:\n      unless: online_form\n", 1)
    signals.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(dst)
    assert "depend on each other" in str(err.value) and "signals.yaml:" in str(err.value)
