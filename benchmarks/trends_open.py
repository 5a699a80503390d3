"""Time to open the trends screen over a long history, in a real pseudo-terminal.

lowback starts on a copy of a seeded history/ (year files and index). Once the picker is up
and the process has gone quiet, `h` opens the history screen; once that has gone quiet too,
`t` is pressed and the terminal read until the trends screen's first frame (its range line,
"loading…") and then until the default range's charts are drawn (the pain chart's title).
Then `2` shows the open holds, drawn once every session's holds in the range are read (the
seeded sessions have none, so the tab's sentence says so). Last, one run presses `r` up to
"all" and times its loading line, its figures from the index, and the holds of every year.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from devkit.terminal import PtyProcess

from .history_open import lowback_over, wait_until_quiet
from .procstat import cpu_seconds
from .report import Row, verdict

GOAL_S = 0.3
FIRST_FRAME = "Range: 12 weeks · loading"
CHARTS = "Pain 0–10"
HOLDS_DONE = "No open-hold results in this range"
"""What the holds tab says over the seeded sessions (stretches, no open hold) once read."""
ALL_LOADING = "Range: all · loading every session"
HOLDS_LOADING = "Reading the holds of every session"


@dataclass
class TrendsOpenResult:
    sessions: int
    first_frame_s: list[float] = field(default_factory=list)
    """From `t` until the screen's first frame (the range line saying "loading…")."""
    charts_s: list[float] = field(default_factory=list)
    """From `t` until the default range's charts are drawn (the first tab: pain)."""
    cpu_s: list[float] = field(default_factory=list)
    """lowback's CPU time (all threads) from `t` until the charts were drawn."""
    holds_s: list[float] = field(default_factory=list)
    """From `t` until the open-holds tab (pressed once the charts were drawn) is drawn."""
    all_loading_s: float | None = None
    """From `r` (to "all") until the range line says it is loading every session."""
    all_figures_s: float | None = None
    """From that `r` until pain, minutes and what helps of all sessions are drawn."""
    all_holds_s: float | None = None
    """From that `r` until the holds of every year file are read and the tab is drawn."""
    load: float = 0.0

    @property
    def charts_median(self) -> float:
        return statistics.median(self.charts_s)


def measure_trends_open(
    history: Path, sessions: int, runs: int = 3, *, all_range: bool = True
) -> TrendsOpenResult:
    """`runs` openings of the trends screen over `history`; `all_range`: the last run also
    times the "all" range (at 100,000 sessions that reads 137 year files: tens of seconds)."""
    result = TrendsOpenResult(sessions)
    count = f"{sessions:,} sessions"
    with tempfile.TemporaryDirectory(prefix="lowback-bench-") as tmp:
        for run in range(runs):
            with lowback_over(history, Path(tmp)) as app:
                # The picker's coaching reads the history after the first frame: wait it out.
                wait_until_quiet(app, timeout=600)
                mark = len(app.output)
                app.send(b"h")
                app.wait_for(count, "Current streak", since=mark, timeout=60)
                wait_until_quiet(app, quiet=0.4)
                mark = len(app.output)
                cpu = cpu_seconds(app.pid)
                pressed = time.perf_counter()
                app.send(b"t")
                app.wait_for(FIRST_FRAME, since=mark, timeout=60)
                result.first_frame_s.append(time.perf_counter() - pressed)
                app.wait_for(CHARTS, since=mark, timeout=60)
                result.charts_s.append(time.perf_counter() - pressed)
                result.cpu_s.append(cpu_seconds(app.pid) - cpu)
                app.send(b"2")
                app.wait_for(HOLDS_DONE, since=mark, timeout=120)
                result.holds_s.append(time.perf_counter() - pressed)
                if all_range and run == runs - 1:
                    _measure_all(app, result)
    result.load = os.getloadavg()[0]
    return result


def _measure_all(app: PtyProcess, result: TrendsOpenResult) -> None:
    """From 12 weeks, `r` twice (a year, then all) with the open-holds tab in view."""
    mark = len(app.output)
    app.send(b"r")
    app.wait_for("Range: a year", since=mark, timeout=120)
    wait_until_quiet(app, quiet=0.4, timeout=300)
    mark = len(app.output)
    pressed = time.perf_counter()
    app.send(b"r")
    app.wait_for(ALL_LOADING, since=mark, timeout=60)
    result.all_loading_s = time.perf_counter() - pressed
    app.wait_for(f"Range: all · {result.sessions:,} sessions", since=mark, timeout=300)
    result.all_figures_s = time.perf_counter() - pressed
    app.wait_for(HOLDS_LOADING, since=mark, timeout=60)
    mark = len(app.output)
    app.wait_for(HOLDS_DONE, since=mark, timeout=900)
    result.all_holds_s = time.perf_counter() - pressed


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def trends_rows(result: TrendsOpenResult) -> list[Row]:
    """The table's rows: the goal is on the charts (median), the slowest run beside it."""
    load = f"{result.load:.1f}"
    size = f"{result.sessions:,} sessions"
    charts, slowest = result.charts_median, max(result.charts_s)
    rows = [
        Row(
            f"Trends screen, {size}: 12 weeks' charts drawn (median; slowest)",
            f"{ms(charts)}; {ms(slowest)}",
            "",
            ms(charts),
            "≤ 300 ms",
            verdict(charts <= GOAL_S),
            load,
        ),
        Row(
            "  first frame, saying loading (median; slowest); CPU to the charts (median)",
            f"{ms(statistics.median(result.first_frame_s))}; {ms(max(result.first_frame_s))}; "
            f"CPU {ms(statistics.median(result.cpu_s))}",
            "",
            ms(statistics.median(result.first_frame_s)),
            "≤ 300 ms",
            verdict(statistics.median(result.first_frame_s) <= GOAL_S),
            load,
        ),
        Row(
            f"  open-holds tab drawn, {size} (median; slowest)",
            f"{ms(statistics.median(result.holds_s))}; {ms(max(result.holds_s))}",
            "",
            ms(statistics.median(result.holds_s)),
            "",
            "",
            load,
        ),
    ]
    if result.all_loading_s is not None:
        assert result.all_figures_s is not None and result.all_holds_s is not None
        rows.append(
            Row(
                f'  range "all", {size}: says loading; figures; every year\'s holds',
                f"{ms(result.all_loading_s)}; {result.all_figures_s:.1f} s; "
                f"{result.all_holds_s:.1f} s",
                "",
                ms(result.all_loading_s),
                "says so ≤ 300 ms",
                verdict(result.all_loading_s <= GOAL_S),
                load,
            )
        )
    return rows


if __name__ == "__main__":
    import sys

    from devkit.seed import seed_history

    from .report import table_text

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as seed_dir:
        measured = measure_trends_open(seed_history(Path(seed_dir), size), size, runs)
    print(measured)
    print(table_text(trends_rows(measured)))
