"""Keep a decisions file on disk: every change rewrites it atomically, so a crash never loses a saved decision."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import yaml

from ..outfile import atomic_open
from ..words import Lang, say
from .load import Decisions, load_or_new
from .model import DecisionEntry, DecisionsError, SiteDecisions


def dump(decisions: Decisions, lang: Lang = "th") -> str:
    """The file's text: a comment saying what it is, then `version` and `sites` (site -> item -> decision)."""
    data = decisions.doc.model_dump(mode="json", exclude_none=False)
    head = "".join(f"# {line}\n" for line in say("decision.file_header", lang).splitlines())
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over the old file."""
    path = Path(path)
    with atomic_open(path, DecisionsError, sync=True) as fh:
        fh.write(text)
    try:  # the rename itself survives a power cut only once the folder is synced
        dirfd = os.open(path.parent or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dirfd)
    except OSError:
        pass
    finally:
        os.close(dirfd)


class DecisionsFile:
    """The decisions file a review session keeps: validated once on open, then rewritten on every change."""

    def __init__(self, path: Path | str, items: set[str] | None = None, lang: Lang = "th"):
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise DecisionsError("the folder does not exist", str(self.path.parent))
        self.decisions = load_or_new(self.path, items)
        self.lang = lang
        self._lock = threading.Lock()

    def get(self, site: str, item: str) -> DecisionEntry | None:
        """The saved decision on one item, if any."""
        with self._lock:
            return self.decisions.doc.sites.get(site, {}).get(item)

    def for_site(self, site: str) -> SiteDecisions:
        """A copy of one site's decisions, taken while no write is under way (the page serves many threads)."""
        with self._lock:
            return self.decisions.for_site(site)

    def set(self, site: str, item: str, entry: DecisionEntry) -> None:
        """Save (or replace) one decision and write the file before returning."""
        with self._lock:
            self.decisions.doc.sites.setdefault(site, {})[item] = entry
            self._save()

    def add_missing(self, site: str, entries: dict[str, DecisionEntry]) -> int:
        """Add the entries the file does not hold yet (one write); returns how many were added."""
        with self._lock:
            have = self.decisions.doc.sites.setdefault(site, {})
            new = {k: v for k, v in entries.items() if k not in have}
            have.update(new)
            if not have:
                self.decisions.doc.sites.pop(site, None)
            if new:
                self._save()
            return len(new)

    def remove(self, site: str, item: str) -> bool:
        """Forget one decision; False when there was none."""
        with self._lock:
            entries = self.decisions.doc.sites.get(site, {})
            if entries.pop(item, None) is None:
                return False
            if not entries:
                self.decisions.doc.sites.pop(site, None)
            self._save()
            return True

    def _save(self) -> None:
        try:
            atomic_write(self.path, dump(self.decisions, self.lang))
        except OSError as exc:
            raise DecisionsError(f"cannot write: {exc.strerror or exc}", str(self.path)) from None
