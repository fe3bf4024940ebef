"""User-interface labels in Thai and English (criteria texts live in the rule packs)."""

from __future__ import annotations

from .pack import Lang

LABELS: dict[str, dict[str, str]] = {
    "agency": {"th": "หน่วยงาน", "en": "Agency"},
    "fiscal_year": {"th": "ปีงบประมาณ พ.ศ.", "en": "Fiscal year (BE)"},
    "total": {"th": "คะแนนรวม", "en": "Total"},
    "level": {"th": "ระดับผลการประเมิน", "en": "Level"},
    "target": {"th": "ค่าเป้าหมาย", "en": "Target"},
    "tool": {"th": "เครื่องมือ", "en": "Tool"},
    "indicator": {"th": "ตัวชี้วัด", "en": "Indicator"},
    "score": {"th": "คะแนน", "en": "Score"},
    "change": {"th": "การเปลี่ยนแปลง", "en": "Change"},
    "incomplete": {"th": "ข้อมูลไม่ครบ คำนวณคะแนนรวมไม่ได้ ขาด", "en": "Incomplete: the total cannot be computed; missing"},
    "deficiencies": {"th": "ประเด็นที่ต้องปรับปรุง (เรียงตามผลต่อคะแนนรวม)",
                     "en": "Deficiencies (ordered by effect on the total)"},
    "none": {"th": "ไม่พบประเด็นที่ต่ำกว่าเกณฑ์", "en": "No deficiencies found"},
    "impact": {"th": "ผลต่อคะแนนรวม", "en": "Effect on total"},
    "measures": {"th": "มาตรการที่แนะนำ", "en": "Recommended measures"},
    "owner": {"th": "ผู้รับผิดชอบ", "en": "Owner"},
    "timeframe": {"th": "ระยะเวลาดำเนินงาน", "en": "Timeframe"},
    "steps": {"th": "ขั้นตอน/วิธีปฏิบัติ", "en": "Steps"},
    "follow_up": {"th": "การติดตามผล", "en": "Follow-up"},
    "warnings": {"th": "ข้อสังเกต", "en": "Warnings"},
    "points": {"th": "คะแนน", "en": "points"},
    "pack": {"th": "ชุดเกณฑ์", "en": "Rule pack"},
    "meets_target": {"th": "ผ่านค่าเป้าหมาย", "en": "Meets the target"},
    "below_target": {"th": "ต่ำกว่าค่าเป้าหมาย", "en": "Below the target"},
    "average": {"th": "คะแนนเฉลี่ย", "en": "Average"},
}


def t(key: str, lang: Lang) -> str:
    """The label `key` in `lang`."""
    return LABELS[key][lang]


MESSAGES: dict[str, dict[str, str]] = {
    "given_differs": {
        "th": "{id}: คะแนนที่ระบุ {given:.2f} ไม่ตรงกับค่าที่คำนวณจากรายข้อ {computed:.2f} จึงใช้ค่าที่ระบุ",
        "en": "{id}: given {given:.2f} but its parts give {computed:.2f}; the given value is used",
    },
    "previous_no_pack": {
        "th": "ไม่มีชุดเกณฑ์ของปี {year} จึงคำนวณคะแนนปีก่อนด้วยน้ำหนักและระดับของ {pack}",
        "en": "no rule pack for {year}: last year is scored with {pack}'s weights and levels",
    },
}


def message(key: str, lang: Lang, **values: object) -> str:
    """A templated message in `lang`."""
    return MESSAGES[key][lang].format(**values)

LABELS.update({
    "coverage": {"th": "ความครอบคลุมของการตรวจ", "en": "Crawl coverage"},
    "target_site": {"th": "เว็บไซต์", "en": "Site"},
    "pages_fetched": {"th": "หน้าที่ดึงมา", "en": "pages fetched"},
    "robots_blocked": {"th": "ถูก robots.txt ห้าม", "en": "blocked by robots.txt"},
    "errors": {"th": "ผิดพลาด", "en": "errors"},
    "too_large": {"th": "ไฟล์ใหญ่เกิน", "en": "too large"},
    "skipped_trap": {"th": "ข้ามเพราะเป็นกับดัก", "en": "skipped as traps"},
    "out_of_budget": {"th": "เกินงบประมาณการตรวจ", "en": "over budget"},
    "external_links": {"th": "ลิงก์ภายนอก", "en": "external links"},
    "home_unreachable": {"th": "เปิดหน้าแรกไม่ได้", "en": "home page unreachable"},
    "item": {"th": "ข้อ", "en": "Item"},
    "outcome": {"th": "ผล", "en": "Outcome"},
    "reason": {"th": "เหตุผล", "en": "Reason"},
    "evidence": {"th": "หลักฐาน", "en": "Evidence"},
    "claimed": {"th": "ตามหน้า OIT", "en": "claimed by index"},
    "oit_predicted": {"th": "คะแนน OIT ที่คาดการณ์", "en": "Predicted OIT score"},
    "range": {"th": "ช่วง", "en": "range"},
    "summary": {"th": "สรุป", "en": "Summary"},
    "warnings_crawl": {"th": "คำเตือนจากการตรวจ", "en": "Crawl warnings"},
    "incomplete_crawl": {"th": "การตรวจไม่ครบทุกหน้า", "en": "the crawl did not cover every page"},
})
