"""Issue 19 §2 through the real app: every pain path leads to the safe choice, checked on
screen and on disk (Pilot + fake clock)."""

from __future__ import annotations

from pathlib import Path

from helpers import (
    FIXED_WALL,
    advance,
    history_on_disk,
    make_app,
    screen_text,
    wait_for,
    wait_for_screen,
)
from test_coaching_app import pick, push_ups, seed, take_the_test

from lowback_tui.core.clock import iso_from_wall
from lowback_tui.core.records import HURT, IN_PROGRESS
from lowback_tui.ui.screens.dialogs import ConfirmDialog, PainDialog
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.summary import SummaryScreen
from lowback_tui.ui.screens.timer import TimerScreen

URGENT = "Get urgent care today (emergency services if it came on suddenly) for numbness"


def hurt_today(**fields) -> object:
    values = {"status": HURT, "hurt_step": "Push-ups", "id": "hurt"}
    values.update(fields)
    return push_ups(0, 5, **values)


async def test_it_hurts_on_the_plank_offers_no_way_on_and_skips_the_strength_steps(
    tmp_path: Path,
):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "core-strength")
        await pilot.press("enter")
        await take_the_test(pilot)
        await advance(pilot, clock, 10)  # get ready
        await advance(pilot, clock, 5)
        await pilot.press("h")
        await wait_for_screen(pilot, PainDialog)  # straight to "how bad": no "go on" question
        assert "go on with the rest" not in screen_text(app)
        await pilot.press("6", "enter")
        await wait_for_screen(pilot, SummaryScreen)
        text = " ".join(screen_text(app).split())  # the red flags wrap inside the box
        assert "Stopped because it hurt." in text and "Plank (6/10)" in text
        assert URGENT in text and "See a doctor first before exercising again" in text
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "hurt" and session["hurt_step"] == "Plank"
    holds = session["holds"]
    assert len(holds) == 11 and holds[0]["step_name"] == "Plank"
    assert {(h["outcome"], h["reason"]) for h in holds[1:]} == {("skipped", "gate not passed")}


async def test_pain_eight_before_core_strength_says_not_today_and_back_starts_nothing(
    tmp_path: Path,
):
    app, _clock = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "core-strength")
        await pilot.press("enter")
        await wait_for_screen(pilot, PainDialog)
        await pilot.press("8", "enter")
        await wait_for_screen(pilot, ConfirmDialog)
        text = screen_text(app)
        assert "Not today: pain 8/10 before Core strength." in text
        assert "y / Enter  start Static back instead" in text
        assert "n / Esc  back to the routines" in text
        await pilot.press("n")
        await wait_for_screen(pilot, PickerScreen)
        picker = app.screen
        await wait_for(pilot, lambda: picker.flare is not None, "the flare-up noted")
        assert "Flare-up today (pain 8/10 before Core strength)" in screen_text(app)
        await pick(pilot, "core-strength")  # the day's rule holds: strength asks first
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Not today: Core strength is strength work." in screen_text(app)
    # The plank never started; the answer is kept, so the day stays a flare-up after a restart.
    [kept] = history_on_disk(tmp_path)
    assert (kept["routine_id"], kept["status"], kept["pain_before"]) == (
        "core-strength",
        "stopped",
        8,
    )
    assert [h for h in kept["holds"] if h["outcome"] != "skipped"] == []
    assert kept["note"] == "Not started: pain 8/10 before Core strength (not today)."
    again, _ = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, again.history_ready.is_set, "history loaded")
        await wait_for(pilot, lambda: "Flare-up today" in screen_text(again), "the flare-up kept")


async def test_pain_eight_before_strength_enter_starts_the_relaxing_routine(tmp_path: Path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "core-strength")
        await pilot.press("enter")
        await wait_for_screen(pilot, PainDialog)
        await pilot.press("8", "enter")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")
        await wait_for_screen(pilot, TimerScreen)
        assert app.screen.engine.routine.id == "static-back"
        await advance(pilot, clock, 30)
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, PainDialog)
    [session] = history_on_disk(tmp_path)
    assert session["routine_id"] == "static-back" and session["pain_before"] == 8


async def test_lowback_run_after_a_hurt_today_says_not_today(tmp_path: Path):
    seed(tmp_path, hurt_today())
    app, _ = make_app(tmp_path, pain_checkin=False, start_routine="core-strength")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Not today: Core strength is strength work." in screen_text(app)
        await pilot.press("enter")  # the safe answer
        await wait_for_screen(pilot, PickerScreen)
        assert not isinstance(app.screen, TimerScreen)
    assert [s["id"] for s in history_on_disk(tmp_path)] == ["hurt"]


async def test_a_declined_resume_keeps_the_flare_up_guard(tmp_path: Path):
    interrupted = push_ups(
        0,
        20,
        id="open",
        status=IN_PROGRESS,
        ended_at=None,
        started_at=iso_from_wall(FIXED_WALL - 3600, "UTC"),
    )
    seed(tmp_path, hurt_today(started_at=iso_from_wall(FIXED_WALL - 7200, "UTC")), interrupted)
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert "was interrupted" in screen_text(app)
        await pilot.press("n")  # not now
        await wait_for_screen(pilot, PickerScreen)
        await wait_for(pilot, lambda: app.screen.flare is not None, "flare-up read")
        assert 'Flare-up today ("this hurts" during Core strength)' in screen_text(app)
        await pick(pilot, "core-strength")
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Not today: Core strength is strength work." in screen_text(app)


async def test_before_the_plank_enter_leaves_the_strength_work(tmp_path: Path):
    """Exercise for Lower Back Pain: if you expect it to hurt, don't. Enter is that answer."""
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, "core-strength")
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        text = screen_text(app)
        assert "Before Plank: do you expect it to hurt?" in text
        assert "If you expect it to hurt, don't try it." in text
        assert "n / Esc / Enter  it may hurt: leave strength work today (safe)" in text
        await advance(pilot, clock, 60)  # the get-ready waits for the answer
        await pilot.press("enter")
        await wait_for_screen(pilot, SummaryScreen)
        assert "The strength work was left out" in screen_text(app)
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "stopped" and session["active_seconds"] < 1
    assert {h["outcome"] for h in session["holds"]} == {"skipped"}
    assert session["holds"][0]["step_name"] == "Plank"


async def test_after_a_break_the_picker_says_why_the_target_stepped_down(tmp_path: Path):
    seed(tmp_path, *(push_ups(days, 40, id=f"c{days}") for days in range(30, 24, -1)))
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "core-strength")
        text = screen_text(app)
        # Six good sessions had climbed to 40; 25 days off start one rung lower.
        assert "Push-ups: Back after 3 weeks: 30 today · 20 → [30] → 40" in text
