"""The day's plan: a walk and strength in the morning, floor time in the evening.

One pure function (`day_plan`) works it out from what the caller read: today's sessions (the
history's index rows), whether today is a rest day, the flare-up rule's answer, the routines
and the strength routine's targets. The picker's top line, `lowback today`, `remind now` and
the calendar file all read the same plan, so they never disagree.

The shape of the day comes from the source article "The most effective lower back exercises
for relieving back pain": strength work after a walk in the morning; in the evening the
flexibility and relaxing routines, a couple of hours on the floor across an evening for the
diligent; real relief after a couple of months of it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from lowback_tui.core.flare import is_strength
from lowback_tui.core.routine import Routine

#: The article's evening: "a couple of hours on the floor".
FLOOR_GOAL_MINUTES = 120
#: The routines each part suggests when the history names none (built-in ids).
MORNING_ROUTINE = "core-strength"
EVENING_ROUTINE = "static-back"
#: Said during the first week of use: the article's "relief takes months", in our words.
FIRST_WEEK_DAYS = 7
PATIENCE_NOTE = (
    "Relief takes months, not days: most people feel real relief after a couple of months of "
    "this, and it can take a year to be rid of the pain. Keep at it."
)
#: The default times of day (settings `morning` and `evening`).
DEFAULT_MORNING = "07:30"
DEFAULT_EVENING = "20:00"
#: After this (or an hour after a later evening time) no reminder is sent: it is night.
NIGHT_FROM = dt.time(22, 0)

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")

DONE, NEXT, LATER, MISSED = "done", "next", "later", "missed"
NOT_TODAY, REST = "not today", "rest day"


class TimeOfDayError(ValueError):
    """A time of day that is not HH:MM."""


def parse_time_of_day(text: object, what: str = "time") -> dt.time:
    """ "07:30" -> 07:30; TimeOfDayError saying what was expected otherwise."""
    match = _CLOCK.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise TimeOfDayError(f"{what}: got {text!r}, expected a time of day HH:MM such as 07:30")
    return dt.time(int(match[1]), int(match[2]))


def clock_text(moment: dt.time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


@dataclass(frozen=True)
class DaySession:
    """What the plan needs of one session of today (an index row, in practice)."""

    routine_id: str
    routine_name: str
    completed: bool
    active_seconds: float
    strength: bool
    """Its routine has strength steps (`hold` or `reps`)."""


@dataclass(frozen=True)
class DayPart:
    """The morning or the evening: what to do, and where it stands."""

    name: str
    """ "morning" or "evening"."""
    at: dt.time
    state: str
    """done, next, later, missed, not today or rest day."""
    routine_id: str | None
    routine_name: str | None
    what: str
    """What to do, in a sentence ("A walk, then Core strength")."""
    why: str
    """Why it is in this state ("done: Core strength completed", "flare-up: …")."""
    details: tuple[str, ...] = ()
    """Today's targets (morning), floor minutes (evening)."""
    short: tuple[str, ...] = ()
    """Today's targets in brief ("Push-ups 30"), for a notification."""

    @property
    def open(self) -> bool:
        """Still to do today: a reminder may name it."""
        return self.state in (NEXT, LATER)


@dataclass(frozen=True)
class DayPlan:
    day: dt.date
    morning: DayPart
    evening: DayPart
    floor_minutes: int
    floor_goal: int
    rest_day: bool
    flare: str | None
    first_week: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def parts(self) -> tuple[DayPart, DayPart]:
        return (self.morning, self.evening)

    @property
    def next_part(self) -> DayPart | None:
        return next((part for part in self.parts if part.state == NEXT), None)

    def part_at(self, now: dt.time) -> DayPart | None:
        """The part a reminder at `now` is about: the morning from its time until the evening,
        the evening from its time until night; None before the morning and at night."""
        night = max(NIGHT_FROM, _plus_hours(self.evening.at, 1))
        if now >= night or now < self.morning.at:
            return None
        return self.evening if now >= self.evening.at else self.morning


def _plus_hours(moment: dt.time, hours: int) -> dt.time:
    total = min(moment.hour * 60 + moment.minute + hours * 60, 23 * 60 + 59)
    return dt.time(total // 60, total % 60)


def _pick(
    routines: list[Routine], recent: list[DaySession], strength: bool, usual: str
) -> Routine | None:
    """The routine a part suggests: the one of its kind done most recently, else the usual
    built-in one, else the first of its kind."""
    fitting = [routine for routine in routines if is_strength(routine) == strength]
    by_id = {routine.id: routine for routine in fitting}
    for session in recent:  # newest first
        if session.strength == strength and session.routine_id in by_id:
            return by_id[session.routine_id]
    return by_id.get(usual) or (fitting[0] if fitting else None)


def day_plan(
    *,
    day: dt.date,
    now: dt.time,
    sessions_today: list[DaySession],
    recent: list[DaySession],
    rest_day: bool,
    flare: str | None,
    routines: list[Routine],
    target_lines: dict[str, list[str]],
    morning_at: dt.time,
    evening_at: dt.time,
    first_use: dt.date | None,
    target_short: dict[str, list[str]] | None = None,
) -> DayPlan:
    """The day's plan. `sessions_today`: today's sessions (local day), newest first; `recent`:
    sessions of the last weeks, newest first, to suggest the routines the user does;
    `target_lines`: per strength routine id, today's target of each tracked step
    ("Push-ups: Today 30 · …");
    `first_use`: the day lowback was first used (None: today); `target_short`: the same
    targets in brief ("Push-ups 30"), for a notification."""
    floor_seconds = sum(s.active_seconds for s in sessions_today if not s.strength)
    floor_minutes = int(floor_seconds // 60)
    strong = next((s for s in sessions_today if s.strength and s.completed), None)
    floor_done = next((s for s in sessions_today if not s.strength and s.completed), None)
    strength_routine = _pick(routines, [*sessions_today, *recent], True, MORNING_ROUTINE)
    floor_routine = _pick(routines, [*sessions_today, *recent], False, EVENING_ROUTINE)

    if strength_routine is None:
        morning_what, morning_id, morning_name = "A walk", None, None
        details: tuple[str, ...] = ()
        short: tuple[str, ...] = ()
    else:
        morning_id, morning_name = strength_routine.id, strength_routine.name
        morning_what = f"A walk, then {strength_routine.name}"
        details = tuple(target_lines.get(strength_routine.id, ()))
        short = tuple((target_short or {}).get(strength_routine.id, ()))
    if floor_routine is None:
        evening_what, evening_id, evening_name = "Time on the floor", None, None
    else:
        evening_id, evening_name = floor_routine.id, floor_routine.name
        evening_what = f"{floor_routine.name} ({_minutes_of(floor_routine)}), then more floor time"
    floor_line = f"{floor_minutes} of {FLOOR_GOAL_MINUTES} floor minutes so far"

    def state(done: DaySession | None, blocked: str | None) -> tuple[str, str]:
        if done is not None:
            return DONE, f"done: {done.routine_name} completed"
        if rest_day:
            return REST, "today is a rest day (it keeps your streak)"
        if blocked:
            return NOT_TODAY, blocked
        return NEXT, ""

    m_state, m_why = state(strong, f"flare-up today ({flare})" if flare else None)
    e_state, e_why = state(floor_done, None)
    if flare and e_state == NEXT:
        e_why = f"flare-up today ({flare}): a calm routine suits it"
    # One part is next: the morning until the evening comes, then the evening.
    if m_state == NEXT and now >= evening_at:
        m_state, m_why = MISSED, "the evening has come; strength again tomorrow morning"
    elif m_state == NEXT:
        m_why = "strength after a walk, in the morning"
        if e_state == NEXT:
            e_state = LATER
    if e_state in (NEXT, LATER) and not e_why:
        e_why = "flexibility and relaxing routines on the floor"
    morning = DayPart(
        "morning",
        morning_at,
        m_state,
        morning_id,
        morning_name,
        morning_what,
        m_why,
        details,
        short,
    )
    evening = DayPart(
        "evening",
        evening_at,
        e_state,
        evening_id,
        evening_name,
        evening_what,
        e_why,
        (floor_line,),
    )
    first_week = first_use is None or (day - first_use).days < FIRST_WEEK_DAYS
    return DayPlan(
        day,
        morning,
        evening,
        floor_minutes,
        FLOOR_GOAL_MINUTES,
        rest_day,
        flare,
        first_week,
        (PATIENCE_NOTE,) if first_week else (),
    )


def _minutes_of(routine: Routine) -> str:
    from lowback_tui.core.plan import estimate_seconds
    from lowback_tui.core.words import about

    return about(estimate_seconds(routine))
