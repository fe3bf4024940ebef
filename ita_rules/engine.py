"""Deficiency rules on durable-rules: one host per process, one session per evaluation.

durable-rules pitfalls handled here (shared/anchors.md §2.1): a Host starts threads that never
stop, so there is one per process; rulesets cannot be replaced, so each pack registers once under
a name that includes its content digest; `set_rulesets` mutates its input, so it gets a fresh
dict; facts persist per sid, so every evaluation uses a new sid and deletes its state; action
errors are swallowed by the engine, so actions record them and `evaluate` raises; type coercion
bites on None and strings, so facts are pydantic-validated with real numbers and booleans.
"""

from __future__ import annotations

import itertools
import threading
from typing import Literal

from durable import engine as durable
from typing_extensions import TypedDict

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from .errors import EngineError
from .pack import DeficiencyRule, RulePack

FactLevel = Literal["tool", "tool_part", "indicator", "item", "question"]

_LEVEL_OF_KIND: dict[str, FactLevel] = {
    "tool_below": "tool",
    "tool_part_below": "tool_part",
    "indicator_below": "indicator",
    "item_not_met": "item",
    "question_below": "question",
    "lowest_question": "question",
}


class Fact(TypedDict):
    """One score as the engine sees it; every field is explicit so no rule meets a null."""

    level: FactLevel
    target: str
    score: float
    met: bool
    lowest: bool
    indicator: str
    tool: str

    __pydantic_config__ = ConfigDict(strict=True, extra="forbid")  # type: ignore[misc]


# Strict: "85" or True never pass as a score (durable-rules would coerce them, shared/anchors.md §2.1).
_FACTS = TypeAdapter(list[Fact])


def validate_facts(facts: list[dict]) -> list[Fact]:
    """Validate facts in one pass; raise EngineError naming the first bad one."""
    try:
        return _FACTS.validate_python(facts)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise EngineError(f"invalid fact {err.get('loc')}: {err.get('msg')}") from None


class Match(BaseModel):
    """A rule that fired on a fact."""

    rule: str
    target: str
    level: FactLevel
    score: float


def rule_expression(rule: DeficiencyRule) -> dict:
    """The durable-rules pattern for one declarative deficiency rule."""
    level = _LEVEL_OF_KIND[rule.kind]
    terms: list[dict] = [{"level": level}]
    if rule.kind == "item_not_met":
        terms.append({"met": False})
    elif rule.kind == "lowest_question":
        terms.append({"lowest": True})
        terms.append({"$lt": {"score": rule.threshold if rule.threshold is not None else 100.0}})
    else:
        terms.append({"$lt": {"score": float(rule.threshold)}})  # type: ignore[arg-type]
    return {"$and": terms}


def compile_ruleset(pack: RulePack) -> dict:
    """The pack's deficiency rules as a durable-rules ruleset definition (rule id = action name)."""
    rules: dict[str, dict] = {
        r.id: {"all": [{"m": rule_expression(r)}], "run": r.id} for r in pack.deficiency_rules
    }
    return rules


class _Host(durable.Host):
    """Routes every action to the session collector of the sid it fired in."""

    def __init__(self) -> None:
        self.sinks: dict[str, dict] = {}
        super().__init__()

    def get_action(self, action_name: str):  # noqa: D102 - durable-rules hook
        def act(c):
            sid = None
            try:
                m = c.m
                sid = m["sid"]
                self.sinks[sid]["matches"].append(Match(rule=action_name, target=m["target"], level=m["level"],
                                                        score=float(m["score"])))
            except Exception as exc:  # the engine would swallow it; keep it for evaluate() to raise
                if sid in self.sinks:
                    self.sinks[sid]["errors"].append(f"{action_name}: {type(exc).__name__}: {exc}")
                else:
                    _orphans.append(f"{action_name}: {type(exc).__name__}: {exc}")

        return act


_orphans: list[str] = []
_lock = threading.Lock()
_host: _Host | None = None
_registered: dict[str, str] = {}
_counter = itertools.count(1)


def _ruleset_for(pack: RulePack) -> str:
    global _host
    if _host is None:
        _host = _Host()
    key = f"{pack.pack.id}@{pack.pack.version}#{pack.digest}"
    name = _registered.get(key)
    if name is None:
        name = f"ita_{len(_registered)}_{pack.digest or 'x'}"
        _host.set_rulesets({name: compile_ruleset(pack)})
        _registered[key] = name
    return name


def can_match(fact: Fact, full_marks: float) -> bool:
    """False for a perfect score: every rule kind is 'below a threshold <= 100' or 'not met'."""
    return not (fact["met"] and fact["score"] >= full_marks)


def evaluate(pack: RulePack, facts: list[dict]) -> list[Match]:
    """Run the pack's deficiency rules over facts in a fresh session; raise EngineError on any failure."""
    checked = [f for f in validate_facts(facts) if can_match(f, pack.scoring.item_full_marks)]
    if not checked:
        return []
    with _lock:
        ruleset = _ruleset_for(pack)
        assert _host is not None
        sid = f"e{next(_counter)}"
        sink: dict = {"matches": [], "errors": []}
        _host.sinks[sid] = sink
        stored = False
        try:
            for n, fact in enumerate(checked):
                try:
                    state = _host.assert_fact(ruleset, {"id": f"{sid}:{n}", "sid": sid, **fact})
                except durable.MessageNotHandledException:
                    continue  # no rule applies to this score: not a deficiency, and the engine kept nothing
                stored = True
                if isinstance(state, dict) and state.get("exception"):
                    sink["errors"].append(str(state["exception"]))
        except Exception as exc:
            sink["errors"].append(f"{type(exc).__name__}: {exc}")
        finally:
            # delete_state on a session that never stored a fact crashes the C core (segfault).
            if stored:
                try:
                    _host.delete_state(ruleset, sid)
                except Exception as exc:
                    sink["errors"].append(f"delete_state: {type(exc).__name__}: {exc}")
            del _host.sinks[sid]
    if sink["errors"]:
        raise EngineError("rule engine failed: " + "; ".join(sink["errors"][:3]))
    order = {r.id: n for n, r in enumerate(pack.deficiency_rules)}
    return sorted(sink["matches"], key=lambda m: (order[m.rule], m.target))
