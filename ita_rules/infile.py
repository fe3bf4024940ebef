"""Read an input file safely: regular files only (no FIFO or device to hang on), size-limited before parsing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ItaError

MB = 1 << 20
MAX_DATA_BYTES = 512 * MB  # score sheets, results, plans: a 100,000-row sheet is a few tens of MB
MAX_CONFIG_BYTES = 16 * MB  # ita.toml, waivers, snapshots' manifests: a few KB in practice


def check_regular(path: str | Path, error: type[ItaError] = ItaError, limit: int | None = None) -> int:
    """The size of a regular file; a folder, FIFO, device or socket, or a file over `limit`, is refused."""
    limit = MAX_DATA_BYTES if limit is None else limit
    p = str(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise error("file not found", p) from None
    except OSError as exc:
        raise error(exc.strerror or str(exc), p) from None
    if stat.S_ISDIR(st.st_mode):
        raise error("is a folder, not a file", p)
    if not stat.S_ISREG(st.st_mode):
        raise error("not a regular file (a FIFO, device or socket is never read)", p)
    if st.st_size > limit:
        raise error(f"too large to read ({st.st_size / MB:,.1f} MB; the limit is {limit // MB} MB)", p)
    return st.st_size


def read_bytes(path: str | Path, error: type[ItaError] = ItaError, limit: int | None = None) -> bytes:
    """A regular file's bytes, never more than `limit` (a file that grows while read is cut off and refused)."""
    limit = MAX_DATA_BYTES if limit is None else limit
    check_regular(path, error, limit)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(exc.strerror or str(exc), str(path)) from None
    if len(data) > limit:
        raise error(f"too large to read (the limit is {limit // MB} MB)", str(path))
    return data


def decode_text(data: bytes, where: str, error: type[ItaError] = ItaError, encoding: str = "utf-8-sig") -> str:
    """Bytes as text; an undecodable byte is an error naming its line."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise error(f"not {_name(encoding)} text (byte {exc.start})", f"{where}:{line}") from None


def read_text(path: str | Path, error: type[ItaError] = ItaError, limit: int | None = None,
              encoding: str = "utf-8-sig") -> str:
    """A regular file's text (UTF-8, a BOM allowed), size-limited; errors name the file (and line)."""
    return decode_text(read_bytes(path, error, limit), str(path), error, encoding)


def _name(encoding: str) -> str:
    return "UTF-8" if encoding.replace("-", "").lower().startswith("utf8") else encoding
