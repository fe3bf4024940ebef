"""`ita review`: a local page to decide the items the tool could not settle; `--stats` for tool/person agreement."""

from __future__ import annotations

import getpass
import json
import os
from functools import lru_cache
from pathlib import Path

import click

from ita_rules.errors import ItaError

PREVIEW_CHARS = 3000


def _snapshot_preview(snapshot: Path):
    """(url) -> the text the tool extracted from that URL's body in the snapshot, or None."""
    from crawler.extract import extract
    from crawler.snapshot import SnapshotReader

    reader = SnapshotReader(snapshot)
    records = {}
    for rec in reader.pages():
        if rec.sha256 and rec.outcome == "ok":
            records.setdefault(rec.url, rec)
            records.setdefault(rec.final_url or rec.url, rec)

    @lru_cache(maxsize=256)
    def text(url: str) -> str | None:
        rec = records.get(url)
        if rec is None:
            return None
        try:
            doc = extract(reader.body(rec.sha256), rec.content_type, url)
        except Exception:  # a hostile body: no preview, never a crash of the page
            return None
        words = " ".join(doc.text.split())
        return (words[:PREVIEW_CHARS] + " …") if len(words) > PREVIEW_CHARS else (words or None)

    return text


def _snapshot_site(path: Path) -> str:
    """The name `ita check --snapshot` gives a snapshot's site: its source folder or host."""
    from crawler.snapshot import SnapshotError, SnapshotReader
    from ita_rules.ci.sites import derive_name

    try:
        manifest = SnapshotReader(path).manifest or {}
    except SnapshotError as exc:
        raise ItaError(str(exc), str(path)) from None
    return derive_name(manifest.get("source_dir") or manifest.get("target") or str(path))


def _from_snapshot(path: Path, pack_id, year, lang):
    from cli.pipeline import evaluate_snapshot
    from ita_rules.review.queue import ReviewSite

    from ita_rules.years import choose

    name = _snapshot_site(path)
    choice = choose(pack_id, year)  # the same default year as `ita check`
    for line in choice.messages(lang):
        click.echo(f"ita: {line}", err=True)
    result = evaluate_snapshot(path, choice.pack, choice.year, lang, target=path.as_posix())
    return choice.pack, [ReviewSite(name, result, path)]


def _from_json(path: Path):
    from pydantic import ValidationError

    from ita_rules.ci.sites import derive_name
    from ita_rules.loader import pack_by_id
    from ita_rules.render.report.load import load_check
    from ita_rules.results.check import CheckResult
    from ita_rules.review.queue import ReviewSite

    from ita_rules.infile import read_text

    try:
        data = json.loads(read_text(path))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ItaError(f"not an `ita check --format json` result ({exc})", str(path)) from None
    if isinstance(data, dict) and isinstance(data.get("sites"), list):  # a CI run: several named sites
        try:
            sites = [(s["site"]["name"], CheckResult.model_validate(s["result"])) for s in data["sites"]]
        except (KeyError, TypeError, ValidationError) as exc:
            raise ItaError(f"not an `ita check --format json` result: {str(exc).splitlines()[0]}", str(path)) \
                from None
    else:
        r = load_check(str(path))
        kept = r.snapshot and Path(r.snapshot).is_dir()
        sites = [(_snapshot_site(Path(r.snapshot)) if kept else derive_name(r.target), r)]
    out = [ReviewSite(name, r, Path(r.snapshot) if r.snapshot and Path(r.snapshot).is_dir() else None)
           for name, r in sites]
    return pack_by_id(sites[0][1].pack.id), out


def _from_db(db: str, run: str | None):
    from cli.runs.store import get_run, list_runs, open_db, run_results, site_result
    from ita_rules.loader import pack_by_id
    from ita_rules.results.check import CheckResult
    from ita_rules.review.queue import ReviewSite

    conn = open_db(db, create=False)
    try:
        runs = list_runs(conn)
        if not runs:
            raise ItaError("the results database has no run yet", db)
        rid = runs[0].id if run in (None, "last", "latest") else int(run)
        info = get_run(conn, rid)
        sites = [ReviewSite(s.name, CheckResult.model_validate_json(raw))
                 for s in run_results(conn, rid) if (raw := site_result(conn, rid, s.name))]
    except ValueError:
        raise click.BadParameter(f"{run!r} is not a run number (see `ita results`)", param_hint="--run") from None
    finally:
        conn.close()
    if not sites:
        raise ItaError(f"run {rid} has no stored site result to review", db)
    return pack_by_id(info.pack), sites, rid


def _import_stored(sites, decisions, lang) -> None:
    """Decisions a batch run applied become entries of the file (unless it has its own), so none is lost."""
    from ita_rules.decisions.apply import entry_of
    from ita_rules.words import say

    added = sum(decisions.add_missing(s.name, {i.id: e for i in s.result.items if (e := entry_of(i, lang))})
                for s in sites)
    if added:
        click.echo(say("review.imported", lang, n=added, path=decisions.path), err=True)


def _db_writer(db: str, run_id: int, review_ref: list):
    """Keep the results database in step: each decision re-judges its site and replaces the stored result."""
    from cli.runs.store import open_db, update_site
    from ita_rules.evidence.evaluate import rejudge

    def on_change(site, result) -> None:
        review = review_ref[0]
        decided = rejudge(result, review.pack, review.decisions.for_site(site.name))
        conn = open_db(db, create=False)
        try:
            update_site(conn, run_id, site.name, decided)
        finally:
            conn.close()

    return on_change


def _stats(decisions_path: str, db: str | None, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from ita_rules.decisions.load import load, load_or_new
    from ita_rules.decisions.stats import agreement
    from ita_rules.vocabulary import Reason
    from ita_rules.words import say

    # One decision per site and item: the file's, else the newest one stored with a batch run.
    found = {(s, i): e for s, i, e in (_db_entries(db) if db else [])}
    doc = (load_or_new if db else load)(decisions_path).doc  # with --db the file is optional
    found |= {(s, i): e for s, items in doc.sites.items() for i, e in items.items()}
    total, by_item, by_reason = agreement([(s, i, e) for (s, i), e in found.items()])
    console = Console(highlight=False, width=None if os.isatty(1) else 200)
    console.print(say("review.stats_total", lang, n=total.decisions, agree=total.agree, judged=total.agree +
                      total.disagree, rate=_pct(total.rate), unsure=total.unsure))
    for title, rows, name in ((say("review.stats_by_item", lang), by_item, lambda k: k),
                              (say("review.stats_by_reason", lang), by_reason, lambda k: Reason(k).text(lang))):
        t = Table(title=title, title_justify="left")
        for col in ("key", "n", "pass", "fail", "agree", "disagree", "unsure", "rate"):
            t.add_column(say(f"review.stats_{col}", lang), justify="left" if col == "key" else "right")
        for a in rows:
            t.add_row(name(a.key), str(a.decisions), str(a.person_pass), str(a.person_fail), str(a.agree),
                      str(a.disagree), str(a.unsure), _pct(a.rate))
        console.print(t)


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.0f}%"


def _db_entries(db: str) -> list:
    """Every decision stored with a batch run (the newest run's, per site and item)."""
    from cli.runs.store import open_db
    from ita_rules.decisions.model import DecisionEntry, Fingerprint, ToolVerdict

    conn = open_db(db, create=False)
    try:
        rows = conn.execute("SELECT * FROM decisions d WHERE run_id = (SELECT MAX(run_id) FROM decisions e"
                            " WHERE e.site = d.site AND e.item = d.item)").fetchall()
    finally:
        conn.close()
    return [(r["site"], r["item"], DecisionEntry(
        decision=r["decision"], by=r["decided_by"], at=r["decided_at"], comment=r["comment"],
        evidence_url=r["evidence_url"], tool=ToolVerdict(outcome=r["tool_outcome"], reason=r["tool_reason"]),
        fingerprint=Fingerprint())) for r in rows]


@click.command()
@click.argument("source", required=False, type=click.Path(), metavar="[RESULT.json|SNAPSHOT_DIR]")
@click.option("--db", type=click.Path(dir_okay=False), help="Review the sites of a batch run in this results database.")
@click.option("--run", "run", help="Run number in --db (default: the newest).")
@click.option("--decisions", "decisions_path", default="ita-decisions.yaml", show_default=True,
              type=click.Path(dir_okay=False), help="Decisions file: read if it exists, each decision written at once.")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
@click.option("--year", type=int, help="Fiscal year for a SNAPSHOT_DIR (default: today's, as `ita check`).")
@click.option("--pack", "pack_id", help="Rule pack for a SNAPSHOT_DIR.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--by", "by", help="Reviewer's name written with each decision (default: $ITA_REVIEWER or the login).")
@click.option("--stats", is_flag=True, help="Print how often the tool agreed with the person, by item and reason.")
def review(source, db, run, decisions_path, lang, year, pack_id, port, by, stats) -> None:
    """Decide the items the tool could not settle, on a local web page (127.0.0.1, Ctrl-C stops).

    Lists the items to review most impactful first, with the pack's criteria, the tool's reason and
    evidence (and a text preview from the snapshot); pass / fail with a comment writes the decision
    to the decisions file at once. `ita check ... --decisions FILE` then applies them.
    """
    if stats:
        if source:
            raise click.UsageError("--stats reads the decisions file (and --db); give no RESULT or SNAPSHOT_DIR")
        _stats(decisions_path, db, lang)
        return
    if bool(source) == bool(db):
        raise click.UsageError("give one of RESULT.json, SNAPSHOT_DIR or --db FILE")
    from ita_rules.outfile import refuse_input

    refuse_input(decisions_path, [source, db], "decisions file")
    _serve(source, db, run, decisions_path, lang, year, pack_id, port, by)


def _serve(source, db, run, decisions_path, lang, year, pack_id, port, by) -> None:
    from ita_rules.decisions.write import DecisionsFile
    from ita_rules.review.app import build_app, make
    from ita_rules.review.queue import Review
    from ita_rules.words import say

    on_change, holder = None, []
    if db:
        pack, sites, rid = _from_db(db, run)
        on_change = _db_writer(db, rid, holder)
    elif Path(source).is_dir():
        pack, sites = _from_snapshot(Path(source), pack_id, year, lang)
    else:
        pack, sites = _from_json(Path(source))
    decisions = DecisionsFile(decisions_path, set(pack.item), lang)  # a malformed file stops here (exit 4)
    if db:
        _import_stored(sites, decisions, lang)
    previews = {s.name: _snapshot_preview(s.snapshot) for s in sites if s.snapshot is not None}
    reviewer = by or os.environ.get("ITA_REVIEWER") or _login()
    review = Review(sites, pack, decisions, lang, reviewer,
                    preview=lambda site, url: previews[site](url) if site in previews else None, on_change=on_change)
    holder.append(review)
    try:
        server = make(build_app(review), port)
    except OSError as exc:
        if port == 0:
            raise ItaError(f"cannot listen on 127.0.0.1: {exc.strerror or exc}") from None
        server = make(build_app(review), 0)  # the usual port is taken (another review?): any free one
    url = f"http://127.0.0.1:{server.server_port}/"
    click.echo(say("review.serving", lang, url=url, path=decisions.path), err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    click.echo(say("review.stopped", lang, path=decisions.path), err=True)


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container: still a name on every decision
        return "reviewer"
