"""The words of the many-agency outputs (the one-line-per-agency summary of `ita assess`): part of the one
catalogue, words.WORDS, kept here because words.py is at its size limit."""

from __future__ import annotations

# key -> (Thai, English), as in words.WORDS.
OUTPUT_WORDS: dict[str, tuple[str, str]] = {
    'summary.head': ('ลำดับ|ปี|คะแนนรวม|เป้าหมาย|ประเด็น|ระดับ|หน่วยงาน',
        'No.|Year|Total|Target|Findings|Level|Agency'),
    'summary.meets': ('ผ่าน', 'met'),
    'summary.below': ('ไม่ผ่าน', 'below'),
    'summary.counts': ('รวม {n} หน่วยงาน: ผ่านค่าเป้าหมาย {met} ต่ำกว่าค่าเป้าหมาย {below} ข้อมูลไม่ครบ {unknown}',
        '{n} agencies: {met} meet the target, {below} below it, {unknown} incomplete'),
    'summary.detail': ('รายละเอียดของแต่ละหน่วยงาน: --detail หรือ --format markdown / json',
        "each agency's detail: --detail, or --format markdown / json"),
}
