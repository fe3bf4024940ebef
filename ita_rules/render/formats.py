"""Every output format, registered once (as Checkov does): one result model in, one rendering out.

`ita check` formats read the run document (`CheckReport`: the run, its pack and the repository it points
into); `ita assess` formats read the stream of results. The CLI only picks a name and an Output.
"""

from __future__ import annotations

import json
import re
from itertools import chain, islice
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .output import Output
from .safe import BIDI, json_bidi, visible

if TYPE_CHECKING:  # the registry is read at start-up by every command: keep its import light
    from ita_rules.ci.run import CiRun
    from ita_rules.ci.site_spec import SiteSpec
    from ita_rules.pack import RulePack
    from ita_rules.results.assess import AssessResult

CHECK_WIDTH, ASSESS_WIDTH = 140, 120  # text written to a file: wide enough for Thai titles and URLs


@dataclass(frozen=True)
class CheckReport:
    """What every `ita check` format reads."""

    run: CiRun
    pack: RulePack
    repo: Path


@dataclass(frozen=True)
class AssessBatch:
    """What every `ita assess` format reads: results in input order (JSON text when the format asked for it)."""

    results: Iterable[AssessResult | str]
    many: bool  # several sheets or a table of agencies: a batch document rather than one object
    detail: bool = False  # text: every agency in full, not one line each


@dataclass(frozen=True)
class Format:
    """One output format: its name, its writer and what it needs."""

    name: str
    write: Callable[[Any, Output], None]
    file_only: bool = False  # binary (XLSX): needs -o PATH
    json_results: bool = False  # assess: results arrive as JSON text, serialised in the worker processes
    before_run: Callable[[list[SiteSpec], Path], None] | None = None  # refuse early, before any crawl


# ---------------------------------------------------------------- ita check


def _shown(run: CiRun) -> CiRun:
    """The run with every bidi control in its text shown (a crawled page's words reach the details)."""
    text = run.model_dump_json()
    return type(run).model_validate_json(visible(text)) if BIDI.search(text) else run


def _check_text(report: CheckReport, out: Output) -> None:
    from .ci_text import render_run

    with out.console(CHECK_WIDTH) as console:
        render_run(_shown(report.run), console)


def _check_json(report: CheckReport, out: Output) -> None:
    out.write(json_bidi(report.run.model_dump_json(indent=2)) + "\n")


def _sarif(report: CheckReport, out: Output) -> None:
    from .sarif import to_sarif

    out.write(json_bidi(json.dumps(to_sarif(report.run, report.pack, report.repo), ensure_ascii=False, indent=2))
              + "\n")


def _junit(report: CheckReport, out: Output) -> None:
    from .junit import to_junit

    out.write(to_junit(_shown(report.run), report.pack, report.repo))


def _github(report: CheckReport, out: Output) -> None:
    from .github import to_github

    out.write(to_github(_shown(report.run), report.pack, report.repo))


def _check_xlsx(report: CheckReport, out: Output) -> None:
    from .check_xlsx import write_run_xlsx

    write_run_xlsx(report.run, out.file())


def _sarif_locations(sites: list[SiteSpec], repo: Path) -> None:
    from .sarif import require_locations

    require_locations(sites, repo)


CHECK_FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("text", _check_text),
    Format("json", _check_json),
    Format("sarif", _sarif, before_run=_sarif_locations),
    Format("junit", _junit),
    Format("github", _github),
    Format("xlsx", _check_xlsx, file_only=True),
)}


# ---------------------------------------------------------------- ita assess


def shown_result(r: AssessResult) -> AssessResult:
    """The result with the bidi controls of its free text (the agency's name, warnings quoting the sheet) shown."""
    if BIDI.search(r.agency) or any(BIDI.search(w) for w in r.warnings):
        return r.model_copy(update={"agency": visible(r.agency), "warnings": [visible(w) for w in r.warnings]})
    return r


def _assess_json(batch: AssessBatch, out: Output) -> None:
    from ita_rules.results.assess import SCHEMA_VERSION
    from ita_rules.results.assess_batch import BATCH_SCHEMA_ID, Compactor

    with out.stream() as write:
        if not batch.many:
            for r in batch.results:
                text = r if isinstance(r, str) else r.model_dump_json()
                write(json_bidi(json.dumps(json.loads(text), ensure_ascii=False, indent=2)) + "\n")
            return
        # One compact object per line; the pack's names, levels and measures once, at the end. A bad row later
        # on still leaves a valid document holding every row before it.
        compact = Compactor(escape=json_bidi)
        write(f'{{"schema_id": "{BATCH_SCHEMA_ID}", "schema_version": "{SCHEMA_VERSION}", "results": [\n')
        try:
            for n, r in enumerate(batch.results):
                one = (json_bidi(json.dumps(compact(json.loads(r)), ensure_ascii=False, separators=(",", ":")))
                       if isinstance(r, str) else compact.text(r))
                write(("" if n == 0 else ",\n") + one)
        finally:
            packs = json.dumps(compact.packs, ensure_ascii=False, separators=(",", ":"))
            write(f'\n],\n"packs": {json_bidi(packs)}}}\n')


def _assess_text(batch: AssessBatch, out: Output) -> None:
    from .summary import write_summary
    from .text import render

    it = iter(batch.results)
    head = list(islice(it, 2))  # one agency: its full text; several: a line each, unless --detail
    results = (shown_result(r) for r in chain(head, it))
    if len(head) > 1 and not batch.detail:
        with out.stream() as write:
            write_summary(results, write)
        return
    with out.console(ASSESS_WIDTH) as console:
        render(results, console)


def _assess_markdown(batch: AssessBatch, out: Output) -> None:
    from .markdown import write_stream

    with out.stream() as write:
        write_stream(batch.results, write)


ASSESS_FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("text", _assess_text),
    Format("json", _assess_json, json_results=True),
    Format("markdown", _assess_markdown),
)}


# ---------------------------------------------------------------- -o/--output


def parse_outputs(fmt: str, values: Iterable[str], formats: dict[str, Format] = CHECK_FORMATS
                  ) -> list[tuple[str, str | None]]:
    """(format, path or None for stdout) for every output: FORMAT=PATH pairs first, then --format itself
    (to the one plain PATH, else stdout). Raises ValueError naming the bad value."""
    pair = re.compile(rf"^({'|'.join(formats)})=(.+)$")
    plain: str | None = None
    pairs: list[tuple[str, str | None]] = []
    for v in values:
        m = pair.match(v)
        if m:
            pairs.append((m.group(1), m.group(2)))
        elif plain is None:
            plain = v
        else:
            raise ValueError(f"-o/--output: {plain!r} and {v!r} both name the --format output; use FORMAT=PATH "
                             f"for the others ({', '.join(formats)})")
    outputs = pairs + [(fmt, plain)]
    paths = [p for _, p in outputs if p]
    dup = {p for p in paths if paths.count(p) > 1}
    if dup:
        raise ValueError(f"-o/--output: {sorted(dup)[0]!r} is written twice")
    for name, p in outputs:
        if p and not Path(p).parent.is_dir():
            raise ValueError(f"-o/--output: no such folder for {p!r}")
        if p is None and formats[name].file_only:
            raise ValueError(f"--format {name} is written to a file: add -o PATH (or -o {name}=PATH)")
    return outputs


def write_check(name: str, report: CheckReport, path: str | None = None) -> None:
    """Render the run in one format to a file, or to stdout."""
    CHECK_FORMATS[name].write(report, Output(path))


def write_assess(name: str, batch: AssessBatch, path: str | None = None) -> None:
    """Render assessment results in one format to a file, or to stdout."""
    ASSESS_FORMATS[name].write(batch, Output(path))

