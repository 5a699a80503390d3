"""How exactly a 60 s hold ends: a real lowback process, a pause in the middle, a busy core.

lowback runs a two-step routine (a fixed 60 s relax hold, then an open hold) in a
pseudo-terminal on its real clock, started through benchmarks.instrumented, which logs the
moment each cue is played. On a quiet machine (the goal), and again with one busy process
per core spinning the whole time (reported). We press Enter
during the get-ready countdown (the hold starts), Space at 30 s and Space again after a 5 s
pause, each timed on the system-wide monotonic clock as the key is written. The hold should
end at Enter + 60 s + (second Space - first Space). Then, 7 s after the open hold's start
bell reaches the terminal, we press Enter to release it. Reported:

- the end-to-end error: when the strong cue's bell (BEL) reached the terminal, minus that
  moment (what the user hears);
- the timer's error: when lowback played the strong cue, minus that moment;
- the release error: the open hold's recorded time minus the time between its start bell and
  our Enter key (both measured here, not by lowback).

With LOWBACK_TIME_SCALE=N (`--scale`) the run takes 1/N of the time; errors stay in real ms.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from devkit.terminal import ESCAPES, PtyProcess, base_env

from .report import INFO, Row, verdict

ROUTINE = """name = "Precision"
prepare = "10s"
[[step]]
name = "Sixty seconds"
kind = "relax"
hold = "60s"
[[step]]
name = "Open hold"
kind = "hold"
hold = "3s+"
"""
HOLD_SECONDS = 60.0
PAUSE_AT = 30.0
PAUSE_FOR = 5.0
#: When the benchmark releases the open second hold by key, after its start reached the screen.
RELEASE_AFTER = 7.0
BUSY_LOOP = "while True: pass"
#: Busy processes beside lowback: one per core of this machine, so no core is idle.
BUSY = os.cpu_count() or 2


@dataclass
class PrecisionResult:
    cue_error_ms: float
    """When lowback played the strong cue minus the expected end, real ms (positive: late)."""
    bell_error_ms: float
    """When the bell reached the terminal minus the expected end, real ms."""
    start_latency_ms: float
    """From the Enter key to lowback's start cue: how late the hold began (input latency)."""
    held_seconds: float
    """What lowback recorded for the hold (clock seconds; 60 expected)."""
    scale: float
    paused_s: float
    wake_late_ms: float
    """How long after the hold's deadline the timer screen woke to end it."""
    writes_ms: float
    """Time spent writing the hold and the session's end, after that wake, before the cue."""
    release_error_ms: float
    """The open hold's recorded time minus the time between its start reaching the terminal
    (its start bell) and the benchmark's Enter key."""
    load: float


def bell_count(output: bytes) -> int:
    """Bells the app rang, not counting the BELs that end OSC sequences."""
    return ESCAPES.sub(b"", output).count(b"\x07")


def _wait_bells(app: PtyProcess, count: int, timeout: float) -> float:
    """time.monotonic() when the terminal has received `count` bells (read as they arrive)."""
    give_up = time.monotonic() + timeout
    while bell_count(bytes(app.output)) < count:
        if time.monotonic() > give_up or not app.read(give_up - time.monotonic()):
            raise TimeoutError(f"only {bell_count(bytes(app.output))} bells of {count}")
    return time.monotonic()


def _drain_until(app: PtyProcess, moment: float) -> None:
    app.drain(max(0.0, moment - time.monotonic()))


def measure_precision(scale: float = 1.0, *, busy_cores: bool = True) -> PrecisionResult:
    """One run; `busy_cores`: one busy process per core spins the whole time."""
    with tempfile.TemporaryDirectory(prefix="lowback-bench-") as tmp:
        home = Path(tmp)
        (home / "routines").mkdir()
        (home / "routines" / "precision.toml").write_text(ROUTINE)
        (home / "settings.toml").write_text("pain_checkin = false\nmute = false\n")
        cue_log = home / "cues.log"
        env = base_env(LOWBACK_HOME=str(home), LOWBACK_TIME_SCALE=f"{scale:g}")
        command = [
            sys.executable,
            "-m",
            "benchmarks.instrumented",
            str(cue_log),
            "run",
            "precision",
        ]
        busy = [
            subprocess.Popen([sys.executable, "-c", BUSY_LOOP])
            for _ in range(BUSY if busy_cores else 0)
        ]
        try:
            with PtyProcess(command, env) as app:
                app.wait_for("Get ready", timeout=30)
                app.drain(0.5 / scale)  # well inside the get-ready (10 s of the routine's clock)
                bells = bell_count(bytes(app.output))
                started = time.monotonic()
                app.send(b"\r")  # start the hold now
                _wait_bells(app, bells + 1, 5)  # its start cue
                _drain_until(app, started + PAUSE_AT / scale)
                paused = time.monotonic()
                app.send(b" ")
                _drain_until(app, paused + PAUSE_FOR / scale)
                resumed = time.monotonic()
                app.send(b" ")
                expected = started + HOLD_SECONDS / scale + (resumed - paused)
                bell_at = _wait_bells(app, bells + 2, HOLD_SECONDS / scale + 30)
                # The strong cue's second bell, then the open hold's start bell.
                second_start = _wait_bells(app, bells + 4, 30)
                _drain_until(app, second_start + RELEASE_AFTER / scale)
                released = time.monotonic()
                app.send(b"\r")
                app.drain(1.0)  # the summary, and time for the last write
                load = os.getloadavg()[0]
                start_at, cue_at = _cues(cue_log)
                wake_late, writes = _before_the_cue(cue_log)
                held, open_held = _recorded_holds(home)
        finally:
            for process in busy:
                process.kill()
                process.wait()
    return PrecisionResult(
        (cue_at - expected) * 1000,
        (bell_at - expected) * 1000,
        (start_at - started) * 1000,
        held,
        scale,
        resumed - paused,
        wake_late * 1000,
        writes * 1000,
        (open_held - (released - second_start) * scale) / scale * 1000,
        load,
    )


def _cues(log: Path) -> tuple[float, float]:
    """When the start cue and the strong cue were played."""
    cues = [line.split()[::2] for line in log.read_text().splitlines() if " cue " in line]
    cues = [cue for cue in cues if cue[1] in ("start", "strong")]  # not ticks, not soft
    if [strength for _, strength in cues][:3] != ["start", "strong", "start"]:
        raise AssertionError(f"expected a start and a strong cue, the log says:\n{cues}")
    return float(cues[0][0]), float(cues[1][0])


def _before_the_cue(log: Path) -> tuple[float, float]:
    """From the trace: the last wake's lateness (real s) and the writes between it and the cue."""
    lines = [line.split() for line in log.read_text().splitlines()]
    end = next(i for i, line in enumerate(lines) if line[1:] == ["cue", "strong"])
    wake = max(i for i in range(end) if lines[i][1] == "wake")
    late = float(lines[wake][3].removeprefix("late_by="))
    writes = sum(
        float(line[2].removeprefix("took="))
        for line in lines[wake:end]
        if line[1] in ("record_hold", "finish_session")
    )
    return late, writes


def _recorded_holds(home: Path) -> tuple[float, float]:
    """The held seconds lowback recorded for the two holds (from its year file or journal)."""
    docs = []
    for path in sorted((home / "history").glob("[0-9][0-9][0-9][0-9].json")):
        docs += json.loads(path.read_text())["sessions"].values()
    journal = home / "session.json"
    if journal.exists():
        docs.append(json.loads(journal.read_text())["session"])
    for session in docs:
        if len(session["holds"]) >= 2:
            return float(session["holds"][0]["held_seconds"]), float(
                session["holds"][1]["held_seconds"]
            )
    raise AssertionError("the holds were not recorded")


def measure_precision_runs(
    runs: int, scale: float = 1.0, *, busy_cores: bool = True
) -> list[PrecisionResult]:
    """`runs` separate runs, for the worst case (a single run can be lucky)."""
    return [measure_precision(scale, busy_cores=busy_cores) for _ in range(runs)]


def summarize(results: list[PrecisionResult]) -> tuple[float, float]:
    """The worst timer error and the worst end-to-end error of several runs, in ms."""
    return (
        max(abs(r.cue_error_ms) for r in results),
        statistics.median(abs(r.bell_error_ms) for r in results),
    )


if __name__ == "__main__":
    print(measure_precision(float(sys.argv[1]) if len(sys.argv) > 1 else 6.0))


def precision_rows(results: list[PrecisionResult], *, busy: bool) -> list[Row]:
    """The worst run's errors: goals on a quiet machine, reported with every core busy."""
    if not results:
        return []
    worst_load = f"{max(r.load for r in results):.1f}"
    bell = max(results, key=lambda r: abs(r.bell_error_ms))
    cue = max(results, key=lambda r: abs(r.cue_error_ms))
    release = max(results, key=lambda r: abs(r.release_error_ms))
    runs = len(results)
    where = "all cores busy" if busy else "quiet machine"

    def row(measure: str, error: float) -> Row:
        return Row(
            measure,
            f"{error:+.1f} ms",
            "monotonic clock",
            f"{abs(error):.1f} ms",
            "reported" if busy else "≤ 10 ms",
            INFO if busy else verdict(abs(error) <= 10),
            worst_load,
        )

    return [
        row(
            f"Hold end heard: bell on the terminal, 60 s hold + pause, {where} (worst of {runs})",
            bell.bell_error_ms,
        ),
        row(f"  the same, when lowback played the cue (worst of {runs})", cue.cue_error_ms),
        row(
            f"Open hold released by key after a measured 7 s, {where}: recorded − measured "
            f"(worst of {runs})",
            release.release_error_ms,
        ),
    ]
