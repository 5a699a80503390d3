"""Issue 19 §3: faithful, careful words, checked where a user reads them: the safety notice,
the summary after pain, the routines' own text, and charts and the heatmap without colour."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from textual.app import App, ComposeResult

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.records import COMPLETED, SessionRecord
from lowback_tui.core.report import build_report
from lowback_tui.core.report_html import report_html
from lowback_tui.core.streaks import StreakSummary
from lowback_tui.core.trends import PainPoint, WeekAverage
from lowback_tui.store.library import load_routine
from lowback_tui.ui.screens.safety import notice_text
from lowback_tui.ui.screens.summary import summary_text
from lowback_tui.ui.widgets.heatmap import Heatmap
from lowback_tui.ui.widgets.trend_charts import TrendChart, draw_pain

ROUTINES = {p.stem: load_routine(p) for p in builtin_routines_dir().glob("*.toml")}
STREAK = StreakSummary(0, 0, False, 0, 3, ())


def test_the_notice_says_urgent_care_for_the_nerve_signs_and_a_doctor_for_the_rest():
    text = notice_text().plain
    urgent, rest = text.split("See a doctor first", 1)
    assert "Urgent care today (emergency services if sudden)" in urgent
    for sign in ("groin or saddle", "bladder or bowel", "weakness in a leg"):
        assert sign in urgent and sign not in rest, sign
    for sign in ("below the knee", "fall or an injury", "fever", "night"):
        assert sign in rest, sign


@pytest.mark.parametrize(
    ("before", "after", "status", "shown"),
    [(3, 8, COMPLETED, True), (8, None, COMPLETED, True), (3, 3, COMPLETED, False)],
)
def test_the_summary_repeats_the_red_flags_after_a_pain_of_seven_or_more(
    before, after, status, shown
):
    record = SessionRecord(
        "s", "floor-five", "Floor five", "2026-06-01T10:00:00+00:00", status=status,
        pain_before=before, pain_after=after, planned_holds=1,
    )  # fmt: skip
    text = summary_text(record, STREAK).plain
    assert ("Get urgent care today (emergency services if it came on suddenly)" in text) is shown
    assert ("See a doctor first before exercising again" in text) is shown


def test_every_pressure_step_says_what_to_do_on_tingling_numbness_or_a_pulse():
    pressure = [
        (routine_id, step)
        for routine_id, routine in ROUTINES.items()
        for step in routine.steps
        if step.kind == "pressure"
    ]
    assert len(pressure) == 4
    for _routine_id, step in pressure:
        words = step.instructions.lower()
        assert "tingling" in words and "numbness" in words and "pulse" in words, step.name
        assert "move off" in words and "skip" in words, step.name
    caution = ROUTINES["trigger-point-release"].caution.lower()
    assert "hip flexor" in caution and "pulse" in caution and "tingling" in caution


def test_the_basic_twist_breathes_and_is_not_a_hip_twist():
    [twist] = [s for s in ROUTINES["pelvis-loosening"].steps if s.name == "Basic twist"]
    words = " ".join(twist.instructions.lower().split())
    assert not re.search(r"\band hold\b|hold your breath", words)
    assert "keep breathing" in words and "not one of the quick hip twists" in words


def test_the_trigger_point_routine_names_its_real_source():
    summary = ROUTINES["trigger-point-release"].summary
    assert "Based on the article Which lower back pain exercises work" in summary
    assert "Exercise for Lower Back Pain" not in summary  # the plank's article, not this one


def test_the_plank_asks_before_and_says_h_ends_the_strength_work():
    [plank] = [s for s in ROUTINES["core-strength"].steps if s.name == "Plank"]
    assert "If you expect it to hurt, do not try it" in plank.instructions
    assert "press h: the strength work ends there" in plank.instructions


def test_the_report_chart_tells_pain_before_from_after_without_colour():
    sessions = [
        SessionRecord(
            f"s{n}",
            "floor-five",
            "Floor five",
            f"2026-05-{10 + n:02d}T10:00:00+00:00",
            status=COMPLETED,
            pain_before=5,
            pain_after=3,
            planned_holds=1,
        )
        for n in range(10)
    ]
    report = build_report(
        sessions, sessions, set(), first_day=dt.date(2026, 5, 5), today=dt.date(2026, 6, 1),
        tz="UTC", weekly_goal=3, generated=dt.datetime(2026, 6, 1, 12),
    )  # fmt: skip
    page = report_html(report)
    assert "before (rings)" in page and "after (dots)" in page
    assert "weekly mean before (dashed)" in page and 'fill="none" stroke=' in page
    assert 'stroke-dasharray="4 3"' in page


class Host(App[None]):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


def drawn(app: App[None]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_the_pain_chart_marks_before_and_after_by_shape(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    chart = TrendChart()
    app = Host(chart)
    async with app.run_test(size=(100, 30)) as pilot:
        days = [dt.date(2026, 5, 4) + dt.timedelta(days=7 * n) for n in range(4)]
        points = tuple(PainPoint(day, 8, 1) for day in days)  # apart from the means
        weeks = tuple(WeekAverage(day, 6.0, 1) for day in days)
        draw_pain(chart, points, weeks, tuple(WeekAverage(d, 2.0, 1) for d in days))
        chart.refresh()
        await pilot.pause()
        text = drawn(app)
    assert "○ before" in text and "● after" in text
    assert text.count("○") > 2 and text.count("●") > 2  # the points themselves, not only labels


async def test_heatmap_levels_read_without_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    heatmap = Heatmap()
    app = Host(heatmap)
    async with app.run_test(size=(80, 15)) as pilot:
        monday = dt.date(2026, 5, 25)
        counts = [0, 1, 2, 3, 0, 0, 0]
        days = [(monday + dt.timedelta(days=n), count) for n, count in enumerate(counts)]
        heatmap.show(days, today=monday + dt.timedelta(days=6), rest_days={days[4][0]})
        await pilot.pause()
        text = drawn(app)
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line[:3] in (
        "Mon", "Tue", "Wed", "Thu", "Fri")}  # fmt: skip
    assert [rows[d][0] for d in ("Mon", "Tue", "Wed", "Thu", "Fri")] == ["·", "▪", "■", "█", "○"]
    assert re.search(r"less\s+·\s+▪\s+■\s+█\s+more\s+○\s+rest", text), text
