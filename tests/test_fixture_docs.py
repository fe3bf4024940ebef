"""The data-driven document builder fixtures/sites/_docs.py: Thai text layers, office files, committed output."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from crawler.extract import extract

SITES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
DOC_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


@pytest.fixture(scope="module")
def docs():
    spec = importlib.util.spec_from_file_location("_fixture_docs", SITES_DIR / "_docs.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["_fixture_docs"] = mod
    try:
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.modules.pop("_fixture_docs", None)


def _spec(docs, **entry):
    return docs._spec(entry, "test entry")


# ---------------------------------------------------------------------------- writers


def test_thai_pdf_text_layer_extracts(docs) -> None:
    spec = _spec(docs, path="/u/plan.pdf", kind="pdf",
                 title="แผนปฏิบัติการประจำปี ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
                 lines=["## ยุทธศาสตร์ที่ ๑ คุณภาพผู้เรียน", "- โครงการรักการอ่าน งบประมาณ 15,000 บาท",
                        "| ลำดับ | โครงการ | ระยะเวลา |", "| 1 | ค่ายคุณธรรม | ต.ค.67 - มี.ค.68 |", "---",
                        "กำหนดการ ดำเนินงาน ประจำปี 2568 " * 6])
    x = extract(docs.render(spec), "application/pdf", "http://x/u/plan.pdf")
    assert x.error is None and x.page_count == 2 and not x.image_only
    assert x.title == "แผนปฏิบัติการประจำปี ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
    for want in ("แผนปฏิบัติการประจำปี", "พ.ศ. ๒๕๖๘", "ยุทธศาสตร์ที่ ๑", "โครงการรักการอ่าน", "ค่ายคุณธรรม",
                 "ต.ค.67 - มี.ค.68", "ดำเนินงาน ประจำปี 2568"):
        assert want in x.text, want
    # wrapping never strands an above/below vowel at the start of a line
    assert all(line[:1] not in "ัิีึืุู็่้๊๋์" for line in x.text.splitlines())


def test_long_thai_run_wraps_at_base_characters(docs) -> None:
    text = "การประเมินความเสี่ยงที่อาจเกิดการให้หรือรับสินบนจากการดำเนินงานตามภารกิจของหน่วยงาน" * 3
    lines = docs.wrap_thai(text, 40)
    assert "".join(lines) == text and len(lines) > 3
    assert all(docs._width(ln) <= 41 for ln in lines)
    assert all(ord(ln[0]) not in docs._COMBINING for ln in lines)


def test_scanned_pdf_has_no_text(docs) -> None:
    data = docs.render(_spec(docs, path="/s.pdf", kind="pdf_scanned", title="ประกาศ สแกน 2568", pages=3, seed=7))
    x = extract(data, "application/pdf", "http://x/s.pdf")
    assert x.page_count == 3 and x.image_only and not x.text.strip()
    assert x.title == "ประกาศ สแกน 2568"
    assert data != docs.render(_spec(docs, path="/s.pdf", kind="pdf_scanned", title="ประกาศ สแกน 2568",
                                     pages=3, seed=8))


def test_docx_headings_bullets_tables(docs) -> None:
    data = docs.render(_spec(docs, path="/d.docx", kind="docx", title="คู่มือการปฏิบัติงาน",
                             lines=["## ขั้นตอนที่ 1", "- รับคำร้อง", "| ขั้นตอน | ระยะเวลา |", "| รับเรื่อง | 1 วัน |",
                                    "หมายเหตุ", "| ก | ข | ค |"]))
    x = extract(data, None, "http://x/d.docx")
    assert x.kind == "docx" and x.title == "คู่มือการปฏิบัติงาน"
    assert x.headings == ["คู่มือการปฏิบัติงาน", "ขั้นตอนที่ 1"]
    assert x.tables == [[["ขั้นตอน", "ระยะเวลา"], ["รับเรื่อง", "1 วัน"]], [["ก", "ข", "ค"]]]
    assert "รับคำร้อง" in x.text and "หมายเหตุ" in x.text


def test_xlsx_sheets_and_cells(docs) -> None:
    import datetime as dt

    sheets = [{"title": "ต.ค.67", "rows": [["แบบ สขร.1"], ["ลำดับ", "วันที่"], [1, dt.date(2024, 10, 15)]],
               "merge": ["A1:B1"], "bold_rows": [1, 2]},
              {"title": "พ.ย.67", "rows": [["ไม่มีการจัดซื้อจัดจ้าง"]]}]
    x = extract(docs.render(_spec(docs, path="/p.xlsx", kind="xlsx", sheets=sheets)), None, "http://x/p.xlsx")
    assert x.kind == "xlsx" and x.headings == ["ต.ค.67", "พ.ย.67"]
    assert x.tables[0] == [["แบบ สขร.1"], ["ลำดับ", "วันที่"], ["1", "2024-10-15"]]
    assert x.tables[1] == [["ไม่มีการจัดซื้อจัดจ้าง"]]


def test_png_styles_are_images(docs) -> None:
    for style in ("portrait", "logo", "orgchart", "banner", "photo"):
        data = docs.render(_spec(docs, path=f"/{style}.png", kind="png", style=style, seed=2))
        assert data.startswith(b"\x89PNG") and extract(data, "image/png", "http://x/i.png").kind == "image"


@pytest.mark.parametrize("kind", ["pdf", "pdf_scanned", "docx", "xlsx", "png"])
def test_render_is_deterministic(docs, kind: str) -> None:
    entry = {"path": "/a/b", "kind": kind, "title": "ชื่อเอกสาร 2568", "lines": ["บรรทัด", "| a | b |"],
             "sheets": [{"title": "S", "rows": [["a", 1]]}], "seed": 4}
    entry = {k: v for k, v in entry.items() if k in {"path", "kind", "title", "seed"} or
             (k == "lines" and kind in ("pdf", "docx")) or (k == "sheets" and kind == "xlsx")}
    assert docs.render(_spec(docs, **entry)) == docs.render(_spec(docs, **entry))


def test_query_paths_follow_serve_convention(docs) -> None:
    assert _spec(docs, path="/download.php?id=12&type=pdf", kind="png").rel == "download.php@id=12&type=pdf"
    assert _spec(docs, path="/files/%E0%B8%81.pdf", kind="png").rel == "files/ก.pdf"


@pytest.mark.parametrize("entry, fragment", [
    ({"path": "rel.pdf", "kind": "pdf", "title": "t", "lines": ["x"]}, "path must be"),
    ({"path": "/a.pdf", "kind": "doc"}, "kind must be"),
    ({"path": "/a.pdf", "kind": "pdf", "title": "t"}, "needs a title and lines"),
    ({"path": "/a.xlsx", "kind": "xlsx", "sheets": [{"rows": []}]}, "needs a title"),
    ({"path": "/a.png", "kind": "png", "colour": 3}, "unknown field"),
    ({"path": "/_routes.yaml", "kind": "png"}, "hidden"),
])
def test_bad_entries_name_file_and_entry(docs, tmp_path, entry, fragment) -> None:
    import yaml

    (tmp_path / "_docs.yaml").write_text(yaml.safe_dump([{"path": "/ok.png", "kind": "png"}, entry]), "utf-8")
    with pytest.raises(docs.DocSpecError) as err:
        docs.load_specs(tmp_path)
    msg = str(err.value)
    assert "_docs.yaml entry 2" in msg and fragment in msg and "\n" not in msg


def test_duplicate_and_non_list(docs, tmp_path) -> None:
    f = tmp_path / "_docs.yaml"
    f.write_text("- {path: /a.png, kind: png}\n- {path: /a.png, kind: png}\n", "utf-8")
    with pytest.raises(docs.DocSpecError, match="entry 2: duplicate"):
        docs.load_specs(tmp_path)
    f.write_text("- {path: /a.png, kind: png\n- x\n", "utf-8")
    with pytest.raises(docs.DocSpecError, match=r"_docs.yaml:\d+: invalid YAML"):
        docs.load_specs(tmp_path)
    f.write_text("path: /a.png\n", "utf-8")
    with pytest.raises(docs.DocSpecError, match="must be a list"):
        docs.load_specs(tmp_path)


def test_cli_writes_then_checks(docs, tmp_path, monkeypatch, capsys) -> None:
    site = tmp_path / "s"
    site.mkdir()
    (site / "_docs.yaml").write_text("- {path: /u/r.pdf, kind: pdf, title: รายงาน, lines: [ผล 2567]}\n", "utf-8")
    monkeypatch.setattr(docs, "HERE", tmp_path)
    assert docs.main(["--check", "s"]) == 1
    assert docs.main(["s"]) == 0 and (site / "u" / "r.pdf").read_bytes().startswith(b"%PDF")
    assert docs.main(["--check"]) == 0
    assert "s: 1 documents, 0 stale" in capsys.readouterr().out
    (site / "_docs.yaml").write_text("- {path: /u/r.pdf, kind: nope}\n", "utf-8")
    assert docs.main(["s"]) == 2
    assert "entry 1: kind must be" in capsys.readouterr().err


# ---------------------------------------------------------------------------- committed sites


def _doc_files(root: Path) -> set[str]:
    out = set()
    for p in root.rglob("*"):
        if p.is_file() and not (p.parent == root and p.name.startswith("_")):
            with p.open("rb") as fh:
                if fh.read(4).startswith(DOC_MAGIC):
                    out.add(p.relative_to(root).as_posix())
    return out


def test_committed_documents_equal_builder_output(docs) -> None:
    """Every document of a _docs.yaml site is what _docs.py builds, and no document is undeclared."""
    for root in docs.doc_sites(SITES_DIR):
        built = docs.build_site(root)
        for rel, data in built.items():
            assert (root / rel).is_file(), f"{root.name}/{rel} missing; run python fixtures/sites/_docs.py"
            assert (root / rel).read_bytes() == data, f"{root.name}/{rel} is stale; run python fixtures/sites/_docs.py"
        extra = _doc_files(root) - set(built)
        assert not extra, f"{root.name}: documents not declared in _docs.yaml: {sorted(extra)}"
