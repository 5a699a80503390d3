"""Flare-up days: after a "this hurts" stop or a pain level of 7 or more, strength waits.

docs/design.md "Safety": for the rest of that local day the picker marks routines with strength
steps (`hold`, `reps`) "not today", puts the relaxing routines first and offers a rest day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from lowback_tui.core.records import HURT
from lowback_tui.core.routine import Routine
from lowback_tui.core.step_kind import StepKind
from lowback_tui.core.streaks import local_day

#: A pain level (0-10) at or above this, before or after a session, makes the day a flare-up.
FLARE_PAIN = 7
STRENGTH_KINDS = (StepKind.HOLD, StepKind.REPS)
#: What the summary and the picker suggest instead of strength work: the calmest routines.
RELAXING_SUGGESTIONS = ("static-back", "floor-five")


if TYPE_CHECKING:  # a type only: the picker needs the rule, not the trends module
    from lowback_tui.core.trends import SessionBasics

    class FlareFacts(SessionBasics, Protocol):
        """What a flare-up is read from: a session, or its row in the history's index."""

        @property
        def hurt_level(self) -> int | None: ...


def flare_reason(record: FlareFacts) -> str | None:
    """Why this session makes its day a flare-up, in words; None when it does not."""
    if record.status == HURT or record.hurt_step is not None:
        return f'"this hurts" during {record.routine_name}'
    said = [
        (level, when)
        for level, when in (
            (record.pain_before, "before"),
            (record.pain_after, "after"),
            (record.hurt_level, "during"),
        )
        if level is not None and level >= FLARE_PAIN
    ]
    if said:
        level, when = max(said, key=lambda pair: pair[0])  # the highest; the first on a tie
        return f"pain {level}/10 {when} {record.routine_name}"
    return None


def flare_up(sessions: Iterable[FlareFacts], day: dt.date, tz: str) -> str | None:
    """Why `day` (local) is a flare-up day, from the newest such session; None if it is not."""
    for record in sessions:  # newest first, as the repository gives them
        reason = flare_reason(record)
        if reason is None:
            continue
        try:
            if local_day(record.started_at, tz) == day:
                return reason
        except ValueError:
            continue
    return None


def is_strength(routine: Routine) -> bool:
    """Whether the routine has strength work: a `hold` or `reps` step."""
    return any(step.kind in STRENGTH_KINDS for step in routine.steps)


def is_relaxing(routine: Routine) -> bool:
    """A routine of lying-still `relax` steps only (static back, supine groin stretch)."""
    return all(step.kind in (StepKind.RELAX, StepKind.REST) for step in routine.steps)


def calm_first_key(routine: Routine | None) -> int:
    """Sort key for a flare-up day: relaxing, then other gentle routines, then strength."""
    if routine is None:
        return 3
    if is_strength(routine):
        return 2
    return 0 if is_relaxing(routine) else 1


def too_sore_for(routine: Routine, pain_before: int | None) -> str | None:
    """Why a routine with strength steps must not start after this pain-before answer (7 or
    more: the day's flare-up rule, said before the first hold); None when it may."""
    if pain_before is None or pain_before < FLARE_PAIN or not is_strength(routine):
        return None
    return f"pain {pain_before}/10 before {routine.name}"


def calm_choice(routines: Iterable[Routine]) -> Routine | None:
    """The relaxing routine offered instead of strength work: the first suggestion there is,
    else any relaxing routine, else none."""
    listed = list(routines)
    by_id = {routine.id: routine for routine in listed}
    for routine_id in RELAXING_SUGGESTIONS:
        if routine_id in by_id and not is_strength(by_id[routine_id]):
            return by_id[routine_id]
    return next((routine for routine in listed if is_relaxing(routine)), None)
