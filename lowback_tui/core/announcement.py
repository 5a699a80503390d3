"""What one cue is: a tone and words. The cue players need only this, not the engine's events
that `announce` makes it from (so the app starts without importing the session engine)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


@dataclass(frozen=True)
class Announcement:
    """One cue: the most urgent tone of the batch and the words for it (either may be empty)."""

    tone: Tone | None
    words: str
