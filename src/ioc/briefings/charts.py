"""Charts of the PDF as SVG drawn on the server: horizontal bars and stacked bars, no script."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ioc.kit.i18n import fmt_number

TONES = {"ok": "#2e7d32", "warn": "#ef8f00", "bad": "#c62828", "info": "#1f5fa8", "muted": "#9aa5b1",
         "moderate": "#d9b300", "very_bad": "#7b1fa2"}  # fmt: skip
# The VN_AQI bands (Decision 1459/QĐ-TCMT): good, moderate, poor, bad, very bad, hazardous.
AQI_BANDS = ((50, "ok"), (100, "moderate"), (150, "warn"), (200, "bad"), (float("inf"), "very_bad"))
WIDTH, ROW, LABEL = 680, 22, 280
FONT = 'font-family="IOC Sans, DejaVu Sans" font-size="11"'


def _text(x: float, y: float, text: str, anchor: str = "start", weight: str = "normal", fill: str = "#1b2430") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-weight="{weight}" fill="{fill}" {FONT}>'
        f"{escape(text)}</text>"
    )


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def hbars(
    items: Sequence[tuple[str, float | None, str]], maximum: float, digits: int = 0, suffix: str = "",
    mark: tuple[float, str] | None = None,
) -> Markup:  # fmt: skip
    """One bar per (label, value, tone), scaled to `maximum`; a missing value is shown as "—".

    `mark` (value, caption) draws a dashed reference line across the bars, such as the plan's 100 %.
    """
    height = ROW * len(items) + (24 if mark else 8)
    span = WIDTH - LABEL - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">'
    ]
    for i, (label, value, tone) in enumerate(items):
        y = i * ROW + 4
        parts.append(_text(LABEL - 8, y + 14, _short(label), "end"))
        parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{span}" height="{ROW - 8}" fill="#eef1f4"/>')
        if value is None:
            parts.append(_text(LABEL + 6, y + 14, "—", fill="#5b6673"))
            continue
        w = max(1.0, span * min(value, maximum) / maximum) if maximum else 1.0
        parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{w:.1f}" height="{ROW - 8}" fill="{TONES[tone]}"/>')
        parts.append(_text(LABEL + span + 6, y + 14, fmt_number(value, "vi", digits) + suffix))
    if mark and maximum:
        x = LABEL + span * min(mark[0], maximum) / maximum
        bottom = ROW * len(items) + 6
        parts.append(f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{bottom}" stroke="#1b2430" stroke-dasharray="3 2"/>')
        parts.append(_text(x, bottom + 14, mark[1], "middle", fill="#3c4652"))
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked(items: Sequence[tuple[str, Sequence[int]]], series: Sequence[tuple[str, str]]) -> Markup:
    """One bar per (label, counts) with a segment per series (name, tone), and a legend on top."""
    height = ROW * len(items) + 30
    span = WIDTH - LABEL - 50
    top = max((sum(c) for _, c in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">'
    ]
    x = LABEL
    for name, tone in series:
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{TONES[tone]}"/>')
        parts.append(_text(x + 14, 13, name))
        x += 24 + 7 * len(name)
    for i, (label, counts) in enumerate(items):
        y = i * ROW + 26
        parts.append(_text(LABEL - 8, y + 14, _short(label), "end"))
        x = float(LABEL)
        for count, (_, tone) in zip(counts, series, strict=True):
            w = span * count / top
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{ROW - 8}" fill="{TONES[tone]}"/>')
            x += w
        parts.append(_text(x + 6, y + 14, fmt_number(sum(counts), "vi", 0)))
    parts.append("</svg>")
    return Markup("".join(parts))


def aqi_tone(value: float) -> str:
    """The colour of an AQI value's band (green good, yellow moderate, orange poor, red bad, purple worse)."""
    return next(tone for top, tone in AQI_BANDS if value <= top)


def wqi_tone(value: float) -> str:
    """The tone of a WQI value (91+ excellent … below 51 poor)."""
    return "ok" if value >= 76 else "warn" if value >= 51 else "bad"
