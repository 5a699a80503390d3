"""Time from process start to the first interactive screen: lowback against a stock Textual
app showing the same kind of screen (benchmarks/stock_screen.py: the goal's anchor), and
against the bare app's one line (for reference).

Each app is started the same way, `python -m MODULE` on the follower side of a fresh
pseudo-terminal (100×30, TERM=xterm-256color), and we read the leader side ourselves: the
clock starts just before the fork and stops when the bytes of the first complete screen have
arrived, i.e. when the text a user needs is on it (escape sequences stripped). No polling: the
read wakes as soon as the app writes. For lowback that is the picker with the routine list,
its preview and the footer (all drawn in the first frame); for the stock screen its list,
preview and footer; for the bare app its one line. Runs alternate between the apps so that any
drift of the machine hits all alike.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from devkit.seed import copy_history
from devkit.terminal import PtyProcess, base_env, python_module

from .bare_app import READY_TEXT
from .procstat import peak_rss_kib
from .stock_screen import READY_TEXTS as STOCK_TEXTS

#: What lowback's first screen shows once it is usable: a routine, its preview, the footer.
PICKER_TEXTS = ("Core strength", "holds ·", "Start")


@dataclass
class StartupResult:
    lowback_s: list[float]
    bare_s: list[float]
    lowback_peak_kib: list[int]
    """VmHWM of each lowback run, read once the picker had been up for SETTLE seconds."""
    bare_peak_kib: list[int]
    label: str = "empty history"
    load: float = 0.0
    stock_s: list[float] | None = None
    """The stock screen's starts, alternating with the others."""

    @property
    def lowback(self) -> float:
        return statistics.median(self.lowback_s)

    @property
    def bare(self) -> float:
        return statistics.median(self.bare_s)

    @property
    def stock(self) -> float:
        return statistics.median(self.stock_s or [float("nan")])


#: Seconds both apps idle on their first screen before their peak memory is read.
SETTLE = 0.5


def _time_lowback(home: Path) -> tuple[float, int]:
    with PtyProcess(python_module("lowback_tui"), base_env(LOWBACK_HOME=str(home))) as app:
        seconds = app.wait_for(*PICKER_TEXTS, timeout=60)
        app.drain(SETTLE)
        return seconds, peak_rss_kib(app.pid)


def _time_bare() -> tuple[float, int]:
    with PtyProcess(python_module("benchmarks.bare_app"), base_env()) as app:
        seconds = app.wait_for(READY_TEXT)
        app.drain(SETTLE)
        return seconds, peak_rss_kib(app.pid)


def _time_stock() -> float:
    with PtyProcess(python_module("benchmarks.stock_screen"), base_env()) as app:
        return app.wait_for(*STOCK_TEXTS)


def measure_startup(
    runs: int = 9, history: Path | None = None, label: str = "empty history"
) -> StartupResult:
    """`runs` timed starts of each (after one untimed warm-up of each), medians reported."""
    lowback, bare, stock = [], [], []
    with tempfile.TemporaryDirectory(prefix="lowback-bench-") as tmp:
        home = Path(tmp)
        if history is not None:
            copy_history(history, home)
        _time_lowback(home)  # warm-up: bytecode cache, page cache
        _time_bare()
        _time_stock()
        for _ in range(runs):
            lowback.append(_time_lowback(home))
            stock.append(_time_stock())
            bare.append(_time_bare())
    return StartupResult(
        [s for s, _ in lowback],
        [s for s, _ in bare],
        [k for _, k in lowback],
        [k for _, k in bare],
        label,
        os.getloadavg()[0],
        stock,
    )


if __name__ == "__main__":
    result = measure_startup(5)
    print(
        f"lowback {result.lowback * 1000:.0f} ms, stock screen {result.stock * 1000:.0f} ms "
        f"({result.lowback / result.stock:.2f}×), bare {result.bare * 1000:.0f} ms "
        f"({result.lowback / result.bare:.2f}×)"
    )
