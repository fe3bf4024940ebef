"""The engine decides measures from website findings: one reason, its own measure; one reason across a
sub-indicator, one grouped entry naming every item."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_rules.deficiency import KINDS
from ita_rules.loader import pack_by_id
from ita_rules.oit import check_deficiencies
from ita_rules.vocabulary import REASON_OUTCOME, Outcome, Reason

PACK = pack_by_id("ita-2568")
ALL_PASS = {i: ("pass", "verified") for i in PACK.item}

# reason -> the measure that fixes exactly that reason (rules/ita-2568/pack.yaml finding-* rules)
REASON_MEASURE = {
    "wrong_year": "m-web-current-year", "claimed_link_broken": "m-web-fix-link",
    "placeholder_link": "m-web-link-evidence", "no_link": "m-web-link-evidence",
    "criterion_text_only": "m-web-link-evidence", "external_unverifiable": "m-web-main-site",
    "login_wall": "m-web-open-access", "forbidden": "m-web-open-access", "image_only_pdf": "m-web-text-document",
    "too_large": "m-web-text-document", "months_missing": "m-web-missing-months",
    "year_unknown": "m-web-state-year", "off_topic": "m-web-right-document", "robots_blocked": "m-web-reachable",
    "fetch_error": "m-web-reachable", "budget": "m-web-reachable",
}


def findings(**changed: str) -> dict[str, tuple[str, str]]:
    out = dict(ALL_PASS)
    for item, reason in changed.items():
        out[item] = (REASON_OUTCOME[Reason(reason)].value, reason)
    return out


@pytest.mark.parametrize("reason", sorted(REASON_MEASURE))
def test_each_reason_selects_its_own_measure(reason):
    got = check_deficiencies(PACK, 2568, findings(o5=reason), "th")
    [d] = [d for d in got if d.items == ["o5"]]
    assert d.reason == reason and d.tool == "OIT" and d.indicator == "9" and d.sub_indicator
    assert [m.id for m in d.measures] == [REASON_MEASURE[reason]]
    assert Reason(reason).text("th") in d.message


def test_nothing_found_gets_the_items_own_measures():
    [d] = [d for d in check_deficiencies(PACK, 2568, findings(o5="not_found"), "en") if d.items == ["o5"]]
    assert [m.id for m in d.measures] == [m.id for m in PACK.measures_for["o5"]]


def test_one_reason_across_a_sub_indicator_is_one_grouped_entry():
    sub = PACK.item["o1"].sub_indicator
    same = [i for i in PACK.item if PACK.item[i].sub_indicator == sub][:3]
    got = check_deficiencies(PACK, 2568, findings(**{i: "claimed_link_broken" for i in same}), "th")
    groups = [d for d in got if d.kind == "finding_group"]
    assert len(groups) == 1 and groups[0].items == same and groups[0].id == f"{sub}:claimed_link_broken"
    assert all(i in groups[0].message for i in same)
    assert [m.id for m in groups[0].measures] == ["m-web-fix-link"]
    assert not [d for d in got if d.kind == "item_finding"]  # members are not repeated one by one


def test_different_reasons_or_sub_indicators_are_not_grouped():
    a, b = "o1", next(i for i in PACK.item if PACK.item[i].sub_indicator != PACK.item["o1"].sub_indicator)
    got = check_deficiencies(PACK, 2568, findings(**{a: "wrong_year", "o2": "no_link", b: "wrong_year"}), "en")
    assert not [d for d in got if d.kind == "finding_group"]
    assert {tuple(d.items) for d in got if d.kind == "item_finding"} == {(a,), ("o2",), (b,)}


def test_a_passing_site_has_no_item_deficiencies():
    assert [d for d in check_deficiencies(PACK, 2568, ALL_PASS, "th") if d.items] == []


# ---------------------------------------------------------------- the engine against a plain computation

FINDING_REASONS = [r.value for r in Reason if r is not Reason.VERIFIED]
FINDINGS = st.dictionaries(st.sampled_from(sorted(PACK.item)), st.sampled_from(FINDING_REASONS), max_size=12)


def reference(changed: dict[str, str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Plain Python: each finding's first matching single rule; groups of >= 2 per (sub-indicator, reason)."""
    facts = {i: {"level": "finding", "outcome": REASON_OUTCOME[Reason(r)].value, "reason": r} for i, r in
             changed.items()}
    singles = [r for r in PACK.deficiency_rules if r.kind == "item_finding"]
    grouping = [r for r in PACK.deficiency_rules if r.kind == "finding_group"]
    rule_of = {i: next(r.id for r in singles if KINDS["item_finding"].reference(r, f)) for i, f in facts.items()}
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    grouped: set[str] = set()
    for g in grouping:
        buckets: dict[tuple[str, str], list[str]] = {}
        for i, f in facts.items():
            if KINDS["finding_group"].reference(g, f) and i not in grouped:
                buckets.setdefault((PACK.item[i].sub_indicator, f["reason"]), []).append(i)
        for (sub, reason), members in buckets.items():
            if len(members) >= 2:
                members = sorted(members, key=list(PACK.item).index)
                grouped.update(members)
                out[f"{sub}:{reason}"] = (g.id, tuple(members))
    for i in changed:
        if i not in grouped:
            out[i] = (rule_of[i], (i,))
    return out


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FINDINGS)
def test_engine_matches_reference_for_findings_groups_and_measures(changed):
    got = [d for d in check_deficiencies(PACK, 2568, findings(**changed), "en") if d.items]
    assert {d.id: (d.rule, tuple(d.items)) for d in got} == reference(changed)
    rules = {r.id: r for r in PACK.deficiency_rules}
    for d in got:
        rule = rules[d.rule] if d.kind == "item_finding" else rules[reference(changed)[d.items[0]][0]] \
            if d.items[0] in reference(changed) else None
        if d.kind == "item_finding":
            want = rule.measures or [m.id for m in PACK.measures_for[d.id]]
            assert [m.id for m in d.measures] == want
        assert d.outcome == REASON_OUTCOME[Reason(d.reason)].value != Outcome.PASS
