"""Thai text utilities: matching normalisation, digits, months, Buddhist-era dates and fiscal years."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "MONTHS_LONG",
    "MONTHS_SHORT",
    "YearMention",
    "be_to_ce",
    "ce_to_be",
    "find_years",
    "first_half_bounds",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "month_number",
    "normalize",
    "thai_date",
    "to_ascii_digits",
    "to_thai_digits",
    "years_in",
]

BE_OFFSET = 543

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ASCII = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)

# Zero-width space/non-joiner/joiner, BOM and soft hyphen: invisible in browsers but break substring matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
_WS = re.compile(r"\s+")
# SARA AM typed as NIKHAHIT + SARA AA (old fonts, PDF copy-paste "กําหนด"); a tone mark may sit between them.
_NIKHAHIT_AA = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
# PDF text layers drop SARA AM's NIKHAHIT and leave "ต าบล"/"อ าเภอ". SARA AA can never begin a syllable,
# so " า" right after a consonant (optionally + tone mark) is always an artefact. We read it as SARA AM,
# which is what the observed cases were; the guard against a leading vowel (เ แ โ ใ ไ) keeps words such
# as "เก า" (a split "เกา") from becoming "เกำ". Residual risk: a split plain SARA AA ("ก าร") becomes ำ.
_SPLIT_SARA_AM = re.compile("(?<![\u0e40-\u0e44])([\u0e01-\u0e2e][\u0e48-\u0e4b]?) \u0e32")
# Two SARA E typed for SARA AE ("เเผน"): looks identical on screen.
_DOUBLE_SARA_E = re.compile("\u0e40\u0e40")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")


def to_ascii_digits(s: str) -> str:
    """Replace Thai digits ๐-๙ with ASCII 0-9."""
    return s.translate(_TO_ASCII)


def to_thai_digits(s: str) -> str:
    """Replace ASCII digits 0-9 with Thai digits ๐-๙."""
    return s.translate(_TO_THAI)


# Copying from a PDF often drops SARA AM ("ดาเนินงาน" for "ดำเนินงาน"). Only stems whose damaged form is no Thai
# word are repaired ("ทา", "นา" are words and stay), and only at the start of a word-like run.
_SARA_AM_LOST = {
    "ดาเนิน": "ดำเนิน", "ประจาปี": "ประจำปี", "ประจาเดือน": "ประจำเดือน", "ประจาไตรมาส": "ประจำไตรมาส",
    "สานัก": "สำนัก", "กาหนด": "กำหนด", "คาสั่ง": "คำสั่ง", "ตาบล": "ตำบล", "กากับ": "กำกับ",
    "อานาจ": "อำนาจ", "อาเภอ": "อำเภอ", "จานวน": "จำนวน", "สาคัญ": "สำคัญ", "การนาผล": "การนำผล",
    "จัดทาแผน": "จัดทำแผน", "จัดทารายงาน": "จัดทำรายงาน", "ทาเนียบ": "ทำเนียบ", "คาร้อง": "คำร้อง",
    "ชาระ": "ชำระ", "สารวจ": "สำรวจ", "ลาดับ": "ลำดับ", "ดาริ": "ดำริ", "ทางานร่วม": "ทำงานร่วม",
}
_SARA_AM_RE = re.compile("|".join(sorted(map(re.escape, _SARA_AM_LOST), key=len, reverse=True)))


def _normalize_once(text: str) -> str:
    s = _INVISIBLE.sub("", text)
    s = unicodedata.normalize("NFC", s)
    s = to_ascii_digits(s)
    s = _WS.sub(" ", s).strip()
    s = _NIKHAHIT_AA.sub("\\1\u0e33", s)
    s = _DOUBLE_SARA_E.sub("\u0e41", s)
    s = _SPLIT_SARA_AM.sub("\\1\u0e33", s)
    s = _SARA_AM_RE.sub(lambda m: _SARA_AM_LOST[m.group(0)], s)
    # Only Latin is folded: Thai has no case, and folding other scripts can leave non-NFC output.
    s = _LATIN.sub(lambda m: m.group(0).casefold(), s)
    return unicodedata.normalize("NFC", s)


def normalize(text: str) -> str:
    """Normalise Thai/Latin text for matching (NFC, artefact repair, ASCII digits, folded case, single spaces)."""
    s = _normalize_once(text)
    # Casefold/NFC interplay on exotic Latin letters can need a second pass; the loop makes idempotence certain.
    for _ in range(3):
        again = _normalize_once(s)
        if again == s:
            break
        s = again
    return s


# ---------------------------------------------------------------- months and dates

MONTHS_LONG: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
# Misspellings seen on agency pages (กรกฏาคม with ฏ, dropped garan in กุมภาพันธ).
_LONG_VARIANTS: dict[int, tuple[str, ...]] = {2: ("กุมภาพันธ",), 7: ("กรกฏาคม",)}

_THAI_CHAR = "\u0e01-\u0e4f"


def _short_month_pattern(abbr: str) -> str:
    head, tail = abbr.rstrip(".").split(".")
    dotted = rf"{head}\.\s?{tail}\.?"
    # Undotted "ธค" is only safe when not glued to preceding Thai letters (it would match inside words).
    bare = rf"(?<![{_THAI_CHAR}]){head}{tail}(?![{_THAI_CHAR}])"
    return rf"(?:{dotted}|{bare})"


def _month_alternatives() -> list[tuple[int, str]]:
    alts: list[tuple[int, str]] = []
    for i, (long, short) in enumerate(zip(MONTHS_LONG, MONTHS_SHORT), start=1):
        for name in (long, *_LONG_VARIANTS.get(i, ())):
            alts.append((i, re.escape(name)))
        alts.append((i, _short_month_pattern(short)))
    return alts


_MONTH_ALTS = _month_alternatives()
_MONTH_RES = [(i, re.compile(p)) for i, p in _MONTH_ALTS]
# Long names first so "มีนาคม" is not cut to a shorter alternative.
MONTH_PATTERN = "(?:" + "|".join(p for _, p in sorted(_MONTH_ALTS, key=lambda a: -len(a[1]))) + ")"


def month_number(token: str) -> int | None:
    """Month 1-12 for a Thai month name or abbreviation ("ตุลาคม", "ต.ค.", "มี.ค", "ธค"), else None."""
    t = normalize(token)
    for i, rx in _MONTH_RES:
        if rx.fullmatch(t):
            return i
    return None


def ce_to_be(year: int) -> int:
    """Gregorian year to Buddhist-era year."""
    return year + BE_OFFSET


def be_to_ce(year: int) -> int:
    """Buddhist-era year to Gregorian year."""
    return year - BE_OFFSET


def thai_date(d: date, style: Literal["long", "short"] = "long", thai_digits: bool = False) -> str:
    """Format a date the Thai official way, e.g. "1 ตุลาคม 2568" or "1 ต.ค. 2568"."""
    months = MONTHS_LONG if style == "long" else MONTHS_SHORT
    out = f"{d.day} {months[d.month - 1]} {ce_to_be(d.year)}"
    return to_thai_digits(out) if thai_digits else out


def fiscal_year_of(d: date) -> int:
    """Thai government fiscal year (BE) containing the date; it starts on 1 October."""
    return ce_to_be(d.year + 1 if d.month >= 10 else d.year)


def fiscal_year_bounds(be_year: int) -> tuple[date, date]:
    """First and last day of a fiscal year, e.g. 2568 -> (2024-10-01, 2025-09-30)."""
    ce = be_to_ce(be_year)
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def first_half_bounds(be_year: int) -> tuple[date, date]:
    """First six months of a fiscal year (the "รอบ 6 เดือน" reporting window), e.g. 2568 -> (2024-10-01, 2025-03-31)."""
    ce = be_to_ce(be_year)
    return date(ce - 1, 10, 1), date(ce, 3, 31)


# ---------------------------------------------------------------- year finding

YearKind = Literal["be", "fiscal", "be_short", "ce", "range"]


class YearMention(BaseModel):
    """One year found in text; `year` is always BE, offsets index the caller's original string."""

    model_config = ConfigDict(frozen=True)

    year: int
    year_end: int | None = None
    raw: str
    kind: YearKind
    start: int
    end: int


_PS = r"พ\.?\s?ศ\.*\s*"  # "พ.ศ. ", "พ.ศ.", "พ.ศ.. " (double dot), "พ.ศ " (dot missing)
_Y4 = r"(?<!\d)(\d{4})(?!\d)"

# "(พ.ศ. 2561 – 2564)", "2566-2570", "๒๕๖๐ - ๒๕๖๔", "2561 ถึง 2564": multi-year plans.
_RANGE = re.compile(rf"(?:{_PS})?{_Y4}\s*(?:[-–—~]|ถึง)\s*(?:{_PS})?{_Y4}")
# "ปีงบประมาณ 2568", "ประจำปีงบประมาณ พ.ศ. 2568", "ปีงบ 68": explicitly a fiscal year.
_FISCAL = re.compile(rf"(?:ประจำ)?ปีงบ(?:ประมาณ)?\s*(?:{_PS})?(?<!\d)(\d{{4}}|\d{{2}})(?!\d)")
# "พ.ศ. 2568", "พ.ศ.2568", "พ.ศ.. 2568" and the accordion label "ปี 2569".
_BE_PREFIX = re.compile(rf"(?:{_PS}|ปี\s*){_Y4}")
# "ค.ศ. 2025": explicitly Gregorian.
_CE_PREFIX = re.compile(rf"ค\.?\s?ศ\.*\s*{_Y4}")
# Two-digit BE after a month in dates and file names: "ต.ค.64", "18ธค66", "12-งวด-ก.ย.68.pdf".
_SHORT = re.compile(rf"{MONTH_PATTERN}\s*(?<!\d)(\d{{2}})(?!\d)")
# Any other standalone 4-digit number, glued forms included ("ITA2568", "oit2023", "/2025/11/", "06/08/2549");
# the lookarounds reject longer digit runs (ids) and thousands/decimal parts ("2,568.00", "2568.50").
_BARE = re.compile(r"(?<!\d)(?<!\d[.,])(\d{4})(?!\d)(?![.,]\d)")
# Thai phone numbers "0 5541 1234", "02-568-1234", "081 234 5678": their groups must not read as years.
_PHONE = re.compile(r"(?<!\d)0(?:[\s\-]?\d){8,9}(?!\d)")
# A number that names an id ("id/2568", "?page_id=2012") or counts something ("2010 คน", "2000 บาท").
_ID_BEFORE = re.compile(r"id\s*[=/:#]\s*$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s*(?:บาท|คน|ราย|ไร่|ครัวเรือน|หลังคาเรือน|เมตร|กิโลเมตร|กม\.|ตร\.|ชิ้น|เล่ม|ฉบับ|ครั้ง|รายการ)")
# A Gregorian-range number right after a BE marker is a typo or truncation, not a CE year.
_BE_CONTEXT_BEFORE = re.compile(rf"(?:{_PS}|ปีงบ(?:ประมาณ)?\s*|ปี\s*)$")

_BE_EXPLICIT = range(2400, 2700)
_BE_BARE = range(2540, 2581)
_CE_BARE = range(1990, 2036)
_SHORT_YY = range(40, 81)
_MAX_RANGE_SPAN = 20


def find_years(text: str) -> list[YearMention]:
    """Find year mentions (BE, fiscal, two-digit BE, Gregorian, ranges) in text, all reported as BE years."""
    t = to_ascii_digits(text)  # one char per digit, so offsets stay valid for the original text
    taken: list[tuple[int, int]] = [m.span() for m in _PHONE.finditer(t)]
    found: list[YearMention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: re.Match[str], year: int, kind: YearKind, year_end: int | None = None) -> None:
        taken.append(m.span())
        found.append(YearMention(year=year, year_end=year_end, raw=text[m.start():m.end()],
                                 kind=kind, start=m.start(), end=m.end()))

    for m in _RANGE.finditer(t):
        a, b = int(m.group(1)), int(m.group(2))
        if free(*m.span()) and a in _BE_EXPLICIT and b in _BE_EXPLICIT and 0 < b - a <= _MAX_RANGE_SPAN:
            add(m, a, "range", b)
    for m in _FISCAL.finditer(t):
        raw = m.group(1)
        y = int(raw) if len(raw) == 4 else 2500 + int(raw)
        if free(*m.span()) and (y in _BE_EXPLICIT if len(raw) == 4 else int(raw) in _SHORT_YY):
            add(m, y, "fiscal")
    for m in _BE_PREFIX.finditer(t):
        y = int(m.group(1))
        if free(*m.span()) and y in _BE_EXPLICIT:
            add(m, y, "be")
    for m in _CE_PREFIX.finditer(t):
        y = int(m.group(1))
        if free(*m.span()) and 1900 <= y <= 2100:
            add(m, ce_to_be(y), "ce")
    for m in _SHORT.finditer(t):
        yy = int(m.group(1))
        if free(*m.span()) and yy in _SHORT_YY:
            add(m, 2500 + yy, "be_short")
    for m in _BARE.finditer(t):
        y = int(m.group(1))
        if not free(*m.span()):
            continue
        before = t[max(0, m.start() - 16):m.start()]
        if _ID_BEFORE.search(before) or _UNIT_AFTER.match(t, m.end()):
            continue
        if y in _BE_BARE:
            add(m, y, "be")
        elif y in _CE_BARE and not _BE_CONTEXT_BEFORE.search(before):
            add(m, ce_to_be(y), "ce")
    found.sort(key=lambda ym: ym.start)
    return found


def years_in(text: str) -> set[int]:
    """All BE years mentioned in text; a range contributes every year it spans."""
    years: set[int] = set()
    for ym in find_years(text):
        years.update(range(ym.year, (ym.year_end or ym.year) + 1))
    return years
