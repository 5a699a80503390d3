"""A speaker for tests: it records what it was asked to say and play, and may be slow."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from lowback_tui.core.announcement import Tone
from lowback_tui.core.clock import Clock

#: Seconds a word takes to say, about as espeak-ng says it ("release. Knee to chest, left
#: side" is 6 words and 2.5 s).
SECONDS_PER_WORD = 0.42


@dataclass
class Utterance:
    """One phrase said on a fake clock: it lasts as long as real speech would."""

    text: str
    started: float
    ends: float
    clock: Clock
    cut_at: float | None = None
    """The clock time a later cue cut it off, if one did."""
    args: tuple[str, ...] = ("fake-speech",)

    def poll(self) -> int | None:
        return 0 if self.clock.monotonic() >= self.ends else None


class FakeSpeaker:
    """Records ("say", words) and ("tone", kind); `block` seconds per call imitate a program
    that hangs (the call waits on an event, never a bare sleep). Given a `clock`, each phrase
    takes SECONDS_PER_WORD a word of it (the clock's, never real time), and `said` keeps
    every phrase with when it began and ended or was cut."""

    speaks = True

    def __init__(
        self, *, inline: bool = True, block: float = 0.0, clock: Clock | None = None
    ) -> None:
        self.inline = inline
        self.block = block
        self.clock = clock
        self.heard: list[tuple[str, str]] = []
        self.said: list[Utterance] = []
        self.threads: set[str] = set()
        """Names of the threads the calls ran on."""
        self._never = threading.Event()

    def say(self, text: str) -> Utterance | None:
        self._called()
        self.heard.append(("say", text))
        if self.clock is None:
            return None
        now = self.clock.monotonic()
        takes = len(text.split()) * SECONDS_PER_WORD * self.clock.scale
        self.said.append(Utterance(text, now, now + takes, self.clock))
        return self.said[-1]

    def tone(self, kind: Tone) -> None:
        self._called()
        self.heard.append(("tone", kind.value))

    def stop(self) -> None:
        last = self.said[-1] if self.said else None
        if last is not None and last.cut_at is None and last.poll() is None:
            last.cut_at = last.clock.monotonic()

    def _called(self) -> None:
        self.threads.add(threading.current_thread().name)
        if self.block:
            self._never.wait(self.block)

    @property
    def transcript(self) -> list[str]:
        """Just the words said, in order."""
        return [text for what, text in self.heard if what == "say"]

    @property
    def cut(self) -> list[Utterance]:
        """The phrases a later cue cut off."""
        return [utterance for utterance in self.said if utterance.cut_at is not None]
