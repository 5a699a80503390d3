"""What the cues say and play for a batch of engine events: pure, so a test gets the transcript."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from lowback_tui.core.announcement import Announcement, Tone
from lowback_tui.core.plan import PlannedHold
from lowback_tui.core.records import COMPLETED, SKIPPED
from lowback_tui.core.session import (
    COUNTDOWN_SECONDS,
    Countdown,
    Cue,
    Event,
    HoldFinished,
    MinutesLeft,
    Phase,
    PhaseStarted,
    SessionEnded,
)

#: Spoken text is cut to this many characters: a cue is a few words, never a paragraph.
MAX_SPOKEN = 120

__all__ = ["Announcement", "Tone", "announce", "seconds_in_words", "spoken_text"]


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


def _phase_words(event: PhaseStarted, plan: Sequence[PlannedHold], started: bool) -> list[str]:
    hold = plan[event.index] if 0 <= event.index < len(plan) else None
    if hold is None:
        return []
    short = event.length is not None and 0 < event.length <= COUNTDOWN_SECONDS
    countdown = ["3, 2, 1"] if short else []  # no time for it later: say it now
    if event.phase is Phase.GET_READY:
        return [_name(hold), *countdown]
    if event.phase is Phase.REST:
        before = plan[event.index - 1] if event.index > 0 else None
        changed = before is not None and hold.side and before.side != hold.side
        return ["switch sides" if changed else "rest", *countdown]
    if event.phase is Phase.COUNT:
        return [f"{hold.step.target} reps"]
    if hold.step.kind == "rest":
        return [f"rest, {seconds_in_words(event.length or 0)}"]
    return ["hold"] if started else []


def announce(
    events: Sequence[Event], plan: Sequence[PlannedHold], current: PlannedHold | None = None
) -> Announcement | None:
    """The cue for one batch of events (what one engine call returned), or None for silence.

    `current` is the engine's hold after the batch. One batch is one announcement ("release.
    switch sides"), so a new cue never cuts off the words of the same moment.
    """
    words: list[str] = []
    tones: set[Tone] = set()
    strengths = [event.strength for event in events if isinstance(event, Cue)]
    started = "start" in strengths
    ending = "strong" in strengths  # a late batch: "release" says it all
    for event in events:
        if isinstance(event, Cue):
            if event.strength == "strong":
                tones.add(Tone.STRONG)
                finished = next((e.record for e in events if isinstance(e, HoldFinished)), None)
                if finished is None or finished.kind != "rest":  # a timed rest just ends
                    words.append("release")
            elif event.strength == "start":
                tones.add(Tone.START)
            elif not ending:
                tones.add(Tone.SOFT)
                words.append(_soft_words(events, current))
        elif isinstance(event, PhaseStarted):
            words += _phase_words(event, plan, started)
        elif isinstance(event, Countdown):
            tones.add(Tone.TICK)
            words.append("3, 2, 1")
        elif isinstance(event, MinutesLeft):
            tones.add(Tone.TICK)
            unit = "minute" if event.minutes == 1 else "minutes"
            words.append(f"{event.minutes} {unit} left")
        elif isinstance(event, HoldFinished):
            record = event.record
            open_hold = record.count_done is None and record.planned_max_seconds is None
            if open_hold and record.outcome != SKIPPED and record.held_seconds:
                words.append(
                    f"{spoken_text(record.step_name)}, {seconds_in_words(record.held_seconds)}"
                )
        elif isinstance(event, SessionEnded) and event.status == COMPLETED:
            words.append("routine complete, well done")
    tone = next((kind for kind in Tone if kind in tones), None)
    if tone is None and not words:
        return None
    return Announcement(tone, ". ".join(words))


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
