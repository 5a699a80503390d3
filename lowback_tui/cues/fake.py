"""A speaker for tests: it records what it was asked to say and play, and may be slow."""

from __future__ import annotations

import threading

from lowback_tui.core.announcement import Tone


class FakeSpeaker:
    """Records ("say", words) and ("tone", kind); `block` seconds per call imitate a program
    that hangs (the call waits on an event, never a bare sleep)."""

    speaks = True

    def __init__(self, *, inline: bool = True, block: float = 0.0) -> None:
        self.inline = inline
        self.block = block
        self.heard: list[tuple[str, str]] = []
        self.threads: set[str] = set()
        """Names of the threads the calls ran on."""
        self._never = threading.Event()

    def say(self, text: str) -> None:
        self._called()
        self.heard.append(("say", text))

    def tone(self, kind: Tone) -> None:
        self._called()
        self.heard.append(("tone", kind.value))

    def stop(self) -> None:
        return None

    def _called(self) -> None:
        self.threads.add(threading.current_thread().name)
        if self.block:
            self._never.wait(self.block)

    @property
    def transcript(self) -> list[str]:
        """Just the words said, in order."""
        return [text for what, text in self.heard if what == "say"]
