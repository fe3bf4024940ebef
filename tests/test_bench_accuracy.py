"""The accuracy benchmark's scoring (benchmarks/accuracy.py) on tiny synthetic cases."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ita_rules.loader import pack_for_year

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "accuracy.py"
BASE = "http://127.0.0.1:4321"


@pytest.fixture(scope="module")
def acc():
    spec = importlib.util.spec_from_file_location("_bench_accuracy", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["_bench_accuracy"] = mod
    try:
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.modules.pop("_bench_accuracy", None)


def _expected(acc, tmp_path: Path) -> dict:
    (tmp_path / "expected.yaml").write_text("""
site: tiny
fiscal_year: 2568
items:
  o1: {outcome: pass, evidence: [/เกี่ยวกับ/], why: x}
  o2: {outcome: fail, evidence: [], why: x}
  o3: {outcome: needs_review, evidence: [/scan.pdf], why: x}
  o4: {outcome: fail, accept: [fail, needs_review], evidence: [], why: x}
  o5: {outcome: pass, evidence: ["/index.php?option=a&id=2", /other.pdf], why: x}
  o6: {outcome: not_crawled, evidence: [/files/x.pdf], why: x}
  o7: {outcome: pass, evidence: [/right.pdf], why: x}
""", encoding="utf-8")
    year, exp = acc.load_expected(tmp_path)
    assert year == 2568
    return exp


def _result(items: list[dict]) -> dict:
    return {"coverage": {"pages_fetched": 17}, "items": items}


def test_counts_false_passes_fails_and_evidence(acc, tmp_path) -> None:
    exp = _expected(acc, tmp_path)
    result = _result([
        {"id": "o1", "outcome": "pass", "reason": "verified",
         "evidence": [{"url": BASE + "/%E0%B9%80%E0%B8%81%E0%B8%B5%E0%B9%88%E0%B8%A2%E0%B8%A7%E0%B8%81%E0%B8%B1%E0%B8%9A/"}]},
        {"id": "o2", "outcome": "pass", "reason": "verified", "evidence": [{"url": BASE + "/x.html"}]},  # false pass
        {"id": "o3", "outcome": "fail", "reason": "off_topic", "evidence": []},  # false fail
        {"id": "o4", "outcome": "needs_review", "reason": "empty", "evidence": []},  # accepted alternative
        {"id": "o5", "outcome": "pass", "reason": "verified",
         "evidence": [{"url": BASE + "/index.php?id=2&option=a#top"}]},  # parameter order and fragment ignored
        # o6 missing from the output: wrong, but neither a false pass nor a false fail
        {"id": "o7", "outcome": "pass", "reason": "verified", "evidence": [{"url": BASE + "/wrong.pdf"}]},
    ])
    s = acc.score_site(exp, acc.tool_items(result), BASE, "tiny")
    assert (s.items, s.correct, s.false_passes, s.false_fails) == (7, 4, 1, 1)
    assert (s.correct_passes, s.evidence_right) == (3, 2)
    assert s.accuracy == pytest.approx(4 / 7) and s.evidence_accuracy == pytest.approx(2 / 3)
    wrong = {m["item"]: m for m in s.mistakes}
    assert set(wrong) == {"o2", "o3", "o6", "o7"}
    assert wrong["o6"]["got"] == "missing" and wrong["o7"]["evidence_ok"] is False
    assert wrong["o7"]["evidence"] == "/wrong.pdf"
    assert acc.requests_made(result) == 17


def test_truth_needs_review_tool_pass_is_a_false_pass(acc, tmp_path) -> None:
    exp = _expected(acc, tmp_path)
    for code in ("o3", "o4", "o6"):  # needs_review, fail-or-needs_review, not_crawled
        s = acc.score_site({code: exp[code]}, {code: {"outcome": "pass", "reason": "", "evidence": []}})
        assert (s.correct, s.false_passes, s.false_fails) == (0, 1, 0), code
    s = acc.score_site({"o6": exp["o6"]}, {"o6": {"outcome": "fail", "reason": "", "evidence": []}})
    assert (s.false_passes, s.false_fails) == (0, 1)  # never fail what we did not fetch
    s = acc.score_site({"o4": exp["o4"]}, {"o4": {"outcome": "fail", "reason": "", "evidence": []}})
    assert (s.correct, s.false_fails) == (1, 0)


def test_tolerates_renamed_shapes(acc) -> None:
    items = acc.tool_items({"findings": {"O1": {"status": {"value": "PASS"}, "evidence": ["http://h/a"]}}})
    assert items == {"o1": {"outcome": "pass", "reason": "", "evidence": ["http://h/a"]}}
    assert acc.requests_made({"crawl": {"requests": 5}}) == 5 and acc.requests_made({}) == 0


def test_norm_url(acc) -> None:
    assert acc.norm_url("https://docs.google.com/forms/d/x/viewform#a") == "https://docs.google.com/forms/d/x/viewform"
    assert acc.norm_url("http://other.test/a", BASE) == "http://other.test/a"
    assert acc.norm_url(BASE + "/a%20b/?b=2&a=1") == BASE + "/a%20b/?b=2&a=1"  # no base: kept absolute
    assert acc.norm_url(BASE + "/a%20b/?b=2&a=1", BASE) == "/a b/?a=1&b=2"
    assert acc.norm_url("/index.php?option=com_content&view=article&id=12&Itemid=103") == \
        "/index.php?Itemid=103&id=12&option=com_content&view=article"


def test_totals_and_violations(acc, tmp_path) -> None:
    exp = _expected(acc, tmp_path)
    good = acc.score_site({"o1": exp["o1"]}, {"o1": {"outcome": "pass", "reason": "", "evidence": ["/เกี่ยวกับ/"]}})
    bad = acc.score_site({"o2": exp["o2"]}, {"o2": {"outcome": "pass", "reason": "", "evidence": []}})
    total = acc.Score()
    total.add(good)
    assert acc.violations({"a": good}, total) == []
    total.add(bad)
    assert total.items == 2 and total.correct == 1 and total.false_passes == 1
    missed = acc.violations({"a": good, "b": bad}, total)
    assert missed == ["b: 1 false pass(es)", "corpus accuracy 0.500 < 0.97"]
    assert set(total.to_dict()) >= {"accuracy", "evidence_accuracy", "false_passes", "requests", "seconds"}


def test_corpus_is_every_labelled_site(acc) -> None:
    names = acc.corpus_sites()
    assert {"demo", "traps", "school-wp", "numeric-cms", "joomla-robots", "wp-dead-docs"} <= set(names)
    for name in names:
        year, items = acc.load_expected(acc.SITES_DIR / name)
        assert list(items) == [it.id for it in pack_for_year(year).items]  # FY2568's 28 items, FY2569's 26
