"""Fault injection: the wall clock jumps an hour ahead in the middle of a hold (the laptop
slept). The user is asked whether that time counted, and either answer is recorded as given;
the time the question is on screen never counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import advance, history_on_disk, make_app, screen_text, wait_for, wait_for_screen

from lowback_tui.ui.screens.dialogs import ConfirmDialog
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.summary import SummaryScreen
from lowback_tui.ui.screens.timer import TimerScreen
from lowback_tui.ui.widgets.big_clock import BigClock

PLANK = """name = "Plank test"
prepare = "5s"
[[step]]
name = "Plank"
kind = "hold"
hold = "60s+"
"""
SLEPT = 3600.0
QUESTION_OPEN = 100.0
"""Seconds the question stays on screen before the user answers: never counted."""


async def start(pilot, routine_id: str) -> TimerScreen:
    app = pilot.app
    await wait_for(pilot, app.history_ready.is_set, "history loaded")
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    picker.query_one("#routines").highlighted = [e.id for e in picker.entries].index(routine_id)
    await pilot.press("enter")
    await wait_for_screen(pilot, TimerScreen)
    return app.screen


async def sleep_through_the_hold(pilot, clock, answer: str) -> None:
    """The machine sleeps for an hour; the question comes up, stays a while, gets answered."""
    clock.jump_wall(SLEPT)
    await advance(pilot, clock, 0)
    await wait_for_screen(pilot, ConfirmDialog)
    text = screen_text(pilot.app)
    assert "Your computer seems to have slept for about 60 min during this hold." in text
    assert "Did you keep holding all that time?" in text
    await advance(pilot, clock, QUESTION_OPEN)
    await pilot.press(answer)


@pytest.mark.parametrize(
    ("answer", "held", "outcome", "digits"),
    [
        ("y", 30 + SLEPT + 20, "done", "1:00:50"),
        ("n", 30 + 20, "released early", "50"),
    ],
)
async def test_an_open_hold_across_a_sleep_records_what_the_user_says(
    tmp_path: Path, answer: str, held: float, outcome: str, digits: str
):
    (tmp_path / "routines").mkdir()
    (tmp_path / "routines" / "plank-test.toml").write_text(PLANK)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "plank-test")
        await advance(pilot, clock, 5 + 30)
        assert timer.query_one(BigClock).text == "30"
        await sleep_through_the_hold(pilot, clock, answer)
        await wait_for_screen(pilot, TimerScreen)
        await advance(pilot, clock, 20)
        assert timer.query_one(BigClock).text == digits  # what the user sees: time held so far
        await pilot.press("enter")  # the user lets go
        await wait_for_screen(pilot, SummaryScreen)
    [session] = history_on_disk(tmp_path)
    [hold] = session["holds"]
    assert (hold["held_seconds"], hold["outcome"]) == (held, outcome)
    assert (session["status"], session["active_seconds"]) == ("completed", 5 + held)


@pytest.mark.parametrize("answer", ["y", "n"])
async def test_a_twenty_minute_relax_hold_across_a_sleep(tmp_path: Path, answer: str):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "static-back")
        await advance(pilot, clock, 15 + 60)
        await sleep_through_the_hold(pilot, clock, answer)
        if answer == "y":  # an hour counted: the 20 minutes are over
            await wait_for_screen(pilot, SummaryScreen)
        else:  # left out: the hold goes on where it was, 19 minutes to go
            await wait_for_screen(pilot, TimerScreen)
            assert timer.query_one(BigClock).text == "19:00"
            assert not timer.engine.paused
            await advance(pilot, clock, 19 * 60 - 1)
            assert isinstance(app.screen, TimerScreen)
            await advance(pilot, clock, 1)
            await wait_for_screen(pilot, SummaryScreen)
    [session] = history_on_disk(tmp_path)
    [hold] = session["holds"]
    assert (hold["held_seconds"], hold["outcome"], session["status"]) == (1200, "done", "completed")
    assert session["active_seconds"] == 15 + 1200
