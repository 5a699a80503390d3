"""What the session engine emits: its phases and events (cues, finished holds, questions), the
marks within a phase (a countdown, a range's soft cue, the minutes left) and the record of a
finished hold."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum, StrEnum

from lowback_tui.core.plan import PlannedHold
from lowback_tui.core.records import HoldRecord, Outcome, Status

#: "3, 2, 1" is said this long before a hold starts (at the start of a shorter countdown).
COUNTDOWN_SECONDS = 3.0
#: A long hold says the minutes left this often.
MINUTES_EVERY = 300.0


class Phase(Enum):
    """Where the session is."""

    GET_READY = "get ready"
    REST = "rest"
    HOLD = "hold"
    COUNT = "count"
    """A reps set: no timer, the user adjusts the count done and confirms."""
    ENDED = "ended"


class CueStrength(StrEnum):
    """Which sound a cue is."""

    START = "start"
    """A hold begins."""
    SOFT = "soft"
    """The user may release (a range's minimum, an open hold's target)."""
    STRONG = "strong"
    """The hold ends."""


@dataclass(frozen=True)
class Cue:
    """A sound for the user at a moment of the session."""

    strength: CueStrength


@dataclass(frozen=True)
class HoldFinished:
    """A hold was done, released early or skipped: persist it."""

    record: HoldRecord


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase
    index: int
    length: float | None = None
    """Seconds the phase lasts when nothing is pressed; None for open holds and reps sets."""


@dataclass(frozen=True)
class Countdown:
    """A hold starts in `seconds` (3, or less in a shorter countdown): time for "3, 2, 1"."""

    seconds: float


@dataclass(frozen=True)
class MinutesLeft:
    """A long hold has this many whole minutes to go (said every 5 minutes)."""

    minutes: int


@dataclass(frozen=True)
class WallJump:
    """The machine slept for `seconds` during a hold; `answer_jump` says whether it counted."""

    seconds: float


@dataclass(frozen=True)
class Paused:
    """Space stopped the clock (True) or started it again (False)."""

    paused: bool


@dataclass(frozen=True)
class SessionEnded:
    status: Status


@dataclass(frozen=True)
class GateQuestion:
    """A gate step (the plank test) fell short of its target or hurt: the clock is stopped
    until `answer_gate` says whether to go on with the rest of the routine."""

    step_name: str
    hurt: bool


Event = (
    Cue
    | HoldFinished
    | PhaseStarted
    | WallJump
    | SessionEnded
    | Countdown
    | MinutesLeft
    | GateQuestion
    | Paused
)


def phase_marks(
    phase: Phase, hold: PlannedHold | None, length: float | None
) -> list[tuple[float, Event]]:
    """What happens within a phase of `length` seconds before its end, by seconds into it."""
    if hold is None:
        return []
    if phase in (Phase.GET_READY, Phase.REST) and length is not None:
        lead = length - COUNTDOWN_SECONDS
        return [(lead, Countdown(COUNTDOWN_SECONDS))] if lead > 0 else []
    duration = hold.duration
    if phase is not Phase.HOLD or duration is None:
        return []
    marks: list[tuple[float, Event]] = []
    if (duration.is_range or duration.open) and (length is None or duration.minimum < length):
        marks.append((duration.minimum, Cue(CueStrength.SOFT)))
    if length is not None:
        for number in range(1, math.ceil(length / MINUTES_EVERY)):
            at = number * MINUTES_EVERY
            marks.append((at, MinutesLeft(round((length - at) / 60))))
    return sorted(marks, key=lambda mark: mark[0])


def hold_record(
    hold: PlannedHold, outcome: Outcome, held: float, count: int, finished_at: str
) -> HoldRecord:
    """A finished hold as recorded: `held` seconds of a timed hold, `count` done of a reps set."""
    duration = hold.duration
    counting = duration is None
    return HoldRecord(
        index=hold.index,
        step_number=hold.step_number,
        step_name=hold.step.name,
        kind=hold.step.kind,
        side=hold.side,
        rep=hold.rep,
        reps=hold.step.reps,
        planned=hold.planned_text,
        planned_min_seconds=None if duration is None else duration.minimum,
        planned_max_seconds=None if duration is None or duration.open else duration.maximum,
        target_count=hold.step.target if counting else None,
        held_seconds=None if counting else round(held, 3),
        count_done=count if counting else None,
        outcome=outcome,
        finished_at=finished_at,
    )
