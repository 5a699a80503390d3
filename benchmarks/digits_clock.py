"""The anchor for a relax hold's CPU: a minimal Textual app showing a big mm:ss clock.

Textual's `Digits` counting down once a second: the honest floor of what any app showing a
big clock costs while it waits, to set lowback's 20-minute hold against.
"""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.widgets import Digits


class DigitsClock(App[None]):
    def compose(self) -> ComposeResult:
        yield Digits("20:00")

    def on_mount(self) -> None:
        self._end = time.monotonic() + 20 * 60
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        left = max(0, round(self._end - time.monotonic()))
        self.query_one(Digits).update(f"{left // 60:02d}:{left % 60:02d}")


if __name__ == "__main__":
    DigitsClock().run()
