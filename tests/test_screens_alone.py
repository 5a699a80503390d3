"""Each main screen on its own (oterm's way): a tiny host app pushes it with fake services and
the test asserts what it dismisses with, or the message it posts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers import wait_for
from textual.app import App
from textual.message import Message
from textual.screen import Screen

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.announce import Announcement, Tone
from lowback_tui.core.clock import FakeClock
from lowback_tui.core.records import COMPLETED, STOPPED, SessionRecord
from lowback_tui.core.streaks import StreakSummary
from lowback_tui.services.runner import SessionRunner
from lowback_tui.services.settings import Settings
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.library import RoutineLibrary, load_routine
from lowback_tui.store.unavailable import UnavailableHistory

NOTHING = object()
TODAY = dt.date(2026, 6, 1)


class Host(App[None]):
    """Pushes one screen and keeps what it dismisses with and the messages it posts."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.under_test = screen
        self.result: object = NOTHING
        self.posted: list[Message] = []

    def on_mount(self) -> None:
        self.push_screen(self.under_test, self.dismissed)

    def dismissed(self, result: object) -> None:
        self.result = result

    # What the screens post for the app (they bubble up from the screen to here).
    def on_picker_screen_start(self, message: Message) -> None:
        self.posted.append(message)

    def on_picker_screen_open_history(self, message: Message) -> None:
        self.posted.append(message)

    def on_picker_screen_open_settings(self, message: Message) -> None:
        self.posted.append(message)

    def on_settings_screen_changed(self, message: Message) -> None:
        self.posted.append(message)


async def run_alone(screen: Screen[Any], *keys: str, size: tuple[int, int] = (100, 30)) -> Host:
    host = Host(screen)
    async with host.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: host.screen is screen, "the screen shown")
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await wait_for(pilot, lambda: host.result is not NOTHING or host.posted, "an answer")
    return host


class FakeCues:
    """A cue player that remembers what it was asked to play."""

    found = "a fake"

    def __init__(self) -> None:
        self.played: list[Announcement] = []
        self.muted = False
        self.tested = 0

    def play(self, cues: Announcement | list[Announcement] | None) -> bool:
        batch = [cues] if isinstance(cues, Announcement) else list(cues or ())
        self.played += batch
        return bool(batch)

    def configure(self, settings: Settings) -> str | None:
        self.muted = settings.mute
        return None

    def test(self) -> None:
        self.tested += 1

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        return self.muted


class NoteKeeper(UnavailableHistory):
    """A history stand-in that keeps the notes it is given."""

    def __init__(self) -> None:
        super().__init__("a test")
        self.notes: dict[str, str] = {}

    def set_note(self, session_id: str, note: str) -> None:
        self.notes[session_id] = note


def record(status: str = COMPLETED) -> SessionRecord:
    return SessionRecord("s1", "floor-five", "Floor five", "2026-06-01T08:00:00+00:00", status)


def streak() -> StreakSummary:
    return StreakSummary(
        current=1, longest=4, today_done=True, week_done=1, weekly_goal=3, heatmap=()
    )


# -- dialogs -------------------------------------------------------------------------------


@pytest.mark.parametrize(("keys", "answer"), [(("y",), True), (("n",), False), (("enter",), True)])
async def test_confirm_dialog_answers(keys: tuple[str, ...], answer: bool):
    from lowback_tui.ui.screens.dialogs import ConfirmDialog

    host = await run_alone(ConfirmDialog("Go on?"), *keys)
    assert host.result is answer


async def test_a_destructive_question_takes_enter_as_no():
    from lowback_tui.ui.screens.dialogs import ConfirmDialog

    host = await run_alone(ConfirmDialog("Delete it?", destructive=True), "enter")
    assert host.result is False


async def test_pain_dialog_gives_the_level_chosen_or_none():
    from lowback_tui.ui.screens.dialogs import PainDialog

    assert (await run_alone(PainDialog("How is it?"), "1", "0", "enter")).result == 10
    assert (await run_alone(PainDialog("How is it?"), "escape")).result is None


async def test_the_yes_no_dialog_and_the_pain_scale_work_with_the_mouse():
    from lowback_tui.ui.screens.dialogs import ConfirmDialog, PainDialog

    for choice, answer in (("#confirm-yes", True), ("#confirm-no", False)):
        dialog = ConfirmDialog("Go on?", yes="go on", no="stop")
        host = Host(dialog)
        async with host.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: host.screen is dialog, "the dialog")  # noqa: B023
            await pilot.click(choice)
            await wait_for(pilot, lambda: host.result is not NOTHING, "an answer")  # noqa: B023
        assert host.result is answer
    pain = PainDialog("How is it?")
    host = Host(pain)
    async with host.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: host.screen is pain, "the dialog")
        await pilot.click("#pain-scale", offset=(3 * 4 + 1, 0))  # the " 4 " cell
        assert pain.level == 4
        await pilot.click("#pain-scale", offset=(31, 0))  # " 10 "
        assert pain.level == 10
        await pilot.click("#pain-confirm")
        await wait_for(pilot, lambda: host.result is not NOTHING, "an answer")
    assert host.result == 10


# -- settings ------------------------------------------------------------------------------


async def test_settings_post_each_change_and_close_with_the_last():
    from lowback_tui.ui.screens.settings import SettingsScreen

    cues = FakeCues()
    host = await run_alone(SettingsScreen(Settings(), cues), "p", "t", "plus", "escape")
    assert cues.tested == 1
    changes = [m.settings for m in host.posted if isinstance(m, SettingsScreen.Changed)]
    assert changes[0].pain_checkin is False and changes[-1].weekly_goal == 4
    assert host.result == Settings(pain_checkin=False, weekly_goal=4)


# -- summary -------------------------------------------------------------------------------


async def test_summary_h_asks_for_the_history_enter_does_not():
    from lowback_tui.ui.screens.summary import SummaryScreen

    assert (await run_alone(SummaryScreen(record(), streak(), None), "h")).result is True
    assert (await run_alone(SummaryScreen(record(), streak(), None), "enter")).result is False


async def test_summary_saves_a_note_through_the_history_it_was_given():
    from lowback_tui.ui.screens.summary import SummaryScreen

    keeper = NoteKeeper()
    screen = SummaryScreen(record(), streak(), keeper)
    await run_alone(screen, "n", "o", "k", "enter", "enter")
    assert keeper.notes == {"s1": "ok"}


# -- picker --------------------------------------------------------------------------------


async def test_picker_posts_start_for_the_highlighted_routine(tmp_path: Path):
    from lowback_tui.ui.screens.picker import PickerScreen

    library = RoutineLibrary(tmp_path, builtin_routines_dir())
    screen = PickerScreen(library)
    host = await run_alone(screen, "enter")
    [start] = [m for m in host.posted if isinstance(m, PickerScreen.Start)]
    assert start.entry.id == "floor-five"  # a first start highlights Floor five


@pytest.mark.parametrize(("key", "wanted"), [("h", "OpenHistory"), ("s", "OpenSettings")])
async def test_picker_asks_the_app_for_history_and_settings(tmp_path: Path, key, wanted):
    from lowback_tui.ui.screens.picker import PickerScreen

    host = await run_alone(PickerScreen(RoutineLibrary(tmp_path, builtin_routines_dir())), key)
    assert [type(m).__name__ for m in host.posted] == [wanted]


# -- timer ---------------------------------------------------------------------------------


async def test_timer_plays_cues_through_its_player_and_dismisses_with_the_status():
    from lowback_tui.ui.screens.timer import TimerScreen

    clock = FakeClock()
    routine = load_routine(builtin_routines_dir() / "floor-five.toml")
    errors: list[Exception] = []
    runner = SessionRunner.begin(
        routine, clock, UnavailableHistory("a test"), tz="UTC", on_error=errors.append
    )
    cues = FakeCues()
    screen = TimerScreen(runner, cues)
    host = Host(screen)
    async with host.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: host.screen is screen, "the timer")
        clock.advance(6)  # past the get-ready countdown: the hold starts with a cue
        screen.sync()
        await pilot.press("m")  # mute goes to the player
        await pilot.press("q", "y")
        await wait_for(pilot, lambda: host.result is not NOTHING, "the timer's result")
    assert Tone.START in [cue.tone for cue in cues.played] and cues.muted
    assert host.result.status == STOPPED
    assert errors and all(isinstance(error, HistoryError) for error in errors)


# -- history -------------------------------------------------------------------------------


async def test_history_alone_shows_why_it_is_unavailable_and_closes_with_none():
    from lowback_tui.ui.screens.history import HistoryScreen

    screen = HistoryScreen(
        UnavailableHistory("disk on fire"), Settings(), tz="UTC", today=TODAY, clock=FakeClock()
    )
    host = Host(screen)
    async with host.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: host.screen is screen, "the history")
        text = "\n".join(s.text for s in screen._compositor.render_strips())
        assert "disk on fire" in text
        await pilot.press("r")
        await pilot.press("escape")
        await wait_for(pilot, lambda: host.result is not NOTHING, "closed")
    assert host.result is None and host._exception is None


# -- editor --------------------------------------------------------------------------------


async def test_editor_saves_through_the_library_and_dismisses_with_the_id(tmp_path: Path):
    from lowback_tui.ui.screens.editor import EditorScreen
    from lowback_tui.ui.screens.editor_draft import RoutineDraft

    library = RoutineLibrary(tmp_path / "routines", builtin_routines_dir())
    floor_five = load_routine(builtin_routines_dir() / "floor-five.toml")
    screen = EditorScreen(RoutineDraft.copy_of(floor_five), library=library)
    host = await run_alone(screen, "ctrl+s", size=(100, 40))
    assert host.result == "floor-five-copy"
    assert load_routine(library.path_of("floor-five-copy")).name == "Floor five (copy)"
