"""Small static SVG line charts for the printed report: dates across, values up, no scripts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Series:
    """One line or set of dots on a chart."""

    label: str
    points: tuple[tuple[dt.date, float], ...]
    color: str
    dots: bool = True
    line: bool = True
    dashed: bool = False
    hollow: bool = False
    """Dots drawn as rings: a second series reads apart without colour (pain before)."""


def nice_top(value: float) -> float:
    """A round upper bound at or above `value`: 10, 20, 25, 50, 100…"""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power:
            return step * power
    return 10.0 * power


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_chart(
    series: Sequence[Series],
    *,
    first: dt.date,
    last: dt.date,
    y_max: float | None = None,
    width: int = 640,
    height: int = 180,
    unit: str = "",
    title: str = "",
) -> str:
    """An inline <svg> of the series between `first` and `last` (whole days), with a legend."""
    left, right, top, bottom = 34, 8, 18 if series else 8, 20
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [value for s in series for _, value in s.points]
    top_value = y_max if y_max is not None else nice_top(max(values, default=1.0) * 1.05)
    span_days = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return left + plot_w * (day - first).days / span_days

    def y(value: float) -> float:
        return top + plot_h * (1 - min(max(value / top_value, 0.0), 1.0))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">'
    ]
    for tick in range(5):  # horizontal grid with labels
        value = top_value * tick / 4
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#ddd" stroke-width="0.6"/>'
            f'<text x="{left - 4}" y="{y(value) + 3:.1f}" text-anchor="end" '
            f'font-size="9" fill="#555">{_number(value)}{escape(unit)}</text>'
        )
    for fraction in (0.0, 0.5, 1.0):  # dates along the bottom
        day = first + dt.timedelta(days=round(span_days * fraction))
        anchor = {0.0: "start", 0.5: "middle", 1.0: "end"}[fraction]
        out.append(
            f'<text x="{x(day):.1f}" y="{height - 5}" text-anchor="{anchor}" font-size="9" '
            f'fill="#555">{day.day} {day:%b %Y}</text>'
        )
    legend_x = left
    for item in series:
        fill = f'fill="none" stroke="{item.color}"' if item.hollow else f'fill="{item.color}"'
        if item.dots and not item.line:  # the legend shows the dot as it is drawn
            key = f'<circle cx="{legend_x + 5}" cy="6" r="2.6" {fill}/>'
        else:
            dash = ' stroke-dasharray="4 3"' if item.dashed else ""
            key = (
                f'<line x1="{legend_x}" x2="{legend_x + 10}" y1="6" y2="6" '
                f'stroke="{item.color}" stroke-width="1.4"{dash}/>'
            )
        out.append(
            f'{key}<text x="{legend_x + 14}" y="10" font-size="9" fill="#333">'
            f"{escape(item.label)}</text>"
        )
        legend_x += 24 + 5 * len(item.label)
        coordinates = [(x(day), y(value)) for day, value in item.points]
        if item.line and len(coordinates) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coordinates)
            dash = ' stroke-dasharray="4 3"' if item.dashed else ""
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{item.color}" '
                f'stroke-width="1.4"{dash}/>'
            )
        if item.dots:
            out.extend(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="1.8" {fill}/>' for px, py in coordinates
            )
    out.append("</svg>")
    return "".join(out)
