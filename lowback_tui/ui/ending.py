"""SIGHUP (the terminal closed) and SIGTERM end lowback within a second, whatever it is doing.

The app is asked to quit as the user would (the driver gives the terminal back, on_unmount
saves). If it has not ended by a deadline (busy converting a long history, or Textual's input
thread spinning on a terminal that is gone), what is pending is written within a short bound
and the process ends there. Nothing saved is lost by that: every write is atomic, the running
session's holds are in its journal, and a conversion cut short is finished at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

#: Seconds a quit may take after a hang-up before the process ends regardless (no terminal
#: to give back), and after SIGTERM (the terminal is still there: give Textual longer).
GRACE = {signal.SIGHUP: 0.5, signal.SIGTERM: 2.0}
#: Seconds the pending history changes may take to be written before the process ends.
SAVE_WITHIN = 0.3


class Ending:
    """Installed once the app runs; `quit_app` asks the app to exit, `save(timeout)` writes
    what is pending (raising whatever it raises: it is ignored, the end comes regardless)."""

    def __init__(self, quit_app: Callable[[], None], save: Callable[[float], None]) -> None:
        self._quit_app = quit_app
        self._save = save
        self._loop: asyncio.AbstractEventLoop | None = None
        self._watching = False

    def install(self) -> None:
        """From the event loop's thread: catch SIGHUP and SIGTERM from now on.

        signal.signal, not loop.add_signal_handler: a handler of the loop runs only when the
        loop turns, and a main thread waiting (on a worker, on Textual's input thread) never
        lets it; a Python signal handler runs in the main thread even while it waits."""
        self._loop = asyncio.get_running_loop()
        for number in GRACE:
            signal.signal(number, self._on_signal)

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        if not self._watching:
            self._watching = True
            threading.Thread(
                target=self._end_by_deadline,
                args=(number, time.monotonic() + GRACE[signal.Signals(number)]),
                name="lowback-ending",
                daemon=True,
            ).start()
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: ending anyway
                self._loop.call_soon_threadsafe(self._quit_app)

    def _end_by_deadline(self, number: int, deadline: float) -> None:
        done = threading.Event()  # never set: a wait with a deadline, on the monotonic clock
        done.wait(max(0.0, deadline - time.monotonic()))
        with contextlib.suppress(BaseException):  # ending regardless: the journal has the run
            self._save(SAVE_WITHIN)
        os._exit(128 + number)
