"""Thai typography shared by the DOCX and HTML renderers: fonts, digits, a Word base document."""

from __future__ import annotations

from ..thai import to_thai_digits
from .safe import visible

# TH Sarabun New is the Thai government's standard document font (Cabinet resolution, 2010).
THAI_FONT = "TH Sarabun New"
CSS_FONT_STACK = "'TH Sarabun New', 'Sarabun', 'Noto Sans Thai', 'Noto Serif Thai', 'Tahoma', sans-serif"
DOCX_BODY_PT = 16  # the usual body size for TH Sarabun New in official letters


def num(x: float | None, decimals: int = 2, thai_digits: bool = False) -> str:
    """A score as text ('-' when unknown), optionally in Thai digits."""
    text = "-" if x is None else f"{x:.{decimals}f}"
    return to_thai_digits(text) if thai_digits else text


def digits(text: str, thai_digits: bool) -> str:
    """Text with its digits in Thai when asked, bidi controls shown (safe.visible)."""
    text = visible(text)
    return to_thai_digits(text) if thai_digits else text


def docx_document():
    """A python-docx Document whose styles use the Thai font for every script (ascii, cs, eastAsia)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    for style in doc.styles:
        if style.type != 1:  # paragraph styles only (character/table styles inherit)
            continue
        font = style.font
        font.name = THAI_FONT
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        # Thai is a complex script: Word picks the font from w:cs, and the size from w:szCs.
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), THAI_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(theme), None)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(DOCX_BODY_PT)
    szcs = normal.element.get_or_add_rPr().makeelement(qn("w:szCs"), {qn("w:val"): str(DOCX_BODY_PT * 2)})
    normal.element.get_or_add_rPr().append(szcs)
    return doc
