"""The HTML report in a real browser: headless Chromium draws it, prints it on A4, and keeps the Thai text."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess

import pytest
from conftest import FIXTURES, ROOT

from ita_rules.assess import assess
from ita_rules.render.report import build
from ita_rules.render.report.as_html import render
from ita_rules.sheet import load_sheets

_spec = importlib.util.spec_from_file_location("render_html_chromium", ROOT / "scripts" / "render_html_chromium.py")
chromium = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(chromium)

BINARY = chromium.find_chromium()
pytestmark = pytest.mark.skipif(BINARY is None, reason="no chromium binary (apt-get install chromium fonts-thai-tlwg)")


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    (sheet,) = load_sheets(FIXTURES / "sheets" / "seed-001-2568.yaml")
    path = tmp_path_factory.mktemp("chromium") / "report.html"
    path.write_text(render([build(assess(sheet))]), encoding="utf-8")
    return path


def _thai_fonts() -> list[str]:
    if not shutil.which("fc-list"):
        return []
    return subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True, text=True).stdout.split()


def test_screenshot_is_not_blank(report_html, tmp_path):
    if not _thai_fonts():  # without one, Thai draws as boxes and the ink count means nothing
        pytest.skip("no Thai font for Chromium (apt-get install fonts-thai-tlwg)")
    png = tmp_path / "desktop.png"
    chromium.screenshot(BINARY, report_html, png, 1000, 1800)
    width, height, _ = chromium.read_png(png)
    assert (width, height) == (1000, 1800)
    share = chromium.ink_share(png)
    assert 0.02 < share < 0.6, share  # text, tables and charts drawn; not an empty or a solid page


def test_phone_width_screenshot_is_not_blank(report_html, tmp_path):
    png = tmp_path / "phone.png"
    chromium.screenshot(BINARY, report_html, png, 390, 1600)
    assert chromium.ink_share(png) > 0.02


def test_rendered_dom_keeps_the_thai_text(report_html):
    dom = chromium.dump_dom(BINARY, report_html)
    assert "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส" in dom
    assert "องค์การบริหารส่วนตำบลเชียงพิณ" in dom and "ส่วนที่ ๒" in dom and "90.42" in dom
    assert dom.count("<svg") == 2


def test_prints_on_a_reasonable_number_of_a4_pages(report_html, tmp_path):
    pdf = tmp_path / "report.pdf"
    chromium.print_pdf(BINARY, report_html, pdf)
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert 3 <= pages <= 30, pages
    boxes = {tuple(round(float(x)) for x in m) for m in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)}
    # A4 portrait for part 1 and A4 landscape for the measures table (595 x 842 points)
    assert boxes and boxes <= {(595, 842), (596, 842), (842, 595), (842, 596)}, boxes
