"""Inline SVG charts for the HTML report: scores against the target line, and the change from last year."""

from __future__ import annotations

from html import escape

from .model import Bar

W = 440  # viewBox width; labels sit above their bars so the chart stays legible at phone width
ROW = 44
TOP = 26
COLOURS = {"ok": "#2c7a7b", "below": "#c05621", "up": "#2f855a", "down": "#c53030", "track": "#edf2f7",
           "ink": "#1a202c", "muted": "#4a5568", "target": "#1a202c"}


def _open(uid: str, height: float, title: str, desc: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height:.0f}" role="img" '
            f'aria-labelledby="{uid}-t {uid}-d" font-size="16">',
            f'<title id="{uid}-t">{escape(title)}</title>', f'<desc id="{uid}-d">{escape(desc)}</desc>']


def scores_chart(bars: list[Bar], target: float, target_text: str, title: str, desc: str, uid: str) -> str:
    """Horizontal bars 0-100, one per indicator, with a dashed line at the target."""
    plot = W - 64  # room on the right for the value
    height = TOP + ROW * len(bars) + 6
    out = _open(uid, height, title, desc)
    tx = plot * target / 100
    for k, b in enumerate(bars):
        y = TOP + k * ROW
        colour = COLOURS["below"] if b.below else COLOURS["ok"]
        out.append(f'<text x="0" y="{y + 15}" fill="{COLOURS["ink"]}">{escape(b.label)}</text>')
        out.append(f'<rect x="0" y="{y + 22}" width="{plot}" height="14" rx="3" fill="{COLOURS["track"]}"/>')
        if b.value is not None:
            width = plot * max(0.0, min(b.value, 100.0)) / 100
            out.append(f'<rect x="0" y="{y + 22}" width="{width:.1f}" height="14" rx="3" fill="{colour}"/>')
        weight = ' font-weight="700"' if b.below else ""
        out.append(f'<text x="{W}" y="{y + 34}" text-anchor="end" fill="{colour if b.below else COLOURS["ink"]}"'
                   f'{weight}>{escape(b.value_text)}</text>')
    out.append(f'<line x1="{tx:.1f}" y1="{TOP - 6}" x2="{tx:.1f}" y2="{height - 4}" stroke="{COLOURS["target"]}" '
               f'stroke-width="1.5" stroke-dasharray="5 4"/>')
    out.append(f'<text x="{tx:.1f}" y="{TOP - 10}" text-anchor="middle" font-size="13" '
               f'fill="{COLOURS["muted"]}">{escape(target_text)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def change_chart(bars: list[Bar], title: str, desc: str, uid: str) -> str:
    """Bars from a centre line: right and green for a rise, left and red for a fall."""
    mid = W / 2
    half = mid - 84  # room for the value beside the longest bar
    scale = max([abs(b.delta or 0) for b in bars] + [1.0])
    height = TOP + ROW * len(bars) + 6
    out = _open(uid, height, title, desc)
    for k, b in enumerate(bars):
        y = TOP + k * ROW
        d = b.delta or 0
        out.append(f'<text x="0" y="{y + 15}" fill="{COLOURS["ink"]}">{escape(b.label)}</text>')
        # a zero tick per row rather than one long axis, which would cross the labels
        out.append(f'<line x1="{mid}" y1="{y + 19}" x2="{mid}" y2="{y + 39}" stroke="{COLOURS["muted"]}"/>')
        length = half * abs(d) / scale
        if d > 0:
            colour, x, anchor, tx_ = COLOURS["up"], mid, "start", mid + length + 6
            arrow = "▲ "
        elif d < 0:
            colour, x, anchor, tx_ = COLOURS["down"], mid - length, "end", mid - length - 6
            arrow = "▼ "
        else:
            colour, x, anchor, tx_, arrow = COLOURS["muted"], mid, "start", mid + 6, ""
        if length:
            out.append(f'<rect x="{x:.1f}" y="{y + 22}" width="{length:.1f}" height="14" rx="3" fill="{colour}"/>')
        text = b.delta_text if d else b.delta_text.lstrip("+")
        out.append(f'<text x="{tx_:.1f}" y="{y + 34}" text-anchor="{anchor}" fill="{colour}">'
                   f'{escape(arrow + text)}</text>')
    out.append("</svg>")
    return "\n".join(out)
