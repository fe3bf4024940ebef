"""Read a TOML file into data plus a line locator, with syntax errors as one `file:line` ConfigError."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ita_rules.errors import ItaError
from ita_rules.infile import MAX_CONFIG_BYTES, decode_text, read_bytes

from ita_rules.ci.tomlpos import TomlLines

_AT = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


class ConfigError(ItaError):
    """An invalid config, waiver or baseline file: exit 4, so it can never pass for a clean run."""

    exit_code = 4


class TomlDoc:
    """A parsed TOML file (or its `[tool.ita]` table) that can say on which line a value sits."""

    def __init__(self, path: str, data: dict[str, Any], lines: TomlLines, prefix: tuple = ()):
        self.path = path
        self.data = data
        self.lines = lines
        self.prefix = prefix

    def where(self, loc: tuple | list = ()) -> str:
        """`file:line` of the value at `loc`, or of its nearest enclosing table."""
        ln = self.lines.line(tuple(loc), self.prefix)
        return f"{self.path}:{ln}" if ln else self.path

    def error(self, exc: ValidationError, rename: dict[str, str] | None = None) -> ConfigError:
        """The first pydantic error as a ConfigError naming file:line and the dotted key."""
        errs = exc.errors()
        err = errs[0]
        loc = tuple((rename or {}).get(p, p) if isinstance(p, str) else p for p in err.get("loc", ()))
        msg = err.get("msg", "invalid value")
        if err.get("type") == "extra_forbidden":
            msg = f"unknown key {loc[-1]!r}" if loc else "unknown key"
        elif err.get("type") == "missing":
            msg = f"missing required key {loc[-1]!r}" if loc else "missing required key"
        msg = msg.removeprefix("Value error, ")
        more = len(errs) - 1
        if more:
            msg += f" (and {more} more error{'s' if more > 1 else ''})"
        key = dotted(loc)
        return ConfigError(f"{key}: {msg}" if key else msg, self.where(loc))


def dotted(loc: tuple | list) -> str:
    """('sites', 2, 'url') -> 'sites[2].url'."""
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def read_toml(path: Path | str, display: str | None = None) -> TomlDoc:
    """Parse a TOML file; any read or syntax error is a ConfigError naming file and line."""
    p = Path(path)
    name = display or str(path)
    try:
        text = decode_text(read_bytes(p, ConfigError, MAX_CONFIG_BYTES), name, ConfigError)
    except ConfigError as exc:
        raise ConfigError(exc.message, name if exc.where == str(p) else exc.where) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT.search(msg)
        where = f"{name}:{m.group(1)}" if m else name
        if not m and _AT_END.search(msg):
            where = f"{name}:{max(1, len(text.splitlines()))}"
        raise ConfigError(f"invalid TOML: {_AT_END.sub('', _AT.sub('', msg))}", where) from None
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply to read", name) from None
    return TomlDoc(name, data, TomlLines(text))
