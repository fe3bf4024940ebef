"""The commented starter `ita.toml` written by `ita init` (Thai and English comments)."""

from __future__ import annotations

import json

TEMPLATE = """\
# ita.toml — การตั้งค่า `ita check` สำหรับ CI / settings for `ita check` in CI
# คู่มือ / guide: docs/ci.md   ค่าที่ส่งทางบรรทัดคำสั่งมีผลเหนือไฟล์นี้ / command-line flags override this file.
# ไฟล์นี้ถูกตรวจก่อนเริ่มตรวจเว็บไซต์ คีย์ที่สะกดผิดเป็นข้อผิดพลาด (exit 4)
# The file is validated before any crawling; a misspelt key is an error (exit 4).

# ปีงบประมาณ พ.ศ. ที่ใช้ตรวจ (ค่าเริ่มต้น: ชุดเกณฑ์ล่าสุด) / Buddhist-era fiscal year (default: newest pack)
{year_line}

# เว็บไซต์ที่ตรวจ: url = "https://..." หรือ dir = "โฟลเดอร์เว็บที่ build แล้ว" (อ้างอิงจากตำแหน่งไฟล์นี้)
# Sites to check: url = "https://..." or dir = "static-site build folder" (relative to this file).
# ชื่อ (name) ใช้ในการยกเว้นและ baseline / the name keys waivers and baselines.
[[sites]]
name = {name}
{target_key} = {target}
{agency_line}

# เพิ่มเว็บไซต์ได้อีก / more sites:
# [[sites]]
# name = "school"
# url = "https://www.school.example/"
# agency_type = "โรงเรียน"

[policy]
# ผลที่ทำให้ CI ไม่ผ่าน: "fail" (ไม่ผ่าน) หรือ "needs_review" (รวมต้องตรวจสอบเพิ่ม)
# Lowest outcome that fails the run: "fail" or "needs_review" (which also covers "error").
fail_on = "fail"
# true = รายงานอย่างเดียว ไม่ทำให้ล้มเหลว / true = report only, always exit 0 (config errors still exit 4)
soft_fail = false

[thresholds]
# คะแนน OIT ที่ตรวจยืนยันได้ขั้นต่ำ (ข้อที่ยกเว้นไม่นับเป็นผ่าน) / minimum verified OIT score (waived items never count)
# min_oit_score = 80

[crawl]
# ตรวจอย่างสุภาพ: หน่วงระหว่างคำขอ (วินาที) และจำนวนคำขอพร้อมกันต่อเว็บไซต์
# Be polite: seconds between requests and requests in flight per host.
delay = 1.0
concurrency = 2
max_pages = 500
max_depth = 6
time_budget = 300   # วินาทีทั้งหมด / seconds for the whole crawl
max_mb = 25         # ไฟล์ใหญ่สุดที่อ่าน (MB) / largest file read
timeout = 60        # วินาทีต่อการดาวน์โหลดหนึ่งไฟล์ / seconds for one whole response
retries = 3         # ลองใหม่เมื่อเชื่อมต่อไม่ได้ หรือได้ 429/503 / retries on connection errors, 429 and 503
ignore_robots = false

# baseline: ยอมรับข้อบกพร่องเดิม ให้เฉพาะข้อใหม่ทำให้ไม่ผ่าน (สร้างด้วย --create-baseline)
# Accept today's findings; only new ones fail the run (create it with --create-baseline PATH).
# baseline = ".ita-baseline.json"

# การยกเว้น: ต้องมีเหตุผล (justification) ระบุวันหมดอายุได้ เมื่อหมดอายุข้อบกพร่องจะกลับมา
# Waivers need a justification; after `expires` the finding counts again. Waived items never count as pass.
# ใช้ไฟล์แยกได้ / or keep them in a file: waivers = "ita-waivers.toml"
# [[waivers]]
# item = "o23"
# site = {name}
# justification = "รอผลการประชุมคณะกรรมการ / waiting for the committee's decision"
# approver = "ปลัด อบต."
# expires = 2026-03-31
"""


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string for these values


def render(name: str, target: str | None, agency_type: str | None, year: int | None) -> str:
    """The starter text for one site (a reserved `.example` URL when no target is given, so it never hits a real host)."""
    target = target or "https://www.agency.example/"
    is_url = "://" in target
    return TEMPLATE.format(
        year_line=f"year = {year}" if year else "# year = 2568",
        name=_q(name), target_key="url" if is_url else "dir", target=_q(target),
        agency_line=f"agency_type = {_q(agency_type)}" if agency_type else "agency_type = \"อบต.\"  # เช่น อบต. เทศบาล โรงเรียน / e.g.",
    )
