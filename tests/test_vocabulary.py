"""One vocabulary, one catalogue: every outcome, reason, word and deficiency kind is defined once."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from ita_rules import pack as pack_module
from ita_rules.deficiency import KINDS
from ita_rules.vocabulary import REASON_OUTCOME, Outcome, Reason
from ita_rules.words import WORDS, say

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_outcome_has_a_rank_and_both_languages(outcome):
    assert isinstance(outcome.rank, int)
    assert outcome.text("th") and outcome.text("en") and outcome.text("th") != outcome.value


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_an_outcome_an_order_and_both_languages(reason):
    assert reason in REASON_OUTCOME
    assert isinstance(reason.order, int)
    assert reason.text("th") and reason.text("en")


def test_outcomes_rank_from_pass_to_error_and_know_what_is_unsure():
    assert [o.value for o in sorted(Outcome, key=lambda o: o.rank)] == [
        "pass", "needs_review", "not_crawled", "fail", "error"]
    assert {o for o in Outcome if o.unsure} == {Outcome.NEEDS_REVIEW, Outcome.NOT_CRAWLED, Outcome.ERROR}


def test_enums_are_their_strings():
    assert {"pass": 1}[Outcome.PASS] == 1 and Reason("wrong_year") is Reason.WRONG_YEAR


def test_every_word_has_thai_and_english():
    for key, (th, en) in WORDS.items():
        assert th.strip() and en.strip(), key
    with pytest.raises(KeyError):
        say("no.such.word", "th")


def test_no_other_module_holds_a_wording_table():
    """A dict literal keyed 'th' and 'en' outside the catalogue is a second wording table."""
    offenders = []
    for pkg in ("ita_rules", "crawler", "cli"):
        for path in (ROOT / pkg).rglob("*.py"):
            if path.name == "words.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Dict):
                    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                    if {"th", "en"} <= keys:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_deficiency_kinds_match_the_pack_vocabulary():
    assert set(typing.get_args(pack_module.DeficiencyKind)) == set(KINDS)
    for kind in KINDS.values():
        assert kind.__doc__ and kind.__doc__.strip(), kind
