"""The trends screen's charts: textual-plotext plots fed from core/trends.py series."""

from __future__ import annotations

import datetime as dt

from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.durations import format_seconds
from lowback_tui.core.trends import (
    PainPoint,
    PersonalBest,
    StepSeries,
    WeekAverage,
    best_of_runs,
    per_week_mean,
    thin,
)

DATE_FORM = "Y-m-d"
"""plotext's spelling of ISO dates: unambiguous in every locale."""
BEFORE_COLOR, AFTER_COLOR, TARGET_COLOR = "orange", "blue", "gray"


def day_text(day: dt.date) -> str:
    """ "2 June 2026": how the sentences beside the charts name a day."""
    return f"{day.day} {day:%B %Y}"


def _iso(days: list[dt.date]) -> list[str]:
    return [day.isoformat() for day in days]


def one_day_axis(plt: Plot, days: list[str]) -> None:
    """Data of a single day: an axis of that day (with a day either side), labelled with it.
    Left to itself, plotext spreads a zero-width range over decades (1963 to 2090)."""
    if len(set(days)) != 1:
        return
    day = dt.date.fromisoformat(days[0])
    left, right = ((day + dt.timedelta(days=offset)).isoformat() for offset in (-1, 1))
    # plotext takes dates as strings here (its stubs say floats only).
    plt.xlim(left, right)  # type: ignore[arg-type]
    plt.xticks([days[0]])  # type: ignore[list-item]


class TrendChart(PlotextPlot):
    """A plot that follows the app's theme (the library's "auto" theme) and draws on demand."""

    DEFAULT_CSS = """
    TrendChart { height: 1fr; min-height: 10; }
    """

    def start(self, title: str, *, ylabel: str = "") -> None:
        plt = self.plt
        plt.clear_figure()
        plt.date_form(DATE_FORM)
        plt.title(title)
        if ylabel:
            plt.ylabel(ylabel)
        self.refresh()


def draw_pain(
    chart: TrendChart,
    points: tuple[PainPoint, ...],
    before_weekly: tuple[WeekAverage, ...],
    after_weekly: tuple[WeekAverage, ...],
) -> str:
    """Pain before and after per session (points) and their weekly averages (lines).

    Returns the sentence under the chart (what is drawn when sessions are many).
    """
    # Told apart by shape as well as colour (NO_COLOR, colour blindness): ○ before, ● after.
    chart.start("Pain 0–10 · ○ before (orange), ● after (blue) · lines: weekly means")
    plt = chart.plt
    note = ""
    if len(points) <= 300:
        before = [(p.day, p.before) for p in points if p.before is not None]
        after = [(p.day, p.after) for p in points if p.after is not None]
        if before:
            plt.scatter(
                _iso([d for d, _ in before]), [v for _, v in before], color=BEFORE_COLOR, marker="○"
            )
        if after:
            plt.scatter(
                _iso([d for d, _ in after]), [v for _, v in after], color=AFTER_COLOR, marker="●"
            )
        one_day_axis(plt, _iso([day for day, _ in before + after]))
    else:
        note = f"{len(points):,} check-ins: only the weekly means are drawn."
    for weeks, color, label, marker in (
        (before_weekly, BEFORE_COLOR, "○ before", "·"),  # a dotted line: before
        (after_weekly, AFTER_COLOR, "● after", "hd"),
    ):
        merged, size = thin(weeks)
        if len(merged) >= 2:
            plt.plot(
                _iso([w.week for w in merged]),
                [round(w.value, 2) for w in merged],
                color=color,
                marker=marker,
                label=f"{label}, mean per {size} weeks" if size > 1 else f"{label}, weekly mean",
            )
    plt.ylim(0, 10)
    return note


def personal_best_text(best: PersonalBest) -> str:
    """ "52.2s on 30 May 2026" (without a day when the index does not know it)."""
    value = format_seconds(best.value)
    return value if best.day is None else f"{value} on {day_text(best.day)}"


def draw_step(
    chart: TrendChart,
    series: StepSeries,
    *,
    seconds: bool,
    range_name: str,
    personal: PersonalBest | None = None,
) -> str:
    """One step's results over time: the held time (with the personal best of all time as a
    line, when given) or reps vs target. Returns the sentence under the chart."""
    best = series.best
    shown = format_seconds(best.value) if seconds else f"{best.value:g} reps"
    scope = "best" if range_name == "all" else f"best in {range_name}"
    unit = "seconds held" if seconds else "reps (target gray)"
    if personal is not None:
        title = (
            f"{series.step}: {unit} · orange line: personal best {format_seconds(personal.value)}"
        )
    else:
        title = f"{series.step}: {unit} · {scope} {shown} ({best.day.day} {best.day:%b %Y})"
    chart.start(safe(title))  # the step's name comes from a file
    plt = chart.plt
    points, size = best_of_runs(series.points)
    days = _iso([p.day for p in points])
    plt.plot(days, [p.value for p in points], color=AFTER_COLOR, marker="braille")
    plt.scatter(days, [p.value for p in points], color=AFTER_COLOR)
    one_day_axis(plt, days)
    top = best.value
    if seconds:
        line = personal.value if personal is not None else best.value
        plt.hline(line, BEFORE_COLOR)
        top = max(top, line)
    targets = [(day, p.target) for day, p in zip(days, points, strict=True) if p.target]
    if not seconds and targets:
        plt.plot([d for d, _ in targets], [t for _, t in targets], color=TARGET_COLOR)
    plt.ylim(0, max(top, *(t for _, t in targets)) * 1.15 if targets else top * 1.15)
    notes = []
    if personal is not None:
        notes.append(f"Personal best: {personal_best_text(personal)}{_where(personal, series)}.")
        if range_name != "all" and (personal.value, personal.day) != (best.value, best.day):
            notes.append(f"Best in {range_name}: {shown} on {day_text(best.day)}.")
    if size > 1:
        notes.append(f"Each point is the best of {size} sessions.")
    return " ".join(notes)


def _where(personal: PersonalBest, series: StepSeries) -> str:
    """Where the personal best lies against the range shown, when it is not in it."""
    first = series.points[0].day
    if personal.day is not None and personal.day < first:  # the best is among them otherwise
        return ", before this range"
    return ""


def draw_minutes(chart: TrendChart, weeks: tuple[WeekAverage, ...]) -> str:
    """Minutes of exercise per week, as bars (merged weeks beyond about two years)."""
    merged, size = per_week_mean(weeks)
    per = "per week" if size == 1 else f"per week (mean of every {size} weeks)"
    chart.start(f"Minutes of exercise {per}")
    chart.plt.bar(_iso([w.week for w in merged]), [round(w.value, 1) for w in merged], width=0.6)
    return ""
