"""Deficiency rules on durable-rules: one host per process, one session per evaluation.

durable-rules pitfalls handled here (shared/anchors.md §2.1): a Host starts threads that never
stop and race the caller, so there is one per process and it starts none; rulesets cannot be replaced, so each pack registers once under
a name that includes its content digest; `set_rulesets` mutates its input, so it gets a fresh
dict; facts persist per sid, so every evaluation uses a new sid and deletes its state; action
errors are swallowed by the engine, so actions record them and `evaluate` raises; type coercion
bites on None and strings, so facts are pydantic-validated with real numbers and booleans.

Speed: an evaluation asserts all its facts in one call (many agencies may share it, each fact tagged
with its agency) and every rule has a `cap`, so it fires once with all its matches instead of once per
fact; a batch that holds a fact no rule handles raises before the engine runs any action, so a last
`_flush` fact, which the engine's own rule always handles, runs them.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Literal

from durable import engine as durable
from pydantic import ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from .deficiency import KINDS
from .errors import EngineError
from .pack import RulePack

FactLevel = Literal["tool", "tool_part", "indicator", "item", "question", "finding"]


class Fact(TypedDict):
    """One score or website finding as the engine sees it; every field is explicit so no rule meets a null."""

    agency: str  # facts of many agencies may share a session; grouped rules never mix them
    level: FactLevel
    target: str
    score: float
    met: bool
    lowest: bool
    indicator: str
    sub_indicator: str
    tool: str
    outcome: str  # website findings: the check's outcome and reason ("" for scores)
    reason: str

    __pydantic_config__ = ConfigDict(strict=True, extra="forbid")  # type: ignore[misc]


# Strict: "85" or True never pass as a score (durable-rules would coerce them, shared/anchors.md §2.1).
_FACTS = TypeAdapter(list[Fact])


def make_fact(level: FactLevel, target: str, score: float = 0.0, *, met: bool = False, lowest: bool = False,
              indicator: str = "", sub_indicator: str = "", tool: str = "", outcome: str = "", reason: str = "",
              agency: str = "") -> dict:
    """A fact with every field present (the one way facts are built)."""
    return {"agency": agency, "level": level, "target": target, "score": float(score), "met": met,
            "lowest": lowest, "indicator": indicator, "sub_indicator": sub_indicator, "tool": tool,
            "outcome": str(outcome), "reason": str(reason)}


def validate_facts(facts: list[dict]) -> list[Fact]:
    """Validate facts in one pass; raise EngineError naming the first bad one."""
    try:
        return _FACTS.validate_python(facts)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise EngineError(f"invalid fact {err.get('loc')}: {err.get('msg')}") from None


@dataclass(frozen=True, slots=True)
class Match:
    """A rule that fired on one fact (with the fact's grouping fields)."""

    rule: str
    agency: str
    target: str
    level: FactLevel
    score: float
    sub_indicator: str = ""
    reason: str = ""


CAP = 1000  # matches handed to one action call; a rule with more fires again with the rest
_FLUSH = "_flush"  # the engine's own rule (pack rule ids are slugs, never starting with "_")


def compile_ruleset(pack: RulePack) -> dict:
    """The pack's deficiency rules as a durable-rules ruleset definition (rule id = action name)."""
    return {r.id: {**KINDS[r.kind].ruleset_entry(r), "cap": CAP} for r in pack.deficiency_rules}


class _Host(durable.Host):
    """Routes every action to the session collector of the sid it fired in."""

    def __init__(self) -> None:
        self.sinks: dict[str, dict] = {}
        super().__init__()

    def _run(self) -> None:
        """Start no background threads: durable's dispatch timers call into the C core unlocked while the
        caller asserts facts; here facts are asserted and acted on synchronously and nothing is queued or
        timed, so there is nothing for them to dispatch."""

    def get_action(self, action_name: str):  # noqa: D102 - durable-rules hook
        if action_name == _FLUSH:
            return _flushed

        def act(c):
            sid = None
            try:
                # A capped rule hands over a list of Content wrappers: read their plain dicts (`_d`) and never
                # compare the wrappers themselves (shared/anchors.md §2.1).
                facts = [x._d for x in c.m]
                sid = facts[0]["sid"]
                matches = self.sinks[sid]["matches"]
                for f in facts:
                    matches.append(Match(rule=action_name, agency=f["agency"], target=f["target"],
                                         level=f["level"], score=float(f["score"]),
                                         sub_indicator=f["sub_indicator"], reason=f["reason"]))
            except Exception as exc:  # the engine would swallow it; keep it for evaluate() to raise
                note = f"{action_name}: {type(exc).__name__}: {exc}"
                (self.sinks[sid]["errors"] if sid in self.sinks else _orphans).append(note)

        return act


def _flushed(c) -> None:
    """The flush fact's action: nothing to record (its assert ran the pending actions)."""


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
        rules = compile_ruleset(pack)
        rules[_FLUSH] = {"all": [{"m": {"level": _FLUSH}}], "run": _FLUSH}
        _host.set_rulesets({name: rules})
        _registered[key] = name
    return name


def can_match(fact: Fact, full_marks: float) -> bool:
    """False for a perfect score: every score kind is 'below a threshold <= 100' or 'not met'."""
    return fact["level"] == "finding" or not (fact["met"] and fact["score"] >= full_marks)


def evaluate(pack: RulePack, facts: list[dict]) -> list[Match]:
    """Run the pack's deficiency rules over facts in a fresh session; raise EngineError on any failure.

    Facts of many agencies may be evaluated together (each tagged with its `agency`); the matches come
    back ordered by agency, then rule (pack order), then target.
    """
    checked = [f for f in validate_facts(facts) if can_match(f, pack.scoring.item_full_marks)]
    if not checked:
        return []
    with _lock:
        sink = _run_session(_ruleset_for(pack), checked)
    if sink["errors"]:
        raise EngineError("rule engine failed: " + "; ".join(sink["errors"][:3]))
    order = {r.id: n for n, r in enumerate(pack.deficiency_rules)}
    return sorted(sink["matches"], key=lambda m: (m.agency, order[m.rule], m.target))


def _run_session(ruleset: str, facts: list[Fact]) -> dict:
    assert _host is not None
    sid = f"e{next(_counter)}"
    sink: dict = {"matches": [], "errors": []}
    _host.sinks[sid] = sink
    stored = False
    try:
        batch = [{"id": f"{sid}:{n}", "sid": sid, **fact} for n, fact in enumerate(facts)]
        try:
            _note(sink, _host.assert_facts(ruleset, batch))
            stored = True
        except durable.MessageNotHandledException:
            pass  # some fact matched no rule (not a deficiency); the handled ones are stored, actions pending
        # The flush fact is always handled: asserting it stores it and runs every pending action of the sid.
        _note(sink, _host.assert_fact(ruleset, {"id": f"{sid}:{_FLUSH}", "sid": sid, "level": _FLUSH}))
        stored = True
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
    return sink


def _note(sink: dict, state: object) -> None:
    """Keep an action error the engine reported in the returned state instead of raising."""
    if isinstance(state, dict) and state.get("exception"):
        sink["errors"].append(str(state["exception"]))
