"""Roll scores up: questions/items -> indicators -> tools -> total -> level, with explicit gaps."""

from __future__ import annotations

import math
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from .pack import RulePack


class ItemScore(BaseModel):
    """An OIT item as given and as it counts (immutable: equal ones are shared between score cards)."""

    model_config = ConfigDict(frozen=True)

    score: float
    earned: float
    met: bool


class ScoreCard(BaseModel):
    """Every score that could be computed from the inputs, and what is missing for the rest."""

    total: float | None
    level: str | None
    tools: dict[str, float | None]
    tool_parts: dict[str, float | None]
    indicators: dict[str, float | None]
    items: dict[str, ItemScore]
    questions: dict[str, float]
    question_parts: dict[str, float]
    missing: list[str]
    warnings: list[tuple[str, dict]]  # (i18n key, values), rendered in the output language later

    @property
    def complete(self) -> bool:
        """True when the total could be computed."""
        return self.total is not None


def _item_score(score: float, earned: float, met: bool) -> ItemScore:
    if score == 0 and math.copysign(1.0, score) < 0:  # -0.0 is a key equal to 0.0 but is written "-0.0"
        return ItemScore(score=score, earned=earned, met=met)
    return _shared_item_score(score, earned, met)


@lru_cache(maxsize=4096)  # items score 0, 50 or 100 on almost every sheet
def _shared_item_score(score: float, earned: float, met: bool) -> ItemScore:
    return ItemScore(score=score, earned=earned, met=met)


def _r(x: float | None, decimals: int) -> float | None:
    return None if x is None else round(x + 0.0, decimals)


def _mean(values: list[float | None]) -> float | None:
    # What statistics.fmean computes for a list, without its generic handling (run for every indicator).
    return math.fsum(values) / len(values) if values and None not in values else None  # type: ignore[arg-type]


def level_for(pack: RulePack, total: float | None, tools: dict[str, float | None],
              tool_parts: dict[str, float | None]) -> str | None:
    """The best level whose conditions the (rounded) scores meet."""
    if total is None:
        return None
    d = pack.scoring.decimals
    t = round(total, d)
    checked = [v for v in tools.values() if v is not None]
    if pack.scoring.check_tool_parts:
        # A tool split into parts is judged part by part where the parts are known (seed 001).
        checked += [v for v in tool_parts.values() if v is not None]
    for lv in _plan(pack).levels:
        if t < lv.min_total:
            continue
        if lv.min_each_tool is not None and any(round(v, d) < lv.min_each_tool for v in checked):
            continue
        return lv.id
    return None


class _Plan:
    """A pack's roll-up structure as plain ids, built once per pack (scoring runs once per agency)."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self.questions = [(q.id, [f"{q.id}.{p}" for p in q.parts]) for q in pack.questions]
        self.items = [it.id for it in pack.items]
        self.indicators = [(ind.id, pack.members_of[ind.id]) for ind in pack.indicators]
        self.tool_parts = [(f"{t.id}.{p.id}", [f"{q.id}.{p.id}" for q in pack.questions
                                                if p.id in q.parts and pack.indicator[q.indicator].tool == t.id])
                           for t in pack.tools for p in t.parts]
        self.tools = [(t.id, pack.indicators_of[t.id]) for t in pack.tools]
        self.levels = pack.levels_high_to_low()


_PLANS: dict[str, _Plan] = {}


def _plan(pack: RulePack) -> _Plan:
    key = f"{pack.pack.id}@{pack.pack.version}#{pack.digest}"
    plan = _PLANS.get(key)
    if plan is None or plan.pack is not pack:
        plan = _PLANS[key] = _Plan(pack)
    return plan


def _questions(plan: _Plan, scores: dict[str, float]) -> dict[str, float]:
    """Each question given, or the mean of its given parts (e4 from e4.1 and e4.2)."""
    questions: dict[str, float] = {}
    for qid, parts in plan.questions:
        if qid in scores:
            questions[qid] = scores[qid]
        elif parts and all(map(scores.__contains__, parts)):
            questions[qid] = _mean([scores[k] for k in parts])  # type: ignore[assignment]
    return questions


def _items(pack: RulePack, plan: _Plan, scores: dict[str, float]) -> dict[str, ItemScore]:
    """Each given OIT item with the points it earns (binary: all elements published, or nothing)."""
    full = pack.scoring.item_full_marks
    binary = pack.scoring.item_scoring == "binary"
    items: dict[str, ItemScore] = {}
    for iid in plan.items:
        if iid in scores:
            raw = scores[iid]
            met = raw >= full
            earned = (full if met else 0.0) if binary else raw
            items[iid] = _item_score(raw, earned, met)
    return items


def _tool_parts(plan: _Plan, scores: dict[str, float]) -> dict[str, float | None]:
    """Each tool part (EIT.1, EIT.2) given, or the mean of its questions' parts."""
    return {key: scores[key] if key in scores else _mean([scores.get(k) for k in part_keys])
            for key, part_keys in plan.tool_parts}


def score(pack: RulePack, scores: dict[str, float]) -> ScoreCard:
    """Compute a score card from canonical ids (e.g. 'o5', 'e4.1', '9', 'EIT.2', 'OIT')."""
    d = pack.scoring.decimals
    warnings: list[tuple[str, dict]] = []
    plan = _plan(pack)
    question_parts = {k: v for k, v in scores.items() if "." in k and k.split(".")[0] in pack.question}
    questions = _questions(plan, scores)
    items = _items(pack, plan, scores)

    members_value = {**questions, **{i: it.earned for i, it in items.items()}}  # what each adds to its indicator

    def given_or_computed(key: str, computed: float | None) -> float | None:
        # An official figure wins over one rebuilt from its parts; a mismatch is worth a warning.
        if key not in scores:
            return computed
        if computed is not None and abs(computed - scores[key]) > 0.01:
            warnings.append(("given_differs", {"id": key, "given": scores[key], "computed": computed}))
        return scores[key]

    indicators: dict[str, float | None] = {}
    for iid, members in plan.indicators:
        indicators[iid] = given_or_computed(iid, _mean([members_value.get(m) for m in members]) if members else None)

    tool_parts = _tool_parts(plan, scores)

    tools = {tid: given_or_computed(tid, _mean([indicators[i] for i in inds])) for tid, inds in plan.tools}

    total = None
    if all(v is not None for v in tools.values()):
        weight = sum(t.weight for t in pack.tools)
        total = sum(t.weight * tools[t.id] for t in pack.tools) / weight  # type: ignore[operator]

    missing = _missing(pack, scores, tools, indicators) if total is None else []
    return ScoreCard(
        total=_r(total, d),
        level=level_for(pack, total, tools, tool_parts),
        tools={k: _r(v, d) for k, v in tools.items()},
        tool_parts={k: _r(v, d) for k, v in tool_parts.items()},
        indicators={k: _r(v, d) for k, v in indicators.items()},
        items=items,
        questions={k: round(v, d) for k, v in questions.items()},
        question_parts=question_parts,
        missing=missing,
        warnings=warnings,
    )


def _missing(pack: RulePack, scores: dict[str, float], tools: dict[str, float | None],
             indicators: dict[str, float | None]) -> list[str]:
    """The highest-level ids whose absence keeps the total from being computed."""
    out: list[str] = []
    for t in pack.tools:
        if tools[t.id] is not None:
            continue
        inds = pack.indicators_of[t.id]
        touched = [i for i in inds if i in scores or any(_given(pack, m, scores) for m in pack.members_of[i])]
        if not touched:
            out.append(t.id)
            continue
        for i in inds:
            if indicators[i] is not None:
                continue
            members = pack.members_of[i]
            given = [m for m in members if _given(pack, m, scores)]
            if not given:
                out.append(i)
            else:
                out += [_missing_member(pack, m, scores) for m in members if not _complete(pack, m, scores)]
    return out


def _given(pack: RulePack, mid: str, scores: dict[str, float]) -> bool:
    q = pack.question.get(mid)
    return mid in scores or bool(q and any(f"{mid}.{p}" in scores for p in q.parts))


def _complete(pack: RulePack, mid: str, scores: dict[str, float]) -> bool:
    q = pack.question.get(mid)
    return mid in scores or bool(q and q.parts and all(f"{mid}.{p}" in scores for p in q.parts))


def _missing_member(pack: RulePack, mid: str, scores: dict[str, float]) -> str:
    q = pack.question.get(mid)
    if q and q.parts and any(f"{mid}.{p}" in scores for p in q.parts):
        return next(f"{mid}.{p}" for p in q.parts if f"{mid}.{p}" not in scores)
    return mid
