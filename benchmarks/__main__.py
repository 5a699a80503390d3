"""`python -m benchmarks`: lowback against its anchors, one table; `... faults`: 20 kills.

    python -m benchmarks [--quick] [--out docs/benchmarks.md]
    python -m benchmarks faults [--kills 20] [--seed 1]

Every ratio is taken against an anchor measured in the same run (the bare Textual app, or
`python -c pass`), runs are repeated and alternated, the worst case is shown beside the
median, and every row says the machine's load while it ran. Histories of 0, 2,000, 20,000 and
100,000 sessions are seeded straight into year files (seconds, not minutes). The whole run
takes about twenty-five minutes on two idle cores (eight real 60 s holds, the batch commands
over 100,000 sessions); --quick time-scales the
holds and repeats less, to check the machinery (its numbers are not the reference ones).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from devkit.terminal import REPO, base_env

from .history_open import HistoryOpenResult
from .idle import IdleResult
from .persist import PersistResult
from .precision import PrecisionResult, precision_rows
from .report import INFO, Row, revision, table_text, verdict, write_markdown
from .session_start import SessionStartResult
from .startup import StartupResult
from .streak import StreakResult

SIZES = (0, 2000, 20_000, 100_000)
BIGGEST = SIZES[-1]
DOC = REPO / "docs" / "benchmarks.md"

METHOD = """
- **Seeding.** Histories of 2,000, 20,000 and 100,000 finished sessions (two a day back from
  yesterday, ten holds each; 100,000 reach back 137 years) are written straight into year
  files and their index by `devkit/seed.py`, once per run; each measurement gets a
  hard-linked copy (lowback replaces files, never edits them in place).
- **Load.** Every row shows the 1-minute load average (`/proc/loadavg`) at the end of what
  it measured (the highest, where a row repeats): on this 2-core machine anything above 2
  means other processes were competing for the CPU.
- **Start to first screen.** Each app is started as `python -m MODULE` on the follower side of
  a fresh pseudo-terminal (100×30, `TERM=xterm-256color`); the benchmark reads the leader side
  itself, so the clock (started just before the fork) stops the moment the bytes of the first
  usable screen arrive: for lowback the picker with its routine list, preview and footer; for
  the anchor (`benchmarks/stock_screen.py`, stock Textual widgets: a one-line header, a
  bordered list of the six routines, a preview and Textual's Footer) the same; for the bare
  app (`benchmarks/bare_app.py`, one `Static`, for reference) its line. Runs alternate between
  the apps after one warm-up each; medians (and the slowest run) are reported. All get a
  bytecode cache (`PYTHONPYCACHEPREFIX`), as an installed package has. Repeated with 100,000
  sessions on file.
- **`lowback streak`.** `python -m lowback_tui streak` in a fresh process over each history,
  alternating with `python -c pass` (same interpreter): each run's ratio is against the anchor
  run beside it; the median ratio is the goal, the worst is shown.
- **Persisting a hold.** The real `HistoryRepository` (background writer thread, as the app
  opens it) over each history, on a real asyncio loop: one session of 30 holds,
  `record_hold` called every 250 ms on the loop thread (as the timer screen does). A probe
  task sleeping 1 ms again and again measures the loop's longest stall, whatever its cause
  (the call itself, or the writer thread holding the GIL while it rewrites the year file).
  The same probe runs while the history is opened. The temp folder is on the same disk as the
  repository (not tmpfs), so fsync costs what it costs for a user.
- **A session can start.** lowback starts over each history with the pain check-in off; the
  moment the picker's first frame has arrived, Enter is pressed and the terminal read until
  the timer's "Get ready" is drawn. Five runs per size, the slowest counts.
- **History screen and memory.** lowback starts over each history; once its CPU time stops
  growing, `h` is pressed and the terminal read until the list's count line and first page are
  drawn, then until the streak panel is counted. VmHWM (`/proc/PID/status`, the peak resident
  memory of the whole run) is read with the screen open, once the process is quiet again, and
  compared with the bare app's peak on its first screen (median of the start runs).
- **Trends screen.** lowback starts over 100,000 sessions; once it is quiet, `h`, and once
  the history screen is quiet, `t`: the terminal is read until the first frame (the range line
  saying "loading…") and until the 12 weeks' charts are drawn (the pain chart's title); then
  `2` until the open holds are drawn (read from the range's year file). Three runs; the last
  also switches to "all" and times its loading line, its figures from the index (every year's
  rows) and the holds of all 137 year files (`benchmarks/trends_open.py`).
- **Export.** `lowback export --format json` over each history into /dev/null; its peak memory
  (`ru_maxrss`) must stay flat as the history grows.
- **CPU in a 20-minute relax hold.** `lowback run static-back`, the anchor
  (`benchmarks/digits_clock.py`: Textual's `Digits` showing mm:ss, updated once a second, the
  floor of any big clock) and the bare app run at the same time, each in its own detached tmux
  server (a real terminal emulator) at 100×30; after 2 s, utime+stime of each process is read
  before and after the same 60 s window.
- **Batch commands.** `benchmarks/batch.py`: each command in a fresh process over the seeded
  20,000 and 100,000 sessions (output to /dev/null), right after an anchor run, a fresh
  `python -c` that `json.loads` every year file; the ratio is CPU time (user + system) over
  the anchor run's. Three runs at 20,000, one at 100,000; the peak memory of each command at
  both sizes shows whether it stays flat. `history import` reads the JSON export of the same
  history into an empty home.
- **Hold precision.** Five runs of a real lowback process in a pseudo-terminal on a quiet
  machine (the goal), then three while one busy process per core spins (reported), each
  running a two-step routine on its real clock (a fixed 60 s relax hold, then an open hold).
  The benchmark presses Enter in the get-ready countdown, Space at 30 s and Space again 5 s
  later, timing each key on the system-wide monotonic clock: the hold should end at Enter + 60
  s + the pause. The error is when the strong cue's bell (BEL) reached the terminal minus that
  moment (also when lowback played the cue, from the log of `benchmarks/instrumented.py`).
  Then, 7 s after the open hold's start bell arrived, Enter releases it: the recorded held
  time minus that measured 7 s is the release error. The worst run is reported.
"""


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def load(value: float) -> str:
    return f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("what", nargs="?", choices=("all", "faults"), default="all")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a fast check of the machinery (time-scaled holds, fewer repeats)",
    )
    parser.add_argument("--out", type=Path, default=DOC, help="the Markdown file to write")
    parser.add_argument(
        "--revision", help="what is measured, for the page (default: git's commit of this checkout)"
    )
    parser.add_argument("--kills", type=int, default=20, help="faults: rounds of SIGKILL")
    parser.add_argument("--seed", type=int, default=1, help="faults: random seed")
    args = parser.parse_args(argv)
    if args.what == "faults":
        return run_faults(args.kills, args.seed)
    return run_benchmarks(quick=args.quick, out=args.out, source=args.revision or revision(REPO))


def step(text: str) -> float:
    print(f"… {text}", file=sys.stderr, flush=True)
    return time.monotonic()


EXPORT_PROBE = (
    "import resource, sys; from lowback_tui.cli.main import main; "
    "code = main(['export', '--format', 'json']); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


def export_peak_kib(home: Path) -> tuple[int, float]:
    env = base_env(LOWBACK_HOME=str(home))
    done = subprocess.run(
        [sys.executable, "-c", EXPORT_PROBE],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    return int(done.stderr.strip().splitlines()[-1]), os.getloadavg()[0]


def run_benchmarks(*, quick: bool, out: Path, source: str) -> int:
    from devkit.seed import HOLDS_PER_SESSION, copy_history, seed_history

    from .batch import batch_rows, measure_batch
    from .history_open import measure_history_open
    from .idle import measure_idle
    from .persist import measure_persist
    from .precision import measure_precision_runs
    from .session_start import measure_session_start
    from .startup import measure_startup
    from .streak import measure_streak
    from .trends_open import measure_trends_open, trends_rows

    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lowback-bench-seed-") as seed_dir:
        seeded: dict[int, Path] = {}
        seed_seconds: dict[int, float] = {}
        for size in SIZES[1:]:
            step(f"seeding a history of {size:,} sessions")
            before = time.perf_counter()
            seeded[size] = seed_history(Path(seed_dir) / str(size), size)
            seed_seconds[size] = time.perf_counter() - before
        homes: dict[int, Path] = {}
        for size in SIZES:
            home = Path(seed_dir) / f"home-{size}"
            home.mkdir()
            if size:
                copy_history(seeded[size], home)
            homes[size] = home
        step("start to first screen, empty history")
        start = measure_startup(4 if quick else 9)
        step(f"start to first screen, {BIGGEST:,} sessions on file")
        start_big = measure_startup(2 if quick else 5, history=seeded[BIGGEST], label="big")
        step("lowback streak against python -c pass, at every size")
        streaks = measure_streak(homes, runs=5 if quick else 15)
        step("persisting holds, at every size")
        persist = measure_persist(SIZES, holds=10 if quick else 30, seeded=seeded)
        step("starting a session from the picker's first frame, at every size")
        starts = measure_session_start({0: None, **seeded}, runs=2 if quick else 5)
        step("the history screen and memory, at every size")
        screens = [
            measure_history_open(
                seeded[size], size, runs=1 if quick else (3 if size == BIGGEST else 2)
            )
            for size in SIZES[1:]
        ]
        step(f'the trends screen over {BIGGEST:,} sessions, then its range "all"')
        trends = measure_trends_open(
            seeded[BIGGEST], BIGGEST, runs=1 if quick else 3, all_range=not quick
        )
        step("export's memory, at every size")
        exports = [(size, *export_peak_kib(homes[size])) for size in SIZES]
        window = 10.0 if quick else 60.0
        step(f"CPU during a 20-minute relax hold ({window:g} s window)")
        idle = measure_idle(window)
        step("batch commands against json.loads of the same year files, 20,000 and 100,000")
        batch = measure_batch(
            {size: seeded[size] for size in (20_000, BIGGEST)},
            runs=1 if quick else 3,
            runs_at={BIGGEST: 1},
        )
        step("hold precision: 60 s hold, a pause, an open hold, quiet machine (×5)")
        precision = measure_precision_runs(5, 20.0 if quick else 1.0, busy_cores=False)
        step("hold precision again, every core busy (×3, reported)")
        precision_busy = measure_precision_runs(3, 20.0 if quick else 1.0)
    rows = build_rows(
        start,
        start_big,
        streaks,
        persist,
        starts,
        screens,
        exports,
        idle,
        precision,
        precision_busy,
    )
    rows += trends_rows(trends)
    rows += batch_rows(batch)
    print(table_text(rows))
    print(f"\n(measured in {time.monotonic() - began:.0f} s)", file=sys.stderr)
    growth = growth_table(streaks, persist, starts, screens, exports, start, seed_seconds)
    findings = build_findings(rows, start, precision)
    extra = build_details(
        start, start_big, persist, [*precision, *precision_busy], streaks, HOLDS_PER_SESSION
    )
    command = "python -m benchmarks" + (" --quick" if quick else "")
    write_markdown(
        out,
        rows,
        command=command,
        method=METHOD,
        findings=findings,
        extra=[*growth, *extra],
        source=source,
    )
    print(f"wrote {out}", file=sys.stderr)
    return 0


def build_rows(
    start: StartupResult,
    start_big: StartupResult,
    streaks: list[StreakResult],
    persist: list[PersistResult],
    starts: list[SessionStartResult],
    screens: list[HistoryOpenResult],
    exports: list[tuple[int, int, float]],
    idle: IdleResult,
    precision: list[PrecisionResult],
    precision_busy: list[PrecisionResult],
) -> list[Row]:
    bare_peak = statistics.median(start.bare_peak_kib)
    rows = []
    for result, label in ((start, "empty history"), (start_big, f"{BIGGEST:,} sessions")):
        ratio = result.lowback / result.stock
        worst = max(result.lowback_s) / result.stock
        rows.append(
            Row(
                f"Start to first screen, {label}, against a stock Textual screen of the same "
                "kind (median; slowest)",
                f"{ms(result.lowback)}; {ms(max(result.lowback_s))}",
                f"{ms(result.stock)} (stock screen)",
                f"{ratio:.2f}× ({worst:.2f}×)",
                "≤ 1.1×",
                verdict(ratio <= 1.1),
                load(result.load),
            )
        )
        rows.append(
            Row(
                "  the same against the bare app's one line (for reference)",
                ms(result.lowback),
                f"{ms(result.bare)} (bare app)",
                f"{result.lowback / result.bare:.2f}× (stock screen "
                f"{result.stock / result.bare:.2f}×)",
                "",
                INFO,
                load(result.load),
            )
        )
    for streak in streaks:
        rows.append(
            Row(
                f"`lowback streak`, {streak.sessions:,} sessions (median; worst run)",
                ms(statistics.median(streak.streak_s)),
                f"{ms(statistics.median(streak.anchor_s))} (python -c pass)",
                f"{streak.ratio:.2f}× ({streak.worst:.2f}×)",
                "≤ 4×",
                verdict(streak.ratio <= 4),
                load(streak.load),
            )
        )
    flat = max(s.ratio for s in streaks) / min(s.ratio for s in streaks)
    rows.append(
        Row(
            "  the same, slowest size over fastest (flat)",
            f"{flat:.2f}×",
            "",
            f"{flat:.2f}×",
            "≤ 1.25×",
            verdict(flat <= 1.25),
            load(max(s.load for s in streaks)),
        )
    )
    for kept in persist:
        rows.append(
            Row(
                f"Persist one hold, {kept.sessions:,} sessions (median; max)",
                f"{kept.hold_p50:.1f} ms; {kept.hold_max:.1f} ms",
                "",
                f"{kept.hold_p50:.1f} ms",
                "≤ 5 ms",
                verdict(kept.hold_p50 <= 5),
                load(kept.load),
            )
        )
    for kept in persist:
        rows.append(
            Row(
                f"Longest loop stall while persisting, {kept.sessions:,} sessions",
                f"{kept.loop_stall_ms:.1f} ms",
                "",
                f"{kept.loop_stall_ms:.1f} ms",
                "≤ 16 ms",
                verdict(kept.loop_stall_ms <= 16),
                load(kept.load),
            )
        )
    biggest = persist[-1]
    rows.append(
        Row(
            f"Longest loop stall while opening {biggest.sessions:,} sessions",
            f"{biggest.open_stall_ms:.1f} ms",
            "",
            f"{biggest.open_stall_ms:.1f} ms",
            "≤ 16 ms",
            verdict(biggest.open_stall_ms <= 16),
            load(biggest.load),
        )
    )
    for started in starts:
        rows.append(
            Row(
                f"A session starts after the picker's first frame, {started.sessions:,} sessions "
                "(slowest of runs)",
                ms(started.worst),
                "",
                ms(started.worst),
                "≤ 100 ms",
                verdict(started.worst <= 0.1),
                load(started.load),
            )
        )
    for screen in screens:
        rows.append(
            Row(
                f"History screen, {screen.sessions:,} sessions: list (median; slowest)",
                f"{ms(screen.list_median)}; {ms(max(screen.list_s))}",
                "",
                ms(screen.list_median),
                "≤ 300 ms",
                verdict(screen.list_median <= 0.3),
                load(screen.load),
            )
        )
    for screen in screens:
        rows.append(
            Row(
                f"  streak panel counted, {screen.sessions:,} sessions",
                ms(screen.streaks_median),
                "",
                ms(screen.streaks_median),
                "≤ 300 ms",
                verdict(screen.streaks_median <= 0.3),
                load(screen.load),
            )
        )
    for screen in screens:
        rows.append(
            Row(
                f"Peak memory, {screen.sessions:,} sessions, history screen open",
                mib(screen.peak_kib),
                mib(bare_peak),
                f"{screen.peak_kib / bare_peak:.2f}×",
                "≤ 1.6×",
                verdict(screen.peak_kib / bare_peak <= 1.6),
                load(screen.load),
            )
        )
    smallest_export = exports[0][1]
    for size, peak, export_load in exports:
        rows.append(
            Row(
                f"Peak memory of `lowback export --format json`, {size:,} sessions",
                mib(peak),
                f"{mib(smallest_export)} (empty)",
                f"{peak / smallest_export:.2f}×",
                "≤ 1.2× (flat)",
                verdict(peak / smallest_export <= 1.2),
                load(export_load),
            )
        )
    picker_peak = statistics.median(start.lowback_peak_kib)
    rows += [
        Row(
            "Peak memory, first screen",
            mib(picker_peak),
            mib(bare_peak),
            f"{picker_peak / bare_peak:.2f}×",
            "≤ 1.3×",
            verdict(picker_peak / bare_peak <= 1.3),
            load(start.load),
        ),
        Row(
            f"CPU, 20-min relax hold, {idle.window_s:.0f} s in tmux, against a Digits mm:ss "
            "clock (% of one core)",
            f"{idle.lowback_percent:.2f} %",
            f"{idle.clock_percent:.2f} % (clock; bare idle {idle.bare_percent:.2f} %)",
            f"{idle.lowback_cpu_s / max(idle.clock_cpu_s, 0.01):.2f}×",
            "≤ 1.2×",
            verdict(idle.lowback_cpu_s <= 1.2 * idle.clock_cpu_s),
            load(idle.load),
        ),
        Row(
            "Peak memory, in a relax hold",
            mib(idle.lowback_peak_kib),
            mib(idle.bare_peak_kib),
            f"{idle.lowback_peak_kib / idle.bare_peak_kib:.2f}×",
            "≤ 1.3×",
            verdict(idle.lowback_peak_kib / idle.bare_peak_kib <= 1.3),
            load(idle.load),
        ),
    ]
    rows += precision_rows(precision, busy=False)
    rows += precision_rows(precision_busy, busy=True)
    return rows


def growth_table(
    streaks: list[StreakResult],
    persist: list[PersistResult],
    starts: list[SessionStartResult],
    screens: list[HistoryOpenResult],
    exports: list[tuple[int, int, float]],
    start: StartupResult,
    seed_seconds: dict[int, float],
) -> list[str]:
    """How each cost grows with the history: one column per size."""
    sizes = [f"{size:,}" for size in SIZES]
    screen_by = {screen.sessions: screen for screen in screens}
    bare_peak = statistics.median(start.bare_peak_kib)

    def screen_cell(size: int, pick: str) -> str:
        screen = screen_by.get(size)
        if screen is None:
            return "–"
        if pick == "list":
            return ms(screen.list_median)
        return f"{screen.peak_kib / bare_peak:.2f}×"

    lines = [
        "### How each cost grows with the history",
        "",
        "| measure | " + " | ".join(sizes) + " |",
        "|---|" + "---|" * len(sizes),
        "| `lowback streak` / `python -c pass` | "
        + " | ".join(f"{s.ratio:.2f}×" for s in streaks)
        + " |",
        "| persist one hold (median) | "
        + " | ".join(f"{p.hold_p50:.1f} ms" for p in persist)
        + " |",
        "| longest loop stall while persisting | "
        + " | ".join(f"{p.loop_stall_ms:.1f} ms" for p in persist)
        + " |",
        "| opening the history (writer thread, whole) | "
        + " | ".join(ms(p.open_s) for p in persist)
        + " |",
        "| session start after the picker's first frame (slowest) | "
        + " | ".join(ms(s.worst) for s in starts)
        + " |",
        "| history screen, list shown | "
        + " | ".join(screen_cell(size, "list") for size in SIZES)
        + " |",
        "| peak memory with the history screen open / bare app | "
        + " | ".join(screen_cell(size, "memory") for size in SIZES)
        + " |",
        "| `lowback export --format json` peak memory | "
        + " | ".join(mib(peak) for _, peak, _ in exports)
        + " |",
        "| seeding (benchmark set-up, not lowback) | – | "
        + " | ".join(f"{seed_seconds[size]:.1f} s" for size in SIZES[1:])
        + " |",
        "",
    ]
    return lines


def build_findings(
    rows: list[Row], start: StartupResult, precision: list[PrecisionResult]
) -> list[str]:
    """For every goal missed, what this run measured beside it (no figure from elsewhere)."""
    missed = [row for row in rows if row.result == "MISS"]
    out: list[str] = []
    busiest = max((float(row.load) for row in rows if row.load), default=0.0)
    if busiest > 2 * (os.cpu_count() or 1):
        out += [
            f"**Read this run with its load in mind.** The 1-minute load average stood at up "
            f"to {busiest:.1f} on {os.cpu_count()} cores while it ran (other work shared the "
            "machine): absolute times are longer than on an idle machine. Ratios against an "
            "anchor measured beside them are the fairer figures; rerun on a quiet machine.",
            "",
        ]
    if any(row.measure.startswith("Start to first screen") for row in missed):
        out += [
            f"### Start to first screen ({start.lowback / start.stock:.2f}× the stock screen)",
            "",
            f"In this run lowback's first screen came after {ms(start.lowback)}, a stock "
            f"Textual app with the same kind of screen after {ms(start.stock)}, and the bare "
            f"app's one line after {ms(start.bare)} (medians). The history plays no part: "
            "compare the empty and the 100,000-session rows.",
            "",
        ]
    if any(row.measure.startswith(("Hold end heard", "  the same, when")) for row in missed):
        worst = max(precision, key=lambda r: abs(r.bell_error_ms))
        out += [
            f"### Hold precision (worst bell {worst.bell_error_ms:+.1f} ms)",
            "",
            f"In the worst run the hold began {worst.start_latency_ms:.1f} ms after the Enter "
            f"key, the timer woke {worst.wake_late_ms:.1f} ms after the deadline and spent "
            f"{worst.writes_ms:.1f} ms writing the hold and the session's end before playing "
            f"the cue, which reached the terminal "
            f"{worst.bell_error_ms - worst.cue_error_ms:.1f} ms after it was played.",
            "",
        ]
    for row in missed:
        if row.measure.startswith(("Start to first screen", "Hold end heard", "  the same, when")):
            continue
        out += [f"- **{row.measure.strip()}**: {row.value} against a goal of {row.goal}."]
    return out


def build_details(
    start: StartupResult,
    start_big: StartupResult,
    persist: list[PersistResult],
    precision: list[PrecisionResult],
    streaks: list[StreakResult],
    holds_per_session: int,
) -> list[str]:
    lines = [
        "### Every run",
        "",
        f"- Start, empty history: lowback {', '.join(ms(s) for s in start.lowback_s)}; "
        f"bare {', '.join(ms(s) for s in start.bare_s)}.",
        f"- Start, {BIGGEST:,} sessions: lowback {', '.join(ms(s) for s in start_big.lowback_s)}; "
        f"bare {', '.join(ms(s) for s in start_big.bare_s)}.",
    ]
    for streak in streaks:
        lines.append(
            f"- `lowback streak`, {streak.sessions:,} sessions: "
            f"{', '.join(ms(s) for s in streak.streak_s)}; python -c pass "
            f"{', '.join(ms(s) for s in streak.anchor_s)}; it printed “{streak.output}”."
        )
    for number, run in enumerate(precision, start=1):
        lines.append(
            f"- Hold precision run {number}: bell {run.bell_error_ms:+.1f} ms, cue "
            f"{run.cue_error_ms:+.1f} ms, release {run.release_error_ms:+.1f} ms (load "
            f"{run.load:.1f}); paused {run.paused_s:.3f} s; the hold began "
            f"{run.start_latency_ms:.1f} ms after Enter; the timer woke "
            f"{run.wake_late_ms:.1f} ms late and spent {run.writes_ms:.1f} ms writing before "
            f"the cue; LOWBACK_TIME_SCALE {run.scale:g}."
        )
    lines.append(f"- Seeded sessions have {holds_per_session} holds each.")
    for result in persist:
        writes = result.writes_s
        lines.append(
            f"- Persist over {result.sessions:,} sessions (the year file written: "
            f"{result.file_mb:.1f} MB): record_hold p50 {result.hold_p50:.2f} ms, max "
            f"{result.hold_max:.2f} ms over {len(result.hold_ms)} holds; {len(writes)} year "
            f"file writes, longest {max(writes, default=0) * 1000:.0f} ms; opening took "
            f"{result.open_s:.2f} s."
        )
    return [*lines, ""]


def run_faults(kills: int, seed: int) -> int:
    from devkit.faults import FaultFound, campaign
    from devkit.seed import seed_history

    with tempfile.TemporaryDirectory(prefix="lowback-faults-") as tmp:
        home = Path(tmp)
        seed_history(home, 2000)  # year-file writes long enough to be hit
        (home / "settings.toml").write_text("pain_checkin = false\nmute = true\n")
        print(f"{kills} SIGKILLs of a real lowback over {home} (seed {seed})", flush=True)
        try:
            rounds = campaign(home, kills, seed=seed)
        except FaultFound as error:
            print(f"FAILED: {error}")
            return 1
    mid_write = sum(record.in_write for record in rounds)
    offers = sum(record.offer_expected for record in rounds)
    problems = [problem for record in rounds for problem in record.problems]
    print(
        f"\n{len(rounds)} kills, {mid_write} of them in the middle of a write; files valid "
        f"and every saved hold kept after each; the resume question checked {offers} times "
        "and once more at a final start."
    )
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
