"""The words of the evidence checks' newer findings (elements, placeholders, dead links in disguise, robots rules)
and of `ita rules show`'s element lines: part of the one catalogue, words.WORDS, kept here because words.py is at
its size limit."""

from __future__ import annotations

# key -> (Thai, English), as in words.WORDS.
EVIDENCE_WORDS: dict[str, tuple[str, str]] = {
    'reason.claimed_link_broken': ('ลิงก์หลักฐานเสีย เปิดแล้วไม่พบข้อมูล',
        'the linked evidence is dead'),
    'reason.placeholder_content': ('หน้าแจ้งเพียงว่ายังไม่มีข้อมูลหรืออยู่ระหว่างจัดทำ',
        'the page only says the information is not there yet'),
    'reason.element_missing': ('ข้อมูลไม่ครบองค์ประกอบ',
        'an element of the item is missing'),
    'reason.element_unverified': ('ตรวจองค์ประกอบบางข้อโดยอัตโนมัติไม่ได้',
        'an element could not be confirmed by machine'),
    'rules.elements': ('องค์ประกอบ (ได้คะแนนเมื่อครบทุกข้อ):', 'elements (the item scores only when all are published):'),
    'rules.checkable': ('ตรวจอัตโนมัติ: {how}', 'machine-checked: {how}'),
    'rules.not_checkable': ('ตรวจอัตโนมัติไม่ได้ ผู้ประเมินต้องพิจารณาเอง (ไม่ทำให้ข้อที่ไม่ผ่านกลายเป็นผ่าน)',
        'not machine-checkable: a person judges it (it never turns a fail into a pass)'),
    'rules.per': ('ครบทุกราย ตาม {per}', 'for every {per}'),
    'rules.year': ('ปีงบประมาณของหลักฐานตรงตามเกณฑ์', 'the evidence covers an accepted fiscal year'),
    'rules.missing_review': ('ถ้าไม่พบ: ต้องตรวจสอบเพิ่ม (ไม่ตัดสินว่าไม่ผ่าน)', 'if not found: needs review, never fail'),
    'detail.soft_404': ('หน้าแจ้งว่าไม่พบหน้าที่ต้องการ แม้เซิร์ฟเวอร์ตอบ HTTP {status}',
        "a 'page not found' page, though the server answers HTTP {status}"),
    'detail.empty_page': ('หน้าว่าง ไม่มีเนื้อหา', 'an empty page'),
    'detail.stock_page': ('ลิงก์หลายข้อเปิดได้หน้าเดียวกันที่ไม่มีข้อมูลของข้อใดเลย',
        'the links of several items open one and the same page about none of them'),
    'detail.home': ('ลิงก์พาไปหน้าแรกแทนเอกสาร', 'the link leads to the home page instead of a document'),
    'detail.robots': ('ตามกฎ {rule} ใน robots.txt', 'by the robots.txt rule {rule}'),
    'detail.elements_missing': ('ขาด: {elements}', 'missing: {elements}'),
    'detail.elements_unsure': ('ต้องตรวจด้วยตนเอง: {elements}', 'to confirm by hand: {elements}'),
    'detail.says': ('หน้าแจ้งว่า "{text}"', 'the page says "{text}"'),
}
