"""`ita plan` (measures plan from an assessment), `ita progress` (the progress report) and `ita export-check`."""

from __future__ import annotations

from pathlib import Path

import click

from ita_rules.errors import ItaError
from ita_rules.outfile import refuse_input, write_text

from .errors import print_result_notes


def _load_model(path: str, model, what: str, unwrap=None):
    """Read a JSON/YAML file into a pydantic model; one-line ItaError naming file and line otherwise.
    `unwrap(data, where)` returns the part of the document that holds the model, and its path."""
    from pydantic import ValidationError

    from ita_rules.errors import first_error
    from ita_rules.yamlpos import load_file

    doc = load_file(path)
    data, prefix = unwrap(doc.data, doc.where()) if unwrap else (doc.data, ())
    if isinstance(data, list):  # `ita assess --format json` on several sheets writes a list
        if len(data) != 1:
            raise ItaError(f"holds {len(data)} results; give one agency's {what}", doc.where())
        data, prefix = data[0], (0,)
    if not isinstance(data, dict):
        raise ItaError(f"not {what} (expected a JSON object)", doc.where())
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        loc, msg = first_error(exc)
        raise ItaError(f"not {what}: {msg}", doc.where(prefix + loc)) from None


def _is_check(path: str) -> bool:
    """True for the JSON of `ita check` (a run document, or one site's result), not of `ita assess`."""
    from ita_rules.ci.run import RUN_SCHEMA_ID
    from ita_rules.yamlpos import load_file

    data = load_file(path).data
    return isinstance(data, dict) and (data.get("schema_id") == RUN_SCHEMA_ID
                                       or ("coverage" in data and "target" in data))


def _writable(output: str, force: bool = True) -> Path:
    out = Path(output)
    if out.exists() and not force:
        # An officer's plan holds a year of edits: never overwrite it by re-running `ita plan`.
        raise ItaError("already exists (its edits would be lost); use --force to overwrite", str(out))
    if not out.parent.is_dir():
        raise ItaError("the folder does not exist", str(out.parent))
    return out


def _saving(write, out: Path) -> None:
    try:
        write()
    except OSError as exc:
        raise ItaError(f"cannot write: {exc.strerror or exc}", str(out)) from None


@click.command()
@click.argument("result", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="plan.yaml, or plan.xlsx for Excel (default: YAML on stdout).")
@click.option("--lang", type=click.Choice(["th", "en"]),
              help="Language of the file's comments (default: the result's).")
@click.option("--force", is_flag=True, help="Overwrite an existing plan file.")
def plan(result: str, output: str | None, lang: str | None, force: bool) -> None:
    """Turn an assessment (`ita assess --format json`), or a website check (`ita check --format json`, with
    a person's decisions applied or not), into a measures plan to edit during the year.

    One entry per recommended measure, in order of impact; a measure that answers several
    deficiencies appears once and names them all. Fill in status and results, then run `ita progress`.
    """
    from ita_rules.plan import dump_plan, plan_from_result
    from ita_rules.plan_check import plan_from_check
    from ita_rules.results.assess import AssessResult
    from ita_rules.results.check import CheckResult

    refuse_input(output, [result], "plan")
    if _is_check(result):  # a website check (decided or not): its deficiencies' measures
        from ita_rules.ci.run import site_result_data

        res = _load_model(result, CheckResult, "an `ita check --format json` result", site_result_data)
        p = plan_from_check(res, source=result)
    else:
        res = _load_model(result, AssessResult, "an `ita assess --format json` result")
        p = plan_from_result(res, source=result)
    print_result_notes([res], lang)
    if not output:
        click.echo(dump_plan(p, lang or res.lang), nl=False)
        return
    out = _writable(output, force)
    if out.suffix.lower() == ".xlsx":
        from ita_rules.render.progress_xlsx import write_plan_xlsx

        _saving(lambda: write_plan_xlsx(p, out), out)
    else:
        _saving(lambda: write_text(out, dump_plan(p, lang or res.lang)), out)
    click.echo(f"ita: wrote {len(p.measures)} measures to {out}", err=True)


def _memo_date(text: str | None):
    from datetime import date

    from ita_rules.plan import parse_date

    if not text:
        return date.today()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from None


@click.command()
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["docx", "xlsx", "html"]),
              help="Default: from the -o suffix, else html.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (html goes to stdout without it).")
@click.option("--round", "rnd", type=click.Choice(["6", "12"]), default="12", show_default=True,
              help="Reporting round: 6 months (Oct-Mar) or the whole fiscal year.")
@click.option("--memo", is_flag=True, help="Put the covering memo (บันทึกข้อความ) first (docx, html).")
@click.option("--thai-digits", is_flag=True, help="Write numbers and dates in Thai digits (๑๒๓).")
@click.option("--date", "memo_date", help="Date of the memo: 2026-04-05 or '5 เม.ย. 2569' (default: today).")
def progress(plan_file: str, fmt: str | None, output: str | None, rnd: str, memo: bool, thai_digits: bool,
             memo_date: str | None) -> None:
    """Render the progress report on a plan (รายงานผลการดำเนินการตามมาตรการ...) as DOCX, XLSX or HTML."""
    from ita_rules.plan_read import load_plan

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("docx", "xlsx", "html") else "html"
    if fmt in ("docx", "xlsx") and not output:
        raise click.UsageError(f"--format {fmt} needs -o FILE")
    if memo and fmt == "xlsx":
        raise click.UsageError("--memo applies to docx and html")
    refuse_input(output, [plan_file], "report")
    on = _memo_date(memo_date)
    p = load_plan(plan_file)
    r = int(rnd)
    if fmt == "html":
        from ita_rules.render.progress_html import render_progress_html

        text = render_progress_html(p, r, memo=memo, thai_digits=thai_digits, on=on)
        if not output:
            click.echo(text, nl=False)
            return
        out = _writable(output)
        _saving(lambda: write_text(out, text), out)
    elif fmt == "docx":
        from ita_rules.render.progress_docx import write_progress_docx

        out = _writable(output)
        _saving(lambda: write_progress_docx(p, out, r, memo=memo, thai_digits=thai_digits, on=on), out)
    else:
        from ita_rules.render.progress_xlsx import write_progress_xlsx

        out = _writable(output)
        _saving(lambda: write_progress_xlsx(p, out, r, thai_digits=thai_digits), out)
    click.echo(f"ita: wrote {out}", err=True)


@click.command("export-check")
@click.argument("check_json", metavar="CHECK.json", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The .xlsx file to write.")
def export_check(check_json: str, output: str) -> None:
    """Write an `ita check --format json` result as an Excel workbook (one row per OIT item)."""
    from ita_rules.ci.run import site_result_data
    from ita_rules.render.check_xlsx import write_check_xlsx
    from ita_rules.results.check import CheckResult

    refuse_input(output, [check_json], "workbook")
    res = _load_model(check_json, CheckResult, "an `ita check --format json` result", site_result_data)
    out = _writable(output)
    _saving(lambda: write_check_xlsx(res, out), out)
    click.echo(f"ita: wrote {len(res.items)} items to {out}", err=True)
