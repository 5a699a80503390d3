"""What the cues say and play for a batch of engine events: pure, so a test gets the transcript."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from lowback_tui.core.announcement import Announcement, Priority, Tone
from lowback_tui.core.plan import PlannedHold
from lowback_tui.core.records import COMPLETED, HURT, PARTIAL, SKIPPED, STOPPED, HoldRecord
from lowback_tui.core.session import (
    COUNTDOWN_SECONDS,
    Countdown,
    Cue,
    Event,
    GateQuestion,
    HoldFinished,
    MinutesLeft,
    Paused,
    Phase,
    PhaseStarted,
    SessionEnded,
    SessionEngine,
)
from lowback_tui.core.step_kind import StepKind
from lowback_tui.core.tally import done_of_planned

#: Spoken text is cut to this many characters: a cue is a few words, never a paragraph.
MAX_SPOKEN = 120
#: What a countdown says (the cue service shortens it when it comes late).
COUNTDOWN_WORDS = "3, 2, 1"

__all__ = ["Announcement", "Tone", "announce", "cues_for", "seconds_in_words", "spoken_text"]


def spoken_text(text: str) -> str:
    """Text from a routine file made safe to hand to a speech program as one argument:
    control characters out, whitespace collapsed, no leading dash (it would read as an
    option), bounded length."""
    kept = "".join(
        " " if unicodedata.category(char).startswith(("C", "Z")) else char for char in text
    )
    return " ".join(kept.split()).lstrip("-– ").strip()[:MAX_SPOKEN]


def seconds_in_words(seconds: float) -> str:
    """ "42 seconds", "1 minute", "2 minutes 5 seconds" (whole seconds, rounded down)."""
    whole = max(0, math.floor(seconds + 1e-9))
    minutes, rest = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("s" if minutes != 1 else ""))
    if rest or not minutes:
        parts.append(f"{rest} second" + ("s" if rest != 1 else ""))
    return " ".join(parts)


def _name(hold: PlannedHold) -> str:
    name = spoken_text(hold.step.name)
    return f"{name}, {hold.side} side" if hold.side else name


def _get_ready_words(hold: PlannedHold) -> str:
    """The step, its side, and a target the person must know before starting (reps, or an
    open hold's minimum); a timed hold's length is the timer's to say."""
    duration = hold.duration
    if hold.step.target is not None and duration is None:
        return f"{_name(hold)}, {hold.step.target} reps"
    if duration is not None and duration.open and duration.minimum:
        return f"{_name(hold)}, at least {seconds_in_words(duration.minimum)}"
    return _name(hold)


def _phase_words(
    event: PhaseStarted, plan: Sequence[PlannedHold], started: bool
) -> tuple[list[str], Priority, bool]:
    """What a phase's start says, how much it matters, and whether "3, 2, 1" must follow now
    (a countdown of 3 s or less has no time for it later)."""
    hold = plan[event.index] if 0 <= event.index < len(plan) else None
    if hold is None:
        return [], Priority.TIMING, False
    short = event.length is not None and 0 < event.length <= COUNTDOWN_SECONDS
    if event.phase is Phase.GET_READY:
        return [_get_ready_words(hold)], Priority.PHASE, short
    if event.phase is Phase.REST:
        before = plan[event.index - 1] if event.index > 0 else None
        if before is not None and hold.side and before.side != hold.side:
            # "Right side" alone: with "switch sides" too, the side and "3, 2, 1" would not
            # both fit in the default 3 s rest.
            return [f"{hold.side.capitalize()} side"], Priority.PHASE, short
        return ["rest"], Priority.TIMING, short
    if event.phase is Phase.COUNT:
        return [f"{hold.step.target} reps"], Priority.PHASE, False
    if hold.step.kind == StepKind.REST:
        return [f"rest, {seconds_in_words(event.length or 0)}"], Priority.PHASE, False
    return (["hold"] if started else []), Priority.TIMING, False


#: What the end of a session says, before its holds and time (nothing for an interruption:
#: lowback is closing).
ENDINGS = {
    COMPLETED: "routine complete, well done",
    PARTIAL: "routine over",
    STOPPED: "session stopped",
    HURT: "stopped",  # the question that follows says the rest
}


def summary_words(done: int, planned: int, active_seconds: float) -> str:
    """ "12 of 14 holds, 9 minutes": how the session went, said at its end."""
    minutes = round(active_seconds / 60)
    took = f"{minutes} minute" + ("s" if minutes != 1 else "") if minutes else "under a minute"
    return f"{done} of {planned} holds, {took}"


def gate_words(question: GateQuestion) -> str:
    """The plank test's question, with its keys (as the dialog asks it)."""
    name = spoken_text(question.step_name)
    asked = f"It hurts at {name}" if question.hurt else f"{name} ended before its target"
    return f"{asked}. Go on with the rest? Y goes on; Enter stops here"


def announce(
    events: Sequence[Event],
    plan: Sequence[PlannedHold],
    current: PlannedHold | None = None,
    *,
    hold_at: float | None = None,
    summary: str = "",
) -> list[Announcement]:
    """The cues for one batch of events (what one engine call returned): none, one, or one
    and then "3, 2, 1".

    `current` is the engine's hold after the batch; `hold_at` the clock time the coming hold
    starts (a countdown said late is shortened, or dropped, by the cue service); `summary`
    what the session's end adds ("12 of 14 holds, 9 minutes"). One batch is one phrase
    ("release. Right side"), so no cue of the same moment cuts another.
    """
    words: list[str] = []
    tones: set[Tone] = set()
    priority = Priority.TIMING
    countdown = False
    strengths = [event.strength for event in events if isinstance(event, Cue)]
    started = "start" in strengths
    ending = "strong" in strengths  # a late batch: "release" says it all
    for event in events:
        if isinstance(event, Cue):
            if event.strength == "strong":
                tones.add(Tone.STRONG)
                finished = next((e.record for e in events if isinstance(e, HoldFinished)), None)
                if finished is None or finished.kind != StepKind.REST:  # a timed rest just ends
                    words.append("release")
            elif event.strength == "start":
                tones.add(Tone.START)
            elif not ending:
                tones.add(Tone.SOFT)
                words.append(_soft_words(events, current))
        elif isinstance(event, PhaseStarted):
            said, matters, countdown_now = _phase_words(event, plan, started)
            words += said
            priority = max(priority, matters)
            countdown = countdown or countdown_now
        elif isinstance(event, Countdown):
            countdown = True
        elif isinstance(event, MinutesLeft):
            tones.add(Tone.TICK)
            unit = "minute" if event.minutes == 1 else "minutes"
            words.append(f"{event.minutes} {unit} left")
            priority = max(priority, Priority.PHASE)
        elif isinstance(event, HoldFinished):
            result = _result_words(event.record)
            if result:
                words.append(result)
                priority = Priority.MESSAGE
        elif isinstance(event, Paused):
            words.append("paused" if event.paused else "go on")
            priority = max(priority, Priority.PHASE)
        elif isinstance(event, GateQuestion):
            words.append(gate_words(event))
            priority = Priority.MESSAGE
        elif isinstance(event, SessionEnded) and event.status in ENDINGS:
            end = ENDINGS[event.status]
            words.append(f"{end}. {summary}" if summary and event.status != HURT else end)
            priority = Priority.MESSAGE
    tone = next((kind for kind in Tone if kind in tones), None)
    cues = [Announcement(tone, ". ".join(words), priority)] if tone or words else []
    if countdown:
        cues.append(Announcement(Tone.TICK, COUNTDOWN_WORDS, countdown_to=hold_at))
    return cues


def _result_words(record: HoldRecord) -> str:
    """What was done, said when it is a result (an open hold's time, a reps set's count)."""
    if record.outcome == SKIPPED:
        return ""
    if record.count_done is not None:
        return f"{spoken_text(record.step_name)}, {record.count_done} done"
    if record.planned_max_seconds is None and record.held_seconds:
        return f"{spoken_text(record.step_name)}, {seconds_in_words(record.held_seconds)}"
    return ""


def cues_for(
    events: Sequence[Event], engine: SessionEngine, active_seconds: float
) -> list[Announcement]:
    """`announce` for a running engine: when its coming hold starts, and how it went."""
    hold_at = None
    remaining = engine.remaining()
    if engine.phase in (Phase.GET_READY, Phase.REST) and remaining is not None:
        hold_at = engine.clock.monotonic() + remaining
    done, planned = done_of_planned(engine.plan, engine.done)
    summary = summary_words(done, planned, active_seconds)
    return announce(events, engine.plan, engine.current, hold_at=hold_at, summary=summary)


def _soft_words(events: Sequence[Event], current: PlannedHold | None) -> str:
    """ "you may release" in a range; "target reached" in an open hold.

    A soft cue belongs to the hold under way when the batch began: the first hold that the
    batch finishes, or else the current one.
    """
    finished = next((e.record for e in events if isinstance(e, HoldFinished)), None)
    if finished is not None:
        open_hold = finished.count_done is None and finished.planned_max_seconds is None
    else:
        open_hold = current is not None and current.duration is not None and current.duration.open
    return "target reached" if open_hold else "you may release"
