"""The directory fetch backend of the crawl loop: a static site build on disk answered as if served."""

from __future__ import annotations

import asyncio
import mimetypes
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from crawler.frontier import Collector, Frontier, PageBudget
from ita_rules.artifacts import FetchRecord
from ita_rules.meta import utc_now
from ita_rules.urls import INDEX_NAMES, LOCAL_BASE, same_site, url_to_path

mimetypes.add_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
mimetypes.add_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")


class DirectoryBackend:
    """Answers pseudo-URLs under LOCAL_BASE from files under ROOT; a missing file (or one outside ROOT,
    through ../ or a symlink) is a 404 record."""

    mode = "directory"
    workers = 1  # files answer at once: one worker keeps the crawl order that of the frontier

    def __init__(self, path: str | os.PathLike[str], max_bytes: int) -> None:
        root = Path(path).resolve()
        if not root.is_dir():
            raise ValueError(f"not a directory: {path}")
        if not any((root / n).is_file() for n in INDEX_NAMES):
            raise ValueError(f"no index.html in {path}")
        self.root = root
        self.start = LOCAL_BASE
        self.target = str(root)
        self.max_bytes = max_bytes
        self.served: set[Path] = set()

    def attach(self, collector: Collector, frontier: Frontier, budget: PageBudget) -> None:
        """The loop's collector, frontier and page budget, shared with this backend."""
        self.collector, self.budget = collector, budget

    def in_scope(self, url: str) -> bool:
        """Every pseudo-URL of the build."""
        return same_site(LOCAL_BASE, url)

    def manifest(self) -> dict[str, Any]:
        """What the snapshot's manifest says about this crawl."""
        return {"target": LOCAL_BASE, "mode": self.mode, "source_dir": str(self.root)}

    @asynccontextmanager
    async def session(self) -> AsyncIterator[None]:
        """Nothing to open."""
        yield

    async def seed(self) -> None:
        """A build has no robots.txt or sitemap to read."""

    def finish(self) -> None:
        """Files nobody links to are invisible to a visitor (and to an assessor): counted, not crawled."""
        orphans = sum(1 for p in self.root.rglob("*") if p.is_file() and p.resolve() not in self.served)
        self.collector.counters["orphan_files"] = orphans

    async def fetch(self, url: str, *, depth: int, referrer: str | None, role: str = "page",
                    is_home: bool = False) -> tuple[FetchRecord, bytes | None]:
        """The file a URL names, as the record an HTTP server's answer would give."""
        await asyncio.sleep(0)  # let the time budget end the crawl between files
        rec = FetchRecord(url=url, depth=depth, referrer=referrer, role=role, outcome="ok")
        if not self.budget.take():
            return self.budget.refuse(rec), None
        started = time.monotonic()
        try:
            file = url_to_path(self.root, url)
        except UnicodeDecodeError:
            file = None
        if file is None:
            return rec.model_copy(update={
                "final_url": url, "status": 404, "outcome": "http_error", "error": "HTTP 404 (no such file)",
                "fetched_at": utc_now(),
            }), None
        self.served.add(file)
        size = file.stat().st_size
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        rec = rec.model_copy(update={
            "final_url": url, "status": 200, "content_type": ctype, "attempts": 1,
            "headers": {"content-type": ctype, "content-length": str(size)}, "fetched_at": utc_now(),
        })
        if size > self.max_bytes:
            return rec.model_copy(update={
                "outcome": "too_large", "truncated": True, "error": f"file larger than max_bytes {self.max_bytes}",
            }), None
        body = file.read_bytes()
        return rec.model_copy(update={"elapsed_ms": int((time.monotonic() - started) * 1000)}), body
