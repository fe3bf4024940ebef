"""Temporary folders named after the process that made them, so one left by a kill -9 is removed at the next start."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale(prefix: str) -> int:
    """Remove this user's `<prefix><pid>-*` folders whose process has ended; how many were removed."""
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        pid = folder.name[len(prefix):].split("-", 1)[0]
        try:
            mine = folder.is_dir() and not folder.is_symlink() and folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def scratch_dir(prefix: str) -> tempfile.TemporaryDirectory:
    """A temporary folder for this process (`<prefix><pid>-<random>`), after clearing stale ones."""
    remove_stale(prefix)
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-")
