"""The analysis report as a Word document in TH Sarabun New, A4, ready to sign and publish as the year's results item (FY2569: o25)."""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ...outfile import save_document
from ..thai_doc import docx_document
from .model import Report

TABLE_PT = 14  # TH Sarabun New 14 pt is the usual size inside tables
HEAD_FILL = "E8EEF5"
TOOL_FILL = "F6F8FB"


def _sizes(el, pt: float | None = None, bold: bool = False, italic: bool = False) -> None:
    """Size and weight for Latin and complex script alike (Thai reads w:szCs and w:bCs)."""
    rpr = el.get_or_add_rPr()
    if bold:
        for tag in ("w:b", "w:bCs"):
            rpr.append(OxmlElement(tag))
    if italic:
        for tag in ("w:i", "w:iCs"):
            rpr.append(OxmlElement(tag))
    if pt:
        for tag in ("w:sz", "w:szCs"):
            old = rpr.find(qn(tag))
            if old is not None:
                rpr.remove(old)
            e = OxmlElement(tag)
            e.set(qn("w:val"), str(int(pt * 2)))
            rpr.append(e)


def _run(par, text: str, pt: float | None = None, bold: bool = False, italic: bool = False, colour: str | None = None):
    run = par.add_run(text)
    _sizes(run._element, pt, bold, italic)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return run


def _para(doc_or_cell, text: str = "", pt: float | None = None, bold: bool = False, align=None, style: str | None = None,
          space_after: float = 4, italic: bool = False, colour: str | None = None):
    par = doc_or_cell.add_paragraph(style=style) if style else doc_or_cell.add_paragraph()
    if text:
        _run(par, text, pt, bold, italic, colour)
    if align is not None:
        par.alignment = align
    par.paragraph_format.space_after = Pt(space_after)
    return par


def _setup(rp: Report):
    doc = docx_document()
    for name, pt in (("Heading 1", 18), ("Heading 2", 16), ("Heading 3", 16)):
        style = doc.styles[name]
        style.font.color.rgb = RGBColor(0, 0, 0)  # official documents print black headings
        _sizes(style.element, pt)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(4)
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")  # Word's Thai line breaking and spelling follow w:bidi
    lang.set(qn("w:val"), "th-TH" if rp.lang == "th" else "en-GB")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    sec = doc.sections[0]
    # A4 with the margins of the official correspondence rules (left 3 cm, right 2 cm).
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(2.5), Cm(2), Cm(3), Cm(2)
    doc.core_properties.title = rp.title.replace("\n", "")
    doc.core_properties.subject = f"{rp.agency} {rp.fy}"
    doc.core_properties.language = "th-TH" if rp.lang == "th" else "en-GB"
    return doc


def _shade(cell, fill: str) -> None:
    tcpr = cell._element.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cell(cell, text: str, bold: bool = False, align=None, pt: float = TABLE_PT, fill: str | None = None) -> None:
    par = cell.paragraphs[0]
    if text:
        _run(par, text, pt, bold)
    if align is not None:
        par.alignment = align
    par.paragraph_format.space_after = Pt(0)
    if fill:
        _shade(cell, fill)


def _table(doc, rows: int, widths: list[float]):
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cell widths, LibreOffice the grid: set both or the columns come out equal.
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Cm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)
    return table


def render(rp: Report, path: str | Path) -> None:
    """Write the report to `path` (.docx)."""
    doc = _setup(rp)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, rp.subtitle, 16, align=centre, space_after=2)
    title = _para(doc, "", align=centre, space_after=2)
    for k, line in enumerate(rp.title.split("\n")):
        if k:
            title.add_run().add_break()
        _run(title, line, 18, bold=True)
    _para(doc, rp.agency, 18, bold=True, align=centre, space_after=0)
    _para(doc, rp.fy, 16, align=centre, space_after=10)

    doc.add_heading(rp.part1, level=1)
    if rp.missing_note:
        _para(doc, rp.missing_note, bold=True, colour="9C4221")
    par = _para(doc, space_after=2)
    _run(par, f"{rp.labels['total']} ", bold=True)
    _run(par, rp.total)
    _run(par, f"   {rp.labels['level']} ", bold=True)
    _run(par, rp.level)
    _para(doc, " · ".join(x for x in (rp.target_line, rp.change_line) if x))
    _scores_table(doc, rp)
    if rp.analysis:
        doc.add_heading(rp.labels["analysis"], level=2)
        for p in rp.analysis:
            _para(doc, p).paragraph_format.first_line_indent = Cm(1.25)
    for sec in rp.tools:
        doc.add_heading(sec.title, level=2)
        if sec.summary:
            _para(doc, sec.summary).paragraph_format.first_line_indent = Cm(1.25)
        for k, f in enumerate(sec.findings, start=1):
            par = _para(doc, space_after=0)
            par.paragraph_format.left_indent = Cm(0.6)
            par.paragraph_format.first_line_indent = Cm(-0.6)
            _run(par, f"{k}) ", bold=True)
            _run(par, f.message, bold=True)
            meta = " · ".join(x for x in (f.context, f.impact) if x)
            _para(doc, meta, 14, colour="4A5568", space_after=0).paragraph_format.left_indent = Cm(0.6)
            _para(doc, f"{rp.labels['suggest']}:", 14, space_after=0).paragraph_format.left_indent = Cm(0.6)
            for s in f.suggestions:
                _para(doc, s, style="List Bullet", space_after=0).paragraph_format.left_indent = Cm(1.2)
            doc.paragraphs[-1].paragraph_format.space_after = Pt(6)
    if rp.notes:
        _para(doc, rp.labels["notes"], bold=True, space_after=0)
        for w in rp.notes:
            _para(doc, w, 14, style="List Bullet", space_after=0)
    _measures(doc, rp)
    _para(doc, rp.provenance, 12, colour="4A5568")
    if rp.check:
        _check(doc, rp)
    save_document(doc, path)


def _scores_table(doc, rp: Report) -> None:
    h, right, centre = rp.headers, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, rp.table_title, bold=True, space_after=2)
    widths = [1.6, 1.0, 5.6, 1.9, 1.9, 4.0] if rp.has_prev else [2.4, 1.4, 9.0, 3.2]
    heads = 2 if rp.has_prev else 1
    table = _table(doc, heads + len(rp.rows), widths)
    top = table.rows[0].cells
    if rp.has_prev:
        for i, key in ((0, "col_tool"), (1, "col_no"), (2, "col_indicator"), (5, "col_change")):
            merged = top[i].merge(table.rows[1].cells[i])
            _cell(merged, h[key], bold=True, align=centre, fill=HEAD_FILL)
        score = top[3].merge(top[4])
        _cell(score, h["col_score"], bold=True, align=centre, fill=HEAD_FILL)
        _cell(table.rows[1].cells[3], rp.prev_year, bold=True, align=centre, fill=HEAD_FILL)
        _cell(table.rows[1].cells[4], rp.year, bold=True, align=centre, fill=HEAD_FILL)
    else:
        for i, text in enumerate([h["col_tool"], h["col_no"], h["col_indicator"], f"{h['col_score']} {rp.year}"]):
            _cell(top[i], text, bold=True, align=centre, fill=HEAD_FILL)
    for r in range(heads):
        _repeat_header(table.rows[r])
    for row, data in zip(table.rows[heads:], rp.rows):
        strong = data.kind != "indicator"
        fill = {"tool": TOOL_FILL, "total": HEAD_FILL, "level": HEAD_FILL}.get(data.kind)
        values = [data.tool, data.no, data.name] + ([data.prev, data.cur, data.change] if rp.has_prev else [data.cur])
        aligns = [None, centre, None] + ([right, right, None] if rp.has_prev else [right])
        for k, (cell, text, align) in enumerate(zip(row.cells, values, aligns)):
            _cell(cell, text, bold=strong or k == 0, align=align, fill=fill)
    _para(doc, space_after=2)


def _measures(doc, rp: Report) -> None:
    # Portrait like the published plans: LibreOffice drops a landscape section's orientation on the
    # pages a long table continues onto, so a landscape part 2 would print mixed.
    doc.add_heading(rp.part2, level=1).paragraph_format.page_break_before = True
    _para(doc, rp.part2_year)
    if rp.focus:
        _para(doc, rp.focus, bold=True)
    if not rp.measures:
        _para(doc, rp.labels["no_findings"])
        return
    h = rp.headers
    table = _table(doc, 1 + len(rp.measures), [2.8, 3.4, 2.3, 4.9, 2.6])
    for cell, key in zip(table.rows[0].cells, ("col_issue", "col_measure", "col_owner", "col_steps", "col_time")):
        _cell(cell, h[key], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, fill=HEAD_FILL)
    _repeat_header(table.rows[0])
    first = 1
    for n, (row, m) in enumerate(zip(table.rows[1:], rp.measures), start=1):
        c = row.cells
        if m.issue:
            first = n
            _cell(c[0], m.issue, bold=True)
        else:  # the same finding continues: one merged cell, as in the published tables
            table.cell(first, 0).merge(c[0])
        _cell(c[1], m.title)
        if m.also:
            _para(c[1], m.also, 12, italic=True, colour="4A5568", space_after=0)
        _cell(c[2], m.owner)
        cell_par = c[3].paragraphs[0]
        for k, step in enumerate(m.steps, start=1):
            par = cell_par if k == 1 else c[3].add_paragraph()
            _run(par, f"{k}. {step}", TABLE_PT)
            par.paragraph_format.space_after = Pt(0)
        if m.follow_up:
            _para(c[3], m.follow_up, 12, italic=True, colour="4A5568", space_after=0)
        _cell(c[4], m.timeframe)


def _check(doc, rp: Report) -> None:
    c = rp.check
    doc.add_heading(c.title, level=1).paragraph_format.page_break_before = True
    for line in c.lines:
        _para(doc, line)
    table = _table(doc, 1 + len(c.items), [1.2, 4.6, 2.2, 4.2, 3.8])
    for cell, text in zip(table.rows[0].cells, c.headers):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, fill=HEAD_FILL)
    _repeat_header(table.rows[0])
    for row, i in zip(table.rows[1:], c.items):
        for cell, text in zip(row.cells, (i.id, i.title, i.outcome_text, i.reason, "\n".join(i.evidence))):
            _cell(cell, text, pt=12 if cell is row.cells[4] else TABLE_PT)
