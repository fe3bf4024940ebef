"""Check many sites at once: polite shared crawling, evaluation in worker processes, results kept in SQLite.

One asyncio loop crawls up to `max_sites_in_flight` sites, all through one HostSlots, so per-host
concurrency, delay, Crawl-delay and Retry-After hold across sites; sites whose start URLs share a
host are crawled one after another, so none waits out its time budget behind another.  Snapshots are
evaluated in 'spawn' worker processes (durable-rules is one host per process and not thread-safe,
shared/anchors.md §2.1).  Each finished site is committed on its own, so a killed run resumes.
Scripts calling run_batch need the `if __name__ == "__main__":` guard that 'spawn' requires.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import io
import json
import multiprocessing as mp
import os
import shutil
import signal
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ita_rules.errors import ItaError
from ita_rules.pack import Lang, RulePack

from cli.runs import store
from cli.runs.scratch import scratch_dir
from ita_rules.results.check import CheckResult
from crawler.settings import CrawlSettings
from ita_rules.ci.site_spec import SiteSpec
from ita_rules.decisions.load import Decisions
from ita_rules.decisions.model import SiteDecisions

HEADER_ALIASES = {
    "name": "name", "ชื่อหน่วยงาน": "name",
    "url": "target", "target": "target", "เว็บไซต์": "target",
    "type": "agency_type", "ประเภท": "agency_type",
}

BatchProgress = Callable[[int, int, SiteSpec, "CheckResult | None", "str | None"], None]


# --------------------------------------------------------------------------- sites CSV


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp874")  # Thai Excel saves "CSV" as Windows-874
    except UnicodeDecodeError:
        raise ItaError("the sites CSV is neither UTF-8 nor Windows-874 text", where) from None


def _target(raw: str, base: Path, where: str) -> str:
    from ita_rules.urls import validate_start_url

    if "://" not in raw:
        local = Path(raw) if Path(raw).is_absolute() else base / raw
        if local.is_dir():
            return str(local.resolve())
        head = raw.replace("\\", "/").split("/", 1)[0]
        # "sites/demo" is a missing directory, not the host "sites": a bare host needs a dot or a port.
        if head in ("", ".", "..") or ("." not in head and ":" not in head and head != "localhost"):
            raise ItaError(f"{raw!r} is neither a directory (relative to the CSV) nor a URL", where)
    try:
        validate_start_url(raw)
    except ValueError as exc:
        raise ItaError(f"{exc} (a URL, or a directory relative to the CSV)", where) from None
    return raw


def load_sites_csv(path: Path | str) -> list[SiteSpec]:
    """Sites from a CSV with columns name, url (or target), type; Thai headers ชื่อหน่วยงาน, เว็บไซต์, ประเภท."""
    p = Path(path)
    from ita_rules.infile import MAX_CONFIG_BYTES, read_bytes

    text = _decode(read_bytes(p, limit=MAX_CONFIG_BYTES), str(p))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ItaError("the sites CSV is empty", f"{p}:1")
        cols: dict[str, int] = {}
        for i, h in enumerate(header):
            key = HEADER_ALIASES.get(h.strip().lower())
            if key in cols:
                raise ItaError(f"two columns mean {key!r}: {header[cols[key]]!r} and {h!r}", f"{p}:1")
            if key:
                cols[key] = i
        if "name" not in cols or "target" not in cols:
            raise ItaError("the header needs columns name and url (or ชื่อหน่วยงาน and เว็บไซต์), "
                           f"optional type (ประเภท); found {', '.join(map(repr, header))}", f"{p}:1")
        sites: list[SiteSpec] = []
        first: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            where = f"{p}:{line}"
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            cell = {k: (row[i].strip() if i < len(row) else "") for k, i in cols.items()}
            if not cell["name"]:
                raise ItaError("the site has no name", where)
            if not cell["target"]:
                raise ItaError(f"site {cell['name']!r} has no URL", where)
            if cell["name"] in first:
                raise ItaError(f"duplicate site name {cell['name']!r} (first on line {first[cell['name']]})", where)
            first[cell["name"]] = line
            sites.append(SiteSpec(name=cell["name"], target=_target(cell["target"], p.parent, where),
                                  agency_type=cell.get("agency_type") or None, declared_in=where))
    except csv.Error as exc:
        raise ItaError(f"malformed CSV: {exc}", f"{p}:{reader.line_num}") from None
    if not sites:
        raise ItaError("the sites CSV lists no site", str(p))
    return sites


def sites_digest(sites: Sequence[SiteSpec]) -> str:
    """Order-insensitive fingerprint of a site list, so a resumed run checks the same sites."""
    rows = sorted([s.name, s.target, s.agency_type or ""] for s in sites)
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- worker processes

_PACK: RulePack | None = None


def _init_worker(pack: RulePack, parent: int) -> None:
    global _PACK
    _PACK = pack
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; no worker tracebacks

    def watch() -> None:
        # A SIGKILLed parent cannot shut the pool down; leave instead of lingering as an orphan.
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _evaluate(snapshot: str, year: int, lang: Lang, target: str, seconds_left: float,
              decided: SiteDecisions | None = None) -> str:
    from cli.pipeline import budget_limits, evaluate_snapshot

    assert _PACK is not None
    return evaluate_snapshot(Path(snapshot), _PACK, year, lang, target=target, keep=False,
                             limits=budget_limits(seconds_left), decisions=decided).model_dump_json()


def _check_local(target: str, settings: CrawlSettings, year: int, lang: Lang,
                 decided: SiteDecisions | None = None) -> str:
    from cli.pipeline import run_check

    assert _PACK is not None
    return run_check(target, _PACK, year, lang, settings, decisions=decided).model_dump_json()


# --------------------------------------------------------------------------- the batch


class BatchAborted(ItaError):
    """The batch could not go on (a worker process died); what finished is stored."""

    exit_code = 70


@dataclass
class BatchSummary:
    """Where a batch run stands after run_batch returns (counts cover the whole run, resumed parts too)."""

    run_id: int
    sites_total: int
    done: int  # sites stored in the run so far
    stored_now: int  # stored by this call
    skipped: int  # already stored when this call started
    failing: int  # stored sites with at least one failed item
    unreachable: int  # stored sites whose home page was not reached, or whose check raised
    complete: bool
    peak_in_flight: int

    @property
    def exit_code(self) -> int:
        """3 every stored site unreachable, 1 some site has a failing item, else 0."""
        if self.done and self.unreachable == self.done:
            return 3
        return 1 if self.failing else 0


def _host_of(target: str) -> str | None:
    from crawler.politeness import host_key

    if "://" not in target and Path(target).is_dir():
        return None  # a local directory: no host to be polite to
    return host_key(urlsplit(target if "://" in target else "http://" + target).hostname or target)


class _Batch:
    def __init__(self, conn: sqlite3.Connection, run_id: int, pack: RulePack, year: int, lang: Lang,
                 settings: CrawlSettings, max_in_flight: int, jobs: int, progress: BatchProgress | None,
                 stop_after: int | None, total: int, done: int, decisions: Decisions | None = None) -> None:
        self.conn, self.run_id, self.pack, self.year, self.lang = conn, run_id, pack, year, lang
        self.settings, self.max_in_flight, self.jobs = settings, max_in_flight, jobs
        self.progress, self.stop_after, self.total, self.done = progress, stop_after, total, done
        self.stored_now = self.in_flight = self.peak = 0
        self.decisions = decisions

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=mp.get_context("spawn"), initializer=_init_worker,
                                   initargs=(self.pack, os.getpid()))

    async def _in_worker(self, fn: Callable[..., str], *args: object) -> str:
        try:
            return await asyncio.get_running_loop().run_in_executor(self.pool, fn, *args)
        except BrokenProcessPool as exc:
            # Not this site's fault alone (every queued job fails with it): stop; stored sites are kept.
            raise BatchAborted(f"an evaluation worker process died ({exc}); finished sites are stored, "
                               "run again with --resume") from None

    async def _crawl(self, site: SiteSpec, snap: Path) -> None:
        from cli.pipeline import gather_settings
        from crawler.fetch import crawl
        from ita_rules.urls import validate_start_url
        from crawler.snapshot import SnapshotError, SnapshotWriter

        try:
            validate_start_url(site.target)
        except ValueError as exc:
            raise ItaError(str(exc), site.target) from None
        try:
            writer = SnapshotWriter(snap, overwrite=True)
        except (OSError, SnapshotError) as exc:
            raise ItaError(f"cannot write the snapshot: {exc}", str(snap)) from None
        await crawl(site.target, gather_settings(self.settings), writer, slots=self.slots)

    async def _site(self, site: SiteSpec, snap: Path) -> None:
        from crawler.retry import one_line

        host = _host_of(site.target)
        acquired = False
        try:
            try:
                # The host gate first, then a global slot: sites queued behind one host never hold a slot.
                async with (self.gates[host] if host else contextlib.nullcontext()):
                    await self.sem.acquire()  # held until the site is stored
                    acquired = True
                    self.in_flight += 1
                    self.peak = max(self.peak, self.in_flight)
                    started = time.monotonic()  # the site's time budget covers its crawl and its evaluation
                    if host:
                        await self._crawl(site, snap)
                decided = self.decisions.for_site(site.name) if self.decisions else None
                if host:
                    left = self.settings.time_budget - (time.monotonic() - started)
                    text = await self._in_worker(_evaluate, str(snap), self.year, self.lang, site.target, left,
                                                 decided)
                else:
                    text = await self._in_worker(_check_local, site.target, self.settings, self.year, self.lang,
                                                 decided)
                result, error = CheckResult.model_validate_json(text), None
            except BatchAborted:
                raise
            except ItaError as exc:
                result, error = None, str(exc)
            except Exception as exc:  # one broken site must not stop a batch of hundreds
                result, error = None, f"internal: {one_line(exc)}"
            self._store(site, result, error)
        finally:
            if acquired:
                self.in_flight -= 1
                self.sem.release()
            shutil.rmtree(snap, ignore_errors=True)

    def _store(self, site: SiteSpec, result: CheckResult | None, error: str | None) -> None:
        if self.stop.is_set():
            return  # stop_after reached while this site was being evaluated
        if store.store_site(self.conn, self.run_id, site, result, error):
            self.stored_now += 1
            self.done += 1
            if self.progress:
                self.progress(self.done, self.total, site, result, error)
        if self.stop_after is not None and self.stored_now >= self.stop_after:
            self.stop.set()

    async def run(self, todo: list[SiteSpec]) -> None:
        from crawler.politeness import HostSlots

        self.slots = HostSlots(self.settings.per_host_concurrency, self.settings.delay)
        self.sem = asyncio.Semaphore(self.max_in_flight)
        self.gates: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.stop = asyncio.Event()
        self.pool = self._new_pool()
        try:
            with scratch_dir("ita-batch-") as tmp:
                tasks = [asyncio.create_task(self._site(s, Path(tmp) / f"site-{i}")) for i, s in enumerate(todo)]
                everything = asyncio.gather(*tasks)
                # Retrieved below only when it ended by itself; otherwise asyncio would warn at exit.
                everything.add_done_callback(lambda f: f.cancelled() or f.exception())
                stopper = asyncio.create_task(self.stop.wait())
                try:
                    await asyncio.wait([everything, stopper], return_when=asyncio.FIRST_COMPLETED)
                    ended = everything.done()  # before the cancels below, which would end it too
                finally:
                    for t in [*tasks, stopper]:
                        t.cancel()
                    await asyncio.gather(*tasks, stopper, return_exceptions=True)
                if ended:
                    everything.result()  # BatchAborted, or a bug outside the per-site guard, surfaces here
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _pick_run(conn: sqlite3.Connection, sites: Sequence[SiteSpec], pack: RulePack, year: int, lang: Lang,
              settings: CrawlSettings, run_id: int | None, resume: bool) -> int:
    digest = sites_digest(sites)
    if run_id is not None:
        row = store.run_meta(conn, run_id)
        if row is None:
            raise ItaError(f"no run {run_id} in the results database")
        if row["sites_digest"] != digest:
            raise ItaError(f"run {run_id} was started with a different site list; start a new run instead")
        if (row["pack"], row["year"]) != (pack.pack.id, year):
            raise ItaError(f"run {run_id} checks {row['pack']} for {row['year']}, not {pack.pack.id} for {year}")
        return run_id
    if resume and (found := store.resumable_run(conn, digest, pack.pack.id, year)) is not None:
        return found
    names = {ind: pack.name_of(ind) for ind in pack.indicators_of.get("OIT", [])}
    return store.start_run(conn, pack_id=pack.pack.id, pack_version=pack.pack.version, year=year, lang=lang,
                           sites_total=len(sites), digest=digest, target=pack.scoring.target, indicators=names,
                           settings=settings.model_dump_json())


@contextlib.contextmanager
def _one_run_at_a_time(db_path: Path | str):
    """Hold `<db>.lock` for the run: two `--resume` runs would both crawl the sites still to do.

    A lock file beside the database, never the database itself: closing another handle on a SQLite file
    drops SQLite's own locks. The kernel releases the lock when the process ends, even by kill -9.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: runs are not serialised, as before
        yield
        return
    try:
        fh = open(f"{db_path}.lock", "a+b")
    except OSError as exc:
        raise ItaError(f"cannot create the lock file {db_path}.lock: {exc.strerror or exc}", str(db_path)) from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ItaError("a batch run is already running on this results database; wait for it to end "
                           "(or give another --db)", str(db_path)) from None
        yield


def run_batch(sites: Sequence[SiteSpec], pack: RulePack, year: int, lang: Lang, settings: CrawlSettings,
              db_path: Path | str, *, max_sites_in_flight: int = 4, progress: BatchProgress | None = None,
              stop_after: int | None = None, run_id: int | None = None, resume: bool = False,
              jobs: int | None = None, decisions: Decisions | None = None) -> BatchSummary:
    """Check every site, storing each as it finishes; `run_id` or `resume` continue an unfinished run;
    `decisions` (a person's, per site) are applied in the evaluation and stored with each site."""
    if not sites:
        raise ItaError("no sites to check")
    seen: set[str] = set()
    for s in sites:
        if s.name in seen:
            raise ItaError(f"duplicate site name {s.name!r}", s.declared_in)
        seen.add(s.name)
    with _one_run_at_a_time(db_path):
        return _run_locked(sites, pack, year, lang, settings, db_path, max_sites_in_flight, progress, stop_after,
                           run_id, resume, jobs, seen, decisions)


def _run_locked(sites, pack, year, lang, settings, db_path, max_sites_in_flight, progress, stop_after, run_id,
                resume, jobs, seen, decisions) -> BatchSummary:
    conn = store.open_db(db_path)
    try:
        rid = _pick_run(conn, sites, pack, year, lang, settings, run_id, resume)
        before = store.finished_sites(conn, rid)
        todo = [s for s in sites if s.name not in before]
        store.set_status(conn, rid, "running")
        batch = _Batch(conn, rid, pack, year, lang, settings, max(1, max_sites_in_flight),
                       jobs or min(os.cpu_count() or 1, max(1, max_sites_in_flight)), progress, stop_after,
                       len(sites), len(before), decisions)
        try:
            if todo and (stop_after is None or stop_after > 0):
                asyncio.run(batch.run(todo))
        except BaseException:
            store.set_status(conn, rid, "interrupted")
            raise
        rows = store.run_results(conn, rid)
        complete = {r.name for r in rows} >= seen
        store.set_status(conn, rid, "finished" if complete else "interrupted")
        return BatchSummary(
            run_id=rid, sites_total=len(sites), done=len(rows), stored_now=batch.stored_now, skipped=len(before),
            failing=sum(1 for r in rows if r.counts.get("fail")),
            unreachable=sum(1 for r in rows if not r.reachable), complete=complete, peak_in_flight=batch.peak)
    finally:
        conn.close()


def check_sites(sites: Sequence[SiteSpec], pack: RulePack, year: int, lang: Lang, settings: CrawlSettings,
                db: str, resume: bool, decisions: Decisions | None = None) -> list[tuple[SiteSpec, CheckResult]]:
    """`ita check` on several sites: run the batch (a line per finished site on stderr), then read every
    site's result back from the database in site order; a site that did not finish is unreachable."""
    import click

    from ita_rules.evidence.evaluate import unreachable_result

    err = click.get_text_stream("stderr")

    def progress(done, total, site, result, error) -> None:
        note = error or (f"OIT {result.oit.min}–{result.oit.max}, fail {result.counts.get('fail', 0)}"
                         if result.coverage.reachable else "home page unreachable")
        click.echo(f"[{done}/{total}] {site.name}: {note}", file=err)

    summary = run_batch(sites, pack, year, lang, settings, db, progress=progress, resume=resume, decisions=decisions)
    conn = store.open_db(db)
    try:
        errors = {r.name: r.error for r in store.run_results(conn, summary.run_id)}
        checked = []
        for s in sites:
            raw = store.site_result(conn, summary.run_id, s.name)
            result = CheckResult.model_validate_json(raw) if raw else unreachable_result(
                s.target, pack, year, lang, errors.get(s.name) or "the check did not finish")
            checked.append((s, result))
    finally:
        conn.close()
    click.echo(f"ita: batch run {summary.run_id}: {summary.done}/{summary.sites_total} sites stored in {db} "
               f"({summary.skipped} from an earlier run); list with `ita results --db {db}`", file=err)
    return checked
