"""CPU and peak memory in a real terminal: lowback in a 20-minute relax hold, against a
minimal Textual app counting down a big mm:ss clock (`Digits`, once a second: the honest floor
of a big clock), and the bare app idle (for memory, and for reference).

All three run at the same time, each in its own detached tmux server (a real terminal
emulator that parses and keeps every frame), at 100×30. CPU is utime+stime from
/proc/PID/stat of the app's process (every thread), read before and after the same window.
Memory is VmHWM (the peak resident set) from /proc/PID/status at the end.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from devkit.terminal import TmuxPane, base_env, python_module

from .bare_app import READY_TEXT
from .procstat import cpu_seconds, peak_rss_kib

WINDOW = 30.0


@dataclass
class IdleResult:
    window_s: float
    lowback_cpu_s: float
    bare_cpu_s: float
    lowback_peak_kib: int
    bare_peak_kib: int
    clock_cpu_s: float
    """The Digits clock's CPU over the same window: the anchor."""
    screen: str
    """What the relax hold looked like at the end (proof it was counting down)."""
    load: float = 0.0

    @property
    def lowback_percent(self) -> float:
        return 100 * self.lowback_cpu_s / self.window_s

    @property
    def bare_percent(self) -> float:
        return 100 * self.bare_cpu_s / self.window_s

    @property
    def clock_percent(self) -> float:
        return 100 * self.clock_cpu_s / self.window_s


def measure_idle(window: float = WINDOW) -> IdleResult:
    """lowback, the Digits clock and the bare app side by side over the same `window`."""
    with tempfile.TemporaryDirectory(prefix="lowback-bench-") as tmp:
        home = Path(tmp) / "lowback"
        home.mkdir()
        (home / "settings.toml").write_text("pain_checkin = false\nmute = true\n")
        lowback = TmuxPane(
            "relax",
            python_module("lowback_tui", "run", "static-back"),
            base_env(LOWBACK_HOME=str(home)),
        )
        clock = TmuxPane("clock", python_module("benchmarks.digits_clock"), base_env())
        bare = TmuxPane("bare", python_module("benchmarks.bare_app"), base_env())
        with lowback, clock, bare:
            lowback.wait_for("Get ready")
            lowback.send_keys("Enter")  # start the 20-minute hold now
            lowback.wait_for("Hold 20m")
            bare.wait_for(READY_TEXT)
            time.sleep(2.0)  # let all settle after their first frames
            pids = lowback.pid, bare.pid, clock.pid
            before = [cpu_seconds(pid) for pid in pids]
            started = time.monotonic()
            time.sleep(window)
            after = [cpu_seconds(pid) for pid in pids]
            elapsed = time.monotonic() - started
            screen = lowback.screen()
            peaks = [peak_rss_kib(pid) for pid in pids]
    used = [end - start for start, end in zip(before, after, strict=True)]
    return IdleResult(
        elapsed, used[0], used[1], peaks[0], peaks[1], used[2], screen, os.getloadavg()[0]
    )


if __name__ == "__main__":
    result = measure_idle()
    print(result.screen)
    print(result)
    print(
        f"lowback {result.lowback_percent:.3f}%  Digits clock {result.clock_percent:.3f}%  "
        f"bare {result.bare_percent:.3f}%"
    )
