"""What counts as done, and when a session counts as completed (the rule the README states)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lowback_tui.core.plan import PlannedHold, is_work
from lowback_tui.core.records import (
    COMPLETED,
    DONE,
    PARTIAL,
    SKIPPED,
    HoldRecord,
    SessionRecord,
    Status,
)
from lowback_tui.core.step_kind import StepKind

#: A session counts as completed when at least this share of its planned holds was done.
COMPLETED_SHARE = 0.5
#: An open hold ("30s+") held at least this long is a result, even below its target.
OPEN_HOLD_SECONDS = 1.0


def counts_as_done(hold: HoldRecord) -> bool:
    """A hold of real work that was done: not a rest, not skipped, not let go before its
    minimum (an open hold's time is its result; a reps set needs at least one repetition)."""
    if hold.kind == StepKind.REST or hold.outcome == SKIPPED:
        return False
    if hold.count_done is not None:
        return hold.count_done > 0
    if hold.planned_max_seconds is None:  # open hold: how long it was held is the test
        return (hold.held_seconds or 0.0) >= OPEN_HOLD_SECONDS
    return hold.outcome == DONE


def ending_status(plan: Iterable[PlannedHold], done: Mapping[int, bool]) -> Status:
    """`completed` when at least half the planned holds (rests aside) were done, else
    `partial`. A "this hurts" stop ends a session before this is asked."""
    done_count, planned = done_of_planned(plan, done)
    if done_count and done_count >= COMPLETED_SHARE * planned:
        return COMPLETED
    return PARTIAL


def done_of_planned(plan: Iterable[PlannedHold], done: Mapping[int, bool]) -> tuple[int, int]:
    """Holds done and holds planned, rests aside, while a session runs (its engine's view)."""
    planned = [hold.index for hold in plan if is_work(hold)]
    return sum(1 for index in planned if done.get(index, False)), len(planned)


@dataclass(frozen=True)
class Tally:
    """A session's holds counted as people read them: done of planned, and skipped."""

    done: int
    planned: int
    """Holds planned, rests aside."""
    skipped: int


def tally(session: SessionRecord) -> Tally:
    """Count each hold of the plan once (the last try of a redone hold counts)."""
    last: dict[int, HoldRecord] = {hold.index: hold for hold in session.holds}
    work = [hold for hold in last.values() if hold.kind != StepKind.REST]
    planned = max(session.planned_holds - session.planned_rests, len(work))
    return Tally(
        done=sum(1 for hold in work if counts_as_done(hold)),
        planned=planned,
        skipped=sum(1 for hold in work if hold.outcome == SKIPPED),
    )


def why_not_counted(session: SessionRecord) -> str:
    """For a `partial` session: why it does not count as completed."""
    counts = tally(session)
    needed = max(1, -(-counts.planned // 2))
    return (
        f"Only {counts.done} of {counts.planned} holds were done; a session counts "
        f"(and keeps your streak) when at least {needed} are."
    )
