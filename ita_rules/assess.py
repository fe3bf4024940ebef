"""Assess agencies: score each sheet, run the deficiency rules (many sheets per engine evaluation), attach
measures, compare years."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from . import engine
from .errors import PackError, SheetError
from .loader import pack_by_id, pack_for_year
from .pack import Lang, Measure, RulePack
from .results.assess import AssessResult, Change, Deficiency, LevelOut, MeasureOut, PackRef, Previous
from .deficiencies import build, score_facts
from .focus import focus_of
from .scoring import ScoreCard, score
from .sheet import Sheet, check_ids
from ita_rules.words import say
from .thai import thai_date
from .yearmap import mapping_between, previous_items
from .years import provisional_warning


def plan_period(year: int, m: Measure) -> tuple[date, date]:
    """The measure's dates in the plan fiscal year (the assessed year + offset), October-September."""
    fy_ce_end = year + m.timeframe.fy_offset - 543
    start_year = fy_ce_end - 1 if m.timeframe.start_month >= 10 else fy_ce_end
    end_year = fy_ce_end - 1 if m.timeframe.end_month >= 10 else fy_ce_end
    start = date(start_year, m.timeframe.start_month, 1)
    end = date(end_year, m.timeframe.end_month, calendar.monthrange(end_year, m.timeframe.end_month)[1])
    return start, end


def format_period(start: date, end: date, lang: Lang) -> str:
    """'1 ตุลาคม 2568 – 30 กันยายน 2569' in Thai, '1 Oct 2025 – 30 Sep 2026' in English."""
    if lang == "th":
        return f"{thai_date(start)} – {thai_date(end)}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


_MEASURES: dict[tuple, MeasureOut] = {}


def measure_out(pack: RulePack, year: int, m: Measure, lang: Lang) -> MeasureOut:
    """A catalogue measure resolved for one assessment year and language (shared, never mutated)."""
    key = (pack.pack.id, pack.digest, year, m.id, lang)
    if key not in _MEASURES:
        _MEASURES[key] = _measure_out(year, m, lang)
    return _MEASURES[key]


def _measure_out(year: int, m: Measure, lang: Lang) -> MeasureOut:
    start, end = plan_period(year, m)
    return MeasureOut(id=m.id, title=m.title.get(lang), steps=[s.get(lang) for s in m.steps],
                      owner=m.owner.get(lang), timeframe=format_period(start, end, lang), start=start, end=end,
                      follow_up=m.follow_up.get(lang), confidence=m.provenance.confidence)


_LEVELS: dict[tuple, LevelOut] = {}


def _level_out(pack: RulePack, level_id: str | None, lang: Lang) -> LevelOut | None:
    """A level in one language (one object per pack, level and language, shared by every result)."""
    if level_id is None:
        return None
    key = (pack.pack.id, pack.digest, level_id, lang)
    if key not in _LEVELS:
        lv = next(lv for lv in pack.levels if lv.id == level_id)
        _LEVELS[key] = LevelOut(id=lv.id, name=lv.name.get(lang), meaning=lv.meaning.get(lang))
    return _LEVELS[key]


def _change(prev: float | None, cur: float | None, lang: Lang, decimals: int) -> Change:
    if prev is None or cur is None:
        return Change(previous=prev, current=cur, delta=None, direction=None, label="")
    delta = round(cur - prev, decimals)
    direction = "up" if delta > 0 else "down" if delta < 0 else "same"
    return Change(previous=prev, current=cur, delta=delta, direction=direction, label=say(f"change.{direction}", lang))


def _previous(sheet: Sheet, pack: RulePack, lang: Lang, warnings: list[tuple[str, dict]]) -> tuple[RulePack, ScoreCard] | None:
    if sheet.previous is None:
        return None
    try:
        prev_pack = pack_for_year(sheet.previous.year)
    except PackError:
        # No pack for that year: indicator- and tool-level scores share this pack's structure.
        for key in sheet.previous.scores:
            if key not in pack.indicator and key not in pack.tool:
                raise SheetError(f"no rule pack covers {sheet.previous.year}; previous-year scores must be "
                                 f"indicators (1-10) or tools, not {key!r}", sheet.where("previous:" + key)) from None
        warnings.append(("previous_no_pack", {"year": sheet.previous.year, "pack": pack.pack.id}))
        prev_pack = pack
    for key in sheet.previous.scores:
        if key not in prev_pack.known_ids:
            raise SheetError(f"unknown id {key!r} in previous-year scores", sheet.where("previous:" + key))
    return prev_pack, score(prev_pack, sheet.previous.scores)


def resolve_pack(sheet: Sheet, override: str | None = None) -> RulePack:
    """The pack named on the command line or in the sheet, else the one for the sheet's year."""
    name = override or sheet.pack
    try:
        pack = pack_by_id(name) if name else pack_for_year(sheet.year)
    except PackError as exc:
        if override or exc.where:
            raise
        raise SheetError(exc.message, sheet.where("pack" if name else "year")) from None  # the sheet's own line
    if sheet.year not in pack.pack.fiscal_years:
        raise SheetError(f"pack {pack.pack.id} covers {pack.pack.fiscal_years}, not {sheet.year}",
                         sheet.where("pack" if sheet.pack and not override else "year"))
    return pack


def assess(sheet: Sheet, lang: Lang = "th", pack: RulePack | None = None) -> AssessResult:
    """Assess one sheet end to end."""
    [result] = assess_sheets([sheet], lang, pack)
    return result


@dataclass
class _Scored:
    """A sheet scored and compared with last year, waiting for the engine."""

    sheet: Sheet
    pack: RulePack
    card: ScoreCard
    previous: Previous | None
    changes: dict[str, Change]
    warnings: list[tuple[str, dict]]


def assess_sheets(sheets: list[Sheet], lang: Lang = "th", pack: RulePack | None = None) -> Iterator[AssessResult]:
    """Assess several sheets with one engine evaluation per pack (each fact tagged with its sheet).

    A sheet that fails raises, but only after every sheet before it has been yielded.
    """
    scored: list[_Scored] = []
    error: Exception | None = None
    for sheet in sheets:
        try:
            scored.append(_score(sheet, lang, pack or resolve_pack(sheet)))
        except Exception as exc:  # raised once the sheets before it are out
            error = exc
            break
    by_pack: dict[int, list[int]] = {}
    for n, s in enumerate(scored):
        by_pack.setdefault(id(s.pack), []).append(n)
    matches: dict[str, list[engine.Match]] = {}
    for ns in by_pack.values():
        facts = [f for n in ns for f in score_facts(scored[n].pack, scored[n].card, agency=str(n))]
        for m in engine.evaluate(scored[ns[0]].pack, facts):
            matches.setdefault(m.agency, []).append(m)
    for n, s in enumerate(scored):
        found = build(s.pack, matches.get(str(n), []), s.sheet.year, lang, measure_out)
        yield _result(s, lang, found)
    if error is not None:
        raise error


def _score(sheet: Sheet, lang: Lang, pack: RulePack) -> _Scored:
    check_ids(sheet, pack)
    card = score(pack, sheet.scores)
    warnings: list[tuple[str, dict]] = list(card.warnings)
    d = pack.scoring.decimals
    previous = None
    changes: dict[str, Change] = {}
    prev = _previous(sheet, pack, lang, warnings)
    if prev is not None:
        prev_pack, pcard = prev
        # Items are compared through the pack's year mapping (FY2569 o10 <- FY2568 o10 + o11 ...).
        prev_items = previous_items(prev_pack, pack, pcard.items)
        if pcard.items and mapping_between(prev_pack, pack) is None:
            warnings.append(("previous_items_unmapped", {"pack": pack.pack.id, "prev": prev_pack.pack.id}))
        previous = Previous(year=sheet.previous.year, pack=prev_pack.pack.id, total=pcard.total,  # type: ignore[union-attr]
                            level=_level_out(prev_pack, pcard.level, lang), tools=pcard.tools,
                            indicators=pcard.indicators, items=prev_items)
        for key, p_item in prev_items.items():
            if key in card.items:
                changes[key] = _change(p_item.score, card.items[key].score, lang, d)
        for key, cur in card.indicators.items():
            changes[key] = _change(pcard.indicators.get(key), cur, lang, d)
        for key, cur in card.tools.items():
            changes[key] = _change(pcard.tools.get(key), cur, lang, d)
        changes["total"] = _change(pcard.total, card.total, lang, d)
        same_scheme = {lv.id for lv in prev_pack.levels} == {lv.id for lv in pack.levels}
        if pcard.level and card.level and same_scheme:
            now, before = pack.level_rank(card.level), prev_pack.level_rank(pcard.level)
            direction = "same" if now == before else "up" if now < before else "down"
            changes["level"] = Change(previous=None, current=None, delta=None, direction=direction,
                                      label=say(f"change.{direction}", lang))
    return _Scored(sheet, pack, card, previous, changes, warnings)


def _result(s: _Scored, lang: Lang, found: list[Deficiency]) -> AssessResult:
    sheet, pack, card = s.sheet, s.pack, s.card
    level = _level_out(pack, card.level, lang)
    item_names = _item_names(pack, lang)
    focus = focus_of(pack, sheet.year, card.indicators, found, lang,
                     lambda iid: [measure_out(pack, sheet.year, m, lang) for m in pack.measures_for.get(iid, [])])
    provisional = provisional_warning(pack, lang)
    return AssessResult(
        agency=sheet.agency, year=sheet.year, lang=lang,
        pack=PackRef.of(pack), source=sheet.source,
        complete=card.complete, missing=card.missing, total=card.total, level=level.name if level else None,
        level_detail=level, target=pack.scoring.target,
        meets_target=None if card.total is None else card.total >= pack.scoring.target,
        tools=card.tools, tool_parts=card.tool_parts, indicators=card.indicators, items=card.items,
        questions=card.questions, previous=s.previous, changes=s.changes, deficiencies=found, focus=focus,
        warnings=([provisional] if provisional else []) + [say(key, lang, **values) for key, values in s.warnings],
        names={**names_of(pack, lang), **{i: item_names[i] for i in card.items}},
        indicator_tool={i.id: i.tool for i in pack.indicators})


_NAMES: dict[tuple, dict[str, str]] = {}


def names_of(pack: RulePack, lang: Lang) -> dict[str, str]:
    """Names of tools, tool parts, indicators and sub-indicators, so renderers need no pack.

    Items and questions that fall short carry their own name in their deficiency.
    """
    key = (pack.pack.id, pack.digest, lang)
    if key not in _NAMES:
        ids = [*pack.tool, *(f"{t.id}.{p.id}" for t in pack.tools for p in t.parts), *pack.indicator]
        out = {i: pack.name_of(i, lang) for i in ids}
        out.update({s: pack.sub_indicator[s].name.get(lang) for s in pack.sub_indicator})
        _NAMES[key] = out
    return _NAMES[key]


def _item_names(pack: RulePack, lang: Lang) -> dict[str, str]:
    """Item titles in one language (named in every result that scores them)."""
    key = (pack.pack.id, pack.digest, lang, "items")
    if key not in _NAMES:
        _NAMES[key] = {i: pack.name_of(i, lang) for i in pack.item}
    return _NAMES[key]
