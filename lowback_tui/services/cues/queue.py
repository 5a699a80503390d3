"""Which cue plays next, and whether a new cue may cut the one playing.

A cue that carries information (the step, the side, a target, a result, a question) is heard
to its end: cues come in faster than speech, so they wait their turn by priority, and the
ones only about timing give way. A "3, 2, 1" that has to wait is said shorter ("2, 1") or not
at all, never over the side it follows. The rules are pure: the cue thread and the tests
(on a fake clock) run the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from lowback_tui.core.announcement import Announcement, Priority
from lowback_tui.core.clock import Clock

#: The countdown's words and the seconds espeak-ng takes to say them (`espeak-ng -w`, then
#: `soxi -D`: 1.57 s and 1.11 s, rounded up); said only with that much time left before the
#: hold starts, the longest that fits first.
COUNTDOWNS = (("3, 2, 1", 1.6), ("2, 1", 1.15))


class Playing(Protocol):
    """A cue being played: a program started, or a test's stand-in for one."""

    @property
    def args(self) -> Any:
        """The program's arguments (the first names it in a message)."""
        ...

    def poll(self) -> int | None:
        """None while it plays; its exit status once it is over."""
        ...


class CueQueue:
    """The cues waiting to be played, and the rule for each new one."""

    def __init__(self) -> None:
        self.waiting: list[Announcement] = []

    def add(self, batch: Sequence[Announcement], playing: Announcement | None) -> bool:
        """Queue one batch's cues; True when the one `playing` must be cut for them.

        Only a timing cue is ever cut. A waiting cue is replaced by a newer one that matters
        as much or more, except a message (a result, a question, the end), which stays.
        """
        if not batch:
            return False
        first = max(cue.priority for cue in batch)
        self.waiting = [
            cue for cue in self.waiting if cue.priority is Priority.MESSAGE or cue.priority > first
        ]
        self.waiting += batch
        return playing is not None and playing.priority is Priority.TIMING

    def take(self, now: float, scale: float) -> Announcement | None:
        """The next cue to play at clock time `now`: the most important first, in order
        within each kind; a countdown fitted to the time left before its hold, or skipped."""
        while self.waiting:
            cue = max(self.waiting, key=lambda waiting: waiting.priority)
            self.waiting.remove(cue)
            if cue.countdown_to is None:
                return cue
            left = (cue.countdown_to - now) / scale  # in real seconds, as speech runs
            words = next((said for said, takes in COUNTDOWNS if takes <= left), None)
            if words is not None:
                return Announcement(cue.tone, words, cue.priority, cue.countdown_to)
        return None

    def clear(self) -> None:
        self.waiting.clear()


class Playback:
    """The cue thread's state: what plays, what waits. `offer` a batch, `poll` to start the
    next cue once the one playing is over. Called from one thread only."""

    def __init__(
        self,
        clock: Clock,
        play: Callable[[Announcement], Playing | None],
        cut: Callable[[], None],
        ended: Callable[[Playing], None],
    ) -> None:
        self.clock = clock
        self.queue = CueQueue()
        self._play, self._cut, self._ended = play, cut, ended
        self.cue: Announcement | None = None
        """The cue playing (until `poll` finds it over)."""
        self.process: Playing | None = None

    @property
    def busy(self) -> bool:
        """Something is playing (or waiting): the thread watches it."""
        return self.process is not None or bool(self.queue.waiting)

    def offer(self, batch: Sequence[Announcement]) -> None:
        if self.queue.add(batch, self.cue if self.process is not None else None):
            self.stop()
        self.poll()

    def stop(self) -> None:
        """Cut what plays now (a timing cue, or everything when the cues change or close)."""
        if self.process is not None:
            self._cut()
            self._ended(self.process)
        self.process, self.cue = None, None

    def poll(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            self._ended(self.process)
            self.process, self.cue = None, None
        while self.process is None:
            cue = self.queue.take(self.clock.monotonic(), self.clock.scale)
            if cue is None:
                return
            self.process, self.cue = self._play(cue), cue
