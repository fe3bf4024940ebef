"""Where one rendering goes: a UTF-8 file, or standard output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..outfile import atomic_open

if TYPE_CHECKING:
    from rich.console import Console


class Output:
    """A file path, or None for standard output."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None

    def write(self, text: str) -> None:
        """The whole rendering at once."""
        with self.stream() as write:
            write(text)

    @contextmanager
    def stream(self) -> Iterator[Callable[[str], None]]:
        """A write function for renderings produced piece by piece (10,000 agencies never sit in memory)."""
        if self.path is None:
            def write(text: str) -> None:
                sys.stdout.write(text)
            try:
                yield write
            finally:
                sys.stdout.flush()
            return
        with atomic_open(self.path) as fh:  # the old file stays until the whole rendering is written
            yield fh.write

    @contextmanager
    def console(self, width: int) -> Iterator[Console]:
        """A rich console: colours on a terminal, plain text of a fixed width in a file."""
        from rich.console import Console

        if self.path is None:
            yield Console(highlight=False)
            return
        with atomic_open(self.path) as fh:
            yield Console(file=fh, width=width, no_color=True)

    def file(self) -> Path:
        """The file a binary format (XLSX) is written to; standard output cannot take one."""
        if self.path is None:
            raise ValueError("this format is written to a file: give -o PATH")
        return Path(self.path)
