"""What plain mode prints: one sentence per phase, cue and result (pure: a test reads them)."""

from __future__ import annotations

import math

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.announce import seconds_in_words
from lowback_tui.core.durations import Duration, clock_text
from lowback_tui.core.plan import PlannedHold
from lowback_tui.core.records import DONE, RELEASED_EARLY, SKIPPED, HoldRecord
from lowback_tui.core.session import (
    Cue,
    CueStrength,
    Event,
    HoldFinished,
    MinutesLeft,
    Phase,
    PhaseStarted,
    SessionEngine,
)
from lowback_tui.core.step_kind import StepKind

#: A hold at least this long (or open) says its time every REPORT_EVERY seconds.
LONG_HOLD = 30.0
REPORT_EVERY = 10.0


def hold_name(hold: PlannedHold) -> str:
    """ "Knee to chest, left side, rep 2 of 5" (names from files made visible, never run)."""
    parts = [safe(hold.step.name)]
    if hold.side:
        parts.append(f"{hold.side} side")
    if hold.step.reps > 1:
        parts.append(f"rep {hold.rep} of {hold.step.reps}")
    return ", ".join(parts)


def planned_words(duration: Duration) -> str:
    """ "8 to 10 seconds", "20 minutes", "30 seconds or more"."""
    if duration.open:
        return f"{seconds_in_words(duration.minimum)} or more"
    if duration.is_range:
        low, high = seconds_in_words(duration.minimum), seconds_in_words(duration.maximum)
        if low.endswith(" seconds") and high.endswith(" seconds"):
            low = low.removesuffix(" seconds")
        return f"{low} to {high}"
    return seconds_in_words(duration.maximum)


def phase_line(engine: SessionEngine, event: PhaseStarted) -> str:
    """The line a phase starts with."""
    hold = engine.plan[event.index]
    length = seconds_in_words(event.length or 0)
    if event.phase is Phase.GET_READY:
        return f"Get ready: {hold_name(hold)}. {length}."
    if event.phase is Phase.REST:
        before = engine.plan[event.index - 1] if event.index > 0 else None
        if hold.side and before is not None and before.side != hold.side:
            return f"Rest, {length}. Switch to the {hold.side} side. Next: {hold_name(hold)}."
        return f"Rest, {length}. Next: {hold_name(hold)}."
    if event.phase is Phase.COUNT:
        target = hold.step.target or 0
        return (
            f"{hold_name(hold)}: target {target}. Type how many you did (up and down arrows "
            "change it), then Enter."
        )
    duration = hold.duration
    assert duration is not None
    if hold.step.kind == StepKind.REST:
        named = "" if hold.step.name.casefold() == "rest" else f": {hold_name(hold)}"
        return f"Rest{named}, {planned_words(duration)}. Enter goes on."
    if duration.open:
        return f"Hold: {hold_name(hold)}, {planned_words(duration)}. Enter when you stop."
    return f"Hold: {hold_name(hold)}, {planned_words(duration)}. Enter releases early."


def cue_line(engine: SessionEngine, event: Cue) -> str | None:
    """A cue within a hold, in words (the hold's start and end have their own lines)."""
    hold = engine.current
    if event.strength is not CueStrength.SOFT or hold is None or hold.duration is None:
        return None
    if hold.duration.open:
        return "Target reached: keep going if you can, Enter when you stop."
    return "You may release now (Enter), or hold on to the end."


def result_line(record: HoldRecord) -> str:
    """How a hold ended: "Done, 10 seconds.", "Skipped.", "Recorded 15 of 20."."""
    if record.outcome == SKIPPED:
        return "Skipped."
    if record.count_done is not None:
        return f"Recorded {record.count_done} of {record.target_count or 0}."
    held = seconds_in_words(record.held_seconds or 0)
    if record.outcome == RELEASED_EARLY:
        return f"Released early, {held}."
    return f"Done, {held}." if record.outcome == DONE else f"{record.outcome}, {held}."


def event_lines(engine: SessionEngine, events: list[Event]) -> list[str]:
    """Every line a batch of engine events prints, in order."""
    lines: list[str] = []
    for event in events:
        if isinstance(event, PhaseStarted):
            lines.append(phase_line(engine, event))
        elif isinstance(event, HoldFinished):
            lines.append(result_line(event.record))
        elif isinstance(event, Cue):
            line = cue_line(engine, event)
            if line:
                lines.append(line)
        elif isinstance(event, MinutesLeft):
            lines.append(f"{event.minutes} minutes left.")
    return lines


def time_line(engine: SessionEngine) -> str:
    """Where the session is now: "12:34 left of Hold: Static back." (the t key, every 10 s)."""
    hold = engine.current
    if hold is None or engine.ended:
        return "The session is over."
    paused = " Paused: Space goes on." if engine.paused else ""
    remaining = engine.remaining()
    phase = {
        Phase.GET_READY: "get ready for",
        Phase.REST: "rest before",
        Phase.HOLD: "rest," if hold.step.kind == StepKind.REST else "hold",
        Phase.COUNT: "count of",
    }[engine.phase]
    if engine.phase is Phase.COUNT:
        return f"Count {engine.count} of {hold.step.target or 0}, {hold_name(hold)}.{paused}"
    if remaining is None:
        held = seconds_in_words(engine.elapsed())
        return f"{held} held, {hold_name(hold)}.{paused}"
    left = clock_text(remaining) if remaining >= 60 else seconds_in_words(math.ceil(remaining))
    return f"{left} left, {phase} {hold_name(hold)}.{paused}"


def report_mark(engine: SessionEngine) -> int | None:
    """How many whole REPORT_EVERY seconds a long hold has run (None: not a long hold)."""
    hold = engine.current
    if engine.phase is not Phase.HOLD or hold is None or hold.duration is None:
        return None
    length = engine.remaining()
    if length is not None and length + engine.elapsed() < LONG_HOLD:
        return None
    return math.floor(engine.elapsed() / REPORT_EVERY + 1e-9)
