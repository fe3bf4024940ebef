"""Predict OIT scores from per-item outcomes of a website check, honestly as a range."""

from __future__ import annotations

from pydantic import BaseModel

from .assess import deficiencies
from .pack import Lang, RulePack
from .results.assess import Deficiency
from .scoring import score

# Outcomes that might turn out met once a person looks (needs_review) or the site is reachable.
UNSURE = {"needs_review", "not_crawled", "error"}


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
    low = {i: (full if outcomes.get(i) == "pass" else 0.0) for i in pack.item}
    high = {i: (full if outcomes.get(i) == "pass" or outcomes.get(i) in UNSURE else 0.0) for i in pack.item}
    lo, hi = score(pack, low), score(pack, high)
    indicators = {ind: Range(score=lo.indicators[ind], min=lo.indicators[ind], max=hi.indicators[ind])
                  for ind in pack.indicators_of["OIT"]}
    pred = OITPrediction(score=lo.tools["OIT"], min=lo.tools["OIT"], max=hi.tools["OIT"], indicators=indicators)
    return pred, low


def check_deficiencies(pack: RulePack, year: int, outcomes: dict[str, str], lang: Lang,
                       predicted: tuple[OITPrediction, dict[str, float]] | None = None) -> list[Deficiency]:
    """Engine deficiencies for failed items, and for OIT indicators/tool that miss the target even at best."""
    pred, low = predicted or predict(pack, outcomes)
    card = score(pack, low)
    keep_levels = {ind for ind, r in pred.indicators.items() if r.max is not None and r.max < pack.scoring.target}
    if pred.max is not None and pred.max < pack.scoring.target:
        keep_levels.add("OIT")
    found = deficiencies(pack, card, year, lang)
    return [d for d in found if (d.id in pack.item and outcomes.get(d.id) == "fail") or d.id in keep_levels]
