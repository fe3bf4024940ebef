"""Predict OIT scores from per-item outcomes of a website check, honestly as a range."""

from __future__ import annotations

from pydantic import BaseModel

from . import engine
from .assess import measure_out
from .deficiencies import build, finding_facts, score_facts
from .pack import Lang, RulePack
from .results.assess import Deficiency
from .scoring import score
from .vocabulary import Outcome


class Range(BaseModel):
    """A score as verified (score = min) and the best it could be if every unsure item is met."""

    score: float | None
    min: float | None
    max: float | None


class OITPrediction(BaseModel):
    """Predicted OIT tool and indicator scores."""

    score: float | None
    min: float | None
    max: float | None
    indicators: dict[str, Range]


def predict(pack: RulePack, outcomes: dict[str, str]) -> tuple[OITPrediction, dict[str, float]]:
    """Binary item scores under the verified-only and the best case; returns the verified item scores too."""
    full = pack.scoring.item_full_marks
    low = {i: (full if outcomes.get(i) == Outcome.PASS else 0.0) for i in pack.item}
    high = {i: (full if outcomes.get(i) == Outcome.PASS or Outcome(outcomes.get(i, "error")).unsure else 0.0)
            for i in pack.item}
    lo, hi = score(pack, low), score(pack, high)
    indicators = {ind: Range(score=lo.indicators[ind], min=lo.indicators[ind], max=hi.indicators[ind])
                  for ind in pack.indicators_of["OIT"]}
    pred = OITPrediction(score=lo.tools["OIT"], min=lo.tools["OIT"], max=hi.tools["OIT"], indicators=indicators)
    return pred, low


def check_deficiencies(pack: RulePack, year: int, findings: dict[str, tuple[str, str]], lang: Lang,
                       predicted: tuple[OITPrediction, dict[str, float]] | None = None,
                       notes: dict[str, str] | None = None) -> list[Deficiency]:
    """Deficiencies of a website check: every item not verified, by its reason, and the OIT indicators and
    tool that miss the target even if every unsure item turns out met."""
    outcomes = {i: o for i, (o, _) in findings.items()}
    pred, low = predicted or predict(pack, outcomes)
    keep = {ind for ind, r in pred.indicators.items() if r.max is not None and r.max < pack.scoring.target}
    if pred.max is not None and pred.max < pack.scoring.target:
        keep.add("OIT")
    levels = [f for f in score_facts(pack, score(pack, low)) if f["level"] in ("tool", "indicator")
              and f["target"] in keep]
    facts = levels + finding_facts(pack, findings)
    return build(pack, engine.evaluate(pack, facts), year, lang, measure_out, findings=findings, notes=notes)
