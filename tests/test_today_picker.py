"""The picker's top line is the day's plan (issue 23): the same function as `lowback today`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from day_helpers import seed, static_back
from helpers import FIXED_TODAY, make_app, screen_text, wait_for, wait_for_screen

from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.safety import SafetyNotice

MORNING = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)  # before the app's fixed 10:00


def note(app) -> str:
    return str(app.screen.query_one("#picker-note").render())


async def test_a_first_start_shows_the_plan_and_that_relief_takes_months(tmp_path: Path):
    app, _ = make_app(tmp_path, safety_read=False, pain_checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, SafetyNotice)
        await pilot.press("enter")
        await wait_for_screen(pilot, PickerScreen)
        await wait_for(pilot, lambda: "Today ·" in note(app), "the day's plan")
        text = screen_text(app)
        assert "Today · morning next, 07:30: Core strength · evening later, 20:00: Static" in text
        assert "(a couple of hours on the floor)" in text
        assert "Relief takes months, not days" in text


async def test_the_line_follows_the_history_and_leaves_the_first_week_out(tmp_path: Path):
    seed(tmp_path, static_back(MORNING, minutes=25))
    app, _ = make_app(tmp_path, pain_checkin=False)  # safety read on 2026-05-01
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await wait_for(pilot, lambda: "Today ·" in note(app), "the day's plan")
        line = note(app)
        assert "morning next, 07:30: Core strength" in line
        assert "evening ✓ Static back, 25 of 120 floor minutes" in line
        assert "Relief takes months" not in line
    assert app.today() == FIXED_TODAY
