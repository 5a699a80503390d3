"""When the history cannot be opened, every screen still works: it says why, and saves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_app, wait_for, wait_for_screen

from lowback_tui.store.errors import HistoryError
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.screens.history import HistoryScreen
from lowback_tui.ui.screens.picker import PickerScreen


def shown(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def cannot_open(self: HistoryRepository) -> None:
    raise HistoryError(f"{self.path} cannot be read (Input/output error)")


async def test_history_that_could_not_be_opened_then_h_then_r_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(HistoryRepository, "open", cannot_open)  # a failing disk, say
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history tried")
        assert not app.repository.available
        await wait_for_screen(pilot, PickerScreen)
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await wait_for(pilot, lambda: "not available" in shown(app), "the reason shown")
        await pilot.press("r")  # mark today a rest day: refused with a message, no crash
        await wait_for(
            pilot,
            lambda: any("nothing was saved" in str(n.message) for n in app._notifications),
            "the refusal said",
        )
        assert app._exception is None and isinstance(app.screen, HistoryScreen)
        assert "Input/output error" in shown(app)


async def test_a_session_without_history_runs_and_its_summary_says_it_was_not_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(HistoryRepository, "open", cannot_open)
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history tried")
        await wait_for_screen(pilot, PickerScreen)
        await pilot.press("enter")
        from lowback_tui.ui.screens.timer import TimerScreen

        await wait_for_screen(pilot, TimerScreen)
        await pilot.press("q", "y")  # stop at once
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "back on the picker")
        said = [str(n.message) for n in app._notifications]
        assert any("could not be saved" in message for message in said), said
        assert app._exception is None
