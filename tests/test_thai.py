"""Behaviour tests for ita_rules.thai: normalisation, digits, dates, fiscal years and year finding."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_rules.thai import (
    MONTHS_LONG,
    MONTHS_SHORT,
    YearMention,
    find_years,
    first_half_bounds,
    fiscal_year_bounds,
    fiscal_year_of,
    month_number,
    normalize,
    thai_date,
    to_ascii_digits,
    to_thai_digits,
    years_in,
)

# ---------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("องค์การบริหารส่วนต าบลหนองบัว อ าเภอเมือง", "องค์การบริหารส่วนตำบลหนองบัว อำเภอเมือง"),
        ("ก\u0e4d\u0e32หนดการประชุม", "กำหนดการประชุม"),  # NIKHAHIT + SARA AA from copy-paste
        ("น\u0e4d\u0e49\u0e32ประปา", "น\u0e49\u0e33ประปา"),  # tone mark between NIKHAHIT and SARA AA
        ("เเผนพัฒนาเทศบาล", "แผนพัฒนาเทศบาล"),
        ("แผนปฏิบัติการ ๒๕๖๐ - ๒๕๖๔", "แผนปฏิบัติการ 2560 - 2564"),
        ("ITA  2568\n\tการประเมิน", "ita 2568 การประเมิน"),
        ("Open Data Integrity and Transparency Assessment: OIT", "open data integrity and transparency assessment: oit"),
        ("ประกาศ\u200bเจตนารมณ์\ufeff No\u00adGift", "ประกาศเจตนารมณ์ nogift"),
        ("\u00a0 E-Service \u00a0", "e-service"),
    ],
)
def test_normalize_repairs_real_artefacts(raw, expected):
    assert normalize(raw) == expected


def test_normalize_split_sara_am_leaves_leading_vowel_words_alone():
    # "เก า" is a split "เกา"; turning it into "เกำ" would be wrong.
    assert normalize("เก า") == "เก า"
    # No consonant before the space: not the PDF artefact.
    assert normalize("ราคา 5 าน") == "ราคา 5 าน"


def test_normalize_nfc():
    assert normalize("Cafe\u0301") == "caf\u00e9"


_THAI_BLOCK = [chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable()]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_THAI_BLOCK + list(" \u00a0\u200b\u00adAaZz9.-\u0301")), max_size=40))
def test_normalize_idempotent_thai(s):
    once = normalize(s)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_normalize_idempotent_any_unicode(s):
    once = normalize(s)
    assert normalize(once) == once


# ---------------------------------------------------------------- digits


def test_digit_conversion():
    assert to_thai_digits("หมู่ที่ 10 ปี 2568") == "หมู่ที่ ๑๐ ปี ๒๕๖๘"
    assert to_ascii_digits("ปี ๒๕๖๑") == "ปี 2561"


@given(st.text(alphabet="0123456789 ปีพ.ศ", max_size=30))
def test_digit_round_trip(s):
    assert to_ascii_digits(to_thai_digits(s)) == s


@given(st.text(alphabet="๐๑๒๓๔๕๖๗๘๙ ปีพ.ศ", max_size=30))
def test_thai_digit_round_trip(s):
    assert to_thai_digits(to_ascii_digits(s)) == s


# ---------------------------------------------------------------- months and dates


def test_month_tables_are_complete():
    assert len(MONTHS_LONG) == len(MONTHS_SHORT) == 12


@pytest.mark.parametrize(
    "token, month",
    [
        ("มกราคม", 1), ("ม.ค.", 1), ("มี.ค", 3), ("มี.ค.", 3), ("เม.ย.", 4), ("มิ.ย.", 6),
        ("กรกฏาคม", 7), ("ก.ย.", 9), ("ก.ย", 9), ("ต.ค.", 10), ("พ.ย", 11), ("ธค", 12), ("ธันวาคม", 12),
    ],
)
def test_month_number(token, month):
    assert month_number(token) == month


def test_month_number_unknown():
    assert month_number("ประกาศ") is None


def test_thai_date_styles():
    d = date(2024, 10, 1)
    assert thai_date(d) == "1 ตุลาคม 2567"
    assert thai_date(d, style="short") == "1 ต.ค. 2567"
    assert thai_date(date(2025, 10, 1), thai_digits=True) == "๑ ตุลาคม ๒๕๖๘"


# ---------------------------------------------------------------- fiscal year


@pytest.mark.parametrize(
    "d, fy",
    [(date(2024, 9, 30), 2567), (date(2024, 10, 1), 2568), (date(2025, 3, 31), 2568), (date(2025, 10, 1), 2569)],
)
def test_fiscal_year_of(d, fy):
    assert fiscal_year_of(d) == fy


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert first_half_bounds(2568) == (date(2024, 10, 1), date(2025, 3, 31))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_fiscal_year_contains_its_dates(d):
    start, end = fiscal_year_bounds(fiscal_year_of(d))
    assert start <= d <= end


# ---------------------------------------------------------------- find_years


def _one(text: str) -> YearMention:
    found = find_years(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, year, kind",
    [
        ("ประกาศ ณ วันที่ 1 ตุลาคม พ.ศ. 2568", 2568, "be"),
        ("การประเมินคุณธรรมและความโปร่งใส (ITA) พ.ศ.2568", 2568, "be"),
        ("แผนการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ.. 2568", 2568, "fiscal"),
        ("แผนดำเนินงาน ปีงบประมาณ 2568", 2568, "fiscal"),
        ("มาตรการส่งเสริมคุณธรรมฯ ประจำปีงบประมาณ พ.ศ. 2567", 2567, "fiscal"),
        ("ITA ปี 2569", 2569, "be"),
        ("รายงานผล ปี ๒๕๖๗", 2567, "be"),
        ("สรุปผลการจัดซื้อจัดจ้าง 4 ธ.ค. 2567", 2567, "be"),
        ("ITA2568", 2568, "be"),
        ("https://school.ac.th/ita2569/o9.pdf", 2569, "be"),
        ("ประกาศเมื่อ มิถุนายน 9, 2026", 2569, "ce"),
        ("ระเบียบ ค.ศ. 2024", 2567, "ce"),
        ("12-งวด-ก.ย.68.pdf", 2568, "be_short"),
        ("ประกาศ18ธค66.pdf", 2566, "be_short"),
        ("แผนอัตรากำลัง ปีงบ 68", 2568, "fiscal"),
    ],
)
def test_find_single_year(text, year, kind):
    m = _one(text)
    assert (m.year, m.kind) == (year, kind)
    assert text[m.start:m.end] == m.raw


def test_offsets_survive_thai_digits():
    text = "แผนปฏิบัติการ ปี ๒๕๖๑ ฉบับปรับปรุง"
    m = _one(text)
    assert m.raw == "ปี ๒๕๖๑" and text[m.start:m.end] == m.raw and m.year == 2561


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570)", 2566, 2570),
        ("แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. 2561 – 2564)", 2561, 2564),
        ("แผนปฏิบัติการป้องกันการทุจริต (๒๕๖๐ - ๒๕๖๔)", 2560, 2564),
        ("แผนยุทธศาสตร์ของสถาบัน ปี 2565-2569", 2565, 2569),
    ],
)
def test_find_ranges(text, start, end):
    m = _one(text)
    assert (m.kind, m.year, m.year_end) == ("range", start, end)
    assert years_in(text) == set(range(start, end + 1))


def test_short_years_in_half_year_report():
    found = find_years("รายงานการกำกับติดตาม รอบ 6 เดือน (ต.ค.64 - มี.ค.65)")
    assert [(m.year, m.kind) for m in found] == [(2564, "be_short"), (2565, "be_short")]


def test_gregorian_slug_pair():
    found = find_years("/oit2023-ita2023/o25-report")
    assert [(m.year, m.kind) for m in found] == [(2566, "ce"), (2566, "ce")]


def test_upload_path_and_be_date_together():
    assert years_in("/wp-content/uploads/2025/11/ประกาศ-ITA-2569.pdf") == {2568, 2569}


@pytest.mark.parametrize(
    "text",
    [
        "โทรศัพท์ 0 5541 1234",
        "โทร. 0-2568-1234 ต่อ 12",
        "โทรสาร 02 568 1234",
        "/public/list/data/detail/id/25681234/menu/1180",
        "ราคากลาง 2,568.00 บาท",
        "วงเงิน 2568.50",
        "ค่าจ้าง 2000 บาท",
        "ประชากร 2010 คน",
        "/?page_id=2012",
        "หมู่ที่ ๑๐ ตำบลหนองบัว",
        "moit1-1.1-68.pdf",  # bare two-digit suffix: too ambiguous to read as a year
        "ก.พ.ร.68",  # OPDC abbreviation, not February
        "พ.ศ. 2025",  # Gregorian number behind a BE marker: neither reading is safe
        "30 พฤศจิกายน 542",  # truncated year
    ],
)
def test_no_false_positives(text):
    assert find_years(text) == []


def test_mentions_sorted_and_non_overlapping():
    text = "ITA ประจำปีงบประมาณ พ.ศ. 2568 อ้างอิงแผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570) ประกาศ 11 ก.ย. 2567"
    found = find_years(text)
    assert [m.kind for m in found] == ["fiscal", "range", "be"]
    spans = [(m.start, m.end) for m in found]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
