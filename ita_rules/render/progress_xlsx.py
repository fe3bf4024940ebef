"""Excel workbooks for officers: the progress report, and the measures plan they can edit and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..outfile import save_document
from ..plan import DONE, INFO_FIELDS, INFO_SHEET, IN_PROGRESS, PLAN_COLUMNS, PLAN_SHEET, STATUSES, Plan, Round, \
    due_not_done, report_title, round_label, status_counts
from ..thai import thai_date
from .cells import cell as as_text
from .thai_doc import THAI_FONT, digits

_PT = 14
# Excel's Thai Buddhist calendar (locale 041E, calendar 07): dates display as "1 ต.ค. 2568".
BE_DATE_FORMAT = "[$-1070000]d mmm yyyy"
_FILL = {DONE: "E2F0D9", IN_PROGRESS: "FFF2CC"}


def style_sheet(ws, headers: list[str], widths: list[float], header_row: int = 1) -> None:
    """Bold shaded header in the Thai font, column widths, frozen header, filter, wrap and landscape print."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (head, width) in enumerate(zip(headers, widths), start=1):
        cell = ws.cell(row=header_row, column=col, value=as_text(head))
        cell.font = Font(name=THAI_FONT, size=_PT, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def put(ws, row: int, col: int, value: Any, bold: bool = False, fill: str | None = None,
        number_format: str | None = None):
    """A body cell in the Thai font, wrapped and top-aligned (multi-line text stays readable); text that could
    start a formula stays text (render/cells.py)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    cell = ws.cell(row=row, column=col, value=as_text(value))
    cell.font = Font(name=THAI_FONT, size=_PT, bold=bold)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    if number_format:
        cell.number_format = number_format
    return cell


PROGRESS_COLUMNS = [("ที่", 6), ("ประเด็น", 28), ("มาตรการ/โครงการ หรือกิจกรรม", 34), ("ขั้นตอนหรือวิธีการปฏิบัติ", 50),
                    ("ผู้รับผิดชอบ", 20), ("ช่วงระยะเวลาในการดำเนินการ", 22), ("สถานะ", 20), ("ผลการดำเนินการ", 45),
                    ("ผลลัพธ์หรือผลสัมฤทธิ์", 35), ("ข้อเสนอแนะ", 30), ("หลักฐาน (URL)", 40), ("รหัสมาตรการ", 28)]


def write_progress_xlsx(plan: Plan, path: Path | str, rnd: Round = 12, thai_digits: bool = False) -> None:
    """Sheet "ความก้าวหน้า" (one row per measure) and sheet "สรุป" (counts by status for the round)."""
    from openpyxl import Workbook

    d = lambda s: digits(s, thai_digits)  # noqa: E731
    wb = Workbook()
    ws = wb.active
    ws.title = "ความก้าวหน้า"
    for r, m in enumerate(plan.measures, start=2):
        steps = "\n".join(f"{k}. {s}" for k, s in enumerate(m.steps, 1))
        period = f"{thai_date(m.start, 'short')} – {thai_date(m.end, 'short')}"
        values = [d(str(r - 1)) if thai_digits else r - 1, d(m.issue), d(m.measure), d(steps), d(m.owner), d(period),
                  m.status, d(m.results), d(m.outcomes), d(m.suggestions), "\n".join(m.evidence_urls), m.id]
        for c, v in enumerate(values, start=1):
            put(ws, r, c, v, fill=_FILL.get(m.status) if c == 7 else None)
    style_sheet(ws, [h for h, _ in PROGRESS_COLUMNS], [w for _, w in PROGRESS_COLUMNS])
    ws.oddHeader.center.text = f"{report_title(plan)} {round_label(plan, rnd)}"
    ws.oddHeader.center.font = THAI_FONT
    _summary(wb.create_sheet("สรุป"), plan, rnd, d)
    wb.properties.title = report_title(plan)
    save_document(wb, path)


def _summary(ws, plan: Plan, rnd: Round, d) -> None:
    rows: list[list[Any]] = [[d(report_title(plan))], [plan.agency], [d(round_label(plan, rnd))], []]
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            put(ws, r, c, v, bold=True)
    counts = status_counts(plan)
    total = sum(counts.values())
    r0 = len(rows) + 1
    for c, head in enumerate(("สถานะ", "จำนวน (มาตรการ)", "ร้อยละ"), start=1):
        put(ws, r0, c, head, bold=True, fill="D9D9D9")
    for r, (status, n) in enumerate([*counts.items(), ("รวม", total)], start=r0 + 1):
        put(ws, r, 1, status, bold=status == "รวม", fill=_FILL.get(status))
        put(ws, r, 2, n, bold=status == "รวม")
        put(ws, r, 3, round(100 * n / total, 2) if total else None, number_format="0.00")
    late = due_not_done(plan, rnd)
    r = r0 + len(counts) + 3
    put(ws, r, 1, d(f"ครบกำหนดภายในรอบนี้แต่ยังไม่แล้วเสร็จ {len(late)} มาตรการ"), bold=True)
    for k, m in enumerate(late, start=r + 1):
        put(ws, k, 1, d(m.measure))
        put(ws, k, 2, m.status)
        put(ws, k, 3, d(thai_date(m.end, "short")))
    for col, width in zip("ABC", (60, 24, 16)):
        ws.column_dimensions[col].width = width


# ---------------------------------------------------------------- the editable plan

def write_plan_xlsx(plan: Plan, path: Path | str) -> None:
    """The plan with the YAML's fields as columns (header "ไทย (key)"), a status drop-down, and a plan-info sheet."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = PLAN_SHEET
    for r, m in enumerate(plan.measures, start=2):
        data = m.model_dump()
        for c, (key, _, _) in enumerate(PLAN_COLUMNS, start=1):
            v = data[key]
            put(ws, r, c, "\n".join(v) if isinstance(v, list) else v,
                number_format=BE_DATE_FORMAT if key in ("start", "end") else None)
    style_sheet(ws, [f"{th} ({key})" for key, th, _ in PLAN_COLUMNS], [w for _, _, w in PLAN_COLUMNS])
    status_col = [k for k, _, _ in PLAN_COLUMNS].index("status") + 1
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    letter = ws.cell(row=1, column=status_col).column_letter
    dv.add(f"{letter}2:{letter}{max(len(plan.measures) + 1, 200)}")  # room for rows the officer adds
    ws.add_data_validation(dv)
    info = wb.create_sheet(INFO_SHEET)
    data = plan.model_dump()
    for r, (key, th) in enumerate(INFO_FIELDS, start=1):
        put(info, r, 1, f"{th} ({key})", bold=True)
        put(info, r, 2, data[key], number_format=BE_DATE_FORMAT if key == "created" else None)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 32, 50
    save_document(wb, path)
