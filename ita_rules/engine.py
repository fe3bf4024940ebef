"""Deficiency rules on durable-rules: one host per process, one session per evaluation.

durable-rules pitfalls handled here (shared/anchors.md §2.1): a Host starts threads that never
stop and race the caller, so there is one per process and it starts none; rulesets cannot be replaced, so each pack registers once under
a name that includes its content digest; `set_rulesets` mutates its input, so it gets a fresh
dict; facts persist per sid, so every evaluation uses a new sid and deletes its state; action
errors are swallowed by the engine, so actions record them and `evaluate` raises; type coercion
bites on None and strings, so facts are pydantic-validated with real numbers and booleans.

Speed: an evaluation sends all its facts in one call (many agencies may share it, each fact tagged with
its agency), only the fields the rules of its level read, and every rule has a `cap`, so it fires once with all its
matches instead of once per fact. Every rule reads one fact, so what fires on a fact depends only on those fields
(its signature): the engine decides each signature once and its answer is remembered per ruleset, which on a
batch of 10,000 agencies sends it about 20,000 facts instead of 215,000.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import durable_rules_engine
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
class Hit:
    """A rule that fired on the fact at `index` of a session's list."""

    rule: str
    index: int


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


def compile_ruleset(pack: RulePack) -> dict:
    """The pack's deficiency rules as a durable-rules ruleset definition (rule id = action name)."""
    return {r.id: {**KINDS[r.kind].ruleset_entry(r), "cap": CAP} for r in pack.deficiency_rules}


def pattern_fields(ruleset: dict) -> tuple[str, ...]:
    """The fact fields some rule of the ruleset reads (the rest cannot change a match)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            found.update(k for k in node if not k.startswith("$"))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for rule in ruleset.values():
        walk(rule["all"])
    return tuple(sorted(found & set(Fact.__annotations__)))


def fields_by_level(pack: RulePack) -> dict[str, tuple[str, ...]]:
    """Per fact level, the fields the rules of that level read: only these reach the engine, since every
    byte sent is parsed, stored and handed back by the C core. (A kind's pattern matches facts of its level
    only, so no other rule can read a fact's fields.)"""
    out: dict[str, set[str]] = {}
    for r in pack.deficiency_rules:
        kind = KINDS[r.kind]
        out.setdefault(kind.level, set()).update(pattern_fields({r.id: kind.ruleset_entry(r)}))
    return {level: tuple(sorted(fields)) for level, fields in out.items()}


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
        def act(c):
            sid = None
            try:
                # A capped rule hands over a list of Content wrappers: read their plain dicts (`_d`) and never
                # compare the wrappers themselves (shared/anchors.md §2.1). The engine saw only the fields its
                # rules read; the fact's index in the session's list (its id) says which fact fired.
                sent = [x._d for x in c.m]
                sid = sent[0]["sid"]
                hits = self.sinks[sid]["hits"]
                for x in sent:
                    hits.append(Hit(action_name, x["id"]))
            except Exception as exc:  # the engine would swallow it; keep it for evaluate() to raise
                note = f"{action_name}: {type(exc).__name__}: {exc}"
                (self.sinks[sid]["errors"] if sid in self.sinks else _orphans).append(note)

        return act


_orphans: list[str] = []
_lock = threading.Lock()
_host: _Host | None = None
_registered: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {}
_counter = itertools.count(1)


def _ruleset_for(pack: RulePack) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The pack's registered ruleset name and, per fact level, the fields its rules read."""
    global _host
    if _host is None:
        _host = _Host()
    key = f"{pack.pack.id}@{pack.pack.version}#{pack.digest}"
    found = _registered.get(key)
    if found is None:
        name = f"ita_{len(_registered)}_{pack.digest or 'x'}"
        rules = compile_ruleset(pack)
        fields = fields_by_level(pack)
        _host.set_rulesets({name: rules})
        _registered[key] = found = (name, fields)
    return found


_BOUNDS: dict[str, dict[str, float]] = {}


def prefilter(pack: RulePack) -> Callable[[str, float, bool], bool]:
    """Whether a fact (level, score, met) could match some rule of the pack: a conservative test per level, so
    the engine is not sent facts it would turn down. Out are levels no rule reads, scores at or above every
    ceiling of the level's rules, and perfect scores (every score kind is 'below a threshold <= 100' or
    'not met'); the engine decides on everything else."""
    key = f"{pack.pack.id}@{pack.pack.version}#{pack.digest}"
    bounds = _BOUNDS.get(key)
    if bounds is None:
        bounds = {}
        for r in pack.deficiency_rules:
            kind = KINDS[r.kind]
            ceiling = kind.ceiling(r)
            bounds[kind.level] = max(bounds.get(kind.level, -math.inf), math.inf if ceiling is None else ceiling)
        _BOUNDS[key] = bounds
    full = pack.scoring.item_full_marks

    def could_match(level: str, score: float, met: bool) -> bool:
        bound = bounds.get(level)
        if bound is None:
            return False
        return level == "finding" or (score < bound and not (met and score >= full))

    return could_match


_MEMO_MAX = 200_000  # signatures remembered per ruleset (about 40 MB at most); past it the engine decides afresh
_memo: dict[str, dict[tuple, tuple[str, ...]]] = {}


def forget() -> None:
    """Drop every remembered decision (tests use it to make the engine decide each fact)."""
    with _lock:
        _memo.clear()


def evaluate(pack: RulePack, facts: list[dict]) -> list[Match]:
    """Run the pack's deficiency rules over facts; raise EngineError on any failure.

    Facts of many agencies may be evaluated together (each tagged with its `agency`); the matches come
    back ordered by agency, then rule (pack order), then target. Facts whose signature the engine has not
    decided yet go to it in one fresh session.
    """
    could_match = prefilter(pack)
    checked = [f for f in validate_facts(facts) if could_match(f["level"], f["score"], f["met"])]
    if not checked:
        return []
    with _lock:
        ruleset, fields = _ruleset_for(pack)
        memo = _memo.setdefault(ruleset, {})
        sigs = [(f["level"], *[f[k] for k in fields[f["level"]]]) for f in checked]
        fresh: dict[tuple, dict] = {}
        for sig, f in zip(sigs, checked):
            if sig not in memo and sig not in fresh:
                fresh[sig] = f
        decided: dict[tuple, list[str]] = {}
        if fresh:
            sink = _run_session(ruleset, fields, list(fresh.values()))
            if sink["errors"]:
                raise EngineError("rule engine failed: " + "; ".join(sink["errors"][:3]))
            order = list(fresh)
            decided = {sig: [] for sig in order}
            for hit in sink["hits"]:
                decided[order[hit.index]].append(hit.rule)
            room = _MEMO_MAX - len(memo)
            memo.update((sig, tuple(rules)) for sig, rules in itertools.islice(decided.items(), max(room, 0)))
        fired = [decided[sig] if sig in decided else memo[sig] for sig in sigs]
    order_of = {r.id: n for n, r in enumerate(pack.deficiency_rules)}
    matches = [Match(rule, f["agency"], f["target"], f["level"], float(f["score"]), f["sub_indicator"], f["reason"])
               for f, rules in zip(checked, fired) for rule in rules]
    return sorted(matches, key=lambda m: (m.agency, order_of[m.rule], m.target))


def _run_session(ruleset: str, fields: dict[str, tuple[str, ...]], facts: list[Fact]) -> dict:
    assert _host is not None
    sid = f"e{next(_counter)}"
    sink: dict = {"hits": [], "errors": []}
    _host.sinks[sid] = sink
    rules = _host.get_ruleset(ruleset)
    created = False
    try:
        batch = json.dumps([{"id": n, "sid": sid, **{k: f[k] for k in fields[f["level"]]}}
                            for n, f in enumerate(facts)], ensure_ascii=False)
        # One call to the C core stores every fact a rule handles. durable's own `assert_facts` raises when any
        # fact matches no rule (usual here: a fact that is no deficiency), runs no action then, and its
        # exception re-serialises the whole batch; the C call reports the session's state either way.
        code, state_offset = durable_rules_engine.assert_facts(rules._handle, batch)
        created = True  # the first fact of a sid creates its state, handled or not (durable-rules 2.0.28)
        if code not in (_OK, _NOT_HANDLED):
            raise EngineError(f"the rule engine refused the facts (code {code})")
        _act(rules, state_offset, sink)
    except Exception as exc:
        sink["errors"].append(f"{type(exc).__name__}: {exc}")
    finally:
        # delete_state on a sid the core never saw crashes it (segfault).
        if created:
            try:
                _host.delete_state(ruleset, sid)
            except Exception as exc:
                sink["errors"].append(f"delete_state: {type(exc).__name__}: {exc}")
        del _host.sinks[sid]
    return sink


_OK, _NOT_HANDLED = 0, 1  # durable_rules_engine result codes (2: already observed, i.e. a duplicate fact)


def _act(rules, state_offset: int, sink: dict) -> None:
    """Run every action the session's facts made pending; an action error lands in the sink."""
    outcome: list = [None, None]

    def done(error, state) -> None:
        outcome[:] = [error, state]

    rules.do_actions(state_offset, done)
    if outcome[0]:
        raise outcome[0]
    if isinstance(outcome[1], dict) and outcome[1].get("exception"):  # durable swallows errors into the state
        sink["errors"].append(str(outcome[1]["exception"]))
