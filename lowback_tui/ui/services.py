"""What screens are handed instead of reaching into the app: small protocols the app fills."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from lowback_tui.core.announcement import Announcement
from lowback_tui.services.settings import Settings


class CuePlayer(Protocol):
    """Plays a session's cues (bell, sound or voice) and knows whether they are muted."""

    @property
    def muted(self) -> bool:
        """True while cues are silenced (the `mute` setting)."""
        ...

    @property
    def found(self) -> str:
        """What plays the cues, in words ("voice: /usr/bin/espeak-ng", "not found: …")."""
        ...

    def play(self, cues: Announcement | Sequence[Announcement] | None) -> bool:
        """Play a cue, or one moment's cues in order, unless muted; never blocks the caller.
        Whether there was a cue."""
        ...

    def configure(self, settings: Settings) -> str | None:
        """Use the cues `settings` ask for; the problem if the bell had to stand in."""
        ...

    def test(self) -> None:
        """Play a sample of the cues now, muted or not."""
        ...

    def toggle_mute(self) -> bool:
        """Mute or unmute (and remember it); returns whether cues are now muted."""
        ...
