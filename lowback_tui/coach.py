"""The coach: today's targets and flare-up state from the history, read in one place.

Screens get a Coach through their constructors. It reads the history only through
`HistoryRepository.sessions()` (here, and nowhere else for coaching), so a change in how the
store keeps sessions touches one method.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from lowback_tui.core.flare import RELAXING_SUGGESTIONS, flare_up
from lowback_tui.core.progression import StepProgress, today, with_targets
from lowback_tui.core.records import GATE_NOT_PASSED, HURT, SessionRecord
from lowback_tui.core.routine import Routine
from lowback_tui.store.errors import HistoryError

#: Where routines are listed: when each kind of work fits the day (from the article "The most
#: effective lower back exercises for relieving back pain").
TIME_OF_DAY = "Strength in the morning after a walk; flexibility and relaxing in the evening."


@dataclass(frozen=True)
class Targets:
    """A routine as today's session runs it, with each tracked step's standing."""

    routine: Routine
    progress: dict[int, StepProgress] = field(default_factory=dict)
    problem: str | None = None
    """Why the history could not be read (the first rung is used meanwhile)."""


class Coach:
    """Reads the history for coaching; every answer has a safe fallback when it cannot."""

    def __init__(
        self,
        sessions: Callable[[], list[SessionRecord]] | None,
        today: Callable[[], dt.date],
        tz: Callable[[], str],
        toggle_rest_day: Callable[[dt.date], bool] | None = None,
    ) -> None:
        self._sessions = sessions
        self.today = today
        self._tz = tz
        self._toggle_rest_day = toggle_rest_day

    def history(self) -> tuple[list[SessionRecord], str | None]:
        """Every session, newest first, or [] and why it could not be read."""
        if self._sessions is None:
            return [], "the history is not available"
        try:
            return self._sessions(), None
        except Exception as error:
            return [], f"the history cannot be read ({error})"

    def targets(self, routine: Routine) -> Targets:
        """Today's targets for `routine` (the first rung, and why, if the history fails)."""
        sessions, problem = self.history()
        progress = today(routine, sessions)
        return Targets(with_targets(routine, progress), progress, problem)

    def flare_up(self) -> str | None:
        """Why today is a flare-up day (a "this hurts" stop or pain of 7+), or None."""
        sessions, problem = self.history()
        if problem is not None:
            return None
        return flare_up(sessions, self.today(), self._tz())

    def toggle_rest_day(self) -> bool | None:
        """Mark (or unmark) today as a rest day; None when the history cannot take it."""
        if self._toggle_rest_day is None:
            return None
        try:
            return self._toggle_rest_day(self.today())
        except (HistoryError, OSError, RuntimeError):  # unavailable, read-only, or a full disk
            return None


def suggestion(record: SessionRecord) -> str:
    """What the summary suggests after a gate or a hurt: a relaxing routine instead."""
    gated = any(hold.reason == GATE_NOT_PASSED for hold in record.holds)
    if not gated and record.status != HURT:
        return ""
    names = " or ".join(
        {"static-back": "Static back", "floor-five": "Floor five"}[routine_id]
        for routine_id in RELAXING_SUGGESTIONS
    )
    if gated:
        # Short lines: the summary box is as wide as its longest line.
        return (
            "The strength work was left out: the test step was not passed.\n"
            f"Try a relaxing routine instead, such as {names}."
        )
    return f"Give your back a calm day.\nA relaxing routine such as {names} may help."
