"""The command palette's own commands (Ctrl+P): the screens, the cues, and every routine's start
from the picker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.app import SystemCommand
from textual.screen import Screen

from lowback_tui.core.words import count_text
from lowback_tui.store.library import RoutineLibrary
from lowback_tui.ui.pain_guard import PainGuard
from lowback_tui.ui.screens.picker import PickerScreen


def palette_commands(
    screen: Screen[object],
    *,
    muted: bool,
    library: RoutineLibrary,
    guard: PainGuard,
    open_trends: Callable[[], None],
    open_history: Callable[[], None],
    open_settings: Callable[[], None],
    toggle_mute: Callable[[], object],
    play_test_cue: Callable[[], None],
) -> Iterator[SystemCommand]:
    """lowback's commands after Textual's own, for the palette opened over `screen`."""
    yield SystemCommand(
        "Trends",
        "Pain, plank, reps and minutes over time, and what helps",
        open_trends,
    )
    yield SystemCommand("History", "Streaks, the calendar and every session", open_history)
    yield SystemCommand("Settings", "Pain check-in, mute, weekly goal", open_settings)
    yield SystemCommand(
        "Unmute cues" if muted else "Mute cues",
        "The cues of a session's holds",
        toggle_mute,
    )
    yield SystemCommand(
        "Test cues", "Play a sample cue now, as the settings' t does", play_test_cue
    )
    if isinstance(screen, PickerScreen):  # the picker is where routines are made
        yield SystemCommand("New routine", "Open the editor on an empty routine", screen.action_new)
    if isinstance(screen, PickerScreen):  # routines start from the picker, never mid-session
        for entry in library.entries():
            if entry.routine is not None:
                routine = entry.routine
                yield SystemCommand(
                    f"Start {routine.name}",
                    f"{count_text(len(routine.steps), 'step')} · {entry.id}",
                    partial(guard.start, routine),
                )
