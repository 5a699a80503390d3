"""A routine expanded into the holds a session walks through: each step, each rep, each side."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lowback_tui.core.durations import Duration, format_duration
from lowback_tui.core.routine import Routine, Step
from lowback_tui.core.step_kind import StepKind

#: What a reps set is assumed to take per repetition, for the estimate only.
SECONDS_PER_REPETITION = 3.0


def step_length(step: Step) -> str:
    """How long (or how many) one hold of a step is: "8-10s", "30s+", "20m" or "20 reps"."""
    if step.hold is None:
        return f"{step.target} reps"
    return format_duration(step.hold)


@dataclass(frozen=True)
class PlannedHold:
    """One hold (or one reps set) of a session, in order."""

    index: int
    step_number: int
    step: Step
    rep: int
    side: str | None

    @property
    def duration(self) -> Duration | None:
        return self.step.hold

    @property
    def planned_text(self) -> str:
        """ "8-10s", "30s+" or "20 reps", as the history records the plan."""
        return step_length(self.step)

    @property
    def title(self) -> str:
        """Step name with its side: "Knee to chest — left"."""
        return f"{self.step.name} — {self.side}" if self.side else self.step.name


def expand(routine: Routine) -> tuple[PlannedHold, ...]:
    """Every hold of the routine in the order a session does them."""
    holds: list[PlannedHold] = []
    for step_number, step in enumerate(routine.steps, start=1):
        for rep in range(1, step.reps + 1):
            for side in step.side_list:
                holds.append(PlannedHold(len(holds), step_number, step, rep, side))
    return tuple(holds)


def hold_seconds_estimate(step: Step) -> float:
    """How long one hold of a step is expected to take."""
    if step.hold is None:
        return (step.target or 0) * SECONDS_PER_REPETITION
    return step.hold.maximum


def estimate_seconds(routine: Routine) -> float:
    """Expected length of a session: get-ready before each step, holds, rests between them."""
    total = 0.0
    previous: PlannedHold | None = None
    for hold in expand(routine):
        if previous is None or previous.step_number != hold.step_number:
            total += 0 if hold.step.kind == StepKind.REST else routine.prepare.maximum
        else:
            total += routine.rest.maximum
        total += hold_seconds_estimate(hold.step)
        previous = hold
    return total


def is_work(hold: PlannedHold) -> bool:
    """A hold that counts (a rest does not): the rule every count of holds uses."""
    return hold.step.kind != StepKind.REST


def planned_work(plan: Iterable[PlannedHold]) -> int:
    """The holds a plan asks for, rests aside: what every surface counts "of" (one rule)."""
    return sum(1 for hold in plan if is_work(hold))
