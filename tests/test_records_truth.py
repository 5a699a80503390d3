"""What a session records is only what was done (issue 8, part 4-5), through the real app."""

from __future__ import annotations

from pathlib import Path

from helpers import advance, history_on_disk, make_app, screen_text, wait_for, wait_for_screen
from test_app_session import custom, start
from textual import events
from textual.app import App

from lowback_tui.ui.screens.dialogs import PainDialog
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.summary import SummaryScreen
from lowback_tui.ui.screens.timer import TimerScreen
from lowback_tui.ui.widgets.big_clock import BigClock

TWO_STRETCHES = """name = "Two"
prepare = "5s"
rest = "3s"
[[step]]
name = "Tilt"
hold = "8-10s"
[[step]]
name = "Rest"
kind = "rest"
hold = "30s"
[[step]]
name = "Knee"
hold = "8-10s"
[[step]]
name = "Bridge"
hold = "8-10s"
"""


def burst(app, *keys: str) -> None:
    """Keys that arrive in one read (a paste, a slow SSH link): queued without waiting."""
    for key in keys:
        char = key if len(key) == 1 else ("\r" if key == "enter" else None)
        app.post_message(events.Key(key, char))


async def test_pain_question_starts_with_nothing_and_enter_alone_does_not_answer(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.press("enter")
        await wait_for_screen(pilot, PainDialog)
        assert "nothing chosen yet" in screen_text(app)
        await pilot.press("enter", "enter")  # the Enter that started it, and one more
        assert isinstance(app.screen, PainDialog)
        assert "Choose a level first" in screen_text(app)
        await pilot.press("1", "0")
        assert "chosen: 10" in screen_text(app)
        await pilot.press("enter")
        await wait_for_screen(pilot, TimerScreen)
        await advance(pilot, clock, 100_000)
        await wait_for_screen(pilot, PainDialog)  # "and how is your back now?"
        await pilot.press("enter")  # an Enter meant for the last hold: no answer
        assert isinstance(app.screen, PainDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, SummaryScreen)
    [session] = history_on_disk(tmp_path)
    assert (session["pain_before"], session["pain_after"]) == (10, None)


async def test_keys_in_one_burst_never_crash_the_hurt_question(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "floor-five", pain=None)
        await advance(pilot, clock, 6)
        burst(app, "h", "5", "left", "enter")
        await wait_for_screen(pilot, SummaryScreen)
        assert "It hurt at" in screen_text(app)
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "hurt" and session["hurt_level"] in (None, 4, 5)


async def test_pain_dialog_takes_a_burst_before_it_is_drawn():
    answers: list[int | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(PainDialog("How is your back?"), answers.append)
            burst(self, "left", "right", "1", "0", "enter")  # before the dialog is composed

    async with Host().run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: answers, "an answer")
    assert answers == [10]


async def test_reps_counter_starts_at_zero_backspace_works_and_big_counts_are_refused(tmp_path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "short", pain=None)
        await pilot.press("n", "n", "n")  # to the push-ups
        await advance(pilot, clock, 5)
        assert timer.query_one(BigClock).text == "0"
        assert "type how many you did" in screen_text(app)
        await pilot.press("enter")  # untouched: nothing recorded
        await pilot.pause()
        assert isinstance(app.screen, TimerScreen) and not timer.engine.ended
        await pilot.press("1", "2", "3", "4")
        assert timer.query_one(BigClock).text == "123"  # 1234 refused
        await pilot.press("backspace")
        assert timer.query_one(BigClock).text == "12"
        await pilot.press("enter")
        await wait_for_screen(pilot, SummaryScreen)
    [session] = history_on_disk(tmp_path)
    assert session["holds"][-1]["count_done"] == 12


async def test_summary_counts_done_of_planned_rests_aside_and_says_skipped(tmp_path: Path):
    custom(tmp_path, "two", TWO_STRETCHES)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "two", pain=None)
        await advance(pilot, clock, 15)  # Tilt done
        await advance(pilot, clock, 30)  # the rest: not counted
        await advance(pilot, clock, 5 + 4)
        await pilot.press("enter")  # Knee released at 4 s, before its 8 s minimum
        await pilot.press("n")  # Bridge skipped
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(app)
        assert "1 of 3 holds · 1 skipped" in text
        assert "too little was done to count" in text
        assert "Only 1 of 3 holds were done" in text and "at least 2" in text
        assert "Streak  0 days" in text
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "partial"
    assert (session["planned_holds"], session["planned_rests"]) == (4, 1)


async def test_half_the_holds_done_is_completed_and_counts_for_the_streak(tmp_path: Path):
    custom(tmp_path, "two", TWO_STRETCHES)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "two", pain=None)
        await advance(pilot, clock, 15)
        await pilot.press("n")  # the rest, skipped: not a hold of work
        await advance(pilot, clock, 5 + 10)
        await pilot.press("n")
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(app)
        assert "routine complete" in text and "2 of 3 holds · 1 skipped" in text
        assert "Streak  1 day" in text
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "completed"


async def test_first_start_highlights_the_gentlest_routine(tmp_path: Path):
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.selected is not None and picker.selected.id == "floor-five"
