"""Render a report HTML file in headless Chromium: a PNG screenshot, the rendered DOM, and a PDF.

Usage: python scripts/render_html_chromium.py REPORT.html OUT.png [--width 1000] [--height 2400]
       [--pdf OUT.pdf] [--dom OUT.html]
Prints one line: the PNG size and its share of non-white pixels. Exit 2 when Chromium is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# No network, no first-run UI, no background services: the report must render from the file alone.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000"]


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary, or None (CHROMIUM env var wins)."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"]) or None
    return next((p for p in map(shutil.which, CANDIDATES) if p), None)


def run(binary: str, html: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Chromium on a file URL with a throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="ita-chromium-") as profile:
        cmd = [binary, *FLAGS, f"--user-data-dir={profile}", *args, html.resolve().as_uri()]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def screenshot(binary: str, html: Path, png: Path, width: int, height: int) -> None:
    """A PNG of the top `height` CSS pixels at `width`."""
    png.unlink(missing_ok=True)
    proc = run(binary, html, f"--screenshot={png.resolve()}", f"--window-size={width},{height}")
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot: {proc.stderr.strip()[-300:]}")


def dump_dom(binary: str, html: Path) -> str:
    """The DOM after layout (scripts none; proves the file parses and the text is there)."""
    return run(binary, html, "--dump-dom").stdout


def print_pdf(binary: str, html: Path, pdf: Path) -> None:
    """Print to PDF with the page's own @page size (A4)."""
    pdf.unlink(missing_ok=True)
    proc = run(binary, html, f"--print-to-pdf={pdf.resolve()}", "--no-pdf-header-footer")
    if not pdf.exists():
        raise RuntimeError(f"chromium wrote no PDF: {proc.stderr.strip()[-300:]}")


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit non-interlaced PNG, without Pillow."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or interlace or colour not in (2, 6):
                raise ValueError(f"unsupported PNG (depth {depth}, colour {colour}, interlace {interlace})")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the PNG row filters
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def ink_share(path: Path, step: int = 3) -> float:
    """Share of sampled pixels that are not near-white (0 for a blank page)."""
    width, height, rows = read_png(path)
    bpp = len(rows[0]) // width
    total = inked = 0
    for y in range(0, height, step):
        row = rows[y]
        for x in range(0, width, step):
            r, g, b = row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]
            total += 1
            inked += (r + g + b) < 690
    return inked / total if total else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--width", type=int, default=1000)
    ap.add_argument("--height", type=int, default=2400)
    ap.add_argument("--pdf", type=Path)
    ap.add_argument("--dom", type=Path)
    a = ap.parse_args()
    binary = find_chromium()
    if not binary:
        print("no chromium binary found (apt-get install chromium fonts-thai-tlwg)", file=sys.stderr)
        return 2
    screenshot(binary, a.html, a.png, a.width, a.height)
    if a.pdf:
        print_pdf(binary, a.html, a.pdf)
    if a.dom:
        a.dom.write_text(dump_dom(binary, a.html), encoding="utf-8")
    width, height, _ = read_png(a.png)
    print(f"{a.png}: {width}x{height}, {ink_share(a.png):.1%} non-white")
    return 0


if __name__ == "__main__":
    sys.exit(main())
