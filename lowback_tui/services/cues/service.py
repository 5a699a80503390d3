"""The cue service: plays each cue beside the timer, never in its way, and says what it found."""

from __future__ import annotations

import queue
import shlex
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lowback_tui.core.announcement import Announcement, Tone
from lowback_tui.core.clock import Clock, SystemClock
from lowback_tui.services.cues.queue import Playback, Playing
from lowback_tui.services.cues.speakers import BellSpeaker, SoundSpeaker, Speaker, VoiceSpeaker
from lowback_tui.services.settings import CueMode, Settings

#: Sound players tried in this order, each with the arguments that keep it quiet on stdout.
PLAYERS = (("paplay",), ("pw-play",), ("aplay", "-q"), ("afplay",), ("play", "-q"))
#: The speech program used unless `voice_command` names another.
VOICE = "espeak-ng"
#: What the settings screen's test key plays: a bit of every kind of cue.
SAMPLE = Announcement(Tone.STRONG, "Knee to chest, left side. 3, 2, 1. you may release")
#: How often the cue thread looks whether the program it started has failed.
WATCH_SECONDS = 0.1


@dataclass(frozen=True)
class Choice:
    """The speaker for a setting, what was found, and the problem if it fell back to the bell."""

    speaker: Speaker
    found: str
    problem: str | None = None


def choose(settings: Settings, home: Path, ring: Callable[[int], None]) -> Choice:
    """The speaker `settings.cues` asks for, or the bell with one clear message why not."""
    bell = BellSpeaker(ring)
    if settings.cues is CueMode.VOICE:
        command = settings.voice_command.strip()
        try:
            argv = shlex.split(command) if command else [VOICE]
        except ValueError as error:
            return _fallback(bell, f'voice_command = "{command}" cannot be read ({error})')
        path = shutil.which(argv[0]) if argv else None
        if path is None:
            name = argv[0] if argv else '""'
            return _fallback(bell, f'cues = "voice": {name} was not found on PATH')
        return Choice(VoiceSpeaker([path, *argv[1:]]), f"voice: {path}")
    if settings.cues is CueMode.SOUND:
        for player in PLAYERS:
            path = shutil.which(player[0])
            if path is not None:
                return Choice(SoundSpeaker([path, *player[1:]], home / "sounds"), f"sound: {path}")
        names = ", ".join(player[0] for player in PLAYERS)
        return _fallback(bell, f'cues = "sound": no sound player found ({names})')
    return Choice(bell, "the terminal bell")


def cue_problem(settings: Settings, home: Path) -> str | None:
    """Why the cues `settings` ask for cannot be played (the bell is used), if they cannot."""
    return choose(settings, home, lambda times: None).problem


def _fallback(bell: BellSpeaker, why: str) -> Choice:
    return Choice(bell, "not found: using the bell", f"{why}; using the bell instead")


class Cues:
    """Plays announcements through the chosen speaker.

    A speaker that is not `inline` runs on a daemon thread: the timer only puts a batch of
    cues in a queue, so a slow, missing or failing program never delays it. Which cue plays
    next, and which may be cut, is cues/queue.py's rule: a cue carrying information is heard
    to its end. A program that fails falls back to the bell, said once through `on_problem`.
    """

    def __init__(
        self,
        home: Path,
        ring: Callable[[int], None],
        on_problem: Callable[[str], None] | None = None,
        speaker: Speaker | None = None,
        remember_mute: Callable[[bool], None] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.home = home
        self.ring = ring
        self.on_problem = on_problem
        """Told (from any thread) when a program fails and the bell takes over."""
        self.fixed_speaker = speaker
        """A speaker given by a test: used whatever the settings say."""
        self.choice = Choice(speaker or BellSpeaker(ring), "the terminal bell")
        self.muted = False
        self.remember_mute = remember_mute
        """Saves the `mute` setting when the timer's m key changes it."""
        self.clock: Clock = clock or SystemClock()
        """The session's clock: a countdown is fitted to the time left before its hold."""
        self._configured_for: tuple[str, str] | None = None
        self._queue: queue.Queue[list[Announcement] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._playing: Speaker | None = None

    @property
    def found(self) -> str:
        """What plays the cues, in words ("voice: /usr/bin/espeak-ng", "not found: …")."""
        return self.choice.found

    @property
    def problem(self) -> str | None:
        return self.choice.problem

    def configure(self, settings: Settings) -> str | None:
        """Use the cues `settings` asks for; the problem, if it had to fall back to the bell
        (said only when the choice changes: asking twice is harmless)."""
        self.muted = settings.mute
        wanted = (settings.cues.value, settings.voice_command)
        if wanted == self._configured_for:
            return None
        self._configured_for = wanted
        if self.fixed_speaker is not None:
            self.choice = Choice(self.fixed_speaker, "a test speaker")
            return None
        old = self.choice.speaker
        self.choice = choose(settings, self.home, self.ring)
        if old is not self.choice.speaker and not old.inline:
            self._queue.put(None)  # the thread stops what the old speaker plays
        return self.choice.problem

    def toggle_mute(self) -> bool:
        """Mute or unmute, saved through `remember_mute`; whether cues are now muted."""
        self.muted = not self.muted
        if self.remember_mute is not None:
            self.remember_mute(self.muted)
        if self.muted and self._thread is not None:
            self._queue.put(None)  # silence now, not after what waits
        return self.muted

    def play(self, cues: Announcement | Sequence[Announcement] | None) -> bool:
        """Play a cue, or one moment's cues in order, unless muted; whether there was one
        (the screen flashes for it)."""
        batch = [cues] if isinstance(cues, Announcement) else list(cues or ())
        if not batch:
            return False
        if not self.muted:
            self._send(batch)
        return True

    def test(self) -> None:
        """Play a sample now, muted or not (the settings screen's test key)."""
        self._send([SAMPLE])

    def _send(self, batch: list[Announcement]) -> None:
        speaker = self.choice.speaker
        if speaker.inline:
            for announcement in batch:
                _speak(speaker, announcement)
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="cues", daemon=True)
                self._thread.start()
        self._queue.put(batch)

    def playback(self) -> Playback:
        """What the cue thread runs: the queue's rules over this service's speaker."""
        return Playback(self.clock, self._start, self._cut, self._check)

    def _work(self) -> None:
        """The cue thread: take each batch in, start the next cue when one ends, watch for
        failure."""
        playback = self.playback()
        while True:
            try:
                item = self._queue.get(timeout=WATCH_SECONDS if playback.busy else None)
            except queue.Empty:
                playback.poll()
                continue
            if item is None:
                playback.stop()
                playback.queue.clear()
            else:
                playback.offer(item)

    def _start(self, announcement: Announcement) -> Playing | None:
        speaker = self.choice.speaker
        self._playing = speaker
        try:
            return _speak(speaker, announcement)
        except OSError as error:
            self._failed(f"cannot run the cue program ({error.strerror or error})")
            return None

    def _cut(self) -> None:
        if self._playing is not None:
            self._playing.stop()
            self._playing = None

    def _check(self, process: Playing) -> None:
        code = process.poll()
        if code is not None and code > 0:  # < 0: stopped by a signal, by us
            name = Path(str(process.args[0])).name
            self._failed(f"{name} failed (exit status {code})")

    def _failed(self, why: str) -> None:
        if self.choice.speaker.inline:
            return
        self.choice = Choice(BellSpeaker(self.ring), "failed: using the bell", why)
        if self.on_problem is not None:
            self.on_problem(f"{why}; using the bell instead")

    def close(self) -> None:
        """Stop what plays (the thread itself is a daemon and ends with the program)."""
        if self._thread is not None:
            self._queue.put(None)


def _speak(speaker: Speaker, announcement: Announcement) -> Playing | None:
    if speaker.speaks and announcement.words:
        return speaker.say(announcement.words)
    if announcement.tone is not None:
        return speaker.tone(announcement.tone)
    return None
