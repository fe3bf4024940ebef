"""Assess many sheets, in worker processes when there are enough to pay for them.

durable-rules serialises all work in one process (shared/anchors.md §2.1), so parallelism means
processes, each with its own engine host; 'spawn' keeps a parent's host out of the children.
Sheets stream in and results stream out with a bounded number of chunks in flight, so memory
stays flat however long the sheet is.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain

from .assess import assess_sheets, resolve_pack
from .pack import Lang
from .results.assess import AssessResult
from .sheet import Sheet, check_ids

PARALLEL_FROM = 400  # below this, starting workers costs more than it saves
CHUNK = 100
ENGINE_CHUNK = 20  # sheets per engine evaluation: one session, one batch of facts (see engine.py)
# Workers' results are read and written by the main process, which needs a core of its own: on 2 cores two
# workers took 13.5 s and 304 MB for 10,000 agencies where one process took 9.4 s and 78 MB (benchmarks/README.md).
MAX_WORKERS = 8


def auto_jobs(cpus: int | None) -> int:
    """Worker processes for `--jobs 0`: one per CPU but the main process's own (1: no workers)."""
    return max(1, min((cpus or 1) - 1, MAX_WORKERS))

Item = tuple[float | None, "AssessResult | str"]


def _each(sheets: list[Sheet], lang: Lang, pack_id: str | None, as_json: bool) -> Iterator[Item]:
    from .loader import pack_by_id

    pack = pack_by_id(pack_id) if pack_id else None
    for start in range(0, len(sheets), ENGINE_CHUNK):
        for r in assess_sheets(sheets[start:start + ENGINE_CHUNK], lang=lang, pack=pack):
            yield r.total, (r.model_dump_json() if as_json else r)


def _work(sheets: list[Sheet], lang: Lang, pack_id: str | None, as_json: bool) -> list[Item]:
    return list(_each(sheets, lang, pack_id, as_json))


def _checked(sheets: Iterable[Sheet], pack_id: str | None) -> Iterator[Sheet]:
    from .loader import pack_by_id

    override = pack_by_id(pack_id) if pack_id else None
    for s in sheets:
        check_ids(s, override or resolve_pack(s))
        yield s


def _take(it: Iterator[Sheet], n: int) -> tuple[list[Sheet], Exception | None]:
    """Up to n sheets, and the error that stopped reading early (raised only after earlier work is out)."""
    out: list[Sheet] = []
    try:
        for s in it:
            out.append(s)
            if len(out) >= n:
                break
    except Exception as exc:
        return out, exc
    return out, None


def assess_many(sheets: Iterable[Sheet], lang: Lang = "th", pack_id: str | None = None, jobs: int = 0,
                as_json: bool = False) -> Iterator[Item]:
    """Yield (total, result) in input order; worker processes send JSON text when `as_json` (one process
    yields the result itself, which the JSON writer serialises without a round trip through text).

    A bad sheet stops the batch, but only after every sheet before it has been yielded.
    """
    it = _checked(sheets, pack_id)
    head, error = _take(it, PARALLEL_FROM)
    jobs = jobs or auto_jobs(os.cpu_count())
    if jobs <= 1 or len(head) < PARALLEL_FROM or error:
        yield from _each(head, lang, pack_id, False)
        if error:
            raise error
        while True:
            chunk, error = _take(it, ENGINE_CHUNK)
            yield from _each(chunk, lang, pack_id, False)
            if error:
                raise error
            if not chunk:
                return
    rest = chain(head, it)
    window: deque = deque()
    with mp.get_context("spawn").Pool(processes=jobs) as pool:
        while True:
            chunk, error = _take(rest, CHUNK)
            if chunk:
                window.append(pool.apply_async(_work, (chunk, lang, pack_id, as_json)))
            done = not chunk or error is not None
            while window and (len(window) > jobs or done):
                yield from window.popleft().get()
            if error:
                raise error
            if done:
                return
