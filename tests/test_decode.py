"""Behaviour tests for crawler.decode: WHATWG-order decoding of Thai pages and mojibake detection."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.decode import decode_body, looks_mojibake, python_codec

PAGE_TH = (
    "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568 "
    "องค์การบริหารส่วนตำบลหนองบัว อำเภอเมือง จังหวัดลำปาง "
    "ข้อมูลผู้บริหาร แผนพัฒนาท้องถิ่น รายงานผลการจัดซื้อจัดจ้าง"
)


def _html(head: str, body: str, enc: str) -> bytes:
    return f"<html><head>{head}<title>ITA</title></head><body><p>{body}</p></body></html>".encode(enc)


@pytest.mark.parametrize("label", ["windows-874", "Windows-874", "x-windows-874", "dos-874", "tis-620",
                                   "TIS620", "iso-8859-11", "ISO8859-11", "cp874"])
def test_thai_labels_map_to_cp874(label):
    assert python_codec(label) == "cp874"


def test_unknown_label():
    assert python_codec("x-klingon") is None


def test_header_windows_874():
    body = _html("", PAGE_TH, "cp874")
    d = decode_body(body, "text/html; charset=windows-874")
    assert (d.encoding, d.source) == ("cp874", "header")
    assert PAGE_TH in d.text


def test_header_charset_quoted_and_cased():
    d = decode_body(PAGE_TH.encode("cp874"), 'text/html; Charset="WINDOWS-874"')
    assert (d.text, d.encoding, d.source) == (PAGE_TH, "cp874", "header")


def test_meta_windows_874_without_header_charset():
    body = _html('<meta http-equiv="Content-Type" content="text/html; charset=windows-874">', PAGE_TH, "cp874")
    d = decode_body(body, "text/html")
    assert (d.encoding, d.source) == ("cp874", "meta")
    assert PAGE_TH in d.text


def test_meta_charset_attribute():
    body = _html('<meta charset="tis-620">', PAGE_TH, "cp874")
    d = decode_body(body, None)
    assert (d.encoding, d.source) == ("cp874", "meta")


def test_three_conflicting_metas_on_legacy_bytes():
    # Legacy PHP head seen in public code: utf-8 declared first, bytes are windows-874.
    head = ('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '<meta http-equiv="Content-Type" content="text/html; charset=Windows-874">'
            '<meta http-equiv="Content-Type" content="text/html; charset=tis-620">')
    d = decode_body(_html(head, PAGE_TH, "cp874"), "text/html")
    assert (d.encoding, d.source) == ("cp874", "meta")
    assert PAGE_TH in d.text


def test_three_conflicting_metas_on_utf8_bytes():
    # Same head, but the template was re-saved as UTF-8: the bytes, not the first meta, decide.
    head = ('<meta http-equiv="Content-Type" content="text/html; charset=Windows-874">'
            '<meta charset="UTF-8">'
            '<meta http-equiv="Content-Type" content="text/html; charset=tis-620">')
    d = decode_body(_html(head, PAGE_TH, "utf-8"), "text/html")
    assert (d.encoding, d.source) == ("utf-8", "meta")
    assert PAGE_TH in d.text
    assert not looks_mojibake(d.text)


def test_commented_out_meta_is_ignored():
    head = '<!-- <meta charset="utf-8"> --><meta charset="windows-874">'
    d = decode_body(_html(head, PAGE_TH, "cp874"), None)
    assert (d.encoding, d.source) == ("cp874", "meta")


def test_tis620_declared_with_cp874_smart_quotes():
    text = "ประกาศ “นโยบายไม่รับของขวัญ (No Gift Policy)” งดรับ–งดให้…"
    body = _html('<meta charset="tis-620">', text, "cp874")
    assert b"\x93" in body and b"\x85" in body  # bytes TIS-620 does not define
    for ct in ("text/html; charset=tis-620", "text/html"):
        d = decode_body(body, ct)
        assert d.encoding == "cp874"
        assert text in d.text
        assert not any("\x80" <= c <= "\x9f" for c in d.text)  # no C1 controls


def test_header_utf8_default_on_legacy_page_falls_through_to_meta():
    # Apache's AddDefaultCharset UTF-8 in front of a windows-874 PHP page.
    body = _html('<meta http-equiv="Content-Type" content="text/html; charset=windows-874">', PAGE_TH, "cp874")
    d = decode_body(body, "text/html; charset=UTF-8")
    assert (d.encoding, d.source) == ("cp874", "meta")
    assert PAGE_TH in d.text


def test_header_latin1_on_utf8_thai_falls_through():
    d = decode_body(_html("", PAGE_TH, "utf-8"), "text/html; charset=ISO-8859-1")
    assert d.encoding == "utf-8"
    assert PAGE_TH in d.text


def test_header_utf8_with_one_stray_legacy_byte_is_kept():
    body = _html("", PAGE_TH * 20, "utf-8").replace(b"</p>", b"\x93</p>")
    d = decode_body(body, "text/html; charset=utf-8")
    assert (d.encoding, d.source) == ("utf-8", "header")


def test_truncated_utf8_body_keeps_header():
    body = _html("", PAGE_TH, "utf-8")
    cut = body[: body.index("ข้อมูล".encode()) + 2]  # size cap cut a character in half
    d = decode_body(cut, "text/html; charset=utf-8")
    assert (d.encoding, d.source) == ("utf-8", "header")


@pytest.mark.parametrize(
    "bom, enc",
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_bom_wins_over_header(bom, enc):
    d = decode_body(bom + PAGE_TH.encode(enc), "text/html; charset=windows-874")
    assert (d.text, d.encoding, d.source) == (PAGE_TH, enc, "bom")


def test_detection_without_any_declaration():
    d = decode_body(("<p>" + PAGE_TH + "</p>").encode("cp874"), None)
    assert (d.encoding, d.source) == ("cp874", "detected")
    assert PAGE_TH in d.text


def test_detection_utf8():
    d = decode_body(PAGE_TH.encode("utf-8"), "text/html")
    assert d.encoding == "utf-8" and d.source == "detected"


def test_empty_body_defaults_to_utf8():
    d = decode_body(b"", None)
    assert d.text == "" and d.encoding == "utf-8"


def test_unknown_header_label_falls_through():
    d = decode_body(PAGE_TH.encode("cp874"), "text/html; charset=x-thai-legacy")
    assert d.encoding == "cp874" and d.source == "detected"


# ---------------------------------------------------------------- mojibake


@pytest.mark.parametrize("wrong", ["latin-1", "cp1252", "iso8859-10", "cp874"])
def test_mojibake_detected(wrong):
    garbled = PAGE_TH.encode("utf-8").decode(wrong, errors="replace")
    assert looks_mojibake(garbled)


def test_mojibake_real_looking_fragments():
    assert looks_mojibake("à¸à¸²à¸£à¸›à¸£à¸°à¹€à¸¡à¸´à¸™")
    assert looks_mojibake("āļāļēāļĢāļ›āļĢāļ°āđ€āļĄāļīāļ™")


@pytest.mark.parametrize(
    "text",
    [PAGE_TH, "เธอเป็นครูที่โรงเรียน เนื้อหาเนตรนารี", "Café à la carte", "ITA 2568", ""],
)
def test_clean_text_is_not_mojibake(text):
    assert not looks_mojibake(text)


# ---------------------------------------------------------------- properties

def _in_cp874(ch: str) -> bool:
    return len(ch.encode("cp874", errors="ignore")) == 1


_CP874_THAI = [chr(c) for c in range(0x0E01, 0x0E5C) if _in_cp874(chr(c))]


@given(st.text(alphabet=st.sampled_from(_CP874_THAI + list(" .,0123456789()")), min_size=1, max_size=200))
def test_cp874_round_trip(s):
    assert s.encode("cp874").decode("cp874") == s
    d = decode_body(s.encode("cp874"), "text/html; charset=windows-874")
    assert d.text == s and d.encoding == "cp874"


@given(st.text(alphabet=st.sampled_from(_CP874_THAI + list(" .,0123456789()")), min_size=1, max_size=200))
def test_utf8_thai_round_trip_via_meta(s):
    body = b'<meta charset="utf-8">' + s.encode("utf-8")
    assert decode_body(body, None).text.endswith(s)
