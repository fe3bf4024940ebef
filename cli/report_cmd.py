"""`ita report`: the published analysis report (DOCX, HTML, Markdown) from a saved `ita assess` JSON."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ita_rules.errors import ItaError
from ita_rules.outfile import refuse_input, write_text

from .errors import print_result_notes


def _docx_paths(results, output: str) -> list[Path]:
    """Where each agency's DOCX goes: the file itself, or one file per agency inside a directory."""
    out = Path(output)
    if len(results) == 1 and not out.is_dir():
        return [out]
    if not out.is_dir():
        raise ItaError(f"{len(results)} results: give -o an existing directory to get one DOCX per agency", output)
    paths, used = [], set()
    for r in results:
        stem = re.sub(r"[\\/:*?\"<>|\s]+", "_", f"ita-report-{r.year}-{r.agency}").strip("_")[:120]
        name, k = stem, 1
        while name in used:  # two rows for the same agency and year still get two files
            k += 1
            name = f"{stem}-{k}"
        used.add(name)
        paths.append(out / f"{name}.docx")
    return paths


@click.command()
@click.argument("result", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["docx", "html", "markdown"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Output file (a directory for several DOCX). "
              "HTML and Markdown go to stdout without it; DOCX needs it.")
@click.option("--thai-digits", is_flag=True, help="Write every number in Thai digits (๐-๙), years and scores included.")
@click.option("--check", "check_path", type=click.Path(dir_okay=False),
              help="An `ita check --format json` result to append as the website pre-audit.")
def report(result: str, fmt: str, output: str | None, thai_digits: bool, check_path: str | None) -> None:
    """Render the ITA analysis report from RESULT, the JSON of `ita assess --format json`.

    The report follows what agencies publish for the OIT item on putting ITA results to work:
    the indicator table against last year, the level and what it means, the analysis per tool
    with the questions and items that fell short, and part 2, the measures table. It only
    formats the saved result; it never recomputes a score. Several agencies (the batch JSON of
    a CSV/XLSX sheet, or a list of results) give one document with a section per agency, or
    for DOCX one file per agency in the directory given by -o. Labels follow the result's language (assess --lang).
    """
    from ita_rules.render.report import build, load_check, load_results

    if fmt == "docx" and not output:
        raise click.UsageError("--format docx needs -o FILE.docx (or -o DIRECTORY for several agencies)")
    refuse_input(output, [result, check_path], "report")
    results = load_results(result)
    print_result_notes(results)
    check = load_check(check_path) if check_path else None
    reports = [build(r, thai_digits=thai_digits, check=check) for r in results]
    if fmt == "docx":
        from ita_rules.render.report.as_docx import render

        for rp, path in zip(reports, _docx_paths(results, output)):
            refuse_input(path, [result, check_path], "report")
            render(rp, path)
        return
    if fmt == "html":
        from ita_rules.render.report.as_html import render as render_text
    else:
        from ita_rules.render.report.as_markdown import render as render_text
    text = render_text(reports)
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
