"""Benchmark: how often `ita check` agrees with an assessor on the labelled fixture corpus.

    python benchmarks/bench_accuracy.py [--sites school-wp,traps] [--json] [-v]

Serves every fixture site that has an expected.yaml (fixtures/sites/) on 127.0.0.1, runs the real CLI
(`python -m cli.main check URL --year <fiscal_year> --format json --no-config --delay 0`) in a subprocess,
and prints per site and in total: items, accuracy (tool outcome accepted), false passes (tool pass, truth
not pass), false fails (tool fail, fail not accepted), evidence accuracy of correct passes, requests made
and wall time.  ``-v`` lists every wrong item (and every correct pass citing unexpected evidence).
A measurement: it always exits 0.  Scoring lives in benchmarks/accuracy.py (importable by tests).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import AIMS, Score, corpus_sites, run_site, violations  # noqa: E402

COLUMNS = ("site", "items", "accuracy", "false pass", "false fail", "evidence ok", "requests", "seconds")


def _row(name: str, s: Score) -> list[str]:
    ev = f"{s.evidence_right}/{s.correct_passes}"
    return [name, str(s.items), f"{s.accuracy:.3f} ({s.correct})", str(s.false_passes), str(s.false_fails), ev,
            str(s.requests), f"{s.seconds:.1f}"]


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(rows[0]), "  ".join("-" * w for w in widths)] + [fmt(r) for r in rows[1:]])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sites", help="comma-separated site names (default: every site with expected.yaml)")
    ap.add_argument("--json", action="store_true", help="print one JSON document instead of the table")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the wrong items")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.sites.split(",") if n.strip()] if args.sites else corpus_sites()
    per_site: dict[str, Score] = {}
    errors: dict[str, str] = {}
    total = Score()
    for name in names:
        try:
            per_site[name], _ = run_site(name)
        except Exception as exc:  # a measurement keeps going: report the site and move on
            errors[name] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            continue
        total.add(per_site[name])
        if not args.json:
            print(f"  {name}: {per_site[name].accuracy:.3f}", file=sys.stderr, flush=True)
    missed = violations(per_site, total)
    if args.json:
        doc = {"sites": {n: s.to_dict() for n, s in per_site.items()}, "total": total.to_dict(),
               "errors": errors, "aims": AIMS, "violations": missed}
        if not args.verbose:
            for d in [*doc["sites"].values(), doc["total"]]:
                d.pop("mistakes")
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    rows = [list(COLUMNS)] + [_row(n, s) for n, s in per_site.items()] + [_row("TOTAL", total)]
    print(_table(rows))
    for name, err in errors.items():
        print(f"error: {name}: {err}")
    print(f"aims: 0 false passes per site, accuracy >= {AIMS['accuracy']}, evidence >= {AIMS['evidence_accuracy']}")
    print("missed: " + ("; ".join(missed) if missed else "none"))
    if args.verbose:
        for m in total.mistakes:
            ev = "" if m["evidence_ok"] is None else f" evidence={m['evidence']}"
            print(f"  {m['site']} {m['item']}: expected {m['expected']} (accept {','.join(m['accept'])}), "
                  f"got {m['got']} [{m['reason']}]{ev}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
