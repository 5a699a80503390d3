"""The ways a cue is heard: the terminal bell, a sound player, a speech program."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from lowback_tui.core.announcement import Tone
from lowback_tui.services.cues.queue import Playing
from lowback_tui.services.cues.tones import tone_file

#: A stopped program gets this long to go before it is killed.
STOP_GRACE = 0.5


class Speaker(Protocol):
    """Something that plays a cue. Calls may block (a slow program): the cue service makes
    them on a thread of its own unless `inline` says they are instant."""

    inline: bool
    """True when calls return at once and belong on the caller's thread (the bell)."""
    speaks: bool
    """True when it says words; otherwise it plays the tone."""

    def say(self, text: str) -> Playing | None:
        """Say `text`; the program started (to watch for failure), if any."""
        ...

    def tone(self, kind: Tone) -> Playing | None:
        """Play a tone; the program started, if any."""
        ...

    def stop(self) -> None:
        """Cut short whatever is playing."""
        ...


class BellSpeaker:
    """The terminal bell: once for a start or "you may release", twice for the end."""

    inline = True
    speaks = False

    def __init__(self, ring: Callable[[int], None]) -> None:
        self.ring = ring
        """Rings the bell so many times (the app's bell, on the app's thread)."""

    def say(self, text: str) -> None:
        return None

    def tone(self, kind: Tone) -> None:
        if kind is not Tone.TICK:  # a bell every few seconds would be noise
            self.ring(2 if kind is Tone.STRONG else 1)

    def stop(self) -> None:
        return None


class ProgramSpeaker:
    """Runs one program per cue (an argument list, never a shell); a new cue stops the old."""

    inline = False
    speaks = False

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    def _run(self, argv: Sequence[str]) -> subprocess.Popen[bytes]:
        self._process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl+C in the terminal is lowback's, not the player's
        )
        return self._process

    def say(self, text: str) -> subprocess.Popen[bytes] | None:
        return None

    def tone(self, kind: Tone) -> subprocess.Popen[bytes] | None:
        return None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class VoiceSpeaker(ProgramSpeaker):
    """espeak-ng (or `voice_command`): the text is the program's last argument."""

    speaks = True

    def __init__(self, argv: Sequence[str]) -> None:
        super().__init__()
        self.argv = list(argv)

    def say(self, text: str) -> subprocess.Popen[bytes] | None:
        return self._run([*self.argv, text]) if text else None


class SoundSpeaker(ProgramSpeaker):
    """Tones (WAV files made on first use) through a player found on the machine."""

    def __init__(self, player: Sequence[str], folder: Path) -> None:
        super().__init__()
        self.player = list(player)
        self.folder = folder

    def tone(self, kind: Tone) -> subprocess.Popen[bytes] | None:
        return self._run([*self.player, str(tone_file(self.folder, kind))])
