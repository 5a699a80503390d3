"""The terminal's own title during a session ("HOLD 12:34 · Static back"), for a window list or a
tmux status line: at most once a second, and given back as it was when the session closes.

Textual has no call for the terminal's title (its `App.title` is the Header widget's), so this
writes the xterm sequences through the app's driver, as Textual does for the clipboard: OSC 2
sets the title, and the title stack (CSI 22;0 t / CSI 23;0 t, which tmux and xterm keep) saves
the title the terminal had and restores it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from lowback_tui.base.terminal_text import safe
from lowback_tui.ui.screens.timer_view import Look, View

#: The fewest real seconds between two titles: a window list need not redraw more often.
MIN_INTERVAL = 1.0
SAVE, RESTORE = "\x1b[22;0t", "\x1b[23;0t"

#: The phase's word in the title: short, since a tab or a status line shows little.
WORDS = {
    Look.GET_READY: "GET READY",
    Look.HOLD: "HOLD",
    Look.MAY_RELEASE: "MAY RELEASE",
    Look.REST: "REST",
    Look.COUNT: "REPS",
    Look.PAUSED: "PAUSED",
}


def title_text(view: View, step: str) -> str:
    """ "HOLD 12:34 · Static back": the phase, the time left (a reps set's count), the step."""
    word = WORDS.get(view.look)
    if word is None:
        return "lowback"
    return f"{word} {view.digits} · {step}"


class TerminalTitle:
    """Writes the title when it changes, never twice within MIN_INTERVAL real seconds."""

    def __init__(
        self, write: Callable[[str], None], now: Callable[[], float] = time.monotonic
    ) -> None:
        self._write = write
        self._now = now
        self._written: str | None = None
        self._wanted: str | None = None
        self._at = float("-inf")
        self._saved = False

    def show(self, text: str) -> float | None:
        """Ask for `text`; None if it is on the terminal now, else the real seconds until
        `flush` may write it (the caller wakes then)."""
        self._wanted = text
        if text == self._written:
            return None
        wait = self._at + MIN_INTERVAL - self._now()
        if wait > 0:
            return wait
        self.flush()
        return None

    def flush(self) -> None:
        """Write the title asked for last, if it is not there yet (and the interval allows)."""
        text = self._wanted
        if text is None or text == self._written or self._now() < self._at + MIN_INTERVAL:
            return
        # Control characters are made visible (a routine's name is text from a file): nothing
        # in it can end the sequence early or start another.
        self._write(("" if self._saved else SAVE) + f"\x1b]2;{safe(text)}\x07")
        self._saved = True
        self._written, self._at = text, self._now()

    def restore(self) -> None:
        """Give the terminal back the title it had before the first one written here."""
        if self._saved:
            self._write(RESTORE)
            self._saved = False
        self._written = self._wanted = None
