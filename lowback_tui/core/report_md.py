"""The report as Markdown: the same figures as the HTML page, the pain trend as a text line."""

from __future__ import annotations

import datetime as dt

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.report import Report
from lowback_tui.core.report_html import MAX_ROWS, figures, pain_summary, step_line
from lowback_tui.core.trends import WeekAverage

BARS = "▁▂▃▄▅▆▇█"


def sparkline(weeks: tuple[WeekAverage, ...], top: float = 10.0) -> str:
    """Weekly means as block characters (0..top), one per week; a blank for a week without."""
    return "".join(
        BARS[min(len(BARS) - 1, round(week.value / top * (len(BARS) - 1)))] if week.count else " "
        for week in weeks
    )


_ESCAPES = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]|#"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def _cell(text: str) -> str:
    """Text from the history as Markdown shows it literally, on one line: markup characters
    escaped (a `<b>` in a note is text, a `|` does not split a table cell)."""
    return " ".join(text.translate(_ESCAPES).split())


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def report_markdown(report: Report) -> str:
    lines = [
        "# Lower-back exercise report",
        "",
        f"{_day(report.first_day)} – {_day(report.today)} ({report.days} days) · time zone "
        f"{report.tz} · made {report.generated} with lowback",
        "",
        "| | |",
        "|---|---|",
        *(f"| **{_cell(value)}** | {_cell(label)} |" for value, label in figures(report)),
        "",
        "## Pain",
        "",
        pain_summary(report),
    ]
    trends = report.trends
    if len(trends.pain) >= 2:
        lines += [
            "",
            "Weekly mean of the weeks with check-ins, oldest first (▁ = 0, █ = 10):",
            "",
            f"    before {sparkline(trends.pain_before_weekly)}",
            f"    after  {sparkline(trends.pain_after_weekly)}",
        ]
    lines += ["", "## Plank and reps progress", ""]
    steps = [(s, True) for s in report.open_holds] + [(s, False) for s in report.reps]
    lines += [f"- **{_cell(s.step)}**: {step_line(s, seconds=sec)}" for s, sec in steps] or [
        "No open holds (plank) or reps steps were done in this period."
    ]
    lines += ["", "## What helps", ""]
    lines += [
        f"- **{_cell(i.routine_name)}**, {i.sessions} sessions: {_cell(i.change_text())}; "
        f"{_cell(i.hurt_text())}"
        for i in report.insights
    ] or ["No finished sessions in this period."]
    lines += ["", f"## “This hurts” stops ({len(report.hurt_stops)})", ""]
    if report.hurt_stops:
        lines += ["| Date | Routine | Step | Pain |", "|---|---|---|---|"]
        lines += [
            f"| {_day(h.day)} | {_cell(h.routine)} | {_cell(h.step)} | "
            f"{'–' if h.level is None else f'{h.level}/10'} |"
            for h in report.hurt_stops
        ]
    else:
        lines.append("None in this period.")
    lines += ["", f"## Notes ({len(report.notes)})", ""]
    if report.notes:
        lines += ["| Date | Routine | Note |", "|---|---|---|"]
        lines += [
            f"| {_day(n.day)} | {_cell(n.routine)} | {_cell(n.text)} |"
            for n in report.notes[: MAX_ROWS * 4]
        ]
        hidden = len(report.notes) - MAX_ROWS * 4
        if hidden > 0:
            lines.append(f"\n+{hidden} more notes (see `lowback export`)")
    else:
        lines.append("No notes in this period.")
    lines += ["", "_Made by lowback from the user's own records; not medical advice._", ""]
    return safe("\n".join(lines), multiline=True)  # `cat report.md` runs no escape from a file
