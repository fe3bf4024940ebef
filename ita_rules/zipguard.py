"""Zip bomb guard for the Office files we open (DOCX, XLSX): declared sizes are checked before anything inflates.

The checks are sound because `zipfile` never inflates a member past the size its central directory
declares (it stops there and fails the CRC check), so a lying archive cannot get past them.
"""

from __future__ import annotations

import io
import os
import zipfile
from typing import IO

MAX_ENTRIES = 10_000
# Parsers hold a whole part in memory (shared strings, document.xml, styles); 48 MB of XML is a long book.
MAX_MEMBER_BYTES = 48 << 20
MAX_TOTAL_BYTES = 200 << 20
# Office XML compresses 5-20:1; bombs 1,000:1. Small parts (empty sheets) may compress very well, so they are let be.
MAX_RATIO = 200
RATIO_FLOOR = 1 << 20


class ZipBomb(ValueError):
    """An archive refused before inflating: it declares more than the limits allow."""


def _size(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB" if n >= 1 << 20 else f"{n:,} bytes"


def check_archive(source: bytes | str | os.PathLike[str] | IO[bytes], *, max_entries: int = MAX_ENTRIES,
                  max_member: int = MAX_MEMBER_BYTES, max_total: int = MAX_TOTAL_BYTES,
                  max_ratio: int = MAX_RATIO) -> None:
    """Raise ZipBomb when the archive declares too many files, too many bytes or a bomb's ratio.

    A file that is not a zip at all raises zipfile.BadZipFile, for the caller's usual "unreadable" path.
    """
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as z:
        infos = z.infolist()
    if len(infos) > max_entries:
        raise ZipBomb(f"the archive holds {len(infos):,} files (limit {max_entries:,})")
    total = 0
    for info in infos:
        size = info.file_size
        if size > max_member:
            raise ZipBomb(f"{info.filename} inflates to {_size(size)} (limit {_size(max_member)})")
        packed = max(info.compress_size, 1)
        if size > RATIO_FLOOR and size > max_ratio * packed:
            raise ZipBomb(f"{info.filename} is compressed {size // packed:,}:1 (limit {max_ratio}:1)")
        total += size
    if total > max_total:
        raise ZipBomb(f"the archive inflates to {_size(total)} in all (limit {_size(max_total)})")
