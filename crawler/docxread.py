"""Read a DOCX by streaming word/document.xml: paragraphs, headings, tables and title in bounded memory.

python-docx builds the whole tree and then a Python object per paragraph: a 47 KB file of one-letter
paragraphs took 67 s and a 142 KB one passed 1 GB. Here lxml streams the part and each paragraph is
dropped once read.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from crawler.documents import MAX_TABLE_ROWS, clean, refused
from crawler.limits import Clock, LimitReached, ReadLimits
from ita_rules.artifacts import Extracted
from ita_rules.zipguard import ZipBomb, check_archive

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_P, _T, _TBL, _TR, _TC, _STYLE = (_W + n for n in ("p", "t", "tbl", "tr", "tc", "pStyle"))
_BREAKS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_HEADING_STYLES = ("heading", "title")
_TAGS = (_P, _T, _TBL, _TR, _TC, _STYLE, *_BREAKS)  # the only events worth a trip into Python


def _parser() -> etree.XMLParser:
    # No DTDs, entities or network: the file is untrusted.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _style_names(z: zipfile.ZipFile) -> dict[str, str]:
    """Paragraph style id -> lower-case name ("Heading1" -> "heading 1")."""
    try:
        root = etree.fromstring(z.read("word/styles.xml"), _parser())
    except (KeyError, etree.XMLSyntaxError):
        return {}
    names = {}
    for style in root.iter(_W + "style"):
        sid = style.get(_W + "styleId")
        name = style.find(_W + "name")
        if sid:
            names[sid] = (name.get(_W + "val") if name is not None else None) or sid
    return {k: v.lower() for k, v in names.items()}


def _title(z: zipfile.ZipFile) -> str:
    try:
        root = etree.fromstring(z.read("docProps/core.xml"), _parser())
    except (KeyError, etree.XMLSyntaxError):
        return ""
    node = root.find(_DC_TITLE)
    return clean(node.text if node is not None else "")


class _Body:
    """What the stream has read so far."""

    def __init__(self, styles: dict[str, str], max_chars: int) -> None:
        self.styles, self.max_chars = styles, max_chars
        self.paragraphs: list[str] = []
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.depth = 0  # tables open around the current element
        self.rows: list[list[str]] = []
        self.cells: list[str] = []
        self.cell: list[str] = []
        self.runs: list[str] = []
        self.style = ""
        self.outer: list[tuple[list[str], str]] = []  # paragraphs around a text box's paragraphs
        self.size = 0

    def start(self, tag: str) -> None:
        if tag == _TBL:
            self.depth += 1
            if self.depth == 1:
                self.rows = []
        elif tag == _TR and self.depth == 1:
            self.cells = []
        elif tag == _TC and self.depth == 1:
            self.cell = []
        elif tag == _P:
            self.outer.append((self.runs, self.style))
            self.runs, self.style = [], ""

    def end(self, el: etree._Element) -> None:
        tag = el.tag
        if tag == _T:
            self.runs.append(el.text or "")
        elif tag in _BREAKS:
            self.runs.append(_BREAKS[tag])
        elif tag == _STYLE:
            self.style = el.get(_W + "val") or ""
        elif tag == _P:
            self._paragraph("".join(self.runs))
            self.runs, self.style = self.outer.pop() if self.outer else ([], "")
        elif tag == _TC and self.depth == 1:
            self.cells.append(clean(" ".join(self.cell)))
        elif tag == _TR and self.depth == 1:
            if len(self.rows) < MAX_TABLE_ROWS and any(self.cells):
                self.rows.append(self.cells)
        elif tag == _TBL:
            if self.depth == 1 and self.rows:
                self.tables.append(self.rows)
            self.depth -= 1

    def _paragraph(self, text: str) -> None:
        self.size += len(text)
        if self.depth:
            self.cell.append(text)  # a nested table's words belong to the outer cell they sit in
            return
        text = text.strip()
        if not text:
            return
        self.paragraphs.append(text)
        name = self.styles.get(self.style, self.style.lower())
        if name.startswith(_HEADING_STYLES):
            self.headings.append(clean(text))

    def lines(self) -> list[str]:
        return self.paragraphs + [" | ".join(c for c in r if c) for t in self.tables for r in t]


def _stream(z: zipfile.ZipFile, body: _Body, clock: Clock) -> str | None:
    """Read document.xml into `body`; why it stopped early, or None."""
    with z.open("word/document.xml") as fh:
        for event, el in etree.iterparse(fh, events=("start", "end"), tag=_TAGS, resolve_entities=False,
                                         no_network=True, load_dtd=False):
            if event == "start":
                body.start(el.tag)
                continue
            body.end(el)
            if el.tag in (_P, _TBL) or (el.tag in (_TR, _TC) and body.depth):
                clock.tick()
                el.clear(keep_tail=False)  # read: free it, and the empty shells before it
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
            if body.size > body.max_chars:
                return None  # extract() cuts the text and says so
    return None


def read_docx(body: bytes, content_type: str | None, url: str, limits: ReadLimits, clock: Clock) -> Extracted:
    """Paragraphs (headings by style), top-level tables and the title of a DOCX, within `limits`."""
    try:
        check_archive(body)
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            doc = _Body(_style_names(z), limits.max_chars)
            limit = None
            try:
                _stream(z, doc, clock)
            except LimitReached as stop:
                limit = str(stop)
            except etree.XMLSyntaxError as exc:  # e.g. nesting deeper than lxml reads: keep what came before
                deep = "depth" in str(exc.msg).lower()
                if not doc.lines() and not deep:
                    raise
                why = "content nested deeper than 256 levels is not read" if deep else exc.msg
                limit = f"word/document.xml not read past line {exc.lineno}: {why}"
            title = _title(z)
    except ZipBomb as exc:
        return refused("docx", url, content_type, f"refused as a zip bomb: {exc}")
    except Exception as exc:
        return Extracted(kind="docx", url=url, content_type=content_type, error=f"unreadable DOCX: {exc}")
    lines = doc.lines()
    if limit and not lines:
        return refused("docx", url, content_type, limit)
    return Extracted(kind="docx", url=url, content_type=content_type, title=title, headings=doc.headings,
                     text="\n".join(lines), tables=doc.tables, limit=limit)
