"""The coach: today's targets and flare-up state from the history, read in one place.

Screens get a Coach through their constructors. It reads the history's index only (a
CoachingSource: each session's step facts, and today's rows), never a session in full, so its
cost follows one routine's sessions rather than the whole history; and it keeps each
routine's targets until the history changes (`forget`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, cast

from lowback_tui.core.progression import (
    RoutineProgress,
    SessionFacts,
    StepProgress,
    has_progress,
    with_targets,
)
from lowback_tui.core.records import GATE_NOT_PASSED, HURT, SessionRecord
from lowback_tui.core.routine import Routine
from lowback_tui.store.errors import HistoryError

if TYPE_CHECKING:  # the flare-up rule is read after the first frame, with the history
    from lowback_tui.core.flare import FlareFacts
    from lowback_tui.core.today import DayPlan
    from lowback_tui.services.day import DayTimes


class CoachingSource(Protocol):
    """What the coach reads of the history (the repository's index, in practice)."""

    def progress_facts(self, routine_ids: Collection[str]) -> Iterator[tuple[str, SessionFacts]]:
        """(routine id, step facts) of every session of those routines, oldest first."""
        ...

    def summaries(self, since: dt.datetime | None = None) -> Iterator[FlareFacts]:
        """Sessions' index rows, newest first, from `since` on."""
        ...

    def rest_days(self) -> set[dt.date]:
        """The days marked as rest days."""
        ...


#: Where routines are listed: when each kind of work fits the day (from the article "The most
#: effective lower back exercises for relieving back pain").
TIME_OF_DAY = (
    "Strength in the morning after a walk; flexibility and relaxing in the evening, "
    "a couple of hours on the floor."
)


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
        source: Callable[[], CoachingSource | None],
        today: Callable[[], dt.date],
        tz: Callable[[], str],
        toggle_rest_day: Callable[[dt.date], bool] | None = None,
        now: Callable[[], dt.datetime] | None = None,
        times: Callable[[], DayTimes] | None = None,
    ) -> None:
        self._source = source
        """The history once it is open (None before, or when it cannot be read)."""
        self.today = today
        self._tz = tz
        self._toggle_rest_day = toggle_rest_day
        self._now = now
        """The local time now (aware), for the day's plan; None: no plan (isolated tests)."""
        self._times = times
        """The times of day from settings, and the first day of use."""
        self._known: dict[str, tuple[dict[int, StepProgress], Routine]] = {}
        """Each routine's standing, computed once until the history changes."""
        self._lock = threading.Lock()  # the picker asks on the UI thread, a warm-up on another
        self._generation = 0
        """Counts `forget`s: a pass that began before one must not store what it found."""
        self._noted: tuple[dt.date, str] | None = None
        """A flare-up that no session records (a pain of 7+ before strength that did not
        start), with its day."""

    def note_flare(self, reason: str) -> None:
        """Today is a flare-up day for `reason`, whatever the history says."""
        self._noted = (self.today(), reason)

    def forget(self) -> None:
        """The history changed (a session ended, one was deleted, another device's merged)."""
        with self._lock:
            self._known.clear()
            self._generation += 1

    def targets(self, routine: Routine) -> Targets:
        """Today's targets for `routine` (the first rung, and why, if the history fails)."""
        known = self.known(routine)
        if known is not None:
            return known
        problem = self.warm([routine])
        known = self.known(routine)
        if known is None or problem is not None:
            return Targets(routine, {}, problem)
        return known

    def known(self, routine: Routine) -> Targets | None:
        """Today's targets if they are worked out already (for a screen that must not wait)."""
        if self._source() is None:
            return Targets(routine, {}, "the history is still loading")
        if not has_progress(routine):
            return Targets(routine, {}, None)  # nothing tracked: no history to read
        with self._lock:
            known = self._known.get(routine.id)
        if known is None or known[1] != routine:
            return None
        return Targets(with_targets(routine, known[0]), known[0], None)

    def warm(self, routines: list[Routine], stop: threading.Event | None = None) -> str | None:
        """Work out the targets of `routines` in one pass over the history's index (from a
        thread, so a start need not wait); why, if the history could not be read. `stop` ends
        the pass early, keeping nothing (a session is starting: it must not share the CPU)."""
        source = self._source()
        if source is None:
            return "the history is still loading"
        folds = {
            routine.id: RoutineProgress(routine) for routine in routines if has_progress(routine)
        }
        if not folds:
            return None
        with self._lock:
            generation = self._generation
        try:
            for routine_id, facts in source.progress_facts(folds.keys()):
                if stop is not None and stop.is_set():
                    return None
                folds[routine_id].feed(facts)
        except Exception as error:  # a corrupt index row: the first rung, and why
            return f"the history cannot be read ({error})"
        with self._lock:
            if generation != self._generation:
                return None  # the history changed meanwhile: the next pass counts it
            for routine in routines:
                if routine.id in folds:
                    self._known[routine.id] = (folds[routine.id].standing(self.today()), routine)
        return None

    def flare_up(self) -> str | None:
        """Why today is a flare-up day (a "this hurts" stop or pain of 7+), or None."""
        day = self.today()
        noted = self._noted[1] if self._noted and self._noted[0] == day else None
        source = self._source()
        if source is None:
            return noted
        tz = self._tz()
        # Sessions from a day before today (any zone) on: the index rows, newest first.
        since = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        try:
            rows = list(source.summaries(since))
        except Exception:  # unreadable: no flare-up claimed, as before the history loads
            return noted
        from lowback_tui.core.flare import flare_up

        return flare_up(rows, day, tz) or noted

    def day_plan(self, routines: list[Routine], *, wait: bool = False) -> DayPlan | None:
        """The day's plan (core/today.py) from the history's index; None before the history
        opens, when it cannot be read, or without a clock (`wait`: work out the targets now,
        else only those already known, as the UI thread must not wait)."""
        source = self._source()
        if source is None or self._now is None or self._times is None:
            return None
        from lowback_tui.services.day import DaySource, read_plan

        rows = cast(DaySource, source)  # the repository: its index rows have every field
        try:
            return read_plan(
                rows, self, routines, self._times(), now=self._now(), tz=self._tz(), wait=wait
            )
        except Exception:  # an unreadable index: the picker keeps its general line
            return None

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
    from lowback_tui.core.flare import RELAXING_SUGGESTIONS

    gated = any(hold.reason == GATE_NOT_PASSED for hold in record.holds)
    if not gated and record.status != HURT:
        return ""
    names = " or ".join(  # never the routine that just hurt
        {"static-back": "Static back", "floor-five": "Floor five"}[routine_id]
        for routine_id in RELAXING_SUGGESTIONS
        if routine_id != record.routine_id
    )
    if gated:
        # Short lines: the summary box is as wide as its longest line.
        return (
            "The strength work was left out: the test step was not passed.\n"
            f"Try a relaxing routine instead, such as {names}."
        )
    return f"Give your back a calm day.\nA relaxing routine such as {names} may help."
