"""Hypothesis properties of scoring, levels and the rule engine."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_rules.assess import assess
from ita_rules.loader import pack_by_id
from ita_rules.scoring import score
from ita_rules.sheet import Sheet

PACK = pack_by_id("ita-2568")
IDS = sorted(PACK.known_ids - set(PACK.question))  # plain question ids shadow their parts; use parts
SCORE = st.one_of(st.sampled_from([0.0, 50.0, 84.99, 85.0, 94.99, 95.0, 100.0]),
                  st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 2)))
SCORES = st.dictionaries(st.sampled_from(IDS), SCORE, max_size=len(IDS))
FULL = st.fixed_dictionaries({i: SCORE for i in [*PACK.item, *(f"{q}.{p}" for q in PACK.question
                                                             for p in PACK.question[q].parts),
                                                   *(q for q in PACK.question if not PACK.question[q].parts),
                                                   *(i for i in PACK.indicator if not PACK.members_of[i])]})
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(SCORES)
def test_every_score_within_0_100(scores):
    card = score(PACK, scores)
    values = [card.total, *card.tools.values(), *card.tool_parts.values(), *card.indicators.values(),
              *card.questions.values()]
    assert all(0 <= v <= 100 for v in values if v is not None)


@FAST
@given(FULL, st.data())
def test_raising_an_input_never_lowers_total_or_level(scores, data):
    key = data.draw(st.sampled_from(sorted(scores)))
    raised = dict(scores)
    raised[key] = data.draw(st.floats(min_value=scores[key], max_value=100, allow_nan=False))
    before, after = score(PACK, scores), score(PACK, raised)
    assert before.total is not None and after.total is not None
    assert after.total >= before.total
    assert PACK.level_rank(after.level) <= PACK.level_rank(before.level)


@FAST
@given(SCORES)
def test_level_agrees_with_tool_scores(scores):
    card = score(PACK, scores)
    if card.total is None:
        assert card.level is None
        return
    tools = [v for v in card.tools.values()]
    parts = [v for v in card.tool_parts.values() if v is not None]
    lowest = min(tools + parts)
    t = card.total
    if t >= 95 and lowest >= 95:
        expected = "excellent"
    elif t >= 85 and lowest >= 85:
        expected = "good"
    elif t >= 85:
        expected = "pass"
    elif t >= 70:
        expected = "improve"
    else:
        expected = "urgent"
    assert card.level == expected


def reference_deficiencies(card) -> dict[str, str]:
    """A plain re-statement of the pack's rules, independent of the engine: target -> rule id."""
    found: dict[str, str] = {}

    def add(target, rule):
        found.setdefault(target, rule)

    for rule in PACK.deficiency_rules:
        thr = rule.threshold
        if rule.kind == "tool_below":
            for k, v in card.tools.items():
                if v is not None and v < thr:
                    add(k, rule.id)
        elif rule.kind == "tool_part_below":
            for k, v in card.tool_parts.items():
                if v is not None and v < thr:
                    add(k, rule.id)
        elif rule.kind == "indicator_below":
            for k, v in card.indicators.items():
                if v is not None and v < thr:
                    add(k, rule.id)
        elif rule.kind == "item_not_met":
            for k, it in card.items.items():
                if it.score < 100:
                    add(k, rule.id)
        elif rule.kind == "question_below":
            for k, v in card.questions.items():
                if v < thr:
                    add(k, rule.id)
        elif rule.kind == "lowest_question":
            for ind in PACK.indicator:
                vals = {q: v for q, v in card.questions.items() if PACK.question[q].indicator == ind}
                if vals:
                    low = min(vals.values())
                    for q, v in vals.items():
                        if v == low and v < thr:
                            add(q, rule.id)
    return found


@FAST
@given(SCORES)
def test_engine_matches_reference_computation(scores):
    result = assess(Sheet(agency="ทดสอบ", year=2568, scores=scores), pack=PACK)
    got = {d.id: d.rule for d in result.deficiencies}
    assert got == reference_deficiencies(score(PACK, scores))


def test_a_given_figure_wins_over_its_parts_with_a_warning():
    card = score(PACK, {"7": 90.0, "e4.1": 50.0, "e4.2": 50.0, "e5": 50.0, "e6": 50.0, "EIT": 10.0, "6": 90, "8": 90})
    assert card.indicators["7"] == 90.0 and card.tools["EIT"] == 10.0
    assert [(k, v["id"]) for k, v in card.warnings] == [("given_differs", "7"), ("given_differs", "EIT")]
