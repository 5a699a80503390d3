"""What one cue is: a tone and words. The cue players need only this, not the engine's events
that `announce` makes it from (so the app starts without importing the session engine)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Tone(StrEnum):
    """The short sounds, from the most to the least urgent (the bell rings for the first three)."""

    STRONG = "strong"
    """A hold is over: release."""
    START = "start"
    """A hold begins."""
    SOFT = "soft"
    """You may release (a range's minimum), or an open hold's target is reached."""
    TICK = "tick"
    """A quiet marker: "3, 2, 1" is coming, or minutes left in a long hold."""


class Priority(IntEnum):
    """How much a cue matters once it is due (the cue service's rules are in cues/queue.py)."""

    TIMING = 0
    """ "hold", "rest", "3, 2, 1": a later cue cuts it, and replaces it while it waits."""
    PHASE = 1
    """Where the session is: the step, the side, the target, the minutes left, a pause. Never
    cut once begun; while it waits, a newer cue about the session's place replaces it."""
    MESSAGE = 2
    """A result, a question, the session's end: never cut, never dropped."""


@dataclass(frozen=True)
class Announcement:
    """One cue: the most urgent tone of the batch and the words for it (either may be empty)."""

    tone: Tone | None
    words: str
    priority: Priority = Priority.TIMING
    countdown_to: float | None = None
    """For "3, 2, 1": the clock time the hold begins. Said late it is shortened ("2, 1"), and
    dropped when there is no time left for it."""


#: Said after a pain question (the dialog's keys: digits, 1 then 0 for 10, Enter, Esc skips).
PAIN_KEYS = "Type 0 to 10, then Enter"
#: Said when `q` asks whether to stop (Enter gives the safe answer: keep going).
STOP_QUESTION = "Stop this session? Y stops; Enter keeps going"
