"""What a session leaves behind: the record of each hold and of the session as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    """How one hold ended. A StrEnum equals its text, which is what the history stores."""

    DONE = "done"
    RELEASED_EARLY = "released early"
    SKIPPED = "skipped"


class Status(StrEnum):
    """How a session ended. "in progress" is only ever seen on disk while a session runs, or
    after a crash, until the next start marks it "interrupted"."""

    IN_PROGRESS = "in progress"
    COMPLETED = "completed"
    PARTIAL = "partial"
    """Reached the end with too little done to count (the rule is in core/tally.py)."""
    STOPPED = "stopped"
    HURT = "hurt"
    INTERRUPTED = "interrupted"


# Short names for the members, as the rest of the code has always used them.
DONE = Outcome.DONE
RELEASED_EARLY = Outcome.RELEASED_EARLY
SKIPPED = Outcome.SKIPPED
OUTCOMES = tuple(Outcome)

IN_PROGRESS = Status.IN_PROGRESS
COMPLETED = Status.COMPLETED
PARTIAL = Status.PARTIAL
STOPPED = Status.STOPPED
HURT = Status.HURT
INTERRUPTED = Status.INTERRUPTED
STATUSES = tuple(Status)

#: The reason a hold skipped by a gate records: the test step before it was not passed and
#: the user took the safe answer (docs/design.md "Safety").
GATE_NOT_PASSED = "gate not passed"


@dataclass(frozen=True)
class HoldRecord:
    """One finished hold (or reps set): what was planned and what was done."""

    index: int
    """Position in the routine's expanded plan (0-based): where a resume starts after it."""
    step_number: int
    step_name: str
    kind: str
    side: str | None
    rep: int
    reps: int
    planned: str
    """As the routine says it: "8-10s", "30s+", "20 reps"."""
    planned_min_seconds: float | None
    planned_max_seconds: float | None
    target_count: int | None
    held_seconds: float | None
    """Seconds actually held (timed holds); None for a reps set."""
    count_done: int | None
    """Repetitions done (reps sets); None for a timed hold."""
    outcome: Outcome
    finished_at: str
    """ISO 8601 with offset."""
    reason: str | None = None
    """Why a hold was skipped when the user did not skip it: GATE_NOT_PASSED."""


@dataclass(frozen=True)
class SessionRecord:
    """One session of one routine, from the first get-ready to its end (or interruption)."""

    id: str
    routine_id: str
    routine_name: str
    started_at: str
    """ISO 8601 with the local offset."""
    status: Status = Status.IN_PROGRESS
    ended_at: str | None = None
    active_seconds: float = 0.0
    """Time spent in holds, rests and get-ready countdowns; paused time never counts."""
    holds: tuple[HoldRecord, ...] = field(default_factory=tuple)
    planned_holds: int = 0
    """How many holds the routine expands into, so completion can be shown as done/planned."""
    planned_rests: int = 0
    """How many of those are timed rests (steps of kind "rest"): they are not work."""
    pain_before: int | None = None
    pain_after: int | None = None
    hurt_step: str | None = None
    """The step during which "this hurts" was pressed."""
    hurt_level: int | None = None
    note: str = ""
    hold_in_progress: int | None = None
    """The plan index of the hold under way at the last checkpoint (every 15 s of a hold), so
    that a resume after a kill continues it; None between holds."""
    held_in_progress: float = 0.0
    """Seconds of that hold held by the last checkpoint."""

    @property
    def resume_index(self) -> int:
        """The hold an interrupted session resumes at: the one after the last finished hold."""
        return self.holds[-1].index + 1 if self.holds else 0
