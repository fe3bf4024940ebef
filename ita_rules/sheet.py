"""Score sheets: one agency in YAML/JSON, or one row per agency in CSV/XLSX."""

from __future__ import annotations

import codecs
import csv
import math
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .errors import PackError, SheetError
from .infile import check_regular, decode_text, read_bytes
from .loader import pack_for_year
from .pack import RulePack
from .thai import to_ascii_digits
from .yamlpos import Located, load_file
from .xlsxrows import header_width, open_workbook, sheet_rows
from .zipguard import ZipBomb

_TOOL_RE = re.compile(r"^(iit|eit|oit)(\.\d+)?$", re.I)
_DECIMAL = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_META_COLUMNS = {"agency", "year", "previous_year", "pack"}


class PreviousSheet(BaseModel):
    """Last year's scores, for the change column."""

    model_config = ConfigDict(extra="forbid")

    year: int
    scores: dict[str, float] = {}


class Sheet(BaseModel):
    """One agency's scores in canonical ids, with where each came from."""

    model_config = ConfigDict(extra="forbid")

    agency: str = Field(min_length=1)
    year: int
    scores: dict[str, float] = {}
    previous: PreviousSheet | None = None
    pack: str | None = None
    source: str | None = None
    _where: dict[str, str] = PrivateAttr(default_factory=dict)
    _row: bool = PrivateAttr(default=False)

    def where(self, key: str) -> str | None:
        """Where the value for `key` (or the sheet itself) was read."""
        if key in self._where:
            return self._where[key]
        if self._row and key:
            # CSV/XLSX: the row is the source; the column is named instead of storing 70 strings a row.
            column = f"prev.{key.split(':', 1)[1]}" if key.startswith("previous:") else key
            return f"{self.source} (column {column!r})"
        return self.source


def canonical_id(raw: str) -> str:
    """'O5' -> 'o5', 'iit' -> 'IIT', 'e4.1' stays, ' 9 ' -> '9', Thai digits -> ASCII."""
    key = to_ascii_digits(str(raw)).strip()
    if _TOOL_RE.match(key):
        return key.upper()
    return key.lower()


def parse_score(value: object, where: str) -> float:
    """A 0-100 number from a cell or YAML value (Thai digits and a trailing % allowed)."""
    if isinstance(value, bool):
        raise SheetError(f"expected a score 0-100, got {value!r}", where)
    if isinstance(value, (int, float)):
        x = float(value)
    else:
        # Strictly a decimal: float() alone would read "9_0" as 90, and "nan" or "infinity" as numbers.
        text = str(value)
        if not _DECIMAL.match(text):  # Thai digits, a % sign, thousands commas or spaces: normalise, then again
            text = to_ascii_digits(text).strip().rstrip("%").replace(",", "").strip()
            if not _DECIMAL.match(text):
                raise SheetError(f"expected a score 0-100, got {value!r}", where)
        x = float(text)
    if math.isnan(x) or not 0 <= x <= 100:
        raise SheetError(f"score {value!r} is outside 0-100", where)
    return x


def parse_year(value: object, where: str) -> int:
    """A Buddhist-era fiscal year; a Gregorian year gets a pointed hint."""
    text = to_ascii_digits(str(value)).strip() if value is not None else ""
    if not text.isdigit():
        raise SheetError(f"year must be a Buddhist-era fiscal year such as 2568, got {value!r}", where)
    year = int(text)
    if 1990 <= year <= 2100:
        raise SheetError(f"year {year} looks like a Gregorian year; use the Buddhist-era year {year + 543}", where)
    if not 2550 <= year <= 2600:
        raise SheetError(f"year {year} is not a plausible Buddhist-era fiscal year", where)
    return year


def _add_scores(out: dict[str, float], where: dict[str, str], key: object, value: object, at: str,
                prefix: str = "") -> None:
    kid = canonical_id(str(key))
    if isinstance(value, list):
        # `e4: [99.61, 100]` is shorthand for the question's parts in order.
        for n, v in enumerate(value, start=1):
            _add_scores(out, where, f"{kid}.{n}", v, at, prefix)
        return
    if isinstance(value, dict):
        raise SheetError(f"score for {key!r} must be a number or a list of part scores", at)
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    if kid in out:
        raise SheetError(f"score {kid!r} is given twice", at)
    out[kid] = parse_score(value, at)
    where[prefix + kid] = at


def _from_mapping(doc: Located, data: dict, loc: tuple) -> Sheet:
    def at(*k: object) -> str:
        return doc.where((*loc, *k))

    allowed = {"agency", "year", "scores", "previous", "pack"}
    for k in data:
        if k not in allowed:
            raise SheetError(f"unknown key {k!r} (expected {', '.join(sorted(allowed))})", at(k))
    if not data.get("agency"):
        raise SheetError("missing 'agency' (the agency's name)", at())
    if isinstance(data["agency"], (dict, list, bool)):
        raise SheetError("'agency' must be the agency's name (text)", at("agency"))
    if data.get("pack") is not None and not isinstance(data["pack"], str):
        raise SheetError(f"'pack' must be a rule pack id such as ita-2568, got {data['pack']!r}", at("pack"))
    if "year" not in data:
        raise SheetError("missing 'year' (the Buddhist-era fiscal year, e.g. 2568)", at())
    scores_in = data.get("scores") or {}
    if not isinstance(scores_in, dict):
        raise SheetError("'scores' must be a mapping of id: score", at("scores"))
    scores: dict[str, float] = {}
    where: dict[str, str] = {}
    for k, v in scores_in.items():
        _add_scores(scores, where, k, v, at("scores", k))
    previous = None
    if data.get("previous") is not None:
        prev = data["previous"]
        if not isinstance(prev, dict) or set(prev) - {"year", "scores"}:
            raise SheetError("'previous' must be a mapping with 'year' and 'scores'", at("previous"))
        if "year" not in prev:
            raise SheetError("missing 'year' in 'previous'", at("previous"))
        pscores: dict[str, float] = {}
        for k, v in (prev.get("scores") or {}).items():
            _add_scores(pscores, where, k, v, at("previous", "scores", k), prefix="previous:")
        previous = PreviousSheet(year=parse_year(prev["year"], at("previous", "year")), scores=pscores)
    year = parse_year(data["year"], at("year"))
    _previous_before(previous, year, at("previous", "year"))
    sheet = Sheet(agency=str(data["agency"]).strip(), year=year, scores=scores, previous=previous,
                  pack=data.get("pack"), source=at())
    where.update({"year": at("year"), "pack": at("pack")})
    sheet._where = where
    return sheet


def _previous_before(previous: PreviousSheet | None, year: int, at: str) -> None:
    """Last year's scores come from an earlier year, whatever order the keys or columns were written in."""
    if previous is not None and previous.year >= year:
        raise SheetError(f"the previous year {previous.year} is not before the year assessed ({year})", at)


def _from_rows(rows: Iterator[tuple[int, list[object]]], path: str) -> Iterator[Sheet]:
    try:
        first = next(rows)
    except StopIteration:
        raise SheetError("empty sheet: no header row", path) from None
    header_line, header = first
    cols = [str(h).strip() if h is not None else "" for h in header]
    if not any(cols):
        raise SheetError("empty sheet: no header row", f"{path}:{header_line}")
    lower = [c.lower() for c in cols]
    for need in ("agency", "year"):
        if need not in lower:
            raise SheetError(f"missing column {need!r} (columns must start with agency,year)", f"{path}:{header_line}")
    seen: set[str] = set()
    for c in cols:
        if c and c.lower() in seen:
            raise SheetError(f"column {c!r} appears twice", f"{path}:{header_line}")
        seen.add(c.lower())
    # Per column, once: its canonical id and whether it holds last year's score.
    columns = [(i, name, name.startswith(("prev.", "previous.")),
                canonical_id(name.split(".", 1)[1] if name.startswith(("prev.", "previous.")) else name))
               for i, name in enumerate(lower) if name and name not in _META_COLUMNS]
    meta = [(i, name) for i, name in enumerate(lower) if name in _META_COLUMNS]
    count = 0
    for line, row in rows:
        width = min(len(row), len(cols))
        if all(row[i] is None or str(row[i]).strip() == "" for i in range(width) if lower[i]):
            continue
        at = f"{path}:{line}"
        cells = {name: row[i] for i, name in meta if i < width}
        agency = str(cells.get("agency") or "").strip()
        if not agency:
            raise SheetError("missing agency name", at)
        scores: dict[str, float] = {}
        pscores: dict[str, float] = {}
        for i, name, prev, kid in columns:
            if i < width:
                _add_cell(pscores if prev else scores, kid, row[i], at, name)
        previous = None
        if cells.get("previous_year") not in (None, ""):
            previous = PreviousSheet(year=parse_year(cells["previous_year"], at), scores=pscores)
        elif pscores:
            raise SheetError("previous-year columns need a previous_year column", at)
        pack = cells.get("pack")
        year = parse_year(cells.get("year"), at)
        _previous_before(previous, year, at)
        sheet = Sheet(agency=agency, year=year, scores=scores, previous=previous,
                      pack=str(pack).strip() if pack not in (None, "") else None, source=at)
        sheet._row = True
        count += 1
        yield sheet
    if not count:
        raise SheetError("no agency rows under the header", f"{path}:{header_line}")


def _add_cell(out: dict[str, float], kid: str, value: object, at: str, column: str) -> None:
    """One CSV/XLSX score cell (blank: no score); rows locate values by column, so nothing else is kept."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    try:
        if kid in out:
            raise SheetError(f"score {kid!r} is given twice")
        out[kid] = parse_score(value, "")
    except SheetError as exc:  # the cell's place is spelt out only when it is needed
        raise SheetError(exc.message, f"{at} (column {column!r})") from None


def _csv_text(data: bytes, path: str) -> str:
    """A CSV's text: UTF-8 (a BOM allowed), UTF-16 with its BOM ("Unicode text"), or cp874 as Excel on Thai
    Windows saves it; anything else is an error naming the line of the first bad byte."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path, SheetError, "utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874", errors="strict")
    except UnicodeDecodeError:
        decode_text(data, path, SheetError)  # raises, naming the line of the first byte that is not UTF-8
        raise
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise SheetError("not a text file (a NUL byte): a score sheet is CSV text, XLSX, YAML or JSON",
                         f"{path}:{line}")
    return text


def _lines(text: str) -> Iterator[str]:
    """The text's lines, ends kept, one at a time: io.StringIO would copy 100,000 rows at 4 bytes a character."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _csv_rows(text: str, path: str) -> Iterator[tuple[int, list[object]]]:
    reader = csv.reader(_lines(text))
    try:
        for row in reader:
            yield reader.line_num, list(row)
    except csv.Error as exc:
        raise SheetError(f"not a readable CSV row ({exc})", f"{path}:{max(reader.line_num, 1)}") from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    try:
        wb = open_workbook(path)
    except ZipBomb as exc:
        raise SheetError(f"refused as a zip bomb: {exc}", str(path)) from None
    except Exception as exc:
        raise SheetError(f"not a readable XLSX workbook ({type(exc).__name__})", str(path)) from None
    try:
        ws = wb.worksheets[0]
        first = sheet_rows(ws)
        head = next(first, None)
        first.close()
        if head is None:
            return
        yield head[0], list(head[1])
        # Rows are read only as wide as the header: columns past it are never used.
        for n, row in sheet_rows(ws, max_col=header_width(head[1]), min_row=head[0] + 1):
            yield n, list(row)
    finally:
        wb.close()


def first_per_agency(sheets: Iterable[Sheet], warn: Callable[[Sheet, Sheet], None]) -> Iterator[Sheet]:
    """Each agency and year once: a repeated row is left out, and `warn(first, repeat)` says so (the first wins)."""
    seen: dict[tuple[str, int], str | None] = {}
    for s in sheets:
        key = (" ".join(s.agency.split()), s.year)
        if key not in seen:
            # Only where it was read is kept (a model per row would be ~1.4 KB: 140 MB for 100,000 agencies).
            seen[key] = s.source
            yield s
        else:
            warn(Sheet.model_construct(agency=s.agency, year=s.year, source=seen[key]), s)


def load_sheets(path: Path | str) -> list[Sheet]:
    """Read a score sheet file into one Sheet per agency."""
    return list(iter_sheets(path))


def iter_sheets(path: Path | str) -> Iterator[Sheet]:
    """Read a score sheet file lazily, one Sheet per agency (a bad row raises when reached)."""
    p = Path(path)
    check_regular(p, SheetError)
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        doc = load_file(p, SheetError)
        if isinstance(doc.data, dict):
            return iter([_from_mapping(doc, doc.data, ())])
        if isinstance(doc.data, list) and doc.data and all(isinstance(d, dict) for d in doc.data):
            return iter([_from_mapping(doc, d, (n,)) for n, d in enumerate(doc.data)])
        raise SheetError("a score sheet is a mapping with agency, year and scores (or a list of them)", doc.where())
    if suffix == ".csv":
        return _from_rows(_csv_rows(_csv_text(read_bytes(p, SheetError), str(p)), str(p)), str(p))
    if suffix in (".xlsx", ".xlsm"):
        return _from_rows(_xlsx_rows(p), str(p))
    raise SheetError(f"unsupported sheet type {suffix or '(none)'}; use .yaml, .json, .csv or .xlsx", str(p))


def check_ids(sheet: Sheet, pack: RulePack) -> None:
    """Reject ids the pack does not know, naming where each was read."""
    if not pack.known_ids.issuperset(sheet.scores):  # the usual all-known sheet costs one set test
        for key in sheet.scores:
            if key not in pack.known_ids:
                raise SheetError(f"unknown id {key!r} for {pack.pack.id} ({_hint(key, pack)})", sheet.where(key))
    if sheet.previous:
        # Last year's ids are last year's pack's (FY2568 o27 is no FY2569 item); without one, this pack's.
        try:
            prev = pack_for_year(sheet.previous.year)
        except PackError:
            prev = pack
        if prev.known_ids.issuperset(sheet.previous.scores):
            return
        for key in sheet.previous.scores:
            if key not in prev.known_ids:
                raise SheetError(f"unknown id {key!r} in previous-year scores for {prev.pack.id}",
                                 sheet.where("previous:" + key))


def _hint(key: str, pack: RulePack) -> str:
    items = [i.id for i in pack.items]
    qs = [q.id for q in pack.questions]
    parts = []
    if items:
        parts.append(f"items {items[0]}-{items[-1]}")
    if qs:
        parts.append("questions " + ", ".join(sorted({q[0] for q in qs})) + "-ids")
    parts.append("indicators " + ",".join(pack.indicator))
    parts.append("tools " + ",".join(pack.tool))
    return "known: " + "; ".join(parts)
