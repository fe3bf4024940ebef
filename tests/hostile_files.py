"""Hostile documents made on the fly: zip bombs, Flate bombs, nested tables, far cells and link floods."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def office_zip(members: dict[str, bytes | Iterable[bytes]]) -> bytes:
    """A deflated zip; a member given as an iterable of chunks is streamed, so gigabytes cost little memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in members.items():
            if isinstance(data, bytes):
                z.writestr(name, data)
                continue
            with z.open(name, "w", force_zip64=True) as fh:
                for chunk in data:
                    fh.write(chunk)
    return buf.getvalue()


def _repeat(head: bytes, unit: bytes, size: int, tail: bytes) -> Iterable[bytes]:
    yield head
    chunk = unit * max(1, (1 << 20) // len(unit))
    for _ in range(max(1, size // len(chunk))):
        yield chunk
    yield tail


def _docx_members(document: bytes | Iterable[bytes]) -> dict[str, bytes | Iterable[bytes]]:
    return {
        "[Content_Types].xml": _XML + (
            f'<Types xmlns="{_CT}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>").encode(),
        "_rels/.rels": _XML + (
            f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="word/document.xml"/></Relationships>').encode(),
        "word/document.xml": document,
    }


def docx(paragraphs: list[str]) -> bytes:
    """A small, valid DOCX holding the given paragraphs."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return office_zip(_docx_members(_XML + f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
                                    .encode()))


def docx_bomb(mb: int = 300) -> bytes:
    """A DOCX whose document.xml inflates to `mb` MB of one-letter paragraphs (~0.1% of that on the wire)."""
    head = _XML + f'<w:document xmlns:w="{_W}"><w:body>'.encode()
    unit = b"<w:p><w:r><w:t>A</w:t></w:r></w:p>"
    return office_zip(_docx_members(_repeat(head, unit, mb << 20, b"</w:body></w:document>")))


def docx_many_paragraphs(mb: int = 40) -> bytes:
    """A DOCX of `mb` MB of short paragraphs that do not compress like a bomb (random words, ~4:1)."""
    import os

    head = _XML + f'<w:document xmlns:w="{_W}"><w:body>'.encode()

    def body():
        yield head
        between = b"</w:t></w:r></w:p><w:p><w:r><w:t>"
        for _ in range(mb):
            words = os.urandom(102_400).hex().encode()  # a MB of XML in 8-letter paragraphs
            yield b"<w:p><w:r><w:t>" + between.join(words[i:i + 8] for i in range(0, len(words), 8)) + (
                b"</w:t></w:r></w:p>")
        yield b"</w:body></w:document>"
    return office_zip(_docx_members(body()))


def _xlsx_members(sheet: bytes | Iterable[bytes], strings: bytes | Iterable[bytes] | None = None
                  ) -> dict[str, bytes | Iterable[bytes]]:
    members: dict[str, bytes | Iterable[bytes]] = {
        "[Content_Types].xml": _XML + (
            f'<Types xmlns="{_CT}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>").encode(),
        "_rels/.rels": _XML + (
            f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": _XML + (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": _XML + (
            f'<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>").encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    members["xl/sharedStrings.xml"] = strings if strings is not None else (
        _XML + f'<sst xmlns="{_MAIN}" count="0" uniqueCount="0"/>'.encode())
    return members


def _cell(ref: str, value: object) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def xlsx_rows(rows: list[list[object]], far_cell: str | None = None, dimension: str | None = None) -> bytes:
    """A one-sheet XLSX with these rows from A1; `far_cell` adds one more cell (e.g. "XFD1048576")."""
    cols = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = "".join(f'<row r="{r}">' + "".join(_cell(f"{cols[c]}{r}", v) for c, v in enumerate(row)) + "</row>"
                   for r, row in enumerate(rows, start=1))
    if far_cell:
        number = "".join(ch for ch in far_cell if ch.isdigit())
        body += f'<row r="{number}">{_cell(far_cell, "x")}</row>'
    last = f"{cols[max(len(r) for r in rows) - 1]}{len(rows)}" if rows else "A1"
    dim = f'<dimension ref="{dimension or "A1:" + (far_cell or last)}"/>'
    return office_zip(_xlsx_members(_XML + f'<worksheet xmlns="{_MAIN}">{dim}<sheetData>{body}</sheetData>'
                                           "</worksheet>".encode()))


def xlsx_shared_string_bomb(mb: int = 300, header: tuple[str, ...] = ("agency", "year")) -> bytes:
    """An XLSX whose one shared string inflates to `mb` MB (the sheet itself is two cells)."""
    sheet = _XML + (f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">'
                    + "".join(_cell(f"{'AB'[i]}1", h) for i, h in enumerate(header))
                    + '</row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>').encode()
    strings = _repeat(_XML + f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>'.encode(), b"A" * 64,
                      mb << 20, b"</t></si></sst>")
    return office_zip(_xlsx_members(sheet, strings))


def pdf_flate_bomb(pages: int = 50, mb: int = 70) -> bytes:
    """A PDF whose pages share one content stream that inflates to `mb` MB of text operators."""
    op = b"BT /F1 12 Tf 10 10 Td (A) Tj ET\n"
    z = zlib.compressobj(9)
    unit = op * ((1 << 20) // len(op))
    return pdf_pages(pages, b"".join(z.compress(unit) for _ in range(mb)) + z.flush())


def pdf_text(pages: int, text: str = "Annual plan") -> bytes:
    """A PDF of `pages` pages, each showing `text` (ASCII) in Helvetica."""
    return pdf_pages(pages, zlib.compress(b"BT /F1 12 Tf 10 100 Td (%s) Tj ET\n" % text.encode()))


def pdf_pages(pages: int, stream: bytes) -> bytes:
    """A PDF whose `pages` pages share one Flate content stream."""
    objs: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                         b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    parent = 3 + pages
    for _ in range(pages):
        objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 1 0 R >> >>"
                    b" /Contents 2 0 R >>" % parent)
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objs.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
    objs.append(b"<< /Type /Catalog /Pages %d 0 R >>" % parent)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)
    return bytes(out)


def nested_tables(levels: int = 30000, inner: str = "ข้อมูลชั้นในสุด", links: bool = False) -> bytes:
    """A page of `levels` tables each nested in the previous one's only cell (~30 bytes a level)."""
    opening = "".join(f'<table><tr><td><a href="/l{i}">ระดับ {i}</a>' for i in range(levels)) if links else (
        "<table><tr><td>c" * levels)
    return ("<html><body>" + opening + inner + "</td></tr></table>" * levels
            + "<p>หลังตาราง</p></body></html>").encode()


def link_flood(links: int = 300000, prefix: str = "/p") -> bytes:
    """A page with `links` distinct same-site links."""
    parts = [f'<a href="{prefix}{i}">หน้า {i}</a>\n' for i in range(links)]
    return ("<html><head><title>ลิงก์</title></head><body>" + "".join(parts) + "</body></html>").encode()
