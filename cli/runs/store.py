"""Batch results in an embedded SQLite database: one transaction per finished site, so runs resume."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ita_rules.errors import ItaError, first_error
from ita_rules.results.runs import OUTCOMES, Run, SiteDiff, SiteRow

if TYPE_CHECKING:
    from ita_rules.results.check import CheckResult
    from ita_rules.ci.site_spec import SiteSpec

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    pack TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    year INTEGER NOT NULL,
    lang TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'interrupted', 'finished')),
    sites_total INTEGER NOT NULL,
    sites_digest TEXT NOT NULL,
    target REAL NOT NULL,
    indicators TEXT NOT NULL,
    settings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sites (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    name TEXT NOT NULL,
    target TEXT NOT NULL,
    agency_type TEXT,
    finished_at TEXT NOT NULL,
    reachable INTEGER NOT NULL,
    oit_min REAL,
    oit_max REAL,
    indicators TEXT,
    counts TEXT NOT NULL,
    coverage TEXT,
    error TEXT,
    result TEXT,
    UNIQUE (run_id, name)
);
CREATE TABLE IF NOT EXISTS items (
    run_id INTEGER NOT NULL,
    site TEXT NOT NULL,
    item TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (run_id, site, item),
    FOREIGN KEY (run_id, site) REFERENCES sites(run_id, name)
);
CREATE INDEX IF NOT EXISTS sites_by_name ON sites(name, run_id);
CREATE TABLE IF NOT EXISTS decisions (
    run_id INTEGER NOT NULL,
    site TEXT NOT NULL,
    item TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('pass', 'fail')),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    comment TEXT NOT NULL,
    evidence_url TEXT,
    applied INTEGER NOT NULL,
    stale TEXT NOT NULL,
    tool_outcome TEXT NOT NULL,
    tool_reason TEXT NOT NULL,
    PRIMARY KEY (run_id, site, item),
    FOREIGN KEY (run_id, site) REFERENCES sites(run_id, name)
);
"""


def now() -> str:
    """UTC timestamp, seconds precision, for runs and sites."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def open_db(path: Path | str, create: bool = True) -> sqlite3.Connection:
    """Open (and create or check) a results database in WAL mode."""
    path = Path(path)
    if not create and not path.is_file():
        raise ItaError("no results database here (run `ita check --sites ... --db PATH` first)", str(path))
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        # WAL: readers (`ita results`) never block the batch; FULL makes each committed site survive a crash.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            for stmt in filter(str.strip, SCHEMA.split(";")):  # not executescript: it would commit early
                conn.execute(stmt)
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) != SCHEMA_VERSION:
                raise ItaError(f"results database has schema version {row[0]}, this ita reads {SCHEMA_VERSION}",
                               str(path))
    except sqlite3.DatabaseError as exc:
        raise ItaError(f"not a usable results database: {exc}", str(path)) from None
    return conn


def start_run(conn: sqlite3.Connection, *, pack_id: str, pack_version: str, year: int, lang: str, sites_total: int,
              digest: str, target: float, indicators: dict[str, str], settings: str) -> int:
    """Insert a new run in state 'running'; returns its id."""
    with conn:
        cur = conn.execute(
            "INSERT INTO runs (started, pack, pack_version, year, lang, status, sites_total, sites_digest, target,"
            " indicators, settings) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)",
            (now(), pack_id, pack_version, year, lang, sites_total, digest, target,
             json.dumps(indicators, ensure_ascii=False), settings))
    return int(cur.lastrowid)


def run_meta(conn: sqlite3.Connection, run_id: int) -> sqlite3.Row | None:
    """The raw runs row (with digest and settings), or None."""
    return conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()


def resumable_run(conn: sqlite3.Connection, digest: str, pack_id: str, year: int) -> int | None:
    """The newest unfinished run over the same site list, pack and year."""
    row = conn.execute("SELECT id FROM runs WHERE status != 'finished' AND sites_digest = ? AND pack = ? AND year = ?"
                       " ORDER BY id DESC LIMIT 1", (digest, pack_id, year)).fetchone()
    return int(row[0]) if row else None


def set_status(conn: sqlite3.Connection, run_id: int, status: str) -> None:
    """Mark a run running, interrupted or finished."""
    with conn:
        conn.execute("UPDATE runs SET status = ?, finished = ? WHERE id = ?",
                     (status, now() if status == "finished" else None, run_id))


def finished_sites(conn: sqlite3.Connection, run_id: int) -> set[str]:
    """Names of the sites a run has already stored."""
    return {r[0] for r in conn.execute("SELECT name FROM sites WHERE run_id = ?", (run_id,))}


def store_site(conn: sqlite3.Connection, run_id: int, site: SiteSpec, result: CheckResult | None,
               error: str | None = None) -> bool:
    """Store one finished site (row, items, OIT, coverage, full JSON) atomically; False if already stored."""
    if result is not None:
        counts, reachable = result.counts, result.coverage.reachable
        oit = (result.oit.min, result.oit.max)
        inds = {k: {"min": r.min, "max": r.max} for k, r in result.oit.indicators.items()}
        row = (json.dumps(inds), json.dumps(counts), result.coverage.model_dump_json(), None,
               result.model_dump_json())
    else:
        counts, reachable, oit = {k: 0 for k in OUTCOMES}, False, (None, None)
        row = (None, json.dumps(counts), None, error or "unknown error", None)
    try:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO sites (run_id, name, target, agency_type, finished_at, reachable, oit_min, oit_max,"
                " indicators, counts, coverage, error, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, site.name, site.target, site.agency_type, now(), int(reachable), *oit, *row))
            if result is not None:
                conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?)",
                                 [(run_id, site.name, i.id, i.outcome, i.reason) for i in result.items])
                _store_decisions(conn, run_id, site.name, result)
    except sqlite3.IntegrityError:
        return False  # another runner resuming the same run stored it first
    return True


def _store_decisions(conn: sqlite3.Connection, run_id: int, site: str, result: CheckResult) -> None:
    conn.execute("DELETE FROM decisions WHERE run_id = ? AND site = ?", (run_id, site))
    conn.executemany(
        "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(run_id, site, i.id, d.decision, d.by, d.at.isoformat(), d.comment, d.evidence_url, int(d.applied),
          d.stale, d.tool_outcome.value, d.tool_reason.value) for i in result.items if (d := i.decision)])


def update_site(conn: sqlite3.Connection, run_id: int, name: str, result: CheckResult) -> None:
    """Replace a stored site's result (e.g. under new decisions): OIT, counts, items and decisions at once."""
    inds = {k: {"min": r.min, "max": r.max} for k, r in result.oit.indicators.items()}
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE sites SET oit_min = ?, oit_max = ?, indicators = ?, counts = ?, result = ?"
                     " WHERE run_id = ? AND name = ?",
                     (result.oit.min, result.oit.max, json.dumps(inds), json.dumps(result.counts),
                      result.model_dump_json(), run_id, name))
        conn.executemany("UPDATE items SET outcome = ? WHERE run_id = ? AND site = ? AND item = ?",
                         [(i.outcome, run_id, name, i.id) for i in result.items])
        _store_decisions(conn, run_id, name, result)


def list_runs(conn: sqlite3.Connection) -> list[Run]:
    """Every run, newest first, with how many sites it has stored."""
    rows = conn.execute("SELECT r.*, (SELECT COUNT(*) FROM sites s WHERE s.run_id = r.id) AS done"
                        " FROM runs r ORDER BY r.id DESC").fetchall()
    return [_run(conn, r) for r in rows]


def get_run(conn: sqlite3.Connection, run_id: int) -> Run:
    """One run, or ItaError if the database has no such run."""
    r = conn.execute("SELECT r.*, (SELECT COUNT(*) FROM sites s WHERE s.run_id = r.id) AS done"
                     " FROM runs r WHERE r.id = ?", (run_id,)).fetchone()
    if r is None:
        raise ItaError(f"no run {run_id} in the results database (see `ita results`)")
    return _run(conn, r)


@functools.cache
def _adapter(cls):
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def _stored(conn: sqlite3.Connection, cls, what: str, build):
    """A row read back as `cls`, its types checked: a row edited or damaged outside ita is one line naming the
    database and the row (exit 2), never a crash while rendering."""
    from pydantic import ValidationError

    try:
        return _adapter(cls).validate_python(build())
    except (ValueError, TypeError, KeyError, RecursionError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, ValidationError):
            loc, msg = first_error(exc)
            first = f"{'.'.join(map(str, loc))}: {msg}"
        db = conn.execute("PRAGMA database_list").fetchone()[2] or "results database"
        raise ItaError(f"{what} is damaged in the results database ({first})", db) from None


def _run(conn: sqlite3.Connection, r: sqlite3.Row) -> Run:
    return _stored(conn, Run, f"run {r['id']}", lambda: dict(
        id=r["id"], started=r["started"], finished=r["finished"], pack=r["pack"], year=r["year"],
        status=r["status"], sites_total=r["sites_total"], sites_done=r["done"], target=r["target"],
        indicators=json.loads(r["indicators"])))


def _site_row(conn: sqlite3.Connection, r: sqlite3.Row) -> SiteRow:
    return _stored(conn, SiteRow, f"run {r['run_id']}, site {r['name']!r}", lambda: dict(
        run_id=r["run_id"], name=r["name"], target=r["target"], agency_type=r["agency_type"],
        finished_at=r["finished_at"], reachable=bool(r["reachable"]), oit_min=r["oit_min"], oit_max=r["oit_max"],
        indicators=json.loads(r["indicators"] or "{}"), counts=json.loads(r["counts"]), error=r["error"]))


def run_results(conn: sqlite3.Connection, run_id: int, with_items: bool = False) -> list[SiteRow]:
    """A run's stored sites in the order they finished."""
    out = [_site_row(conn, r) for r in conn.execute("SELECT * FROM sites WHERE run_id = ? ORDER BY rowid",
                                                    (run_id,))]
    by_name = {s.name: s for s in out}
    for r in conn.execute("SELECT site, SUM(applied) AS decided, SUM(1 - applied) AS stale FROM decisions"
                          " WHERE run_id = ? GROUP BY site", (run_id,)):
        by_name[r["site"]].decided, by_name[r["site"]].stale = int(r["decided"]), int(r["stale"])
    if with_items:
        for r in conn.execute("SELECT site, item, outcome FROM items WHERE run_id = ? ORDER BY rowid", (run_id,)):
            by_name[r["site"]].items[r["item"]] = r["outcome"]
    return out


def site_result(conn: sqlite3.Connection, run_id: int, name: str) -> str | None:
    """The full CheckResult JSON stored for a site, or None."""
    row = conn.execute("SELECT result FROM sites WHERE run_id = ? AND name = ?", (run_id, name)).fetchone()
    return row[0] if row else None


def compare_site(conn: sqlite3.Connection, site: str, run_a: int | None = None, run_b: int | None = None) -> SiteDiff:
    """Items that changed outcome and the OIT range change; by default the site's last two runs."""
    runs = [r[0] for r in conn.execute("SELECT run_id FROM sites WHERE name = ? ORDER BY run_id", (site,))]
    if run_a is None or run_b is None:
        if len(runs) < 2:
            raise ItaError(f"site {site!r} is stored in {len(runs)} run(s); a diff needs two")
        run_a, run_b = runs[-2], runs[-1]
    for r in (run_a, run_b):
        if r not in runs:
            raise ItaError(f"site {site!r} has no stored result in run {r}")

    def load(run: int) -> tuple[tuple[float | None, float | None], dict[str, str]]:
        row = conn.execute("SELECT oit_min, oit_max FROM sites WHERE run_id = ? AND name = ?", (run, site)).fetchone()
        items = {r[0]: r[1] for r in conn.execute(
            "SELECT item, outcome FROM items WHERE run_id = ? AND site = ? ORDER BY rowid", (run, site))}
        return (row[0], row[1]), items

    oit_a, items_a = load(run_a)
    oit_b, items_b = load(run_b)
    order = list(items_a) + [i for i in items_b if i not in items_a]
    changed = [(i, items_a.get(i), items_b.get(i)) for i in order if items_a.get(i) != items_b.get(i)]
    return SiteDiff(site=site, run_a=run_a, run_b=run_b, oit_a=oit_a, oit_b=oit_b, changed=changed)
