"""The report as one self-contained HTML page (inline SVG, no network) that prints on one A4."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.durations import format_seconds
from lowback_tui.core.report import Report
from lowback_tui.core.svg_chart import Series, line_chart
from lowback_tui.core.trends import StepSeries, best_of_runs

MAX_ROWS = 4
"""Routines, hurt stops and notes shown before "+N more" (one line each, long text cut with
an ellipsis): the page must stay one page however much there is."""
MAX_STEPS = 3
"""Step charts (one row of three): more steps are counted under them as "+N more"."""
MAX_NOTE = 110
BEFORE, AFTER, TARGET, RESULT = "#d9822b", "#2b6cb0", "#888888", "#2f855a"

CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.3 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222;
       margin: 0; font-variant-ligatures: none; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
h2 { font-size: 10.5pt; margin: 2.5mm 0 0.8mm 0; border-bottom: 0.4pt solid #999; }
.muted { color: #666; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1.5mm; margin-top: 2mm; }
.figure { border: 0.4pt solid #bbb; border-radius: 1.5mm; padding: 0.8mm 2mm; font-size: 7.5pt;
          line-height: 1.2; }
.figure b { display: block; font-size: 11.5pt; line-height: 1.3; }
.chart { width: 100%; height: auto; display: block; }
.steps { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 2mm; }
p { margin: 0.8mm 0; }
.step h3 { font-size: 9.5pt; margin: 1mm 0 0 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { text-align: left; padding: 0.3mm 1.5mm 0.3mm 0; white-space: nowrap; overflow: hidden;
         text-overflow: ellipsis; }
col.date { width: 24mm; } col.name { width: 42mm; } col.count { width: 20mm; }
col.level { width: 12mm; }
th { font-weight: 600; color: #444; }
.more { color: #666; font-style: italic; }
footer { margin-top: 3mm; font-size: 8pt; color: #666; }
"""


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def hours_text(seconds: float) -> str:
    """ "4 h 30 min", "45 min", "0 min": time spent over weeks, in words."""
    minutes = round(max(seconds, 0.0) / 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"


def _figure(value: str, label: str) -> str:
    return f'<div class="figure"><b>{escape(value)}</b>{escape(label)}</div>'


def figures(report: Report) -> list[tuple[str, str]]:
    """The headline figures (value, label), shared with the Markdown report."""
    statuses = ", ".join(f"{count} {status}" for status, count in report.statuses)
    return [
        (
            f"{_plural(report.days_exercised, 'day')} (goal {report.goal_days})",
            f"exercised ({report.weekly_goal} a week)",
        ),
        (f"{report.weeks_goal_met} of {report.weeks}", "weeks with the goal met"),
        (str(report.sessions), f"sessions ({statuses})" if statuses else "sessions"),
        (hours_text(report.active_seconds), f"active time · {report.holds_done} holds done"),
        (_plural(report.current_streak, "day"), "current streak"),
        (_plural(report.longest_streak, "day"), "longest streak"),
        (str(report.rest_days), "rest days (flare-ups) marked"),
        (str(len(report.hurt_stops)), "“this hurts” stops"),
    ]


def pain_summary(report: Report) -> str:
    if report.pain_before_mean is None or report.pain_after_mean is None:
        return "No session in this period has both a pain check-in before and after."
    change = report.pain_after_mean - report.pain_before_mean
    return (
        f"Mean pain {report.pain_before_mean:.1f} before → {report.pain_after_mean:.1f} after "
        f"({change:+.1f}) over {_plural(report.pain_pairs, 'session')} with both check-ins "
        "(0 = none, 10 = worst)."
    )


def _pain_chart(report: Report) -> str:
    trends = report.trends
    if len(trends.pain) < 2:
        return ""
    before = tuple((p.day, float(p.before)) for p in trends.pain if p.before is not None)
    after = tuple((p.day, float(p.after)) for p in trends.pain if p.after is not None)
    series = [
        # Told apart without colour too: rings and a dashed line before, dots and a line after.
        Series("before (rings)", before, BEFORE, line=False, hollow=True),
        Series("after (dots)", after, AFTER, line=False),
        Series(
            "weekly mean before (dashed)",
            tuple((w.week, w.value) for w in trends.pain_before_weekly),
            BEFORE,
            dots=False,
            dashed=True,
        ),
        Series(
            "weekly mean after",
            tuple((w.week, w.value) for w in trends.pain_after_weekly),
            AFTER,
            dots=False,
        ),
    ]
    return line_chart(
        series, first=report.first_day, last=report.today, y_max=10, height=120, title="Pain"
    )


def step_line(series: StepSeries, *, seconds: bool) -> str:
    """ "first 35s → last 52.2s, best 52.2s (30 May 2026), 5 sessions" (HTML-free text)."""
    show = format_seconds if seconds else (lambda value: f"{value:g}")
    first, last, best = series.points[0], series.points[-1], series.best
    target = ""
    if not seconds and last.target:
        target = f", target {last.target:g}"
    return (
        f"first {show(first.value)} → last {show(last.value)}, best {show(best.value)} "
        f"({_day(best.day)}), {_plural(len(series.points), 'session')}{target}"
    )


def _step_block(report: Report, series: StepSeries, *, seconds: bool) -> str:
    points, _ = best_of_runs(series.points, 120)
    lines = [Series("result", tuple((p.day, p.value) for p in points), RESULT)]
    targets = tuple((p.day, p.target) for p in points if p.target and not seconds)
    if targets:
        lines.append(Series("target", targets, TARGET, dots=False, dashed=True))
    chart = ""
    if len(points) > 1:
        chart = line_chart(
            lines,
            first=report.first_day,
            last=report.today,
            width=300,
            height=110,
            unit="s" if seconds else "",
            title=series.step,
        )
    return (
        f'<div class="step"><h3>{escape(series.step)}</h3>'
        f'<div class="muted">{escape(step_line(series, seconds=seconds))}</div>{chart}</div>'
    )


def _more(hidden: int, what: str) -> str:
    if hidden <= 0:
        return ""
    return f'<p class="more">+{hidden} more {what} (see <code>lowback export</code>)</p>'


def _shorten(text: str, limit: int = MAX_NOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report_html(report: Report) -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>lowback report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Lower-back exercise report</h1>",
        f'<div class="muted">{escape(_day(report.first_day))} – {escape(_day(report.today))} '
        f"({_plural(report.days, 'day')}) · time zone {escape(report.tz)} · made "
        f"{escape(report.generated)} with lowback</div>",
        '<div class="figures">',
        *(_figure(value, label) for value, label in figures(report)),
        "</div>",
        "<h2>Pain</h2>",
        f"<div>{escape(pain_summary(report))}</div>",
        _pain_chart(report),
    ]
    steps = [(s, True) for s in report.open_holds] + [(s, False) for s in report.reps]
    parts.append("<h2>Plank and reps progress</h2>")
    if steps:
        parts.append('<div class="steps">')
        parts.extend(_step_block(report, s, seconds=sec) for s, sec in steps[:MAX_STEPS])
        parts.append("</div>")
        parts.append(_more(len(steps) - MAX_STEPS, "steps"))
    else:
        parts.append("<p>No open holds (plank) or reps steps were done in this period.</p>")
    parts.append("<h2>What helps</h2>")
    if report.insights:
        parts.append('<table><col class="name"><col class="count"><col style="width: 72mm"><col>')
        for insight in report.insights[:MAX_ROWS]:
            parts.append(
                f"<tr><td><b>{escape(insight.routine_name)}</b></td>"
                f"<td>{_plural(insight.sessions, 'session')}</td>"
                f"<td>{escape(insight.short_change_text())}</td>"
                f"<td>{escape(insight.hurt_text())}</td></tr>"
            )
        parts.append("</table>")
        parts.append(_more(len(report.insights) - MAX_ROWS, "routines"))
    else:
        parts.append("<p>No finished sessions in this period.</p>")
    parts.append(f"<h2>“This hurts” stops ({len(report.hurt_stops)})</h2>")
    parts.append(_rows(
        [(_day(h.day), h.routine, h.step, "–" if h.level is None else f"{h.level}/10")
         for h in report.hurt_stops],
        ("Date", "Routine", "Step", "Pain"),
        ("date", "name", "", "level"),
        "None in this period.",
        "stops",
    ))  # fmt: skip
    parts.append(f"<h2>Notes ({len(report.notes)})</h2>")
    parts.append(_rows(
        [(_day(n.day), n.routine, _shorten(n.text)) for n in report.notes],
        ("Date", "Routine", "Note"),
        ("date", "name", ""),
        "No notes in this period.",
        "notes",
    ))  # fmt: skip
    parts.append(
        "<footer>Made by lowback from the user's own records; not medical advice. Holds done "
        "count each planned hold once (rests aside); active time leaves pauses out.</footer>"
    )
    parts.append("</body></html>\n")
    # Text from files with its control characters and bidi overrides shown (\x1b, \u202e):
    # the page, opened or printed with `cat`, runs and reorders nothing.
    return safe("\n".join(part for part in parts if part), multiline=True)


def _rows(
    rows: Sequence[tuple[str, ...]],
    head: tuple[str, ...],
    columns: tuple[str, ...],
    empty: str,
    what: str,
) -> str:
    if not rows:
        return f"<p>{escape(empty)}</p>"
    out = ["<table>", *(f'<col class="{name}">' for name in columns), "<tr>"]
    out += [*(f"<th>{escape(cell)}</th>" for cell in head), "</tr>"]
    for row in rows[:MAX_ROWS]:
        out.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
    out.append("</table>")
    out.append(_more(len(rows) - MAX_ROWS, what))
    return "".join(out)
