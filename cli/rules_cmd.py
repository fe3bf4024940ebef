"""`ita rules`: list, show, diff and validate rule packs."""

from __future__ import annotations

import click

from .errors import print_notes


@click.group()
def rules() -> None:
    """Inspect and validate rule packs (ชุดเกณฑ์)."""


@rules.command("list")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
def list_packs(lang: str) -> None:
    """List bundled rule packs."""
    from ita_rules.loader import load_pack, pack_dirs

    from ita_rules.words import say

    for d in pack_dirs():
        p = load_pack(d)
        years = ", ".join(map(str, p.pack.fiscal_years))
        status = say("provisional", lang) if p.pack.status == "provisional" else "-"
        click.echo(f"{p.pack.id}\t{p.pack.version}\t{years}\t{status}\t{len(p.items)} items, "
                   f"{len(p.questions)} questions, {len(p.measures)} measures\t{p.pack.title.get(lang)}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--pack", "pack_id", default=None,
              help="Pack id or folder (default: the pack for today's fiscal year, else the newest).")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(rule_id: str, pack_id: str | None, lang: str, fmt: str) -> None:
    """Show one item, question, indicator, tool, level, deficiency rule or measure (e.g. o23)."""
    import json

    from ita_rules.errors import ItaError
    from ita_rules.sheet import canonical_id
    from ita_rules.years import choose

    choice = choose(pack_id)
    print_notes(choice, lang)
    pack = choice.pack
    key = canonical_id(rule_id)
    pools = {"item": pack.item, "question": pack.question, "indicator": pack.indicator, "tool": pack.tool,
             "sub_indicator": pack.sub_indicator, "level": {lv.id: lv for lv in pack.levels},
             "deficiency_rule": {r.id: r for r in pack.deficiency_rules},
             "measure": {m.id: m for m in pack.measures}}
    for kind, pool in pools.items():
        for candidate in (key, rule_id):
            if candidate in pool:
                obj = pool[candidate]
                data = obj.model_dump(mode="json", exclude_none=True)
                if kind == "item":
                    for e, el in zip(data["elements"], obj.elements):
                        e["checkable"] = el.check is not None
                measures = [m.model_dump(mode="json", exclude_none=True) for m in pack.measures_for.get(candidate, [])]
                if fmt == "json":
                    click.echo(json.dumps({"pack": pack.pack.id, "kind": kind, **data, "measures": measures},
                                          ensure_ascii=False, indent=2))
                else:
                    _print(pack, kind, candidate, data, measures, lang)
                return
    raise ItaError(f"{rule_id!r} is not an id in {pack.pack.id}")


def _how(check: dict | None, lang: str) -> str:
    """How a machine tells an element is published (signals.yaml), or that a person must judge it."""
    from ita_rules.words import say

    if not check:
        return say("rules.not_checkable", lang)
    parts = []
    if check.get("any"):
        parts.append(" / ".join(check["any"]) + (f" ({say('rules.per', lang, per=check['per'])})"
                                                   if check.get("per") else ""))
    if check.get("year"):
        parts.append(say("rules.year", lang))
    if check.get("missing") == "needs_review":
        parts.append(say("rules.missing_review", lang))
    return say("rules.checkable", lang, how="; ".join(parts))


def _print(pack, kind: str, rid: str, data: dict, measures: list[dict], lang: str) -> None:
    from ita_rules.words import say

    click.echo(f"{pack.pack.id} {kind} {rid}: {pack.name_of(rid, lang)}")
    prov = data.get("provenance")
    if prov:
        click.echo(f"  confidence: {prov['confidence']}  sources: {', '.join(prov.get('sources', []))}")
        if prov.get("note"):
            click.echo(f"  note: {prov['note']}")
    if kind == "item":
        click.echo(f"  sub-indicator: {data['sub_indicator']}  coverage: {data['coverage']['kind']}")
        click.echo(f"  {say('rules.elements', lang)}")
        for n, e in enumerate(data["elements"], 1):
            click.echo(f"    {n}. {e['text'][lang]}")
            click.echo(f"       {_how(e.get('check'), lang)}")
        click.echo(f"  evidence labels: {' · '.join(data['evidence']['labels'])}")
    elif kind in ("level", "deficiency_rule"):
        for k, v in data.items():
            if k != "provenance":
                click.echo(f"  {k}: {v[lang] if isinstance(v, dict) and lang in v else v}")
    if measures:
        click.echo("  measures:")
        for m in measures:
            click.echo(f"    - {m['title'][lang]} ({m['owner'][lang]})")


@rules.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def validate(paths: tuple[str, ...]) -> None:
    """Validate rule pack folders (default: every bundled pack); errors name file and line."""
    from ita_rules.loader import load_pack, pack_dirs

    targets = list(paths) or [str(d) for d in pack_dirs()]
    for path in targets:
        p = load_pack(path)
        click.echo(f"ok\t{path}\t{p.pack.id} {p.pack.version}\t{len(p.items)} items, {len(p.questions)} questions, "
                   f"{len(p.measures)} measures, digest {p.digest}")


@rules.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(old: str, new: str, lang: str, fmt: str) -> None:
    """How the items of pack NEW continue those of OLD (a year, a pack id or a folder), e.g. `2568 2569`:
    kept, renamed, merged, split, new and dropped items."""
    import json

    from ita_rules.errors import ItaError
    from ita_rules.words import say
    from ita_rules.yearmap import diff as item_diff
    from ita_rules.years import choose

    a, b = (choose(*((None, int(x)) if x.isdigit() else (x, None))) for x in (old, new))
    for c in (a, b):
        print_notes(c, lang)
    try:
        rows = item_diff(a.pack, b.pack, lang)  # type: ignore[arg-type]
    except ValueError:
        raise ItaError(f"{b.pack.pack.id} has no item mapping from {a.pack.pack.id}") from None
    if fmt == "json":
        click.echo(json.dumps({"from": a.pack.pack.id, "to": b.pack.pack.id, "to_status": b.pack.pack.status,
                               "changes": [r.model_dump() for r in rows]}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{a.pack.pack.id} -> {b.pack.pack.id}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.kind] = counts.get(r.kind, 0) + 1
        arrow = f"{', '.join(r.before) or '-'} -> {', '.join(r.after) or '-'}"
        click.echo(f"{say('map.' + r.kind, lang):<10} {arrow:<18} {' + '.join(r.after_titles or r.before_titles)}")
        if r.before_titles and r.after_titles and r.before_titles != r.after_titles:
            click.echo(f"{'':<10} {'':<18} {say('was', lang)}: {' + '.join(r.before_titles)}")
        if r.note:
            click.echo(f"{'':<10} {'':<18} {r.note} [{r.confidence}]")
    click.echo(" · ".join(f"{say('map.' + k, lang)} {counts[k]}" for k in ("kept", "renamed", "merged", "split",
                                                                          "new", "dropped") if k in counts))
