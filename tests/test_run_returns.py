"""`lowback run ROUTINE` is one session: after its summary the app ends, back in the shell."""

from __future__ import annotations

from pathlib import Path

from helpers import make_app, wait_for, wait_for_screen
from terminal_run import TERMINAL

from lowback_tui.ui.screens.dialogs import ConfirmDialog
from lowback_tui.ui.screens.summary import SummaryScreen
from lowback_tui.ui.screens.timer import TimerScreen

pytestmark = TERMINAL


async def test_run_routine_returns_to_the_shell_after_the_summary(tmp_path: Path):
    app, _ = make_app(tmp_path, pain_checkin=False, start_routine="floor-five")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, TimerScreen)
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, SummaryScreen)
        assert app.is_running
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.is_running, "the app to end")


async def test_the_picker_stays_after_a_session_started_from_it(tmp_path: Path):
    from lowback_tui.ui.screens.picker import PickerScreen

    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        await pilot.press("enter")
        await wait_for_screen(pilot, TimerScreen)
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, SummaryScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, PickerScreen)
        assert app.is_running
