"""Output formats of `ita check` and the `-o/--output [FORMAT=]PATH` option that sends several to files."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ita_rules.pack import RulePack

from ita_rules.ci.run import CiRun

FORMATS = ("text", "json", "sarif", "junit", "github")
_PAIR = re.compile(rf"^({'|'.join(FORMATS)})=(.+)$")


def parse_outputs(values: tuple[str, ...] | list[str]) -> tuple[str | None, list[tuple[str, str]]]:
    """Split `-o` values into the one plain PATH (for --format) and FORMAT=PATH pairs; raise ValueError if bad."""
    plain: str | None = None
    pairs: list[tuple[str, str]] = []
    for v in values:
        m = _PAIR.match(v)
        if m:
            pairs.append((m.group(1), m.group(2)))
        elif plain is None:
            plain = v
        else:
            raise ValueError(f"-o/--output: {plain!r} and {v!r} both name the --format output; use FORMAT=PATH "
                             f"for the others ({', '.join(FORMATS)})")
    paths = [p for _, p in pairs] + ([plain] if plain else [])
    dup = {p for p in paths if paths.count(p) > 1}
    if dup:
        raise ValueError(f"-o/--output: {sorted(dup)[0]!r} is written twice")
    for p in paths:
        parent = Path(p).parent
        if not parent.is_dir():
            raise ValueError(f"-o/--output: no such folder for {p!r}")
    return plain, pairs


def render(fmt: str, run: CiRun, pack: RulePack, repo: Path, legacy: bool) -> str:
    """A machine format as text (text itself is rendered by ita_rules.render.ci_text straight to a console)."""
    if fmt == "json":
        if legacy:
            return run.sites[0].result.model_dump_json(indent=2) + "\n"
        return run.model_dump_json(indent=2) + "\n"
    if fmt == "sarif":
        from ita_rules.render.sarif import to_sarif

        return json.dumps(to_sarif(run, pack, repo), ensure_ascii=False, indent=2) + "\n"
    if fmt == "junit":
        from ita_rules.render.junit import to_junit

        return to_junit(run, pack, repo)
    if fmt == "github":
        from ita_rules.render.github import to_github

        return to_github(run, pack, repo)
    raise ValueError(f"unknown format {fmt!r}")
