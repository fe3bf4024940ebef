"""`ita init`: write a commented starter ita.toml (Thai and English)."""

from __future__ import annotations

from pathlib import Path

import click

from ita_rules.errors import ItaError
from ita_rules.outfile import atomic_open


@click.command("init")
@click.argument("path", required=False, default="ita.toml", type=click.Path(dir_okay=False))
@click.option("--site", "target", help="The site to check: a URL or a static-site build folder.")
@click.option("--name", default="my-agency", show_default=True, help="Site name (keys waivers and baselines).")
@click.option("--agency-type", help="e.g. อบต., เทศบาล, โรงเรียน.")
@click.option("--year", type=click.IntRange(2550, 2600), help="Buddhist-era fiscal year.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: str, target: str | None, name: str, agency_type: str | None, year: int | None, force: bool) -> None:
    """Write a starter config for `ita check` (refuses to overwrite without --force)."""
    from ita_rules.ci.config import load_config
    from ita_rules.ci.starter import render

    p = Path(path)
    if p.exists() and not force:
        raise ItaError("already exists; use --force to overwrite it", path)
    if not name.strip():
        raise click.BadParameter("the site name is blank", param_hint="--name")
    with atomic_open(p) as fh:
        fh.write(render(name.strip(), target, agency_type, year))
        fh.flush()
        try:
            load_config(fh.name)  # a bad --site or --name must not leave a broken file behind
        except ItaError as exc:
            raise ItaError(exc.message.replace(fh.name, path), path) from None
    click.echo(f"wrote {path}: edit the [[sites]] entry, then run `ita check`", err=True)
