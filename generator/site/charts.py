"""Charts drawn at build time as inline SVG: no chart library, no script, nothing loaded from outside.

Each chart is an image with a text alternative (role="img", <title>, aria-label); the page prints the
same numbers in a table beside it, so the chart never holds a figure the reader cannot read as text.
Every label passes through generator.site.escaping.inline, and the result is Markup that a template emits as
a raw HTML block: it contains no blank line, so Python-Markdown keeps it as one block.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from generator.site.escaping import inline
from generator.records.figures import round2

# Drawn at the size a reader sees on a desktop; a phone scales them down, so text stays at least ~12px.
WIDTH = 400
COLUMNS_WIDTH = 480
FONT = 14
# Sober colours that keep 4.5:1 contrast for text on white and print legibly in greyscale.
INK = "#1f2937"
MUTED = "#6b7280"
TRACK = "#e5e7eb"
PRIMARY = "#1d4f91"
SECONDARY = "#8fa9c9"
WARNING = "#b45309"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # the number as the table beside the chart prints it, e.g. "63.66%"
    warn: bool = False  # drawn in the warning colour, e.g. an execution rate far below plan


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: tuple[Decimal | None, ...]


def _svg(chart_id: str, title: str, summary: str, height: int, body: list[str], width: int = WIDTH) -> Markup:
    label = inline(f"{title}：{summary}" if summary else title)
    head = (
        f'<svg class="jx-chart-svg" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' preserveAspectRatio="xMinYMin meet" aria-label="{label}" aria-labelledby="{chart_id}-t {chart_id}-d"'
        f' id="{chart_id}" font-size="{FONT}">'
    )
    return Markup("".join([
        head, f'<title id="{chart_id}-t">{inline(title)}</title>', f'<desc id="{chart_id}-d">{inline(summary)}</desc>',
        *body, "</svg>",
    ]))


def _figure(svg: Markup, caption: str) -> Markup:
    return Markup(f'<figure class="jx-chart">{svg}<figcaption>{inline(caption)}</figcaption></figure>')


def _scale(value: Decimal, maximum: Decimal, length: int) -> int:
    if maximum <= 0 or value <= 0:
        return 0
    return int(round2(min(value, maximum) / maximum * length))


def horizontal_bars(chart_id: str, title: str, bars: list[Bar], caption: str, *, maximum: Decimal | None = None,
                    reference: Decimal | None = None, reference_text: str = "", width: int = WIDTH) -> Markup:
    """One bar per row, its label above it in full and its number at its end: readable at phone width."""
    largest = max((b.value for b in bars), default=Decimal(0))
    top = max(maximum or Decimal(0), largest) or Decimal(1)
    row, bar_height, left, right = 46, 16, 4, 96
    length = width - left - right
    height = row * len(bars) + 24
    body: list[str] = []
    for i, b in enumerate(bars):
        y = 8 + i * row
        filled = _scale(b.value, top, length)
        colour = WARNING if b.warn else PRIMARY
        body += [
            f'<text class="jx-ink" x="{left}" y="{y + 14}" fill="{INK}">{inline(b.label)}</text>',
            f'<rect class="jx-track" x="{left}" y="{y + 22}" width="{length}" height="{bar_height}" fill="{TRACK}"/>',
            f'<rect class="jx-bar" x="{left}" y="{y + 22}" width="{filled}" height="{bar_height}" fill="{colour}"/>',
            f'<text class="jx-ink" x="{left + length + 8}" y="{y + 35}" fill="{INK}" font-weight="bold">{inline(b.text)}</text>',
        ]
    if reference is not None and top > 0:
        x = left + _scale(reference, top, length)
        body += [
            f'<line class="jx-rule" x1="{x}" y1="4" x2="{x}" y2="{height - 18}" stroke="{MUTED}" stroke-dasharray="4 3"/>',
            f'<text class="jx-ink" x="{x}" y="{height - 4}" fill="{MUTED}" text-anchor="middle" font-size="12">{inline(reference_text)}</text>',
        ]
    summary = "；".join(f"{b.label} {b.text}" for b in bars)
    return _figure(_svg(chart_id, title, summary, height, body, width=width), caption)


def grouped_columns(chart_id: str, title: str, categories: list[str], series: list[Series], caption: str,
                    value_text) -> Markup:
    """Columns per category (a year), one per series, with a legend: a department's money year over year."""
    top = max((v for s in series for v in s.values if v is not None), default=Decimal(0)) or Decimal(1)
    left, bottom, plot_top, height = 8, 40, 48, 300
    plot_height = height - bottom - plot_top
    width = COLUMNS_WIDTH
    slot = (width - 2 * left) / max(len(categories), 1)
    column = min(56, int(slot * 0.8 / max(len(series), 1)))
    body: list[str] = []
    for j, s in enumerate(series):
        x = left + j * 130
        body += [
            f'<rect x="{x}" y="8" width="14" height="14" fill="{s.colour}"/>',
            f'<text class="jx-ink" x="{x + 20}" y="20" fill="{INK}">{inline(s.name)}</text>',
        ]
    baseline = height - bottom
    body.append(f'<line class="jx-rule" x1="{left}" y1="{baseline}" x2="{width - left}" y2="{baseline}" stroke="{MUTED}"/>')
    for i, category in enumerate(categories):
        start = left + i * slot + (slot - column * len(series)) / 2
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = _scale(value, top, plot_height)
            x = int(start + j * column)
            body += [
                f'<rect x="{x + 2}" y="{baseline - h}" width="{column - 4}" height="{h}" fill="{s.colour}"/>',
                f'<text class="jx-ink" x="{x + column // 2}" y="{baseline - h - 4}" fill="{INK}" text-anchor="middle" font-size="12">{inline(value_text(value))}</text>',
            ]
        body.append(
            f'<text class="jx-ink" x="{int(left + i * slot + slot / 2)}" y="{baseline + 22}" fill="{INK}" text-anchor="middle">{inline(category)}</text>'
        )
    summary = "；".join(
        f"{category} " + "，".join(f"{s.name} {value_text(s.values[i])}" for s in series if s.values[i] is not None)
        for i, category in enumerate(categories)
    )
    return _figure(_svg(chart_id, title, summary, height, body, width=width), caption)


def meter(chart_id: str, title: str, value: Decimal | None, text: str) -> Markup:
    """A single 0–100% bar (执行率); the page prints the number as text beside it. Above 100% the bar is full."""
    length, height = 400, 20
    width = 0 if value is None else _scale(value, Decimal(100), length)
    body = [
        f'<rect class="jx-track" x="0" y="0" width="{length}" height="{height}" fill="{TRACK}"/>',
        f'<rect class="jx-bar" x="0" y="0" width="{width}" height="{height}" fill="{PRIMARY}"/>',
    ]
    return _svg(chart_id, title, text, height, body, width=length)
