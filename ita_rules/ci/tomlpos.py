"""Map a key path in a TOML document to its line (tomllib parses values but keeps no positions)."""

from __future__ import annotations

import re

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_WS = " \t"


def _key(text: str, i: int) -> tuple[list[str], int]:
    """Parse a (dotted, possibly quoted) key starting at i; return its parts and the index after it."""
    parts: list[str] = []
    n = len(text)
    while True:
        while i < n and text[i] in _WS:
            i += 1
        if i < n and text[i] in "\"'":
            q = text[i]
            j = i + 1
            buf = []
            while j < n and text[j] != q:
                if q == '"' and text[j] == "\\" and j + 1 < n:
                    buf.append(text[j + 1])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            parts.append("".join(buf))
            i = j + 1
        else:
            m = _BARE.match(text, i)
            if not m:
                return parts, i
            parts.append(m.group())
            i = m.end()
        while i < n and text[i] in _WS:
            i += 1
        if i < n and text[i] == ".":
            i += 1
            continue
        return parts, i


def _value_state(text: str, depth: int) -> tuple[int, str | None]:
    """Bracket depth after scanning a value fragment, and an open multi-line string delimiter if any."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            break
        if text.startswith('"""', i) or text.startswith("'''", i):
            delim = text[i:i + 3]
            end = text.find(delim, i + 3)
            if end == -1:
                return depth, delim
            i = end + 3
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if (c == '"' and text[j] == "\\") else 1
            i = j + 1
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        i += 1
    return depth, None


class TomlLines:
    """Line numbers of every table header and key in a TOML text, addressed like pydantic error locations."""

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        aot: dict[tuple, int] = {}  # array-of-tables path -> index of its latest table
        current: tuple = ()
        depth, open_str = 0, None
        for no, raw in enumerate(text.splitlines(), start=1):
            if open_str:
                # Inside a multi-line string: nothing here is a key.
                end = raw.find(open_str)
                if end == -1:
                    continue
                open_str = None
                depth, open_str = _value_state(raw[end + 3:], depth)
                continue
            if depth > 0:
                # Inside a multi-line array or inline table: its lines belong to the key above.
                depth, open_str = _value_state(raw, depth)
                continue
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[["):
                parts, _ = _key(line, 2)
                # The last segment is the array itself; only its parents resolve to their latest table.
                current = (*self._resolve(parts[:-1], aot), *parts[-1:])
                aot[current] = aot.get(current, -1) + 1
                current = (*current, aot[current])
                self.lines.setdefault(current, no)
                continue
            if line.startswith("["):
                parts, _ = _key(line, 1)
                current = self._resolve(parts, aot)
                self.lines.setdefault(current, no)
                continue
            parts, i = _key(line, 0)
            if not parts or i >= len(line) or line[i] != "=":
                continue
            self.lines.setdefault((*current, *parts), no)
            depth, open_str = _value_state(line[i + 1:], 0)

    @staticmethod
    def _resolve(parts: list[str], aot: dict[tuple, int]) -> tuple:
        """A header path with array-of-tables segments replaced by (name, current index)."""
        out: tuple = ()
        for p in parts:
            out = (*out, p)
            if out in aot:
                out = (*out, aot[out])
        return out

    def line(self, loc: tuple | list, prefix: tuple = ()) -> int | None:
        """Line of the deepest part of `prefix + loc` that appears in the text (key, then its table)."""
        full = (*prefix, *loc)
        for n in range(len(full), 0, -1):
            if full[:n] in self.lines:
                return self.lines[full[:n]]
        return None
