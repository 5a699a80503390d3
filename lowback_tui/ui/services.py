"""What screens are handed instead of reaching into the app: small protocols the app fills."""

from __future__ import annotations

from typing import Protocol

from lowback_tui.core.session import CueStrength


class CuePlayer(Protocol):
    """Plays a session's cues (bell, sound or voice) and knows whether they are muted."""

    @property
    def muted(self) -> bool:
        """True while cues are silenced (the `mute` setting)."""
        ...

    def play(self, strength: CueStrength) -> None:
        """Play one cue, unless muted; never blocks the caller."""
        ...

    def toggle_mute(self) -> bool:
        """Mute or unmute (and remember it); returns whether cues are now muted."""
        ...
