"""The `ita` command: assess score sheets, inspect rule packs, check websites."""

from __future__ import annotations

import json
import os
import sys

import click

from ita_rules.errors import ItaError

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
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@LANG
@click.option("--pack", "pack_id", help="Rule pack id or folder (default: the pack for the sheet's year).")
@click.option("--fail-under", type=float, help="Exit 1 when a total is below this (or cannot be computed).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to a file instead of stdout.")
def assess(sheets: tuple[str, ...], fmt: str, lang: str, pack_id: str | None, fail_under: float | None,
           output: str | None) -> None:
    """Assess score sheets (YAML/JSON for one agency; CSV/XLSX with one row per agency).

    Prints the total, level, tool and indicator scores, the change against last year, and the
    deficiencies ordered by their effect on the total, each with recommended measures.
    """
    from ita_rules.assess import assess as assess_one
    from ita_rules.loader import pack_by_id
    from ita_rules.sheet import load_sheets

    pack = pack_by_id(pack_id) if pack_id else None
    loaded = [(path, load_sheets(path)) for path in sheets]
    results = [assess_one(s, lang=lang, pack=pack) for _, group in loaded for s in group]
    many = len(results) > 1 or any(not p.lower().endswith((".yaml", ".yml", ".json")) for p, _ in loaded)
    if fmt == "json":
        payload = [r.model_dump(mode="json") for r in results]
        text = json.dumps(payload if many else payload[0], ensure_ascii=False, indent=2) + "\n"
        _emit(text, output)
    elif fmt == "markdown":
        from ita_rules.render.markdown import render

        _emit(render(results), output)
    else:
        from rich.console import Console

        from ita_rules.render.text import render

        if output:
            with open(output, "w", encoding="utf-8") as fh:
                render(results, Console(file=fh, width=120, no_color=True))
        else:
            render(results, Console(highlight=False))
    if fail_under is not None and any(r.total is None or r.total < fail_under for r in results):
        sys.exit(1)


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


ita.add_command(rules)


def main() -> None:
    """Console-script entry point: one-line errors, exit 2 for usage and configuration errors."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    run_safely(ita)


if __name__ == "__main__":
    main()

__all__ = ["ita", "main", "ItaError"]
