"""`lowback` with probes: the cues it plays, and (to find out why) its timer wakes and writes.

Only the benchmark starts lowback this way; the probes wrap methods from outside and change
nothing else. Usage: python -m benchmarks.instrumented LOG [lowback arguments]. Every line of
LOG is `<time.monotonic()> <what> [details]`; CLOCK_MONOTONIC is the same in every process.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any


def main(argv: list[str]) -> int:
    from lowback_tui.cli.main import main as lowback_main
    from lowback_tui.core.announce import Announcement
    from lowback_tui.services.cues.service import Cues
    from lowback_tui.store.repository import HistoryRepository
    from lowback_tui.ui.screens.timer import TimerScreen

    log = open(argv[0], "a", buffering=1, encoding="ascii")  # noqa: SIM115 (open for the run)
    play = Cues.play

    def cue(self: Cues, announcement: Announcement | None) -> bool:
        if announcement is not None and announcement.tone is not None:
            log.write(f"{time.monotonic():.6f} cue {announcement.tone.value}\n")
        return play(self, announcement)

    sync = TimerScreen.sync

    def traced_sync(self: TimerScreen) -> None:
        deadline = self.engine.next_deadline()
        late = None if deadline is None else self.engine.clock.monotonic() - deadline
        log.write(
            f"{time.monotonic():.6f} wake {self.engine.phase.value} "
            f"late_by={late if late is None else round(late / self.engine.clock.scale, 6)}\n"
        )
        sync(self)

    def timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.monotonic()
            try:
                return method(*args, **kwargs)
            finally:
                log.write(f"{started:.6f} {name} took={time.monotonic() - started:.6f}\n")

        return wrapper

    Cues.play = cue  # type: ignore[method-assign,assignment]
    TimerScreen.sync = traced_sync  # type: ignore[method-assign]
    for name in ("record_hold", "finish_session"):
        setattr(HistoryRepository, name, timed(name, getattr(HistoryRepository, name)))
    return lowback_main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
