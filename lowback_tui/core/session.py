"""The session engine: a state machine over a routine's holds, driven by an injected clock.

Every duration is a deadline on the monotonic clock. A phase that ends at its deadline hands
over to the next one *at that deadline*, however late the tick that notices it, so late or
dropped ticks never stretch a session. A screen only calls the action methods, `tick()` at
`next_deadline()` (and whenever it repaints), and renders the read-only properties.
"""

from __future__ import annotations

from dataclasses import replace

from lowback_tui.core.clock import Clock, iso_from_wall
from lowback_tui.core.plan import PlannedHold, expand
from lowback_tui.core.records import (
    DONE,
    GATE_NOT_PASSED,
    HURT,
    RELEASED_EARLY,
    SKIPPED,
    STOPPED,
    HoldRecord,
    Outcome,
    Status,
)
from lowback_tui.core.routine import Routine
from lowback_tui.core.session_events import (
    COUNTDOWN_SECONDS,
    MINUTES_EVERY,
    Countdown,
    Cue,
    CueStrength,
    Event,
    GateQuestion,
    HoldFinished,
    MinutesLeft,
    Paused,
    Phase,
    PhaseStarted,
    SessionEnded,
    WallJump,
    hold_record,
    phase_marks,
)
from lowback_tui.core.step_kind import StepKind
from lowback_tui.core.tally import counts_as_done, ending_status

__all__ = [
    "COUNTDOWN_SECONDS",
    "MAX_COUNT",
    "MINUTES_EVERY",
    "PARTIAL_HOLD_SECONDS",
    "WALL_JUMP_THRESHOLD",
    "Countdown",
    "Cue",
    "CueStrength",
    "Event",
    "GateQuestion",
    "HoldFinished",
    "MinutesLeft",
    "Paused",
    "Phase",
    "PhaseStarted",
    "SessionEnded",
    "SessionEngine",
    "WallJump",
]

#: A wall-clock jump past the monotonic clock larger than this, during a hold, means the
#: machine slept (monotonic time stops in suspend) and the user is asked whether it counted.
WALL_JUMP_THRESHOLD = 30.0
#: A hold under way when the session is stopped is kept if it lasted at least this long.
PARTIAL_HOLD_SECONDS = 1.0
#: The most repetitions a reps set records.
MAX_COUNT = 999


class SessionEngine:
    """Walks one routine's holds: get-ready, hold, rest, cues, pause, skip, back, stop."""

    def __init__(
        self,
        routine: Routine,
        clock: Clock,
        *,
        start_index: int = 0,
        tz: str | None = None,
        done_before: dict[int, bool] | None = None,
        carried: float = 0.0,
    ) -> None:
        self.routine = routine
        self.clock = clock
        self.plan: tuple[PlannedHold, ...] = expand(routine)
        self.tz = tz
        self.index = min(max(start_index, 0), len(self.plan))
        self.phase = Phase.ENDED
        self.status: Status | None = None
        self.count = 0
        """The reps done in the current reps set, adjusted by the user (starts at 0)."""
        self.count_set = False
        """Whether the user has set the count of this reps set (Enter needs a count)."""
        self.pending_jump: float | None = None
        self.hurt_step: str | None = None
        self.done: dict[int, bool] = dict(done_before or {})
        """Whether each finished hold counts as done (by plan index; a redone hold's last
        try counts), including those before a resume."""
        self.pending_gate: GateQuestion | None = None
        """Asked and not answered yet; the clock is stopped meanwhile."""
        self._phase_start = 0.0
        self._phase_length: float | None = None
        self._paused_at: float | None = None
        self._marks_passed = 0
        """How many of the current phase's marks (cues within it) have happened."""
        self._active_before = 0.0
        self._last_seen = (0.0, 0.0)
        self._carried = (self.index, carried) if carried > 0 else None
        """Seconds of the first hold held before a kill (a checkpoint): it goes on from there."""

    # -- reading -------------------------------------------------------------------------

    @property
    def current(self) -> PlannedHold | None:
        """The hold being done or about to be done."""
        return self.plan[self.index] if self.index < len(self.plan) else None

    @property
    def upcoming(self) -> PlannedHold | None:
        """The hold after the current one."""
        return self.plan[self.index + 1] if self.index + 1 < len(self.plan) else None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def ended(self) -> bool:
        return self.phase is Phase.ENDED

    def elapsed(self) -> float:
        """Seconds into the current phase, paused time excluded."""
        if self.phase is Phase.ENDED:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock.monotonic()
        return max(0.0, now - self._phase_start)

    def remaining(self) -> float | None:
        """Seconds to the end of a timed phase; None for open holds and reps sets."""
        if self._phase_length is None:
            return None
        return max(0.0, self._phase_length - self.elapsed())

    def active_seconds(self) -> float:
        """Time spent in the session so far, paused time excluded."""
        return self._active_before + self.elapsed()

    def next_deadline(self) -> float | None:
        """Monotonic time of the next thing that happens by itself (cue or end), if any."""
        if self.paused or self.phase in (Phase.ENDED, Phase.COUNT):
            return None
        marks = self._marks()
        if self._marks_passed < len(marks):
            return self._phase_start + marks[self._marks_passed][0]
        if self._phase_length is None:
            return None
        return self._phase_start + self._phase_length

    def _marks(self) -> list[tuple[float, Event]]:
        """What happens within the current phase before its end, by seconds into it."""
        return phase_marks(self.phase, self.current, self._phase_length)

    # -- driving -------------------------------------------------------------------------

    def start(self) -> list[Event]:
        """Begin at `start_index` (0, or where an interrupted session stopped)."""
        now = self.clock.monotonic()
        self._last_seen = (now, self.clock.wall())
        events: list[Event] = []
        if self.index >= len(self.plan):
            return self._end(ending_status(self.plan, self.done), events)
        self._enter_countdown_or_hold(now, events, first_of_step=True)
        return events

    def tick(self) -> list[Event]:
        """Catch up with the clock: cues and phase ends whose deadlines have passed."""
        events: list[Event] = []
        if self.ended or self.pending_gate is not None:
            return events
        now, wall = self.clock.monotonic(), self.clock.wall()
        last_now, last_wall = self._last_seen
        self._last_seen = (now, wall)
        # Both deltas in clock seconds: the wall clock runs at real speed under a time scale.
        jump = (wall - last_wall) * self.clock.scale - (now - last_now)
        if jump > WALL_JUMP_THRESHOLD and self.phase is Phase.HOLD:
            if not self.paused:
                self._paused_at = now
            self.pending_jump = (self.pending_jump or 0.0) + jump
            events.append(WallJump(self.pending_jump))
            return events
        if self.paused:
            return events
        self._catch_up(now, events)
        return events

    def _catch_up(self, now: float, events: list[Event]) -> None:
        while not self.ended and not self.paused:
            deadline = self.next_deadline()
            if deadline is None or deadline > now:
                return
            marks = self._marks()
            if self._marks_passed < len(marks):
                events.append(marks[self._marks_passed][1])
                self._marks_passed += 1
                continue
            if self.phase is Phase.HOLD:
                events.append(Cue(CueStrength.STRONG))
                self._finish_hold(DONE, deadline, events)
            else:
                self._enter_hold(deadline, events)

    def toggle_pause(self) -> list[Event]:
        """Space: stop the clock exactly where it is, or start it again."""
        if self.ended or self.pending_jump is not None or self.pending_gate is not None:
            return []
        now = self.clock.monotonic()
        if self._paused_at is None:
            events: list[Event] = []
            self._catch_up(now, events)  # what was due before the pause happens first
            if not self.ended:
                self._paused_at = now
                events.append(Paused(True))
            return events
        self._phase_start += now - self._paused_at
        self._paused_at = None
        self._last_seen = (now, self.clock.wall())
        return [Paused(False)]

    def release(self) -> list[Event]:
        """Enter: end the hold now, record a reps set, or cut a countdown short."""
        if self.ended or self.pending_jump is not None or self.pending_gate is not None:
            return []
        self._resume_for_action()
        events = self.tick()
        if self.ended:
            return events
        now = self.clock.monotonic()
        if self.phase in (Phase.GET_READY, Phase.REST):
            self._enter_hold(now, events)
        elif self.phase is Phase.COUNT:
            if not self.count_set:  # an untouched counter is not a count: nothing recorded
                return events
            hold = self.current
            target = (hold.step.target or 0) if hold else 0
            if self.count < target and hold is not None and hold.step.gate:
                events.append(self._ask_gate(hurt=False))
                return events
            self._finish_hold(DONE if self.count >= target else RELEASED_EARLY, now, events)
        else:
            duration = self.current.duration if self.current else None
            early = duration is not None and self.elapsed() < duration.minimum
            if early and self.current is not None and self.current.step.gate:
                events.append(self._ask_gate(hurt=False))
                return events
            self._finish_hold(RELEASED_EARLY if early else DONE, now, events)
        return events

    def skip(self) -> list[Event]:
        """n: record the current hold as skipped and go on to the next."""
        if self.ended or self.pending_gate is not None:
            return []
        self.pending_jump = None
        if self.current is not None and self.current.step.gate and self.phase is not Phase.REST:
            return [self._ask_gate(hurt=False)]  # skipping the test does not pass it
        self._resume_for_action()
        events: list[Event] = []
        self._finish_hold(SKIPPED, self.clock.monotonic(), events)
        return events

    def back(self) -> list[Event]:
        """b: go back to the hold before this one (or the start of the first)."""
        if self.ended or self.pending_gate is not None:
            return []
        self._resume_for_action()
        now = self.clock.monotonic()
        self._close_phase(now)
        self.index = max(0, self.index - 1)
        events: list[Event] = []
        self._enter_countdown_or_hold(now, events, first_of_step=True)
        return events

    def restart(self) -> list[Event]:
        """r: this hold (or countdown) again from its beginning."""
        if self.ended or self.pending_gate is not None:
            return []
        self._resume_for_action()
        now = self.clock.monotonic()
        self._close_phase(now)
        events: list[Event] = []
        if self.phase in (Phase.HOLD, Phase.COUNT):
            self._enter_hold(now, events, cue=False)
        else:
            self._start_phase(self.phase, now, self._phase_length, events)
        return events

    def adjust_count(self, delta: int) -> None:
        """Up/down in a reps set: the number done, never below zero."""
        self.set_count(self.count + delta)

    def set_count(self, count: int) -> None:
        """The number done in a reps set, as typed (0 to MAX_COUNT)."""
        if self.phase is Phase.COUNT:
            self.count = max(0, min(count, MAX_COUNT))
            self.count_set = True

    def answer_jump(self, counted: bool) -> list[Event]:
        """After a sleep: add the slept time to the hold (counted) or leave it out."""
        if self.pending_jump is None:
            return []
        if counted:
            self._phase_start -= self.pending_jump
        self.pending_jump = None
        if self.paused:
            self.toggle_pause()
        return self.tick()

    def stop(self, status: Status = STOPPED) -> list[Event]:
        """q (confirmed): end here; what is done stays recorded, the hold under way too.
        SIGTERM and SIGHUP end the same way, as "interrupted" (it can be resumed)."""
        self.pending_gate = None
        return [] if self.ended else self._end_early(status)

    def hurt(self) -> list[Event]:
        """ "This hurts": end at once and remember the step it happened in. At a gate step's
        hold nothing is asked: a test that hurts is not passed (article 001: if it hurts,
        don't), so the gate hold is kept as it was and the rest is skipped because of it."""
        if self.ended or self.pending_gate is not None:
            return []
        hold = self.current
        self.hurt_step = hold.title if hold else None
        if hold is not None and hold.step.gate and self.phase in (Phase.HOLD, Phase.COUNT):
            self.pending_jump = None
            self._ask_gate(hurt=True)
            return self.answer_gate(False)
        return self._end_early(HURT)

    # -- the gate (docs/design.md "Safety") ---------------------------------------------------

    def _ask_gate(self, *, hurt: bool) -> GateQuestion:
        """Stop the clock where the gate hold was released (or hurt) and ask."""
        hold = self.current
        assert hold is not None
        if self._paused_at is None:
            self._paused_at = self.clock.monotonic()
        self.pending_gate = GateQuestion(hold.step.name, hurt)
        return self.pending_gate

    def answer_gate(self, go_on: bool) -> list[Event]:
        """After a gate question: go on with the rest, or (the safe answer) record the gate
        hold as it was, every later hold as skipped because of the gate, and end."""
        question, self.pending_gate = self.pending_gate, None
        hold = self.current
        if question is None or hold is None or self.ended:
            return []
        self._resume_for_action()
        now = self.clock.monotonic()
        in_hold = self.phase in (Phase.HOLD, Phase.COUNT)
        if not in_hold:
            outcome = SKIPPED  # asked before the hold began (n during its get-ready)
        elif self.phase is Phase.COUNT:
            outcome = DONE if self.count >= (hold.step.target or 0) else RELEASED_EARLY
        else:
            minimum = hold.duration.minimum if hold.duration else 0.0
            outcome = RELEASED_EARLY if self.elapsed() < minimum else DONE
        events: list[Event] = []
        if go_on:
            self._finish_hold(outcome, now, events)
            return events
        held = max(0.0, now - self._phase_start) if in_hold else 0.0
        if self._phase_length is not None:
            held = min(held, self._phase_length)
        self._close_phase(now)
        record = self._record(hold, outcome, held, in_hold)
        events.append(HoldFinished(record))
        self.done[hold.index] = counts_as_done(record)
        for later in self.plan[self.index + 1 :]:
            skipped = self._record(later, SKIPPED, 0.0, in_hold=False)
            events.append(HoldFinished(replace(skipped, reason=GATE_NOT_PASSED)))
        self.index = len(self.plan)
        return self._end(HURT if question.hurt else STOPPED, events, now)

    def _end_early(self, status: Status) -> list[Event]:
        """End before the plan is done; a timed hold under way counts as released early."""
        self.pending_jump = None
        self._resume_for_action()
        now = self.clock.monotonic()
        events: list[Event] = []
        hold = self.current
        held = now - self._phase_start
        if self.phase is Phase.HOLD and hold is not None and held >= PARTIAL_HOLD_SECONDS:
            events.append(HoldFinished(self._record(hold, RELEASED_EARLY, held, in_hold=True)))
        return self._end(status, events, now)

    def _resume_for_action(self) -> None:
        """A key that moves on (Enter, n, b, r, q, h) while paused resumes first, so that the
        pause stays out of every duration and the next phase starts now, not back then."""
        if self._paused_at is not None:
            now = self.clock.monotonic()
            self._phase_start += now - self._paused_at
            self._paused_at = None
            self._last_seen = (now, self.clock.wall())

    # -- internals -----------------------------------------------------------------------

    def _close_phase(self, at: float) -> None:
        """Count the phase's time as active and clear any pause, before something new starts."""
        self._active_before += max(0.0, at - self._phase_start)
        self._phase_start = at  # closing twice at one moment must not count twice
        self._paused_at = None
        self.pending_jump = None

    def _start_phase(
        self, phase: Phase, at: float, length: float | None, events: list[Event]
    ) -> None:
        self.phase = phase
        self._phase_start = at
        self._phase_length = length
        self._marks_passed = 0
        self._paused_at = None
        events.append(PhaseStarted(phase, self.index, length))

    def _enter_countdown_or_hold(
        self, at: float, events: list[Event], *, first_of_step: bool
    ) -> None:
        hold = self.current
        assert hold is not None
        if first_of_step:
            length = 0.0 if hold.step.kind == StepKind.REST else self.routine.prepare.minimum
            phase = Phase.GET_READY
        else:
            length, phase = self.routine.rest.minimum, Phase.REST
        if length > 0:
            self._start_phase(phase, at, length, events)
        else:
            self._enter_hold(at, events, cue=False)

    def _enter_hold(self, at: float, events: list[Event], *, cue: bool = True) -> None:
        if self.phase in (Phase.GET_READY, Phase.REST):
            self._close_phase(at)
        hold = self.current
        assert hold is not None
        if cue:
            events.append(Cue(CueStrength.START))
        if hold.duration is None:
            self.count, self.count_set = 0, False  # never the target: only what was done
            self._start_phase(Phase.COUNT, at, None, events)
        else:
            length = None if hold.duration.open else hold.duration.maximum
            self._start_phase(Phase.HOLD, at, length, events)
            carried, self._carried = self._carried, None
            if carried is not None and carried[0] == hold.index:
                held = carried[1] if length is None else min(carried[1], length)
                self._phase_start = at - held  # the session's active time has it already:
                self._active_before -= held  # it is not counted twice
                self._marks_passed = sum(1 for mark, _ in self._marks() if mark <= held)

    def _finish_hold(self, outcome: Outcome, at: float, events: list[Event]) -> None:
        hold = self.current
        assert hold is not None
        in_hold = self.phase in (Phase.HOLD, Phase.COUNT)
        held = max(0.0, at - self._phase_start) if in_hold else 0.0
        if self._phase_length is not None and in_hold:
            held = min(held, self._phase_length)
        self._close_phase(at)
        record = self._record(hold, outcome, held, in_hold)
        events.append(HoldFinished(record))
        self.done[hold.index] = counts_as_done(record)
        self.index += 1
        if self.current is None:
            # Reaching the end is not enough: a mostly skipped session is "partial" and does
            # not count towards a streak (the rule is in core/tally.py).
            self._end(ending_status(self.plan, self.done), events, at)
            return
        first_of_step = self.current.step_number != hold.step_number
        self._enter_countdown_or_hold(at, events, first_of_step=first_of_step)

    def _record(
        self, hold: PlannedHold, outcome: Outcome, held: float, in_hold: bool
    ) -> HoldRecord:
        count = self.count if in_hold and outcome != SKIPPED else 0
        return hold_record(hold, outcome, held, count, iso_from_wall(self.clock.wall(), self.tz))

    def _end(self, status: Status, events: list[Event], at: float | None = None) -> list[Event]:
        if self.phase is not Phase.ENDED and at is not None:
            self._close_phase(at)
        self.phase = Phase.ENDED
        self._phase_length = None
        self._paused_at = None
        self.status = status
        events.append(SessionEnded(status))
        return events
