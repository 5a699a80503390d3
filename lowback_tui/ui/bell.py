"""The bell cues: the terminal's bell, rung a number of times a quarter second apart."""

from __future__ import annotations

from textual.app import App

#: Seconds between the rings of one cue (a strong cue rings more than once).
RING_GAP = 0.25


class Bell:
    """What the cue service calls to ring: `bell(times)`, through the app's own bell."""

    def __init__(self, app: App[None]) -> None:
        self._app = app

    def __call__(self, times: int) -> None:
        self._app.bell()
        for later in range(1, times):
            self._app.set_timer(RING_GAP * later, self._app.bell)
