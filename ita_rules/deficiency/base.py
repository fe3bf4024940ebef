"""What every deficiency kind defines: the facts it reads, its durable-rules pattern, its effect and its measures."""

from __future__ import annotations

from typing import ClassVar

from ..pack import DeficiencyRule, Measure, RulePack


class Kind:
    """A kind of deficiency; subclasses are one per module and their docstring is the user documentation."""

    name: ClassVar[str]
    level: ClassVar[str]  # the fact level the kind matches: tool, tool_part, indicator, item, question, finding
    needs_threshold: ClassVar[bool] = True
    groups: ClassVar[bool] = False  # True when matches are pooled per (agency, sub-indicator, reason)

    @classmethod
    def pattern(cls, rule: DeficiencyRule) -> dict:
        """The durable-rules condition on one fact (`m`); 'below the threshold' unless a kind says otherwise."""
        return {"$and": [{"level": cls.level}, {"$lt": {"score": float(rule.threshold)}}]}  # type: ignore[arg-type]

    @classmethod
    def ruleset_entry(cls, rule: DeficiencyRule) -> dict:
        """The rule as durable-rules runs it (the rule id is the action name)."""
        return {"all": [{"m": cls.pattern(rule)}], "run": rule.id}

    @classmethod
    def ceiling(cls, rule: DeficiencyRule) -> float | None:
        """A score at or above which the pattern cannot match (None: the score does not bound it); the engine
        leaves out facts no rule could match, so this must hold for every fact the pattern matches."""
        return float(rule.threshold)  # type: ignore[arg-type]

    @classmethod
    def reference(cls, rule: DeficiencyRule, fact: dict) -> bool:
        """The same condition in plain Python: the property tests hold the engine to it."""
        return fact["level"] == cls.level and fact["score"] < float(rule.threshold)  # type: ignore[arg-type]

    @classmethod
    def impact(cls, pack: RulePack, target: str, value: float, threshold: float | None) -> float:
        """Points the total would gain if the deficiency were brought up to its threshold."""
        raise NotImplementedError

    @classmethod
    def measures(cls, pack: RulePack, target: str, rule: DeficiencyRule) -> list[Measure]:
        """The rule's own measures when it names them, else the catalogue's for the target."""
        if rule.measures:
            by_id = {m.id: m for m in pack.measures}
            return [by_id[m] for m in rule.measures]
        return pack.measures_for.get(target, [])


def weight_share(pack: RulePack, tool: str) -> float:
    """The tool's share of the total (0.3, 0.3, 0.4 for the usual weights)."""
    return pack.tool[tool].weight / sum(t.weight for t in pack.tools)


def member_share(pack: RulePack, indicator: str) -> float:
    """One member's (question's or item's) share of its tool score."""
    tool = pack.indicator[indicator].tool
    return 1 / len(pack.members_of[indicator]) / len(pack.indicators_of[tool])
