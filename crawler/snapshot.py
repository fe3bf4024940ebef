"""Content-addressed crawl snapshot: the gather artifact evaluated offline later."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from pydantic import ValidationError

from ita_rules.artifacts import FETCHED_OUTCOMES, FetchRecord
from ita_rules.errors import ItaError
from ita_rules.meta import tool_version, utc_now

__all__ = ["FETCHED_OUTCOMES", "FetchRecord", "SnapshotError", "SnapshotReader", "SnapshotWriter", "sha256_hex",
           "tool_version", "utc_now"]

SNAPSHOT_FORMAT = "ita-rules-snapshot/1"

class SnapshotError(ItaError):
    """A snapshot directory is missing, corrupt or misused (one line naming the file, and line, exit 2)."""

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message, where)


def sha256_hex(body: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(body).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    # A name unique to this process and thread is enough (one writer per snapshot) and avoids
    # mkstemp's random-name retries, which showed up in crawl profiles.
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}-{threading.get_ident()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class SnapshotWriter:
    """Appends records as they arrive so an interrupted crawl keeps what it gathered."""

    def __init__(self, directory: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        self.dir = Path(directory)
        self.bodies_dir = self.dir / "bodies"
        self.records_path = self.dir / "records.jsonl"
        self.manifest_path = self.dir / "manifest.json"
        if self.dir.exists() and not self.dir.is_dir():
            raise SnapshotError(f"{self.dir}: exists and is not a directory")
        if self.records_path.exists() and not overwrite:
            raise SnapshotError(f"{self.records_path}: snapshot already exists (use overwrite=True)")
        self.bodies_dir.mkdir(parents=True, exist_ok=True)
        self._counts: Counter[str] = Counter()
        self._bodies = 0
        self._body_bytes = 0
        self._closed = False
        self._started = utc_now()
        # Write a provisional manifest first: a crash still leaves a readable snapshot.
        self._write_manifest({"complete": False})
        self._fh = open(self.records_path, "w", encoding="utf-8")

    def add(self, record: FetchRecord, body: bytes | None = None) -> FetchRecord:
        """Store the body (once per hash) and append the record; returns the stored record."""
        if self._closed:
            raise SnapshotError(f"{self.dir}: writer is closed")
        if body is not None:
            digest = sha256_hex(body)
            if record.sha256 not in (None, digest):
                raise SnapshotError(f"{record.url}: record sha256 does not match its body")
            record = record.model_copy(update={"sha256": digest, "size": len(body)})
            target = self.bodies_dir / digest
            if not target.exists():
                _atomic_write(target, body)
                self._bodies += 1
                self._body_bytes += len(body)
        self._fh.write(record.model_dump_json() + "\n")
        self._fh.flush()
        self._counts[record.outcome] += 1
        return record

    def close(self, manifest_extra: dict[str, Any] | None = None, *, complete: bool = True) -> None:
        """Finish the snapshot: final manifest with counts and any extra fields."""
        if self._closed:
            return
        self._fh.close()
        self._closed = True
        extra = dict(manifest_extra or {})
        extra.setdefault("complete", complete)
        extra["finished_at"] = utc_now()
        self._write_manifest(extra)

    def _write_manifest(self, extra: dict[str, Any]) -> None:
        manifest = {
            "format": SNAPSHOT_FORMAT,
            "tool": {"name": "ita-rules", "version": tool_version()},
            "started_at": self._started,
            "finished_at": None,
            "counts": {
                "records": sum(self._counts.values()),
                "bodies": self._bodies,
                "body_bytes": self._body_bytes,
                "outcomes": dict(sorted(self._counts.items())),
            },
        }
        manifest.update(extra)
        data = json.dumps(manifest, ensure_ascii=False, indent=2, default=str).encode("utf-8")
        _atomic_write(self.manifest_path, data)

    def __enter__(self) -> "SnapshotWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.close({"interrupted": f"{exc_type.__name__}: {exc}".splitlines()[0]}, complete=False)


def _same_target(old: str, new: str) -> bool:
    """One site: the same folder, or the same scheme, host and port (the start path may differ)."""
    if "://" not in new:
        return "://" not in old and Path(old).resolve() == Path(new).resolve()
    a, b = urlsplit(old), urlsplit(new)
    return (a.scheme.lower(), (a.netloc or "").lower()) == (b.scheme.lower(), (b.netloc or "").lower())


def refuse_foreign_snapshot(directory: str | os.PathLike[str], target: str) -> None:
    """A snapshot folder may be refreshed for its own target, never reused for another one (or any folder
    that holds something else): that would silently replace another site's evidence."""
    d = Path(directory)
    if not d.exists():
        return
    if not d.is_dir():
        raise ItaError("exists and is not a folder", str(d))
    manifest = d / "manifest.json"
    if not manifest.is_file():
        if any(p.name != "bodies" for p in d.iterdir()):
            raise ItaError("the folder holds other files and no snapshot; give a new or empty folder", str(d))
        return
    try:
        old = json.loads(manifest.read_bytes()[:1_000_000])
    except (OSError, ValueError, RecursionError):
        old = None
    if not isinstance(old, dict) or old.get("format") != SNAPSHOT_FORMAT:
        raise ItaError("holds a manifest.json that is not an ita snapshot's; give another folder", str(d))
    source = old.get("source_dir") or old.get("target")
    if not isinstance(source, str) or not source:
        return  # a crawl killed before it named its target: nothing to tell apart, and nothing finished
    local = "://" not in target and Path(target).exists()
    if not _same_target(source, str(Path(target).resolve()) if local else target):
        raise ItaError(f"holds the snapshot of {source}, not {target}; give another folder (or remove it first)",
                       str(d))


class SnapshotReader:
    """Reads a snapshot directory written by SnapshotWriter."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.dir = Path(directory)
        self.records_path = self.dir / "records.jsonl"
        self.manifest_path = self.dir / "manifest.json"
        self.bodies_dir = self.dir / "bodies"
        self.warnings: list[str] = []
        if not self.dir.is_dir():
            raise SnapshotError(f"{self.dir}: snapshot directory not found")
        if not self.manifest_path.is_file():
            raise SnapshotError(f"{self.manifest_path}: manifest.json missing (not a snapshot?)")
        if not self.records_path.is_file():
            raise SnapshotError(f"{self.records_path}: records.jsonl missing")
        try:
            self.manifest: dict[str, Any] = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            raise SnapshotError(f"{self.manifest_path}: unreadable manifest: {exc}") from None
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != SNAPSHOT_FORMAT:
            raise SnapshotError(f"{self.manifest_path}: not an {SNAPSHOT_FORMAT} manifest")

    def records(self) -> Iterator[FetchRecord]:
        """Every record in write order (robots/sitemap ones included)."""
        # Line by line: a large crawl's records are never held in memory at once.
        with open(self.records_path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                rec = self._record(raw, lineno) if raw.strip() else None
                if rec is not None:
                    yield rec

    def _record(self, raw: bytes, lineno: int) -> FetchRecord | None:
        """One line of records.jsonl as a record (None: the truncated last line, noted in warnings)."""
        try:
            return FetchRecord.model_validate_json(raw)
        except ValidationError as exc:
            # A crash mid-append leaves an unterminated last line (only the last one can lack its newline).
            if not raw.endswith(b"\n"):
                self.warnings.append(f"{self.records_path}:{lineno}: truncated last record skipped")
                return None
            first = exc.errors()[0] if exc.errors() else {"msg": str(exc)}
            loc = ".".join(str(p) for p in first.get("loc", ()))
            raise SnapshotError(
                f"{self.records_path}:{lineno}: invalid record: {loc + ': ' if loc else ''}{first['msg']}"
            ) from None

    def pages(self) -> Iterator[FetchRecord]:
        """Records for site URLs only (no robots.txt or sitemap fetches)."""
        return (r for r in self.records() if r.role == "page")

    def probes(self) -> Iterator[FetchRecord]:
        """The not-found probes' records (a random path asked of the site)."""
        return (r for r in self.records() if r.role == "probe")

    def body(self, sha256: str) -> bytes:
        """Body bytes by hash; verified against the hash."""
        if not sha256 or any(c not in "0123456789abcdef" for c in sha256) or len(sha256) != 64:
            raise SnapshotError(f"{self.bodies_dir}: invalid body hash {sha256!r}")
        path = self.bodies_dir / sha256
        try:
            data = path.read_bytes()
        except OSError:
            raise SnapshotError(f"{path}: body missing") from None
        if sha256_hex(data) != sha256:
            raise SnapshotError(f"{path}: body corrupt (hash mismatch)")
        return data
