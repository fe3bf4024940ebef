"""Turn every failure into one line on stderr and a meaningful exit code, never a traceback."""

from __future__ import annotations

import os
import sys
import traceback

import click

from ita_rules.errors import ItaError

EXIT_INTERNAL = 70


def run_safely(group: click.Group) -> None:
    """Run the click group; map ItaError to its exit code and anything unexpected to 70."""
    try:
        group.main(standalone_mode=False, prog_name="ita")
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("ita: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        # Usage errors keep click's hint line but stay short.
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except ItaError as exc:
        click.echo(f"ita: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("ita: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug: still one line, with a way to get the traceback
        if os.environ.get("ITA_DEBUG"):
            traceback.print_exc()
        first = str(exc).splitlines()[0] if str(exc) else ""
        click.echo(f"ita: internal error: {type(exc).__name__}: {first} (set ITA_DEBUG=1 for a traceback)", err=True)
        sys.exit(EXIT_INTERNAL)


def print_notes(choice, lang: str) -> None:
    """How a pack was chosen and whether it is provisional: one line each on stderr, before any output."""
    for line in choice.messages(lang):
        click.echo(f"ita: {line}", err=True)


def print_result_notes(results, lang: str | None = None) -> None:
    """One provisional-pack warning per pack among saved results (report, plan), on stderr."""
    from ita_rules.years import result_warning

    lines = [result_warning(r.pack, lang or r.lang) for r in results]
    for line in dict.fromkeys(x for x in lines if x):
        click.echo(f"ita: {line}", err=True)
