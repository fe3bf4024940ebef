"""The `ita` command: assess score sheets, inspect rule packs, check websites."""

from __future__ import annotations

import sys

import click

from ita_rules.errors import ItaError
from ita_rules.render.formats import ASSESS_FORMATS

from .errors import run_safely
from .rules_cmd import rules


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ita-rules", prog_name="ita")
def ita() -> None:
    """ITA (Integrity and Transparency Assessment) tools for Thai public agencies.

    ประเมินผล ITA จากคะแนน ตรวจเว็บไซต์ตามแบบ OIT และจัดทำมาตรการ
    """


LANG = click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True,
                    help="Output language (ภาษา).")


@ita.command()
@click.argument("sheets", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(list(ASSESS_FORMATS)), default="text", show_default=True)
@LANG
@click.option("--pack", "pack_id", help="Rule pack id or folder (default: the pack for the sheet's year).")
@click.option("--fail-under", type=click.FloatRange(0, 100), callback=lambda _c, _p, v: _score_bar(v),
              help="Exit 1 when a total is below this score, 0-100 (or cannot be computed).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to a file instead of stdout.")
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for large batches (0: one per CPU but one, for the reading and writing).")
@click.option("--detail", is_flag=True, help="Text for several agencies: each one in full, not one line each.")
def assess(sheets: tuple[str, ...], fmt: str, lang: str, pack_id: str | None, fail_under: float | None,
           output: str | None, jobs: int, detail: bool) -> None:
    """Assess score sheets (YAML/JSON for one agency; CSV/XLSX with one row per agency).

    Prints the total, level, tool and indicator scores, the change against last year, and the
    deficiencies ordered by their effect on the total, each with recommended measures.
    """
    from ita_rules.batch import assess_many
    from ita_rules.ci.policy import FailUnder
    from ita_rules.render.formats import AssessBatch, write_assess
    from ita_rules.outfile import refuse_input
    from ita_rules.sheet import first_per_agency, iter_sheets

    refuse_input(output, sheets)
    flat = _noting_provisional(first_per_agency((s for path in sheets for s in iter_sheets(path)),
                                                _repeat_warning(lang)), pack_id, lang)
    many = len(sheets) > 1 or not sheets[0].lower().endswith((".yaml", ".yml", ".json"))
    gate = FailUnder(fail_under)
    results = assess_many(flat, lang=lang, pack_id=pack_id, jobs=jobs, as_json=ASSESS_FORMATS[fmt].json_results)
    write_assess(fmt, AssessBatch(gate.watch(results), many, detail), output)
    if gate.below:
        sys.exit(1)


def _score_bar(value: float | None) -> float | None:
    """A bar a total can be below: a number 0-100 (FloatRange lets nan through: every comparison with it is false)."""
    if value is not None and value != value:
        raise click.BadParameter("nan is not a score; give a number from 0 to 100")
    return value


def _repeat_warning(lang: str):
    """A warning on stderr for each agency-year given again (the first row wins)."""
    from ita_rules.words import say

    def warn(first, repeat) -> None:
        line = say("sheet.duplicate", lang, agency=repeat.agency, year=repeat.year, where=repeat.source,
                   first=first.source)
        click.echo(f"ita: {line}", err=True)

    return warn


def _noting_provisional(sheets, pack_id: str | None, lang: str):
    """Pass the sheets through, warning once on stderr for each provisional pack they are assessed with."""
    from ita_rules.assess import resolve_pack
    from ita_rules.years import provisional_warning

    seen: set[str] = set()
    for s in sheets:
        pack = resolve_pack(s, pack_id)
        if pack.pack.id not in seen:
            seen.add(pack.pack.id)
            warning = provisional_warning(pack, lang)  # type: ignore[arg-type]
            if warning:
                click.echo(f"ita: {warning}", err=True)
        yield s


ita.add_command(rules)

from .check_cmd import check, demo  # noqa: E402  (commands register on the group)

ita.add_command(check)
ita.add_command(demo)

from .plan_cmd import export_check, plan, progress  # noqa: E402

ita.add_command(plan)
ita.add_command(progress)
ita.add_command(export_check)

from .report_cmd import report  # noqa: E402

ita.add_command(report)

from .init_cmd import init  # noqa: E402

ita.add_command(init)

from .results_cmd import results  # noqa: E402

ita.add_command(results)

from .review_cmd import review  # noqa: E402

ita.add_command(review)


def main() -> None:
    """Console-script entry point: one-line errors; exit 2 for usage errors, 4 for an invalid ita.toml or waiver."""
    for stream in (sys.stdout, sys.stderr):
        # Thai output on a non-UTF-8 terminal or pipe (e.g. an ISO-8859-1 locale) must not crash.
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (AttributeError, ValueError):
                pass
    run_safely(ita)


if __name__ == "__main__":
    main()

__all__ = ["ita", "main", "ItaError"]
