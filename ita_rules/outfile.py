"""Write every output file safely: a temporary file in the same folder, renamed over the target on success only."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import ItaError


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when two paths name one file (symlinks and hard links included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def refuse_input(output: str | Path | None, inputs: Iterable[str | Path | None], what: str = "output") -> None:
    """An output that is one of the inputs would destroy what is being read: refuse it (exit 2)."""
    if output is None:
        return
    for src in inputs:
        if src is not None and same_file(output, src):
            raise ItaError(f"the {what} would overwrite the input {src}; choose another -o", str(output))


@contextmanager
def atomic_path(path: str | Path, error: type[ItaError] = ItaError) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed over `path` only when the block ends without error.

    A failure (bad input, a crash, Ctrl-C) leaves the old file untouched and no temporary file behind."""
    target = Path(path)
    if target.is_symlink():  # replace the file the link points to, and keep the link
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise error("is a folder, not a file", str(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp" + target.suffix, dir=folder)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", str(target)) from None
    os.close(fd)
    done = False
    try:
        yield Path(tmp)
        try:
            if target.exists():  # keep the old file's permissions (a plan shared with a group stays shared)
                os.chmod(tmp, target.stat().st_mode & 0o7777)
            else:
                os.chmod(tmp, 0o666 & ~_UMASK)
            os.replace(tmp, target)
        except OSError as exc:
            raise error(f"cannot write: {exc.strerror or exc}", str(target)) from None
        done = True
    finally:
        if not done:
            Path(tmp).unlink(missing_ok=True)


@contextmanager
def atomic_open(path: str | Path, error: type[ItaError] = ItaError, encoding: str = "utf-8",
                newline: str | None = None, sync: bool = False) -> Iterator[IO[str]]:
    """A text file handle whose content replaces `path` only when the block ends without error."""
    with atomic_path(path, error) as tmp:
        try:
            fh = open(tmp, "w", encoding=encoding, newline=newline)
        except OSError as exc:
            raise error(f"cannot write: {exc.strerror or exc}", str(path)) from None
        with fh:
            yield fh
            if sync:
                fh.flush()
                os.fsync(fh.fileno())


def write_text(path: str | Path, text: str, error: type[ItaError] = ItaError, encoding: str = "utf-8",
               newline: str | None = None) -> None:
    """Write a whole text file atomically (a write error is one line naming the file)."""
    try:
        with atomic_open(path, error, encoding, newline) as fh:
            fh.write(text)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", str(path)) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once: os.umask is process-wide, so changing it later would race with threads


def save_document(doc, path: str | Path, error: type[ItaError] = ItaError) -> None:
    """Save an openpyxl workbook or python-docx document (anything with .save(filename)) atomically."""
    with atomic_path(path, error) as tmp:
        try:
            doc.save(str(tmp))
        except OSError as exc:
            raise error(f"cannot write: {exc.strerror or exc}", str(path)) from None
