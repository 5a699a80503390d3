"""How soon a session can start once the picker is up, by history size.

lowback starts in a pseudo-terminal over a seeded history (pain check-in off); the moment the
picker's first frame has arrived, the benchmark presses Enter (start the highlighted routine)
and reads until the timer's "Get ready" is drawn. A session that must wait for the history to
load shows here as a long wait.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from devkit.seed import copy_history
from devkit.terminal import PtyProcess, base_env, python_module

from .startup import PICKER_TEXTS


@dataclass
class SessionStartResult:
    sessions: int
    waits_s: list[float]
    load: float

    @property
    def median(self) -> float:
        return statistics.median(self.waits_s)

    @property
    def worst(self) -> float:
        return max(self.waits_s)


def measure_session_start(
    seeded: dict[int, Path | None], runs: int = 3
) -> list[SessionStartResult]:
    results = []
    for sessions, history in seeded.items():
        waits, loads = [], []
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="lowback-bench-") as tmp:
                home = Path(tmp)
                if history is not None:
                    copy_history(history, home)
                (home / "settings.toml").write_text("pain_checkin = false\nmute = true\n")
                env = base_env(LOWBACK_HOME=str(home))
                with PtyProcess(python_module("lowback_tui"), env) as app:
                    app.wait_for(*PICKER_TEXTS, timeout=60)
                    shown = time.perf_counter()
                    mark = len(app.output)
                    app.send(b"\r")
                    app.wait_for("Get ready", since=mark, timeout=60)
                    waits.append(time.perf_counter() - shown)
                    loads.append(os.getloadavg()[0])
        results.append(SessionStartResult(sessions, waits, max(loads)))
    return results
