"""Charts as server-rendered SVG: no script, no CDN, nothing inline that the strict
Content-Security-Policy would block (presentation attributes, not ``style``), and the
same markup prints in the PDF (WeasyPrint draws inline SVG).

Each chart is also given as a table beside it in the templates, so the numbers are
readable without the picture (screen readers, copy and paste).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

PALETTE = ("#2266aa", "#22aa77", "#dd8833", "#aa3355", "#7755bb", "#888888")
WIDTH, HEIGHT = 640, 240
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 44, 24


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html escapes its arguments to text first)."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


def _ticks(top: int) -> list[int]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) from 0 to at least
    ``top``, at most six of them."""
    if top <= 0:
        return [0, 1]
    step = 1
    while step * 5 < top:
        for factor in (2, 5, 10):
            if step * factor * 5 >= top:
                step *= factor
                break
        else:
            step *= 10
    last = -(-top // step) * step
    return list(range(0, last + 1, step))


def bar_chart(title: str, categories: list[str], series: list[Series]) -> SafeString:
    """Vertical bars: one group per category, one bar per series, a legend on top."""
    ticks = _ticks(max((max(s.values, default=0) for s in series), default=0))
    top = ticks[-1] or 1
    plot_w = WIDTH - MARGIN_LEFT - 10
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = []
    for tick in ticks:
        y = MARGIN_TOP + plot_h - plot_h * tick / top
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dddddd"/>'
                '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#555555">{}</text>',
                MARGIN_LEFT,
                _n(y),
                WIDTH - 10,
                _n(y),
                MARGIN_LEFT - 4,
                _n(y + 3),
                tick,
            )
        )
    for index, category in enumerate(categories):
        x0 = MARGIN_LEFT + group_w * index + group_w * 0.1
        for number, item in enumerate(series):
            value = item.values[index] if index < len(item.values) else 0
            height = plot_h * value / top
            x = x0 + bar_w * number
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {}</title></rect>",
                    _n(x),
                    _n(MARGIN_TOP + plot_h - height),
                    _n(max(bar_w - 2, 1)),
                    _n(height),
                    PALETTE[number % len(PALETTE)],
                    category,
                    item.name,
                    value,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#333333">{}</text>',
                _n(MARGIN_LEFT + group_w * (index + 0.5)),
                HEIGHT - MARGIN_BOTTOM + 14,
                category,
            )
        )
    return _svg(title, parts, _legend(series, HEIGHT - 12))


def horizontal_bars(title: str, rows: list[tuple[str, int]]) -> SafeString:
    """One horizontal bar per row (label, value): e.g. the lead pipeline by stage."""
    top = max((value for _label, value in rows), default=0) or 1
    label_w, row_h = 150, 26
    height = MARGIN_TOP + row_h * max(len(rows), 1) + 10
    parts = []
    for index, (label, value) in enumerate(rows):
        y = MARGIN_TOP + row_h * index
        width = (WIDTH - label_w - 60) * value / top
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#333333">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11" fill="#333333">{}</text>',
                label_w - 6,
                y + 15,
                label,
                label_w,
                y + 3,
                _n(width),
                row_h - 8,
                PALETTE[index % len(PALETTE)],
                _n(label_w + width + 4),
                y + 15,
                value,
            )
        )
    return _svg(title, parts, SafeString(""), height=height)


def _legend(series: list[Series], y: int) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="#333333">{}</text>',
        (
            (
                MARGIN_LEFT + 160 * number,
                y - 9,
                PALETTE[number % len(PALETTE)],
                MARGIN_LEFT + 160 * number + 14,
                y,
                item.name,
            )
            for number, item in enumerate(series)
        ),
    )


def _svg(title: str, parts: list[SafeString], legend: SafeString, height: int = HEIGHT):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-label="{}"><title>{}</title>'
        '<text x="{}" y="14" font-size="12" font-weight="bold" fill="#111111">{}</text>'
        "{}{}</svg>",
        WIDTH,
        height,
        WIDTH,
        height,
        title,
        title,
        MARGIN_LEFT,
        title,
        SafeString("".join(parts)),
        legend,
    )
