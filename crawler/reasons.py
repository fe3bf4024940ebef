"""Thai and English wording of outcomes and reason codes (data stays codes until rendered)."""

from __future__ import annotations

OUTCOMES: dict[str, dict[str, str]] = {
    "pass": {"th": "ผ่าน", "en": "pass"},
    "fail": {"th": "ไม่ผ่าน", "en": "fail"},
    "needs_review": {"th": "ต้องตรวจสอบเพิ่ม", "en": "needs review"},
    "not_crawled": {"th": "เข้าไม่ถึง", "en": "not crawled"},
    "error": {"th": "ผิดพลาด", "en": "error"},
}

REASONS: dict[str, dict[str, str]] = {
    "verified": {"th": "พบหลักฐานตรงหัวข้อและปีงบประมาณ", "en": "evidence found, on topic and for the right year"},
    "not_found": {"th": "ไม่พบข้อมูลในเว็บไซต์", "en": "nothing on the site matches this item"},
    "claimed_link_broken": {"th": "ลิงก์ในหน้า OIT เสียหรือเปิดไม่ได้", "en": "the OIT index links to a broken page"},
    "off_topic": {"th": "ลิงก์ไม่ตรงหัวข้อ", "en": "the linked content is about something else"},
    "wrong_year": {"th": "ข้อมูลไม่ตรงปีงบประมาณที่กำหนด", "en": "found, but for another fiscal year"},
    "no_link": {"th": "ไม่มีลิงก์หลักฐาน", "en": "the index row has no link"},
    "placeholder_link": {"th": "ลิงก์ไม่ใช่หลักฐาน (#, javascript, หน้าเดิมหรือหน้าแรก)",
                         "en": "the link is a placeholder (#, javascript, self-link or home page)"},
    "criterion_text_only": {"th": "มีเพียงข้อความเกณฑ์ ไม่มีหลักฐาน",
                            "en": "only the criterion text is shown, with no evidence"},
    "external_unverifiable": {"th": "อยู่บนบริการภายนอก (เช่น Facebook, Google Drive) ตรวจอัตโนมัติไม่ได้",
                              "en": "on an external service (e.g. Facebook, Google Drive) that cannot be verified"},
    "login_wall": {"th": "ต้องเข้าสู่ระบบก่อนจึงเห็นข้อมูล", "en": "behind a login"},
    "image_only_pdf": {"th": "ไฟล์ PDF เป็นภาพสแกน อ่านข้อความไม่ได้", "en": "a scanned PDF with no text layer"},
    "too_large": {"th": "ไฟล์ใหญ่เกินขนาดที่ตรวจ", "en": "the file is over the size cap"},
    "forbidden": {"th": "เว็บไซต์ปฏิเสธการเข้าถึง (401/403)", "en": "the server refused access (401/403)"},
    "months_missing": {"th": "พบข้อมูลไม่ครบ 6 เดือน (ต.ค.–มี.ค.)", "en": "not all six months (Oct–Mar) were found"},
    "year_unknown": {"th": "ตรงหัวข้อแต่ไม่พบปีงบประมาณ", "en": "on topic but no year could be read"},
    "robots_blocked": {"th": "robots.txt ไม่อนุญาตให้ตรวจ", "en": "blocked by robots.txt"},
    "budget": {"th": "ตรวจไม่ถึงเพราะเกินขอบเขตจำนวนหน้าหรือเวลา", "en": "not reached within the page or time budget"},
    "fetch_error": {"th": "เปิดหน้าไม่ได้ (เครือข่ายหรือเซิร์ฟเวอร์ขัดข้อง)", "en": "could not be fetched (network or server error)"},
    "evaluation_error": {"th": "เกิดข้อผิดพลาดระหว่างประเมิน", "en": "the evaluation failed"},
}


def outcome_text(outcome: str, lang: str) -> str:
    """An outcome in `lang`."""
    return OUTCOMES[outcome][lang]


def reason_text(reason: str, lang: str) -> str:
    """A reason code in `lang`."""
    return REASONS.get(reason, {"th": reason, "en": reason})[lang]
