"""From scores and website findings to deficiencies: build the engine's facts, run it, word what fired."""

from __future__ import annotations

import math

from .deficiency import KINDS
from .engine import Match, make_fact, prefilter
from .pack import DeficiencyRule, RulePack
from .results.assess import Deficiency
from .scoring import ScoreCard
from .words import Lang, say

_SEVERITY = {"high": 0, "medium": 1, "low": 2}
_SHARED_MAX = 8192  # deficiencies kept for reuse per pack, year and language (the first ones seen stay; ~16 MB)


def score_facts(pack: RulePack, card: ScoreCard, agency: str = "") -> list[dict]:
    """Every known score some rule could match (engine.prefilter) as an engine fact; 'lowest' marks each
    indicator's lowest question(s)."""
    target, full = pack.scoring.target, pack.scoring.item_full_marks
    could = prefilter(pack)
    facts = [make_fact("tool", tid, v, met=v >= target, tool=tid, agency=agency)
             for tid, v in card.tools.items() if v is not None and could("tool", v, v >= target)]
    facts += [make_fact("tool_part", key, v, met=v >= target, tool=key.split(".")[0], agency=agency)
              for key, v in card.tool_parts.items() if v is not None and could("tool_part", v, v >= target)]
    facts += [make_fact("indicator", iid, v, met=v >= target, indicator=iid, tool=pack.indicator[iid].tool,
                        agency=agency)
              for iid, v in card.indicators.items() if v is not None and could("indicator", v, v >= target)]
    for item_id, it in card.items.items():
        if could("item", it.score, it.met):
            sub = pack.item[item_id].sub_indicator
            facts.append(make_fact("item", item_id, it.score, met=it.met, indicator=sub.split(".")[0],
                                   sub_indicator=sub, tool="OIT", agency=agency))
    lowest: dict[str, float] = {}
    for qid, v in card.questions.items():
        ind = pack.question[qid].indicator
        lowest[ind] = min(lowest.get(ind, 101.0), v)
    for qid, v in card.questions.items():
        if could("question", v, v >= full):
            ind = pack.question[qid].indicator
            facts.append(make_fact("question", qid, v, met=v >= full, lowest=v == lowest[ind], indicator=ind,
                                   tool=pack.indicator[ind].tool, agency=agency))
    return facts


def finding_facts(pack: RulePack, findings: dict[str, tuple[str, str]], agency: str = "") -> list[dict]:
    """A fact per item the website check did not verify: item -> (outcome, reason)."""
    out = []
    for item_id, (outcome, reason) in findings.items():
        if outcome == "pass":
            continue
        sub = pack.item[item_id].sub_indicator
        out.append(make_fact("finding", item_id, indicator=sub.split(".")[0], sub_indicator=sub, tool="OIT",
                             outcome=outcome, reason=reason, agency=agency))
    return out


def _fmt(x: float | None, decimals: int) -> str:
    return "-" if x is None else f"{x:.{decimals}f}"


class _Builder:
    """Turns engine matches into deficiencies of one pack, year and language (shared by every agency)."""

    def __init__(self, pack: RulePack, year: int, lang: Lang, measure_out) -> None:
        self.pack, self.year, self.lang, self.measure_out = pack, year, lang, measure_out
        self.rules = {r.id: r for r in pack.deficiency_rules}
        self.order = {item: n for n, item in enumerate(pack.item)}
        self._fixed: dict[tuple[str, str], tuple] = {}
        self._shared: dict[tuple[str, str, float], Deficiency] = {}

    def locate(self, target: str) -> tuple[str | None, str | None, str | None]:
        """(tool, indicator, sub-indicator) of any id."""
        pack = self.pack
        if target in pack.item:
            sub = pack.item[target].sub_indicator
            return "OIT", sub.split(".")[0], sub
        if target in pack.question:
            ind = pack.question[target].indicator
            return pack.indicator[ind].tool, ind, None
        if target in pack.indicator:
            return pack.indicator[target].tool, target, None
        return target.split(".")[0], None, None

    def fixed(self, rule: DeficiencyRule, target: str) -> tuple:
        """What a rule's deficiency on a target says whatever the score: name, place, measures, template."""
        key = (rule.id, target)
        got = self._fixed.get(key)
        if got is None:
            pack, lang = self.pack, self.lang
            measures = [self.measure_out(pack, self.year, m, lang)
                        for m in KINDS[rule.kind].measures(pack, target, rule)]
            threshold = _fmt(rule.threshold, 0) if rule.threshold is not None else ""
            got = self._fixed[key] = (pack.name_of(target, lang), self.locate(target), measures,
                                      rule.message.get(lang), threshold)
        return got

    def single(self, match: Match, finding: tuple[str, str] | None, notes: dict[str, str]) -> Deficiency:
        """One fact's deficiency; a score's is shared by every agency with that score (items score 0 or 50)."""
        key = None
        if finding is None and not notes.get(match.target) and (match.score or math.copysign(1, match.score) > 0):
            key = (match.rule, match.target, match.score)  # (-0.0 is left out: it equals 0.0 but reads "-0.00")
            got = self._shared.get(key)
            if got is not None:
                return got
        made = self._single(match, finding, notes)
        if key is not None and len(self._shared) < _SHARED_MAX:
            self._shared[key] = made
        return made

    def _single(self, match: Match, finding: tuple[str, str] | None, notes: dict[str, str]) -> Deficiency:
        pack, lang, rule = self.pack, self.lang, self.rules[match.rule]
        d = pack.scoring.decimals
        name, (tool, ind, sub), measures, template, threshold = self.fixed(rule, match.target)
        outcome, reason = finding or (None, None)
        msg = template.format(
            id=match.target, name=name, score=_fmt(match.score, d), threshold=threshold, indicator=ind or "",
            reason=say(f"reason.{reason}", lang) if reason else "",
            note=f" ({notes[match.target]})" if notes.get(match.target) else "")
        return Deficiency(
            id=match.target, rule=rule.id, kind=rule.kind, severity=rule.severity, score=match.score,
            threshold=rule.threshold,
            impact=round(KINDS[rule.kind].impact(pack, match.target, match.score, rule.threshold), d),
            name=name, message=msg.strip(), measures=list(measures), tool=tool, indicator=ind, sub_indicator=sub,
            items=[match.target] if finding else [], outcome=outcome, reason=reason)

    def group(self, rule: DeficiencyRule, members: list[Deficiency], notes: dict[str, str]) -> Deficiency:
        """One entry for several items of a sub-indicator with one reason."""
        pack, lang, d = self.pack, self.lang, self.pack.scoring.decimals
        first = members[0]
        items = sorted((m.id for m in members), key=self.order.__getitem__)
        sub_name = pack.sub_indicator[first.sub_indicator].name.get(lang) if first.sub_indicator else ""
        msg = rule.message.get(lang).format(
            id=first.sub_indicator, name=sub_name, items=", ".join(items), count=len(items),
            reason=say(f"reason.{first.reason}", lang), notes="; ".join(
                f"{m.id}: {notes[m.id]}" for m in members if notes.get(m.id)))
        seen: dict[str, object] = {}
        for m in members:
            for mo in m.measures:
                seen.setdefault(mo.id, mo)
        return Deficiency(
            id=f"{first.sub_indicator}:{first.reason}", rule=rule.id, kind=rule.kind, severity=rule.severity,
            score=0.0, threshold=None, impact=round(sum(m.impact for m in members), d), name=sub_name,
            message=msg.strip(), measures=list(seen.values()), tool="OIT", indicator=first.indicator,
            sub_indicator=first.sub_indicator, items=items, outcome=first.outcome, reason=first.reason)


_BUILDERS: dict[tuple, _Builder] = {}


def _builder(pack: RulePack, year: int, lang: Lang, measure_out) -> _Builder:
    key = (pack.pack.id, pack.pack.version, pack.digest, year, lang, measure_out)
    b = _BUILDERS.get(key)
    if b is None or b.pack is not pack:
        b = _BUILDERS[key] = _Builder(pack, year, lang, measure_out)
    return b


def build(pack: RulePack, matches: list[Match], year: int, lang: Lang, measure_out,
          findings: dict[str, tuple[str, str]] | None = None, notes: dict[str, str] | None = None,
          ) -> list[Deficiency]:
    """Deficiencies of one agency from its matches: first rule per id, groups replacing their members."""
    findings, notes = findings or {}, notes or {}
    b = _builder(pack, year, lang, measure_out)
    singles: dict[str, Deficiency] = {}
    pools: dict[str, dict[tuple[str, str, str], list[str]]] = {}
    for match in matches:
        kind = KINDS[b.rules[match.rule].kind]
        if kind.groups:
            key = (match.agency, match.sub_indicator, match.reason)
            pools.setdefault(match.rule, {}).setdefault(key, []).append(match.target)
        elif match.target not in singles:  # an id is reported once, by the first rule in pack order
            singles[match.target] = b.single(match, findings.get(match.target) if match.level == "finding" else None,
                                              notes)
    out = list(singles.values())
    grouped: set[str] = set()
    for rule_id, buckets in pools.items():
        for members in buckets.values():
            members = [m for m in members if m in singles and m not in grouped]
            if len(members) >= 2:
                grouped.update(members)
                out.append(b.group(b.rules[rule_id], [singles[m] for m in members], notes))
    out = [d for d in out if d.id not in grouped or d.items != [d.id]]
    return sorted(out, key=lambda x: (-x.impact, _SEVERITY[x.severity], x.id))

