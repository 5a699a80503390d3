"""Time to open the history screen over a long history, in a real pseudo-terminal.

lowback starts on a copy of a seeded history/ (year files and index); once the picker is up
and the process has gone quiet (its CPU time stops growing), we press `h` and read the
terminal until the screen shows the session list (the count line and its first page), then
until the streak panel has been counted. Peak memory (VmHWM) is read with the screen open,
once the process has gone quiet again (what it does after the first frame counts too).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from devkit.seed import copy_history
from devkit.terminal import PtyProcess, base_env, python_module

from .procstat import cpu_seconds, peak_rss_kib
from .startup import PICKER_TEXTS


@dataclass
class HistoryOpenResult:
    sessions: int
    list_s: list[float]
    """From the key press until the list and its count are on screen."""
    streaks_s: list[float]
    """From the key press until the streak panel shows the counted streaks."""
    load_s: float
    """From the process start until it went quiet with the history loaded."""
    peak_kib: int
    """lowback's peak resident memory with this history loaded and the screen open."""
    load: float = 0.0

    @property
    def list_median(self) -> float:
        return statistics.median(self.list_s)

    @property
    def streaks_median(self) -> float:
        return statistics.median(self.streaks_s)


def wait_until_quiet(app: PtyProcess, quiet: float = 0.6, timeout: float = 60.0) -> float:
    """Read the terminal until the process used no CPU for `quiet` s; seconds since start."""
    give_up = time.perf_counter() + timeout
    last, since = cpu_seconds(app.pid), time.perf_counter()
    while time.perf_counter() < give_up:
        app.drain(0.1)
        now = cpu_seconds(app.pid)
        if now != last:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return since - app.started
    raise TimeoutError("lowback never went quiet")


@contextmanager
def lowback_over(history: Path, tmp: Path) -> Iterator[PtyProcess]:
    """lowback started over a fresh copy of `history` (in `tmp`/home), its picker up."""
    home = tmp / "home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    copy_history(history, home)
    with PtyProcess(python_module("lowback_tui"), base_env(LOWBACK_HOME=str(home))) as app:
        app.wait_for(*PICKER_TEXTS, timeout=60)
        yield app


def measure_history_open(history: Path, sessions: int, runs: int = 3) -> HistoryOpenResult:
    lists, streaks, loads, peaks = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="lowback-bench-") as tmp:
        for _ in range(runs):
            with lowback_over(history, Path(tmp)) as app:
                loads.append(wait_until_quiet(app))
                mark = len(app.output)
                pressed = time.perf_counter()
                app.send(b"h")
                app.wait_for(f"{sessions:,} sessions", since=mark, timeout=60)
                lists.append(time.perf_counter() - pressed)
                app.wait_for("Current streak", since=mark, timeout=60)
                streaks.append(time.perf_counter() - pressed)
                wait_until_quiet(app)  # the screen's own work after its first frame counts too
                peaks.append(peak_rss_kib(app.pid))
    return HistoryOpenResult(
        sessions, lists, streaks, statistics.median(loads), max(peaks), os.getloadavg()[0]
    )


if __name__ == "__main__":
    from devkit.seed import seed_history

    with tempfile.TemporaryDirectory() as seed_dir:
        path = seed_history(Path(seed_dir), 20_000)
        print(measure_history_open(path, 20_000))
