"""The measures plan an agency edits through the year: model, building from a result, YAML load/dump."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from typing import Any, Callable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .errors import ItaError
from .focus import focus_first
from .render.safe import json_bidi
from .results.assess import AssessResult, Deficiency
from .words import WORDS, say
from .years import today
from .thai import MONTHS_LONG, be_to_ce, ce_to_be, first_half_bounds, fiscal_year_bounds, fiscal_year_of, \
    month_number, normalize, thai_date, to_ascii_digits

NOT_STARTED, IN_PROGRESS, DONE = "ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการเรียบร้อยแล้ว"
STATUSES: tuple[str, ...] = (NOT_STARTED, IN_PROGRESS, DONE)
STATUS_EN = {NOT_STARTED: "not_started", IN_PROGRESS: "in_progress", DONE: "done"}
Status = Literal["ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการเรียบร้อยแล้ว"]

# Officers type the status by hand: English aliases, and Thai with PDF/old-font artefacts ("ดําเนินการ").
_STATUS_LOOKUP = {normalize(s): s for s in STATUSES} | {en: th for th, en in STATUS_EN.items()}

_THAI_DATE = re.compile(r"^(\d{1,2})\s*([^\d]+?)\s*(?:พ\.?\s?ศ\.?\s*)?(\d{4})$")


class PlanError(ItaError):
    """A plan file that does not parse or validate."""


def parse_date(value: Any) -> date:
    """A date from YAML/Excel: a date, an ISO string, or Thai "1 ต.ค. 2568" / "1 ตุลาคม 2568" (BE year)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = to_ascii_digits(str(value)).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    m = _THAI_DATE.match(" ".join(text.split()))
    month = month_number(m.group(2)) if m else None
    if m and month:
        year = int(m.group(3))
        if year < 2400:  # a Thai month name with a Gregorian year is almost always a typo for BE
            raise ValueError(f"{value!r}: write the year in the Buddhist era (e.g. 2568)")
        try:
            return date(be_to_ce(year), month, int(m.group(1)))
        except ValueError as exc:
            raise ValueError(f"{value!r}: {exc}") from None
    raise ValueError(f"not a date: {value!r} (use 2025-10-01 or 1 ต.ค. 2568)")


class PlanMeasure(BaseModel):
    """One measure of the plan, with its progress as reported by the agency."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    issue: str = ""
    issue_id: str = ""
    measure: str = Field(min_length=1)
    steps: list[str] = []
    owner: str = ""
    start: date
    end: date
    follow_up: str = ""
    status: Status = NOT_STARTED
    results: str = ""
    outcomes: str = ""
    suggestions: str = ""
    evidence_urls: list[str] = []

    @field_validator("issue", "issue_id", "owner", "follow_up", "results", "outcomes", "suggestions", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        # An officer who clears a field leaves `results:` empty, which YAML reads as null; "10" may come unquoted.
        # Booleans (YAML 1.1 reads `yes`/`no` so) stay an error: their original text is lost.
        if v is None:
            return ""
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    @field_validator("steps", "evidence_urls", mode="before")
    @classmethod
    def _lines(cls, v: Any) -> Any:
        if v is None:
            return []
        if isinstance(v, str):  # one step or URL typed without the "- " of a list
            return [s.strip() for s in v.splitlines() if s.strip()]
        return v

    @field_validator("start", "end", mode="before")
    @classmethod
    def _date(cls, v: Any) -> date:
        return parse_date(v)

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, v: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start and v < start:
            raise ValueError(f"end {v.isoformat()} is before start {start.isoformat()}")
        return v

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> str:
        if v is None or v == "":  # a cleared status reads as the default, like an omitted one
            return NOT_STARTED
        found = _STATUS_LOOKUP.get(normalize(str(v)).replace(" ", "_").replace("-", "_"))
        if not found:
            raise ValueError(f"status {v!r} is not one of {' | '.join(STATUSES)} (or not_started, in_progress, done)")
        return found


class Plan(BaseModel):
    """An agency's measures for one fiscal year, built from last year's assessment."""

    model_config = ConfigDict(extra="forbid")

    agency: str = Field(min_length=1)
    # Buddhist-era fiscal years: dates are built from them, so a year like 99999 must stop here, at its line.
    assessed_year: int = Field(ge=2400, le=2800)
    plan_year: int = Field(ge=2400, le=2800)
    source: str | None = None
    created: date
    focus: str = ""  # the O25-style focus indicator and why, when the plan year's pack asks for one
    measures: list[PlanMeasure] = []

    @field_validator("created", mode="before")
    @classmethod
    def _date(cls, v: Any) -> date:
        return parse_date(v)

    @field_validator("focus", mode="before")
    @classmethod
    def _focus(cls, v: Any) -> Any:
        return "" if v is None else v  # an empty cell or `focus:` left blank


# ---------------------------------------------------------------- from an assessment


def plan_from_result(result: AssessResult, source: str | None = None, created: date | None = None) -> Plan:
    """One plan entry per catalogue measure, in impact order (the focus indicator's first); a measure several
    deficiencies share lists them all."""
    measures = plan_measures(focus_first(result))
    # The catalogue resolves periods to the fiscal year after the assessed one; follow it when it is known.
    plan_year = fiscal_year_of(min(m.start for m in measures)) if measures else result.year + 1
    f = result.focus
    focus = f"{say('indicator', result.lang)} {f.indicator} {f.name} ({f.score:.2f}): {f.item} {f.item_title}" \
        if f else ""
    return Plan(agency=result.agency, assessed_year=result.year, plan_year=plan_year,
                source=source if source is not None else result.source, created=created or today(),
                focus=focus, measures=measures)


def issue_label(d: Deficiency) -> str:
    """How a deficiency is named in a plan entry's issue."""
    return d.name if d.name.startswith(d.id) else f"{d.id} {d.name}"


def plan_measures(deficiencies: list[Deficiency],
                  label: Callable[[Deficiency], str] = issue_label) -> list[PlanMeasure]:
    """One entry per catalogue measure, in the deficiencies' order, naming every deficiency it answers."""
    entries: dict[str, dict[str, Any]] = {}
    for d in deficiencies:
        label_d = label(d)
        for m in d.measures:
            e = entries.get(m.id)
            if e is None:
                entries[m.id] = {"issues": [label_d], "first": d.id, "m": m}
            elif label_d not in e["issues"]:
                e["issues"].append(label_d)
    return [PlanMeasure(id=f"{e['first']}/{m.id}", issue="\n".join(e["issues"]), issue_id=e["first"],
                        measure=m.title, steps=list(m.steps), owner=m.owner, start=m.start, end=m.end,
                        follow_up=m.follow_up)
            for e in entries.values() for m in [e["m"]]]


# ---------------------------------------------------------------- the editable workbook's layout

# Shared by the writer (render/progress_xlsx.py) and the reader (plan_read.py): header "ไทย (key)".
PLAN_SHEET, INFO_SHEET = "มาตรการ", "ข้อมูลแผน"
PLAN_COLUMNS = [("id", "รหัสมาตรการ", 28), ("issue", "ประเด็น", 30), ("issue_id", "รหัสประเด็น", 12),
                ("measure", "มาตรการ/โครงการ หรือกิจกรรม", 34),
                ("steps", "ขั้นตอนหรือวิธีการปฏิบัติ บรรทัดละขั้นตอน", 50),
                ("owner", "ผู้รับผิดชอบ", 20), ("start", "เริ่ม", 14), ("end", "สิ้นสุด", 14),
                ("follow_up", "การติดตามผล", 28), ("status", "สถานะ", 22), ("results", "ผลการดำเนินการ", 45),
                ("outcomes", "ผลลัพธ์หรือผลสัมฤทธิ์", 35), ("suggestions", "ข้อเสนอแนะ", 30),
                ("evidence_urls", "ลิงก์หลักฐาน บรรทัดละลิงก์", 40)]
INFO_FIELDS = [("agency", "หน่วยงาน"), ("assessed_year", "ปีที่ประเมิน ITA (พ.ศ.)"),
               ("plan_year", "ปีงบประมาณของแผน (พ.ศ.)"), ("source", "ที่มา (ไฟล์ผลการประเมิน)"),
               ("created", "วันที่จัดทำ"), ("focus", "ตัวชี้วัดที่มุ่งเน้น")]
HEADER_KEY = re.compile(r"\(([a-z_]+)\)\s*$")


# ---------------------------------------------------------------- dump


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, so results read in the file as they will print."""


# Breaks YAML would fold, and bidi controls (shown escaped, never obeyed): such text is written double-quoted.
_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _str(dumper: yaml.SafeDumper, s: str) -> yaml.ScalarNode:
    style = None
    if "\n" in s:
        # A literal block only for ordinary text: leading breaks or blank trailing lines need "|2+"-style
        # indicators that swallow the blank line before the next measure, and YAML folds NEL/LS/PS/CR into
        # line breaks unless escaped. Double quotes escape everything and still load back exactly.
        plain_lines = s.strip() and not s.startswith(("\n", " ")) and not s.endswith("\n\n")
        style = "|" if plain_lines and not _ODD_BREAKS.search(s) else '"'
    elif _ODD_BREAKS.search(s):
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


_Dumper.add_representer(str, _str)



def _dump(value: Any) -> str:
    # A bidi control can only be inside a double-quoted scalar (_str): "\u202e" there loads back the same.
    return json_bidi(yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6, indent=2))


def dump_plan(plan: Plan, lang: Literal["th", "en"] = "th") -> str:
    """The plan as commented YAML an officer can edit; `load_plan` reads it back unchanged."""
    out = [say("plan.header", lang, plan_year=plan.plan_year, assessed_year=plan.assessed_year)]
    data = plan.model_dump(mode="python")
    for key in ("agency", "assessed_year", "plan_year", "source", "created", "focus"):
        if key == "focus" and not data[key]:
            continue
        line = _dump({key: data[key]})
        note = say(f"plan.note.{key}", lang) if f"plan.note.{key}" in WORDS else None
        out.append(f"{line.rstrip()}  # {note}\n" if note else line)
    if not plan.measures:
        out.append("measures: []\n")
        return "".join(out)
    out.append("measures:\n")
    for n, m in enumerate(data["measures"], start=1):
        # A comment is raw text: only printable characters, or the file would not parse again.
        title = "".join(ch for ch in " ".join(m["measure"].split()) if ch.isprintable())
        out.append(f"\n  # ---- {n}. {title}\n")
        for line in _dump([m]).splitlines():
            out.append(f"  {line}\n" if line else "\n")
    return "".join(out)


# ---------------------------------------------------------------- wording shared by the progress renderers

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
PROGRESS_HEADERS = ["ที่", "มาตรการ/โครงการ หรือกิจกรรม", "ขั้นตอนหรือวิธีการปฏิบัติ", "ผู้รับผิดชอบ",
                    "ช่วงระยะเวลาในการดำเนินการ", "สถานะ", "ผลการดำเนินการ", "ผลลัพธ์หรือผลสัมฤทธิ์", "ข้อเสนอแนะ"]
Round = Literal[6, 12]
DOTS = "." * 40  # a line left for handwriting, as on the printed forms
SIGN_NAME, SIGN_POSITION = f"({DOTS})", f"ตำแหน่ง {DOTS}"
REPORTER_SIGNATURE = [f"ลงชื่อ {DOTS} ผู้รายงาน", SIGN_NAME, SIGN_POSITION, f"วันที่ {DOTS}"]


def round_bounds(plan: Plan, rnd: Round) -> tuple[date, date]:
    """The reporting window: รอบ 6 เดือน is October-March of the plan year, รอบ 12 เดือน the whole year."""
    return first_half_bounds(plan.plan_year) if rnd == 6 else fiscal_year_bounds(plan.plan_year)


def report_title(plan: Plan) -> str:
    """The report's title with its fiscal year."""
    return f"{TITLE} ประจำปีงบประมาณ พ.ศ. {plan.plan_year}"


def round_label(plan: Plan, rnd: Round) -> str:
    """The round as text, e.g. รอบ 6 เดือน (1 ต.ค. 2568 – 31 มี.ค. 2569)."""
    start, end = round_bounds(plan, rnd)
    return f"รอบ {rnd} เดือน ({thai_date(start, 'short')} – {thai_date(end, 'short')})"


def status_counts(plan: Plan) -> dict[str, int]:
    """Measures per status, in the order the report lists them."""
    counts = Counter(m.status for m in plan.measures)
    return {s: counts[s] for s in STATUSES}


def due_not_done(plan: Plan, rnd: Round) -> list[PlanMeasure]:
    """Measures whose period ended within the round but are not done: the ones a reviewer asks about."""
    _, end = round_bounds(plan, rnd)
    return [m for m in plan.measures if m.end <= end and m.status != DONE]


def intro(plan: Plan, rnd: Round) -> str:
    """The paragraph before the table, as in the published reports."""
    c = status_counts(plan)
    return (f"ตามที่{plan.agency} ได้วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            f"(ITA) ประจำปีงบประมาณ พ.ศ. {plan.assessed_year} และได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
            f"ภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {plan.plan_year} จำนวน {len(plan.measures)} มาตรการ นั้น "
            f"ผลการดำเนินการ {round_label(plan, rnd)} ดำเนินการเรียบร้อยแล้ว {c[DONE]} มาตรการ "
            f"อยู่ระหว่างดำเนินการ {c[IN_PROGRESS]} มาตรการ และยังไม่ดำเนินการ {c[NOT_STARTED]} มาตรการ "
            f"รายละเอียดดังนี้")


def addressee(agency: str) -> str:
    """Who the covering memo goes to: the executive of the agency (นายก... for local government)."""
    a = agency.strip()
    if a.startswith("เทศบาล"):
        return "นายกเทศมนตรี" + a.removeprefix("เทศบาล")
    if a.startswith(("องค์การบริหารส่วน", "อบต.", "อบจ.")):
        return "นายก" + a
    return "หัวหน้า" + a


def memo_lines(plan: Plan, rnd: Round, on: date) -> dict[str, Any]:
    """The covering memo (บันทึกข้อความ) as fields: heading lines, body paragraphs and signature blocks."""
    start, end = round_bounds(plan, rnd)
    span = (f"{MONTHS_LONG[start.month - 1]} {ce_to_be(start.year)} – "
            f"{MONTHS_LONG[end.month - 1]} {ce_to_be(end.year)}")
    c = status_counts(plan)
    head = addressee(plan.agency)
    return {
        "fields": [("ส่วนราชการ", plan.agency), ("ที่", "................................"),
                   ("วันที่", thai_date(on)),
                   ("เรื่อง", f"{TITLE} รอบ {rnd} เดือน ({span}) ประจำปีงบประมาณ พ.ศ. {plan.plan_year}"),
                   ("เรียน", head)],
        "body": [
            f"ตามที่{plan.agency} ได้วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            f"(Integrity and Transparency Assessment: ITA) ประจำปีงบประมาณ พ.ศ. {plan.assessed_year} "
            f"เพื่อหาจุดอ่อนหรือข้อบกพร่อง และได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
            f"ประจำปีงบประมาณ พ.ศ. {plan.plan_year} จำนวน {len(plan.measures)} มาตรการ "
            f"พร้อมผู้รับผิดชอบ ขั้นตอน และระยะเวลาดำเนินการ นั้น",
            f"ในการนี้ ผู้รับผิดชอบได้ติดตามและสรุปผลการดำเนินการตามมาตรการดังกล่าว รอบ {rnd} เดือน "
            f"ระหว่างวันที่ {thai_date(start)} ถึงวันที่ {thai_date(end)} เป็นที่เรียบร้อยแล้ว "
            f"โดยดำเนินการเรียบร้อยแล้ว {c[DONE]} มาตรการ อยู่ระหว่างดำเนินการ {c[IN_PROGRESS]} มาตรการ "
            f"และยังไม่ดำเนินการ {c[NOT_STARTED]} มาตรการ รายละเอียดปรากฏตามรายงานที่แนบมาพร้อมนี้ "
            f"และเห็นควรเผยแพร่รายงานดังกล่าวบนเว็บไซต์หลักของหน่วยงาน",
            "จึงเรียนมาเพื่อโปรดทราบและพิจารณาสั่งการ",
        ],
        "signatures": [[SIGN_NAME, SIGN_POSITION], [f"ความเห็น {DOTS}", SIGN_NAME, head]],
    }
