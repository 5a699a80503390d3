"""Today's target for each step, derived from the history alone (docs/design.md "Progression").

A reps ladder (`target = [20, 30, 40]`) and a hold build-up (`start`, `increase`, up to `hold`)
are rungs. A step moves up one rung after `advance_after` good sessions in a row at its rung
(target reached, no "this hurts" anywhere in the session, pain after no higher than before) and
down one rung after a "this hurts" at the step. A step not done for BREAK_DAYS or more starts
one rung lower (a build-up back at its start). Nothing stores the rung: it is recomputed from
the sessions, so the same history (and day) always gives the same target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from lowback_tui.core.durations import Duration, format_seconds
from lowback_tui.core.records import DONE, HURT, IN_PROGRESS, SKIPPED, HoldRecord, SessionRecord
from lowback_tui.core.routine import Routine, Step
from lowback_tui.core.step_kind import StepKind

#: Held seconds within this of the target count as reaching it (timer rounding).
REACHED_SLACK = 0.05
#: Shown in full up to this many rungs; longer build-ups are shortened around today's rung.
SHOWN_RUNGS = 5
#: A step not done for this many days or more starts one rung lower (article 004 builds up
#: "as the weeks go by"; after a break the body has lost some of it).
BREAK_DAYS = 14


@dataclass(frozen=True)
class StepProgress:
    """Where one step stands today."""

    step_number: int
    rungs: tuple[float, ...]
    """Counts (reps) or seconds (holds), lowest first; () for an open hold (best only)."""
    rung: int
    """Today's rung, 0-based."""
    good_in_a_row: int
    """Good sessions at today's rung so far (the next rung comes at `advance_after`)."""
    advance_after: int
    best: float | None
    """The most reps or the longest hold on record for the step; None before the first."""
    counts: bool
    """True for a reps step (rungs and best are counts), False for seconds."""
    away_days: int | None = None
    """Days since the step was last done, when that is BREAK_DAYS or more (it stepped down)."""

    @property
    def target(self) -> float | None:
        return self.rungs[self.rung] if self.rungs else None

    def amount(self, value: float) -> str:
        return f"{value:g}" if self.counts else format_seconds(value)

    def rungs_text(self) -> str:
        """ "20 → [30] → 40": the ladder with today's rung marked, shortened when long."""
        if not self.rungs:
            return ""
        shown = [
            f"[{self.amount(v)}]" if i == self.rung else self.amount(v)
            for i, v in enumerate(self.rungs)
        ]
        if len(shown) > SHOWN_RUNGS:
            last = len(shown) - 1
            keep = sorted({0, max(0, self.rung - 1), self.rung, min(last, self.rung + 1), last})
            parts: list[str] = []
            for previous, index in zip([None, *keep], keep, strict=False):
                if previous is not None and index - previous > 1:
                    parts.append("…")
                parts.append(shown[index])
            shown = parts
        return " → ".join(shown)

    def best_text(self) -> str:
        unit = " reps" if self.counts else ""
        return "none yet" if self.best is None else f"{self.amount(self.best)}{unit}"

    def line(self) -> str:
        """ "Today 30 · 20 → [30] → 40 · 1 of 3 good sessions · best 34 reps"."""
        parts = []
        if self.target is not None and self.away_days is not None:
            gap = break_words(self.away_days)
            parts.append(f"Back after {gap}: {self.amount(self.target)} today")
            parts.append(self.rungs_text())
        elif self.target is not None:
            parts.append(f"Today {self.amount(self.target)}")
            parts.append(self.rungs_text())
            if self.rung < len(self.rungs) - 1:
                parts.append(f"{self.good_in_a_row} of {self.advance_after} good sessions")
            else:
                parts.append("top rung")
        parts.append(f"best {self.best_text()}")
        return " · ".join(parts)


def break_words(days: int) -> str:
    """ "3 weeks", "13 months", "2 years": how long a break was, roughly."""
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


def started_on(started_at: str) -> dt.date | None:
    """The local day a session started (its own offset), None if the stamp is unreadable."""
    try:
        return dt.datetime.fromisoformat(started_at).date()
    except ValueError:
        return None


def rungs_of(step: Step) -> tuple[float, ...]:
    """The rungs of a ladder or a build-up; () for a step without progression."""
    if step.ladder:
        return tuple(float(count) for count in step.ladder)
    if step.start is not None and step.increase is not None and step.hold is not None:
        top, value = step.hold.minimum, step.start.minimum
        rungs: list[float] = []
        while value < top - 1e-9 and len(rungs) < 1000:
            rungs.append(value)
            value += step.increase.minimum
        return (*rungs, top)
    return ()


def tracked(step: Step) -> bool:
    """Steps whose progress is shown: ladders, build-ups, open holds and reps (best)."""
    open_hold = step.hold is not None and step.hold.open
    return step.progresses or open_hold or step.kind == StepKind.REPS


class StepFacts(NamedTuple):
    """What one session did at one step (its name and kind): all progression needs of it."""

    holds: int
    best: float | None
    """The most seconds held or reps done in a hold that was not skipped."""
    floor: float | None
    """The least held or done when every hold ended "done"; None when one did not."""


StepKey = tuple[str, str]
"""A step's name and kind, as its holds record them."""


class SessionFacts(NamedTuple):
    """A session reduced to what progression reads: the history index keeps one per session,
    so today's targets never need the sessions in full (their holds)."""

    id: str
    started_at: str
    status: str
    hurt_step: str | None
    pain_before: int | None
    pain_after: int | None
    steps: Mapping[StepKey, StepFacts]


def step_facts(holds: Iterable[HoldRecord]) -> dict[StepKey, StepFacts]:
    """Each step's facts in a session, from its holds."""
    grouped: dict[StepKey, list[HoldRecord]] = {}
    for hold in holds:
        grouped.setdefault((hold.step_name, hold.kind), []).append(hold)
    facts = {}
    for key, group in grouped.items():
        counts = key[1] == StepKind.REPS
        done = [hold.count_done if counts else hold.held_seconds for hold in group]
        kept = [float(v) for hold, v in zip(group, done, strict=True) if v is not None]
        best = max(
            (
                float(v)
                for h, v in zip(group, done, strict=True)
                if h.outcome != SKIPPED and v is not None
            ),
            default=None,
        )
        full = all(hold.outcome == DONE for hold in group) and len(kept) == len(group)
        facts[key] = StepFacts(len(group), best, min(kept) if full else None)
    return facts


def facts_of(record: SessionRecord) -> SessionFacts:
    return SessionFacts(
        record.id,
        record.started_at,
        record.status,
        record.hurt_step,
        record.pain_before,
        record.pain_after,
        step_facts(record.holds),
    )


def start_key(record: SessionFacts) -> tuple[float, str]:
    """The order progression reads sessions in: by start (UTC), then id."""
    try:
        moment = dt.datetime.fromisoformat(record.started_at)
    except ValueError:
        return (0.0, record.id)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return (moment.timestamp(), record.id)


def hurt_at(record: SessionFacts | SessionRecord, step: Step) -> bool:
    """Whether "this hurts" was pressed during this step ("Plank", "Knee to chest — left")."""
    if record.hurt_step is None:
        return False
    return record.hurt_step.split(" — ")[0] == step.name


class Ladder:
    """One step's standing, fed its routine's sessions oldest first, one at a time (so a long
    history is read once, as a stream, and never held in memory)."""

    def __init__(self, step_number: int, step: Step) -> None:
        self.step_number, self.step = step_number, step
        self.rungs = rungs_of(step)
        self.rung = self.good = 0
        self.best: float | None = None
        self.key = (step.name, step.kind)
        self.last_done: dt.date | None = None
        """The local day the step was last done (a hold not skipped)."""

    def feed(self, record: SessionFacts) -> None:
        facts = record.steps.get(self.key)
        best = None if facts is None else facts.best
        if best is not None and (self.best is None or best > self.best):
            self.best = best
        day = started_on(record.started_at)
        if day is not None and self._after_break(day) is not None:
            self.rung, self.good = self._stepped_down(), 0  # this session ran a rung lower
        if best is not None and day is not None:
            self.last_done = max(day, self.last_done or day)
        if hurt_at(record, self.step):
            self.rung, self.good = max(0, self.rung - 1), 0
            return
        if facts is None or not facts.holds or not self.rungs:
            return
        target = self.rungs[self.rung]
        all_reached = facts.floor is not None and facts.floor >= target - REACHED_SLACK
        # A "this hurts" anywhere in the session, or more pain after than before, makes it a
        # session that was not good for any of its steps (Exercise for Lower Back Pain).
        worse = (
            record.hurt_step is not None
            or record.status == HURT
            or (
                record.pain_before is not None
                and record.pain_after is not None
                and record.pain_after > record.pain_before
            )
        )
        if all_reached and not worse:
            self.good += 1
            if self.good >= self.step.advance_after:
                self.rung, self.good = min(self.rung + 1, len(self.rungs) - 1), 0
        else:
            self.good = 0

    def _after_break(self, day: dt.date) -> int | None:
        """Days since the step was last done, when that is a break (BREAK_DAYS or more)."""
        if self.last_done is None or not self.rungs:
            return None
        days = (day - self.last_done).days
        return days if days >= BREAK_DAYS else None

    def _stepped_down(self) -> int:
        """The rung after a break: one lower on a ladder, a build-up back at its start."""
        return max(0, self.rung - 1) if self.step.ladder else 0

    def standing(self, on: dt.date | None = None) -> StepProgress:
        """Where the step stands on the day `on` (None: as if no time had passed)."""
        counts = self.step.kind == StepKind.REPS
        step = self.step
        rung, good, away = self.rung, self.good, None
        if on is not None:
            away = self._after_break(on)
            if away is not None:
                rung, good = self._stepped_down(), 0
        return StepProgress(
            self.step_number, self.rungs, rung, good, step.advance_after, self.best, counts, away
        )


class RoutineProgress:
    """Every tracked step of a routine, fed the routine's sessions oldest first."""

    def __init__(self, routine: Routine) -> None:
        self.ladders = [
            Ladder(number, step)
            for number, step in enumerate(routine.steps, start=1)
            if tracked(step)
        ]

    def feed(self, record: SessionFacts) -> None:
        if record.status == IN_PROGRESS:
            return  # a session still running has not finished any step's verdict
        for ladder in self.ladders:
            ladder.feed(record)

    def standing(self, on: dt.date | None = None) -> dict[int, StepProgress]:
        return {ladder.step_number: ladder.standing(on) for ladder in self.ladders}


def progress_of(step_number: int, step: Step, sessions: list[SessionFacts]) -> StepProgress:
    """One step's standing after `sessions` (those of its routine, oldest first)."""
    ladder = Ladder(step_number, step)
    for record in sessions:
        ladder.feed(record)
    return ladder.standing()


def today(
    routine: Routine, history: Iterable[SessionRecord], on: dt.date | None = None
) -> dict[int, StepProgress]:
    """Each tracked step's progress (by step number, from 1) for the next session of `routine`
    on the day `on` (a break of BREAK_DAYS steps down; None: no break is counted)."""
    facts = (facts_of(r) for r in history if r.routine_id == routine.id)
    return today_from_facts(routine, facts, on)


def today_from_facts(
    routine: Routine, history: Iterable[SessionFacts], on: dt.date | None = None
) -> dict[int, StepProgress]:
    """today() from the facts of `routine`'s sessions (in any order)."""
    progress = RoutineProgress(routine)
    for record in sorted(history, key=start_key):
        progress.feed(record)
    return progress.standing(on)


def has_progress(routine: Routine) -> bool:
    """Whether any step of `routine` is tracked (else its targets need no history at all)."""
    return any(tracked(step) for step in routine.steps)


def with_targets(routine: Routine, progress: dict[int, StepProgress]) -> Routine:
    """The routine as today's session runs it: each ladder or build-up at today's rung."""
    steps = list(routine.steps)
    for number, standing in progress.items():
        step, target = steps[number - 1], standing.target
        if target is None or not step.progresses:
            continue
        if step.kind == StepKind.REPS:
            steps[number - 1] = replace(step, target=int(target))
        else:
            steps[number - 1] = replace(step, hold=Duration(target, target))
    return replace(routine, steps=tuple(steps))
