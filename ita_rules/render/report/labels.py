"""Report wording in Thai and English; the result's `lang` picks the language."""

from __future__ import annotations

from ...pack import Lang

_L: dict[str, tuple[str, str]] = {
    # Titles follow the headings agencies use in their published o27 documents (seed 001).
    "title": ("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส\nในการดำเนินงานของหน่วยงานภาครัฐ",
              "Analysis of the Integrity and Transparency Assessment (ITA) results"),
    "subtitle": ("การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร", "Putting the ITA results to work"),
    "fy": ("ปีงบประมาณ พ.ศ. {year}", "Fiscal year {year} (BE)"),
    "part1": ("ส่วนที่ ๑ ผลการประเมินและการวิเคราะห์", "Part 1 Results and analysis"),
    "part2": ("ส่วนที่ ๒ การนำผลการวิเคราะห์แต่ละประเด็นไปสู่การปฏิบัติ", "Part 2 Putting each finding into practice"),
    "part2_year": ("มาตรการดำเนินการในปีงบประมาณ พ.ศ. {year}", "Measures carried out in fiscal year {year} (BE)"),
    "total": ("คะแนนรวม", "Total"),
    "points": ("คะแนน", "points"),
    "level": ("ระดับผลการประเมิน", "Level"),
    "target": ("ค่าเป้าหมาย", "Target"),
    "meets": ("บรรลุค่าเป้าหมาย {target} คะแนน", "Meets the {target}-point target"),
    "below": ("ยังไม่บรรลุค่าเป้าหมาย {target} คะแนน", "Below the {target}-point target"),
    "vs_prev": ("เทียบกับปี {year}", "vs {year}"),
    "table_title": ("สรุปผลการประเมินรายตัวชี้วัด", "Scores by indicator"),
    "col_tool": ("เครื่องมือ", "Tool"),
    "col_no": ("ลำดับ", "No."),
    "col_indicator": ("ตัวชี้วัด", "Indicator"),
    "col_score": ("คะแนน", "Score"),
    "col_change": ("การเปลี่ยนแปลง", "Change"),
    "tool_score": ("คะแนน {tool}", "{tool} score"),
    "total_row": ("คะแนนรวม", "Total"),
    "level_row": ("ระดับการประเมิน", "Level"),
    "same": ("เท่าเดิม", "unchanged"),
    "analysis": ("การวิเคราะห์ผลการประเมิน", "Analysis"),
    "headline": ("{agency} ได้รับผลการประเมินอยู่ในระดับ {level} ({total} คะแนน)",
                 "{agency} was rated {level} ({total} points)"),
    "headline_prev": ("ซึ่ง{direction}จากปีงบประมาณ พ.ศ. {year} ที่ได้รับผลการประเมินอยู่ในระดับ {level} ({total} คะแนน) "
                      "คิดเป็น {delta} คะแนน",
                      "{direction} from fiscal year {year}, when it was rated {level} ({total} points): "
                      "{delta} points"),
    "level_means": ("ระดับ {level} หมายถึง {meaning}", "{level} means: {meaning}"),
    "incomplete": ("ข้อมูลไม่ครบ: ยังไม่มีคะแนนของ {missing} จึงยังคำนวณคะแนนรวมและระดับผลการประเมินไม่ได้ "
                   "รายงานนี้แสดงเฉพาะคะแนนที่มีอยู่ และจะสมบูรณ์เมื่อได้รับคะแนนที่ขาด",
                   "Incomplete: there are no scores yet for {missing}, so the total and the level cannot be "
                   "computed. This report shows only the scores that exist; it is complete once the missing "
                   "scores arrive."),
    "not_computed": ("ยังคำนวณไม่ได้", "not computed"),
    "tool_section": ("ข้อเสนอแนะสำหรับ{name}", "Suggestions for the {name}"),
    "tool_score_line": ("{name} ได้ {score} คะแนน", "The {name} scored {score}"),
    "tool_prev": (" ({direction}จาก {prev} คะแนนในปี {year})", " ({direction} from {prev} in {year})"),
    "tool_missing": ("ยังไม่มีคะแนนของเครื่องมือนี้ (ข้อมูลไม่ครบ)", "No score yet for this tool (incomplete data)."),
    "tool_ok": ("ผ่านตามหลักเกณฑ์ที่กำหนด ไม่พบข้อคำถามหรือข้อมูลที่ต่ำกว่าเกณฑ์ ควรรักษามาตรฐานไว้ "
                "และพัฒนาประสิทธิภาพของการทำงานอย่างต่อเนื่อง",
                "No question or item fell short: keep the standard and keep improving."),
    "tool_weak": ("ข้อคำถามและข้อมูลที่ต้องปรับปรุง เรียงตามผลต่อคะแนนรวม", "What fell short, by its effect on the total"),
    "impact": ("ผลต่อคะแนนรวม +{impact} คะแนน", "effect on the total +{impact} points"),
    "suggest": ("ข้อเสนอแนะ", "Suggestions"),
    "no_measure": ("ชุดเกณฑ์ไม่มีมาตรการแนะนำสำหรับประเด็นนี้ หน่วยงานควรกำหนดเอง",
                   "The rule pack has no measure for this finding; the agency should set its own."),
    "col_issue": ("ประเด็น", "Finding"),
    "col_measure": ("มาตรการ โครงการ กิจกรรม", "Measure, project or activity"),
    "col_owner": ("ผู้รับผิดชอบ", "Owner"),
    "col_steps": ("ขั้นตอน/วิธีปฏิบัติ", "Steps"),
    "col_time": ("ระยะเวลาดำเนินงาน", "Timeframe"),
    "follow_up": ("การติดตามผล", "Follow-up"),
    "also_for": ("ครอบคลุมประเด็น {ids} ด้วย", "Also addresses {ids}"),
    "no_findings": ("ไม่พบประเด็นที่ต่ำกว่าเกณฑ์ หน่วยงานควรรักษามาตรฐานการดำเนินงานไว้",
                    "No finding fell short; the agency should keep its standard."),
    "indicator_no": ("ตัวชี้วัดที่ {id} {name}", "Indicator {id} {name}"),
    "sub_indicator": ("ตัวชี้วัดย่อย {id} {name}", "Sub-indicator {id} {name}"),
    "notes": ("ข้อสังเกต", "Notes"),
    "provenance": ("จัดทำจากผลการประเมิน (ita assess) ชุดเกณฑ์ {pack} รุ่น {version} ({digest})",
                   "Rendered from the assessment result (ita assess), rule pack {pack} {version} ({digest})"),
    "source": ("แหล่งข้อมูล {source}", "source {source}"),
    "chart_scores": ("คะแนนรายตัวชี้วัดเทียบเกณฑ์ {target} คะแนน", "Indicator scores against the {target}-point line"),
    "chart_tools": ("คะแนนรายเครื่องมือเทียบเกณฑ์ {target} คะแนน", "Tool scores against the {target}-point line"),
    "chart_change": ("การเปลี่ยนแปลงจากปี {prev} ถึงปี {year}", "Change from {prev} to {year}"),
    "chart_scores_alt": ("แผนภูมิแท่งคะแนนรายตัวชี้วัด 0-100 เส้นประคือ {target} คะแนน: {values}",
                         "Bar chart of indicator scores 0-100, dashed line at {target}: {values}"),
    "chart_change_alt": ("แผนภูมิการเปลี่ยนแปลงคะแนนจากปี {prev} ถึงปี {year}: {values}",
                         "Chart of the change in scores from {prev} to {year}: {values}"),
    "no_score": ("ไม่มีคะแนน", "no score"),
    # Website pre-audit (ita check)
    "check_title": ("ภาคผนวก ผลการตรวจเว็บไซต์ล่วงหน้าตามแบบ OIT", "Appendix: website pre-audit against the OIT items"),
    "check_intro": ("ตรวจเว็บไซต์ {site} ด้วยเครื่องมือ ita check ตามชุดเกณฑ์ {pack} ปี {year} "
                    "ผลนี้เป็นการตรวจล่วงหน้า ไม่ใช่ผลการตรวจประเมินของผู้ตรวจ",
                    "The site {site} was checked with ita check against {pack} for {year}. "
                    "This is a pre-audit, not the assessors' verdict."),
    "check_coverage": ("ดึงหน้าเว็บได้ {ok} จาก {pages} หน้า ผิดพลาด {errors} ถูก robots.txt ห้าม {robots}",
                       "{ok} of {pages} pages fetched, {errors} errors, {robots} blocked by robots.txt"),
    "check_incomplete": ("การตรวจไม่ครบทุกหน้า ผลบางข้ออาจยังไม่ใช่ผลสุดท้าย",
                         "The crawl did not cover every page; some outcomes may change."),
    "check_unreachable": ("เปิดหน้าแรกของเว็บไซต์ไม่ได้ ({error}) จึงยังตัดสินรายข้อไม่ได้",
                          "The home page could not be opened ({error}), so no item could be judged."),
    "check_oit": ("คะแนน OIT ที่คาดการณ์ {score} (ช่วง {min} – {max})", "Predicted OIT score {score} (range {min} – {max})"),
    "check_year": ("หมายเหตุ: ตรวจเว็บไซต์ตามเกณฑ์ปี {check} แต่รายงานนี้เป็นผลปี {year}",
                   "Note: the site was checked for {check} but this report is for {year}"),
    "col_item": ("ข้อ", "Item"),
    "col_title": ("ข้อมูลที่ต้องเผยแพร่", "Required information"),
    "col_outcome": ("ผล", "Outcome"),
    "col_reason": ("เหตุผล", "Reason"),
    "col_evidence": ("หลักฐาน", "Evidence"),
}


def lb(key: str, lang: Lang, **values: object) -> str:
    """The report label `key` in `lang`, filled with `values`."""
    th, en = _L[key]
    text = th if lang == "th" else en
    return text.format(**values) if values else text
