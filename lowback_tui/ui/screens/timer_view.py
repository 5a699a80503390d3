"""What the timer screen shows for an engine at a moment, as plain values (pure: no Textual)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from lowback_tui.core.durations import clock_text, format_duration
from lowback_tui.core.plan import PlannedHold
from lowback_tui.core.session import Phase, SessionEngine
from lowback_tui.core.step_kind import StepKind


class Look(StrEnum):
    """The colour treatment of the screen: each phase looks different at a glance."""

    GET_READY = "get-ready"
    HOLD = "hold"
    MAY_RELEASE = "may-release"
    REST = "rest"
    COUNT = "count"
    PAUSED = "paused"
    ENDED = "ended"


#: The word in the phase band, for each look.
BAND = {
    Look.GET_READY: "GET READY",
    Look.HOLD: "HOLD",
    Look.MAY_RELEASE: "YOU MAY RELEASE",
    Look.REST: "REST",
    Look.COUNT: "COUNT YOUR REPS",
    Look.PAUSED: "PAUSED · Space resumes",
    Look.ENDED: "",
}


class EnterMeans(StrEnum):
    """What Enter does now: the footer's word for it."""

    START_NOW = "start_now"
    RELEASE = "release"
    DONE = "done"
    RECORD = "record"


@dataclass(frozen=True)
class View:
    """Everything the screen shows, as plain values; the screen repaints what changed."""

    heading: str
    title: str
    detail: str
    digits: str
    progress: float
    mark: float | None
    cue_line: str
    instructions: str
    next_line: str
    look: Look
    enter: EnterMeans | None
    may_release: bool = False
    """The hold reached its minimum (a range) or its target (an open hold), paused or not."""


def side_text(side: str | None) -> str:
    return f"{side} side" if side else ""


def hold_label(hold: PlannedHold) -> str:
    """ "Knee to chest — left, rep 2 of 5"."""
    reps = f", rep {hold.rep} of {hold.step.reps}" if hold.step.reps > 1 else ""
    return hold.title + reps


def enter_means(engine: SessionEngine) -> EnterMeans | None:
    """Enter's meaning in the engine's phase (None once it has ended)."""
    hold = engine.current
    if engine.ended or hold is None:
        return None
    if engine.phase in (Phase.GET_READY, Phase.REST):
        return EnterMeans.START_NOW
    if engine.phase is Phase.COUNT:
        return EnterMeans.RECORD
    duration = hold.duration
    if hold.step.kind == StepKind.REST or (duration is not None and duration.open):
        return EnterMeans.DONE
    return EnterMeans.RELEASE


def describe(engine: SessionEngine) -> View:
    """The view of an engine at this moment (pure: reads only)."""
    hold = engine.current
    total = len(engine.plan)
    if hold is None or engine.ended:
        return View("", "Session over", "", "0", 1.0, None, "", "", "", Look.ENDED, None)
    step = hold.step
    heading = (
        f"{engine.routine.name} · step {hold.step_number} of {len(engine.routine.steps)}"
        f" · hold {hold.index + 1} of {total}"
    )
    reps = f"rep {hold.rep} of {step.reps}" if step.reps > 1 else ""
    detail = " · ".join(part for part in (side_text(hold.side), reps) if part)
    # A rest comes before the hold it names: that hold is next (the title says its side too).
    upcoming = hold if engine.phase is Phase.REST else engine.upcoming
    next_line = f"Next: {hold_label(upcoming)}" if upcoming else "Next: the end of the routine"
    elapsed = engine.elapsed()
    remaining = engine.remaining()
    enter = enter_means(engine)
    paused = " — paused (Space to go on)" if engine.paused else ""

    def view(
        title: str, digits: str, progress: float, mark: float | None, cue: str, look: Look
    ) -> View:
        shown = Look.PAUSED if engine.paused else look
        return View(
            heading,
            title,
            detail,
            digits,
            progress,
            mark,
            cue + paused,
            step.instructions,
            next_line,
            shown,
            enter,
            look is Look.MAY_RELEASE,
        )

    if engine.phase in (Phase.GET_READY, Phase.REST):
        left = remaining or 0.0
        length = left + elapsed or 1.0
        if engine.phase is Phase.GET_READY:
            title, cue = f"Get ready: {hold.title}", "Get into position · Enter to start now"
            look = Look.GET_READY
        else:
            changed = engine.index > 0 and engine.plan[engine.index - 1].side != hold.side
            title = f"Rest — next: {side_text(hold.side)}" if changed and hold.side else "Rest"
            cue = f"Switch to the {side_text(hold.side)}" if changed and hold.side else "Relax"
            cue += " · Enter to start now"
            look = Look.REST
        return view(title, clock_text(left), elapsed / length, None, cue, look)
    if engine.phase is Phase.COUNT:
        if engine.count_set:
            cue = f"Target {step.target} · ↑/↓ or type to change · Enter records {engine.count}"
        else:
            cue = f"Target {step.target} · type how many you did (or ↑/↓), then Enter"
        progress = min(1.0, engine.count / max(1, step.target or 1))
        return view(hold.title, str(engine.count), progress, None, cue, Look.COUNT)
    duration = step.hold
    assert duration is not None
    planned = format_duration(duration)
    look = Look.HOLD
    if duration.open:
        digits = clock_text(math.floor(elapsed + 1e-9))
        progress = min(1.0, elapsed / (duration.minimum * 1.5))
        mark: float | None = 1 / 1.5
        if elapsed < duration.minimum:
            cue = f"Target {planned} · hold as long as you can · Enter when you stop"
        else:
            cue = "Target reached — keep going if you can · Enter when you stop"
            look = Look.MAY_RELEASE
    else:
        digits = clock_text(remaining or 0)
        progress = elapsed / duration.maximum
        mark = duration.minimum / duration.maximum if duration.is_range else None
        if duration.is_range and elapsed < duration.minimum:
            cue = f"Hold {planned}"
        elif duration.is_range:
            cue = "You may release now (Enter) · or hold on to the end"
            look = Look.MAY_RELEASE
        else:
            cue = f"Hold {planned} · Enter releases early"
    if step.kind == StepKind.REST:
        cue, look = "A timed rest · Enter to go on", Look.REST
    return view(hold.title, digits, progress, mark, cue, look)


def next_wake(engine: SessionEngine, bar_cells: int) -> float | None:
    """Clock seconds until something on screen changes or a deadline falls; None: nothing will."""
    if engine.ended or engine.paused or engine.pending_jump is not None:
        return None
    candidates: list[float] = []
    deadline = engine.next_deadline()
    now = engine.clock.monotonic()
    if deadline is not None:
        candidates.append(deadline - now)
    remaining = engine.remaining()
    elapsed = engine.elapsed()
    if remaining is not None:
        fraction = remaining - math.floor(remaining)
        candidates.append(fraction if fraction > 1e-6 else 1.0)
        length = remaining + elapsed
        if length > 0 and bar_cells > 0:
            cell = length / bar_cells
            candidates.append(cell - (elapsed % cell))
    elif engine.phase is Phase.HOLD:
        candidates.append(1.0 - (elapsed - math.floor(elapsed)))
    return max(0.0, min(candidates)) if candidates else None
