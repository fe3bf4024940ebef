"""The durable-rules engine behind one small interface: sessions, errors, validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_rules import engine
from ita_rules.errors import EngineError


def fact(level="tool", target="OIT", score=70.0, met=False, lowest=False, indicator="", tool="OIT"):
    f = engine.make_fact(level, target, 0.0, met=met, lowest=lowest, indicator=indicator, tool=tool)
    f["score"] = score  # raw, so strict validation sees exactly what the test passes
    return f


def test_more_sessions_than_the_engine_cap_in_one_process(pack2568):
    # durable-rules keeps every session's facts unless deleted; past ~1,024 live sessions it fails.
    for n in range(1500):
        engine.forget()  # else the engine decides a score once and no session is opened
        got = engine.evaluate(pack2568, [fact(score=50.0 + n % 30)])
        assert [(m.rule, m.target) for m in got] == [("tool-below-target", "OIT")]


def test_sessions_do_not_leak_into_each_other(pack2568):
    engine.forget()
    assert engine.evaluate(pack2568, [fact(level="item", target="o5", score=0.0, indicator="9")])
    assert engine.evaluate(pack2568, [fact(level="item", target="o5", score=100.0, met=True, indicator="9")]) == []
    assert engine.evaluate(pack2568, [fact(score=90.0, met=True)]) == []


def test_facts_are_validated_strictly(pack2568):
    with pytest.raises(EngineError, match="invalid fact"):
        engine.evaluate(pack2568, [fact(score="70")])
    with pytest.raises(EngineError, match="invalid fact"):
        engine.evaluate(pack2568, [{**fact(), "colour": "red"}])
    with pytest.raises(EngineError, match="invalid fact"):
        engine.evaluate(pack2568, [fact(level="page")])


def test_action_errors_are_raised_not_swallowed(pack2568, monkeypatch):
    def boom(*_, **__):
        raise RuntimeError("collector broke")

    engine.forget()
    monkeypatch.setattr(engine, "Hit", boom)
    with pytest.raises(EngineError, match="collector broke"):
        engine.evaluate(pack2568, [fact()])
    monkeypatch.undo()
    assert engine.evaluate(pack2568, [fact()])  # the engine is still usable afterwards


def test_rules_compile_from_pack_data(pack2568):
    rs = engine.compile_ruleset(pack2568)
    assert set(rs) == {r.id for r in pack2568.deficiency_rules}
    assert rs["tool-below-target"]["all"][0]["m"] == {"$and": [{"level": "tool"}, {"$lt": {"score": 85.0}}]}


def test_many_agencies_share_a_session_without_mixing(pack2568):
    # One evaluation for many agencies, each fact tagged with its agency: each gets exactly its own matches.
    facts = []
    for n in range(60):
        f = fact(score=50.0 + n % 40)
        f["agency"] = f"a{n}"
        facts.append(f)
    got = engine.evaluate(pack2568, facts)
    assert [(m.agency, m.rule, m.score) for m in got] == sorted(
        (f"a{n}", "tool-below-target", 50.0 + n % 40) for n in range(60) if 50.0 + n % 40 < 85)


def test_a_rule_with_more_matches_than_its_cap_reports_them_all(pack2568):
    engine.forget()
    facts = []
    for n in range(engine.CAP * 2 + 7):
        f = fact(score=float(n % 80))
        f["agency"] = str(n)
        facts.append(f)
    facts = [{**f, "score": float(n) / 10} for n, f in enumerate(facts)]  # distinct, so the engine sees them all
    got = engine.evaluate(pack2568, facts)
    assert sorted(int(m.agency) for m in got) == [n for n in range(len(facts)) if n / 10 < 85]
    assert engine.evaluate(pack2568, [fact()])  # and the next session starts clean


@settings(max_examples=300, deadline=None)
@given(level=st.sampled_from(["tool", "tool_part", "indicator", "item", "question", "finding"]),
       score=st.one_of(st.sampled_from([0.0, 84.99, 85.0, 99.99, 100.0]), st.floats(min_value=0, max_value=100)),
       met=st.booleans(), lowest=st.booleans(), reason=st.sampled_from(["wrong_year", "no_link", "not_found"]))
def test_the_prefilter_never_leaves_out_a_fact_a_rule_matches(level, score, met, lowest, reason):
    # Facts the prefilter drops never reach the engine, so no rule's pattern may match one of them.
    from ita_rules.deficiency import KINDS
    from ita_rules.loader import pack_by_id

    for pack in (pack_by_id("ita-2568"), pack_by_id("ita-2563")):
        f = {**engine.make_fact(level, "x", score, met=met, lowest=lowest, reason=reason,
                                outcome="fail" if level == "finding" else "")}
        if any(KINDS[r.kind].reference(r, f) for r in pack.deficiency_rules):
            assert engine.prefilter(pack)(level, score, met)


def test_only_the_fields_rules_read_reach_the_engine(pack2568):
    assert engine.fields_by_level(pack2568) == {
        "tool": ("level", "score"), "tool_part": ("level", "score"), "indicator": ("level", "score"),
        "item": ("level", "met"), "question": ("level", "lowest", "score"), "finding": ("level", "reason")}
    ruleset = engine.compile_ruleset(pack2568)
    assert engine.pattern_fields(ruleset) == ("level", "lowest", "met", "reason", "score")  # no rule names outcomes
    ruleset["x"] = {"all": [{"m": {"$and": [{"level": "finding"}, {"$or": [{"outcome": "fail"}, {"tool": "OIT"}]}]}}]}
    assert engine.pattern_fields(ruleset) == ("level", "lowest", "met", "outcome", "reason", "score", "tool")


def test_every_pattern_matches_its_own_level_only(pack2568):
    # The prefilter and the per-level fields rely on it: a rule of a kind sees facts of the kind's level only.
    from ita_rules.deficiency import KINDS
    from ita_rules.loader import pack_by_id

    for pack in (pack2568, pack_by_id("ita-2563")):
        for r in pack.deficiency_rules:
            pattern = engine.compile_ruleset(pack)[r.id]["all"][0]["m"]
            assert {"level": KINDS[r.kind].level} in pattern["$and"]


def test_the_engine_decides_each_signature_once(pack2568, monkeypatch):
    # Facts with the same fields a rule reads get the same answer; only unseen ones reach a session.
    engine.forget()
    sent: list[int] = []
    real = engine._run_session
    monkeypatch.setattr(engine, "_run_session", lambda r, f, facts: sent.append(len(facts)) or real(r, f, facts))
    facts = [dict(fact(score=70.0), agency=f"a{n}") for n in range(50)] + [fact(score=95.0)]
    first = engine.evaluate(pack2568, facts)
    assert sent == [1] and len(first) == 50  # one fact decided for 50 agencies (95 is above every threshold)
    again = engine.evaluate(pack2568, [dict(fact(score=70.0), agency="z"), dict(fact(score=60.0), agency="z")])
    assert sent == [1, 1] and sorted(m.score for m in again) == [60.0, 70.0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["tool", "tool_part", "indicator", "item", "question"]),
                          st.sampled_from([0.0, 50.0, 84.99, 85.0, 99.5, 100.0]), st.booleans(), st.booleans()),
                min_size=1, max_size=30))
def test_remembered_decisions_equal_fresh_ones(rows):
    from ita_rules.loader import pack_by_id

    pack = pack_by_id("ita-2568")
    facts = []
    for n, (level, score, met, lowest) in enumerate(rows):
        facts.append(engine.make_fact(level, f"t{n}", score, met=met, lowest=lowest, agency=f"a{n % 3}"))
    remembered = engine.evaluate(pack, facts)
    engine.forget()
    assert engine.evaluate(pack, facts) == remembered
