"""The words of fiscal years, provisional packs, the item mapping between years (ita_rules/years.py,
yearmap.py, focus.py) and repeated agency-years in a sheet: part of the one catalogue, words.WORDS, kept here because words.py is at its size limit."""

from __future__ import annotations

# key -> (Thai, English), as in words.WORDS.
YEAR_WORDS: dict[str, tuple[str, str]] = {
    'no_pack_today': ('ยังไม่มีชุดเกณฑ์ของปีงบประมาณ {fy} (วันที่ {date}) จึงใช้ชุดเกณฑ์ล่าสุด {pack} ของปี {year}',
        'no rule pack covers fiscal year {fy} (today {date}); using the newest pack, {pack} for {year}'),
    'provisional_pack': ('คำเตือน: ชุดเกณฑ์ {pack} เป็นฉบับชั่วคราว ({note})',
        'warning: rule pack {pack} is provisional: {note}'),
    'previous_items_unmapped': ('ชุดเกณฑ์ {pack} ไม่มีการเทียบข้อกับ {prev} จึงเทียบกับปีก่อนได้เฉพาะตัวชี้วัดและเครื่องมือ',
        '{pack} has no item mapping from {prev}: last year is compared by indicator and tool only'),
    'provisional': ('ฉบับชั่วคราว',
        'provisional'),
    'items_vs_prev': ('ข้อ OIT เทียบกับปีก่อน (ตามการเทียบข้อของชุดเกณฑ์)',
        "OIT items against last year (through the pack's item mapping)"),
    'from_items': ('ข้อปีก่อน',
        "Last year's items"),
    'focus': ('ตัวชี้วัดที่มุ่งเน้น',
        'Focus indicator'),
    'sheet.duplicate': ('คำเตือน: {agency} ปี {year} ซ้ำที่ {where} จึงใช้แถวแรก ({first}) และข้ามแถวนี้',
        'warning: {agency} {year} appears again at {where}; the first row ({first}) is kept and this one skipped'),
    'map.kept': ('คงเดิม', 'kept'),
    'map.renamed': ('เปลี่ยนชื่อ', 'renamed'),
    'map.merged': ('รวมข้อ', 'merged'),
    'map.split': ('แยกข้อ', 'split'),
    'map.new': ('ข้อใหม่', 'new'),
    'map.dropped': ('ยกเลิก', 'dropped'),
    'was': ('เดิม', 'was'),
    'plan.note.focus': ('ตัวชี้วัดที่คะแนนต่ำสุด มาตรการของตัวชี้วัดนี้อยู่ลำดับแรก',
        'the weakest indicator; its measures come first'),
    'report.focus': ('ประเด็นมุ่งเน้นตามข้อ {item} {item_title} ปีงบประมาณ พ.ศ. {year}: ตัวชี้วัดที่ {id} {name} '
                     'ได้คะแนนต่ำสุด ({score} คะแนน) หน่วยงานจึงกำหนดมาตรการเพื่อพัฒนาตัวชี้วัดนี้เป็นลำดับแรก '
                     'และแสดงไว้ก่อนในตาราง ({note})',
        'Focus under item {item} ({item_title}), fiscal year {year}: indicator {id} {name} scored lowest '
        '({score}), so its measures come first in the table. ({note})'),
}
