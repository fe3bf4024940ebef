"""The progress report (รายงานผลการดำเนินการตามมาตรการ...) as a Word document, optionally after its covering memo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..outfile import save_document
from ..plan import PROGRESS_HEADERS, REPORTER_SIGNATURE, Plan, Round, due_not_done, intro, memo_lines, report_title, \
    round_label, status_counts
from ..thai import thai_date
from .thai_doc import digits, docx_document

# Landscape A4 less 1.5 cm margins leaves 26.7 cm; the text-heavy columns get the room.
_WIDTHS_CM = [1.0, 4.4, 5.2, 2.6, 2.6, 2.2, 4.2, 2.8, 1.7]
_TABLE_PT = 14
_MEMO_FIELD_PT = 20


def _run(par, text: str, bold: bool = False, size: float | None = None):
    """A run whose bold and size also apply to Thai (Word reads w:bCs and w:szCs for complex scripts)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = par.add_run(text)
    rpr = run._element.get_or_add_rPr()
    if bold:
        run.bold = True
        rpr.append(rpr.makeelement(qn("w:bCs"), {}))
    if size:
        run.font.size = Pt(size)
        rpr.append(rpr.makeelement(qn("w:szCs"), {qn("w:val"): str(int(size * 2))}))
    return run


def _para(container, text: str = "", bold: bool = False, size: float | None = None, align: str | None = None,
          indent_cm: float | None = None, space_after: float = 0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    par = container.add_paragraph()
    if text:
        _run(par, text, bold, size)
    if align:
        par.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                         "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY}[align]
    if indent_cm:
        par.paragraph_format.first_line_indent = Cm(indent_cm)
    par.paragraph_format.space_after = Pt(space_after)
    return par


def _cell(cell, lines: list[str], bold: bool = False) -> None:
    """Fill a cell with one paragraph per line (python-docx starts every cell with an empty paragraph)."""
    first = cell.paragraphs[0]
    for n, line in enumerate(lines or [""]):
        par = first if n == 0 else cell.add_paragraph()
        if line:
            _run(par, line, bold, _TABLE_PT)


def _page(section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    # Thai official letters: 3 cm left, 2 cm right/bottom, 2.5 cm top (ระเบียบงานสารบรรณ).
    if landscape:
        section.left_margin = section.right_margin = Cm(1.5)
        section.top_margin = section.bottom_margin = Cm(1.5)
    else:
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)


def _repeat_header(row) -> None:
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def _shade(cell, fill: str = "D9D9D9") -> None:
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}))


def _table(doc, headers: list[str], rows: list[list[list[str]]], widths_cm: list[float]):
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for cell, head, w in zip(table.rows[0].cells, headers, widths_cm):
        _cell(cell, [head], bold=True)
        cell.paragraphs[0].alignment = 1  # centred
        _shade(cell)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, lines in zip(cells, values):
            _cell(cell, lines)
    for row in table.rows:  # Word honours per-cell widths, not the column's
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)
    return table


def measure_rows(plan: Plan, thai_digits: bool = False) -> list[list[list[str]]]:
    """Table cells (each a list of lines) per measure, in PROGRESS_HEADERS order."""
    d = lambda s: digits(s, thai_digits)  # noqa: E731
    rows = []
    for n, m in enumerate(plan.measures, start=1):
        steps = [d(f"{k}. {s}") for k, s in enumerate(m.steps, start=1)]
        what = [d(m.measure)] + ([d(f"ประเด็น: {line}") for line in m.issue.splitlines()] if m.issue else [])
        period = d(f"{thai_date(m.start, 'short')} – {thai_date(m.end, 'short')}")
        results = [d(line) for line in m.results.splitlines()]
        # URLs stay in ASCII digits: Thai digits would break the link.
        results += ["หลักฐาน:"] + m.evidence_urls if m.evidence_urls else []
        rows.append([[d(str(n))], what, steps, [d(m.owner)], [period], [m.status], results,
                     [d(line) for line in m.outcomes.splitlines()], [d(line) for line in m.suggestions.splitlines()]])
    return rows


def summary_rows(plan: Plan, thai_digits: bool = False) -> list[list[list[str]]]:
    """[status, count, percent] rows and the total."""
    counts = status_counts(plan)
    total = sum(counts.values())
    rows = [[[s], [digits(str(c), thai_digits)], [digits(f"{100 * c / total:.2f}" if total else "-", thai_digits)]]
            for s, c in counts.items()]
    rows.append([["รวม"], [digits(str(total), thai_digits)], [digits("100.00" if total else "-", thai_digits)]])
    return rows


def _memo(doc, plan: Plan, rnd: Round, on: date, thai_digits: bool) -> None:
    from docx.shared import Cm

    memo = memo_lines(plan, rnd, on)
    _para(doc, "บันทึกข้อความ", bold=True, size=29, align="center", space_after=6)
    for label, value in memo["fields"]:
        par = _para(doc, space_after=2)
        _run(par, label + "  ", bold=True, size=_MEMO_FIELD_PT)
        _run(par, digits(value, thai_digits))
    _para(doc)
    for text in memo["body"]:
        _para(doc, digits(text, thai_digits), align="justify", indent_cm=2.5, space_after=6)
    for block in memo["signatures"]:
        _para(doc)
        for line in block:
            par = _para(doc, digits(line, thai_digits), align="center")
            par.paragraph_format.left_indent = Cm(6)


def write_progress_docx(plan: Plan, path: Path | str, rnd: Round = 12, memo: bool = False,
                        thai_digits: bool = False, on: date | None = None) -> None:
    """Write the progress report; with `memo`, the covering บันทึกข้อความ is the first page (portrait)."""
    from docx.enum.section import WD_SECTION

    d = lambda s: digits(s, thai_digits)  # noqa: E731
    doc = docx_document()
    if memo:
        _page(doc.sections[0], landscape=False)
        _memo(doc, plan, rnd, on or date.today(), thai_digits)
        _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    else:
        _page(doc.sections[0], landscape=True)
    _para(doc, d(report_title(plan)), bold=True, size=18, align="center")
    _para(doc, plan.agency, bold=True, size=18, align="center")
    _para(doc, d(round_label(plan, rnd)), bold=True, size=18, align="center", space_after=8)
    _para(doc, d(intro(plan, rnd)), align="justify", indent_cm=2.0, space_after=8)
    if plan.measures:
        _table(doc, PROGRESS_HEADERS, measure_rows(plan, thai_digits), _WIDTHS_CM)
    else:
        _para(doc, "ไม่มีมาตรการในแผน")
    _para(doc)
    _para(doc, "สรุปผลการดำเนินการ", bold=True, space_after=4)
    _table(doc, ["สถานะ", "จำนวน (มาตรการ)", "ร้อยละ"], summary_rows(plan, thai_digits), [6.0, 4.0, 3.0])
    late = due_not_done(plan, rnd)
    if late:
        _para(doc)
        _para(doc, d(f"มาตรการที่ครบกำหนดภายในรอบนี้แต่ยังไม่แล้วเสร็จ {len(late)} มาตรการ"), bold=True)
        for m in late:
            _para(doc, d(f"- {m.measure} (สิ้นสุด {thai_date(m.end, 'short')}, {m.status})"))
    _para(doc)
    for line in REPORTER_SIGNATURE:
        _para(doc, line, align="right")
    doc.core_properties.title = report_title(plan)
    doc.core_properties.author = plan.agency
    save_document(doc, path)
