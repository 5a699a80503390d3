"""`python -m benchmarks`: lowback against its anchors, one table; `... faults`: 20 kills.

    python -m benchmarks [--quick] [--out docs/benchmarks.md]
    python -m benchmarks faults [--kills 20] [--seed 1]

The whole benchmark takes about three minutes on two cores (the 60 s hold and the 30 s CPU
window are real time); --quick shortens the hold with LOWBACK_TIME_SCALE and runs fewer
repeats, for a check that the machinery works (its numbers are not the reference ones).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .history_open import HistoryOpenResult
from .idle import IdleResult
from .persist import PersistResult
from .precision import PrecisionResult
from .report import INFO, Row, revision, table_text, verdict, write_markdown
from .startup import StartupResult
from .terminal import REPO

SIZES = (0, 2000, 20_000)
DOC = REPO / "docs" / "benchmarks.md"

METHOD = """
- **Start to first screen.** Each app is started as `python -m MODULE` on the follower side of
  a fresh pseudo-terminal (100×30, `TERM=xterm-256color`); the benchmark reads the leader side
  itself, so the clock (started just before the fork) stops the moment the bytes of the first
  usable screen arrive, with no polling delay: for lowback the picker with its routine list,
  preview and footer; for the anchor (`benchmarks/bare_app.py`, a Textual app with one
  `Static`) its line. lowback needs no hook for this. Runs alternate between the apps after one
  warm-up each; medians are reported. Both get a bytecode cache (`PYTHONPYCACHEPREFIX`), as an
  installed package has. Repeated with a history of 20,000 sessions on file.
- **CPU in a 20-minute relax hold.** `lowback run static-back` and the bare app run at the same
  time, each in its own detached tmux server (a real terminal emulator) at 100×30. Enter skips
  lowback's get-ready countdown, both settle for 2 s, then utime+stime of each process (all
  threads, `/proc/PID/stat`) is read before and after the same 30 s window. A third tmux runs
  lowback with the bar fix proposed below applied from outside (`benchmarks/whatif.py`), to
  measure what that change would save.
- **Hold precision.** A real lowback process in a pseudo-terminal runs a one-step routine (a
  fixed 60 s relax hold) on its real clock, while another process spins on one core. The
  benchmark presses Enter in the get-ready countdown, Space at 30 s and Space again 5 s later,
  timing each key on the system-wide monotonic clock. The hold should end at Enter + 60 s + the
  pause. lowback is started through `benchmarks/instrumented.py`, which only logs when the app
  plays each cue (wrapping `BellCues.play` from outside); the error is the strong cue's time
  minus the expected end. The bell's arrival on the terminal is reported too (end to end), and
  the held time lowback recorded. The same probe traces the timer's wakes and the history
  writes, which splits the error into its parts. Real time throughout (no time scale).
- **Persisting a hold.** The real `HistoryRepository` (background writer thread, as the app
  opens it) over a seeded history.json of 0, 2,000 and 20,000 sessions (10 holds each), on a
  real asyncio loop: one session of 30 holds, `record_hold` called every 250 ms on the loop
  thread (as `SessionRunner.handle` does from the timer screen). A probe task sleeping 1 ms again
  and again measures the loop's longest stall, whatever its cause (the call itself, or the
  writer thread holding the GIL while it rewrites history.json). The same probe runs while
  the history is opened (in a thread, as the app does). The temp folder is on the same disk
  as the repository here (ext4), not tmpfs, so fsync costs what it costs for a user.
- **History screen.** lowback starts on a copy of the 20,000-session history in a
  pseudo-terminal; once its CPU time stops growing (history loaded, writer cache built), `h` is
  pressed and the terminal read until the list's count line and first page are drawn, then
  until the streak panel is counted. Three runs, medians.
- **Peak memory.** VmHWM (`/proc/PID/status`) of each process: after the first screen in the
  start runs (median), and at the end of the CPU window (lowback in the relax hold).
"""


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def cpu_label(idle: IdleResult) -> str:
    return f"CPU, 20-min relax hold, {idle.window_s:.0f} s in tmux (% of one core)"


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


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
        help="a fast check of the machinery (time-scaled hold, fewer repeats)",
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


def run_benchmarks(*, quick: bool, out: Path, source: str) -> int:
    from .diagnose import history_memory, import_costs
    from .history_open import measure_history_open
    from .idle import measure_idle
    from .persist import measure_persist
    from .precision import measure_precision
    from .seed import HOLDS_PER_SESSION, seed_history
    from .startup import measure_startup

    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lowback-bench-seed-") as seed_dir:
        step("seeding histories of 2,000 and 20,000 sessions")
        seeded = {size: seed_history(Path(seed_dir) / str(size), size) for size in SIZES[1:]}
        big = seeded[20_000]
        step("start to first screen, empty history")
        start = measure_startup(4 if quick else 9)
        step("start to first screen, 20,000 sessions on file")
        start_big = measure_startup(2 if quick else 5, history=big, label="20,000 sessions")
        window = 10.0 if quick else 30.0
        step(f"CPU and memory during a 20-minute relax hold ({window:g} s window)")
        idle = measure_idle(window)
        step("hold precision: 60 s hold, a pause, a busy core" + (" (×6)" if quick else ""))
        precision = measure_precision(6.0 if quick else 1.0)
        step("persisting holds over 0, 2,000 and 20,000 sessions")
        persist = measure_persist(SIZES, holds=10 if quick else 30, seeded=seeded)
        step("opening the history screen over 20,000 sessions")
        history = measure_history_open(big, 20_000, runs=1 if quick else 3)
        step("what the imports cost, and what a loaded history holds in memory")
        imports = import_costs(3 if quick else 5)
        history_kib = history_memory(big)
    rows = build_rows(start, start_big, idle, precision, persist, history)
    print(table_text(rows))
    print(f"\n(measured in {time.monotonic() - began:.0f} s)", file=sys.stderr)
    findings = build_findings(
        rows, start, start_big, idle, precision, persist, history, imports, history_kib
    )
    extra = build_details(start, persist, imports, history, precision, HOLDS_PER_SESSION)
    command = "python -m benchmarks" + (" --quick" if quick else "")
    write_markdown(
        out, rows, command=command, method=METHOD, findings=findings, extra=extra, source=source
    )
    print(f"wrote {out}", file=sys.stderr)
    return 0


def build_rows(
    start: StartupResult,
    start_big: StartupResult,
    idle: IdleResult,
    precision: PrecisionResult,
    persist: list[PersistResult],
    history: HistoryOpenResult,
) -> list[Row]:
    rows = [
        Row(
            "Start to first screen (median)",
            ms(start.lowback),
            ms(start.bare),
            f"{start.lowback / start.bare:.2f}×",
            "≤ 1.3×",
            verdict(start.lowback / start.bare <= 1.3),
        ),
        Row(
            "Start to first screen, 20,000 sessions on file",
            ms(start_big.lowback),
            ms(start_big.bare),
            f"{start_big.lowback / start_big.bare:.2f}×",
            "≤ 1.3×",
            verdict(start_big.lowback / start_big.bare <= 1.3),
        ),
        Row(
            cpu_label(idle),
            f"{idle.lowback_percent:.2f} %",
            f"{idle.bare_percent:.2f} % (idle)",
            f"{idle.lowback_percent:.2f} %",
            "≤ 0.5 %",
            verdict(idle.lowback_percent <= 0.5),
        ),
        Row(
            "  the same with the bar fix below (benchmarks/whatif.py)",
            f"{idle.whatif_percent:.2f} %",
            "",
            f"{idle.whatif_percent:.2f} %",
            "",
            INFO,
        ),
        Row(
            "Hold end error, 60 s hold + pause, busy core (strong cue)",
            f"{precision.cue_error_ms:+.1f} ms",
            "monotonic clock",
            f"{abs(precision.cue_error_ms):.1f} ms",
            "≤ 10 ms",
            verdict(abs(precision.cue_error_ms) <= 10),
        ),
        Row(
            "  the same, bell arriving on the terminal (end to end)",
            f"{precision.bell_error_ms:+.1f} ms",
            "monotonic clock",
            f"{abs(precision.bell_error_ms):.1f} ms",
            "",
            INFO,
        ),
        Row(
            "  held time recorded",
            f"{precision.held_seconds:g} s",
            "60 s",
            f"{precision.held_seconds - 60:+g} s",
            "exact",
            verdict(precision.held_seconds == 60),
        ),
    ]
    for result in persist:
        rows.append(
            Row(
                f"Persist one hold, {result.sessions:,} sessions (median; max)",
                f"{result.hold_p50:.1f} ms; {result.hold_max:.1f} ms",
                "",
                f"{result.hold_p50:.1f} ms",
                "≤ 5 ms",
                verdict(result.hold_p50 <= 5),
            )
        )
    for result in persist:
        rows.append(
            Row(
                f"Longest loop stall while persisting, {result.sessions:,} sessions",
                f"{result.loop_stall_ms:.1f} ms",
                "",
                f"{result.loop_stall_ms:.1f} ms",
                "≤ 16 ms",
                verdict(result.loop_stall_ms <= 16),
            )
        )
    biggest = persist[-1]
    rows.append(
        Row(
            f"  loop stall while opening {biggest.sessions:,} sessions",
            f"{biggest.open_stall_ms:.0f} ms",
            "",
            f"{biggest.open_stall_ms:.0f} ms",
            "(16 ms)",
            INFO,
        )
    )
    rows += [
        Row(
            "Open the history screen, 20,000 sessions (list shown)",
            ms(history.list_median),
            "",
            ms(history.list_median),
            "≤ 300 ms",
            verdict(history.list_median <= 0.3),
        ),
        Row(
            "  streak panel counted",
            ms(history.streaks_median),
            "",
            ms(history.streaks_median),
            "",
            INFO,
        ),
    ]
    picker_peak = statistics.median(start.lowback_peak_kib)
    bare_peak = statistics.median(start.bare_peak_kib)
    rows += [
        Row(
            "Peak memory, first screen",
            mib(picker_peak),
            mib(bare_peak),
            f"{picker_peak / bare_peak:.2f}×",
            "≤ 1.3×",
            verdict(picker_peak / bare_peak <= 1.3),
        ),
        Row(
            "Peak memory, in a relax hold",
            mib(idle.lowback_peak_kib),
            mib(idle.bare_peak_kib),
            f"{idle.lowback_peak_kib / idle.bare_peak_kib:.2f}×",
            "≤ 1.3×",
            verdict(idle.lowback_peak_kib / idle.bare_peak_kib <= 1.3),
        ),
        Row(
            "  with 20,000 sessions loaded, history open",
            mib(history.peak_kib),
            mib(bare_peak),
            f"{history.peak_kib / bare_peak:.2f}×",
            "",
            INFO,
        ),
    ]
    return rows


def build_findings(
    rows: list[Row],
    start: StartupResult,
    start_big: StartupResult,
    idle: IdleResult,
    precision: PrecisionResult,
    persist: list[PersistResult],
    history: HistoryOpenResult,
    imports: list[tuple[str, float, float]],
    history_kib: dict[str, float],
) -> list[str]:
    """For every goal missed (or met by a hair): why, from what was measured, and what in the
    app to change."""
    missed = {row.measure for row in rows if row.result == "MISS"}
    close_cpu = idle.lowback_percent > 0.85 * 0.5
    close_precision = abs(precision.cue_error_ms) > 0.7 * 10
    out: list[str] = []
    import_ms = sum(seconds for _, seconds, _ in imports) * 1000
    import_mib = sum(kib for _, _, kib in imports) / 1024
    gap_ms = (start.lowback - start.bare) * 1000
    if "Start to first screen (median)" in missed:
        out += [
            f"### Start to first screen ({start.lowback / start.bare:.2f}×)",
            "",
            f"lowback's first screen comes {gap_ms:.0f} ms after the bare app's. Of that, "
            f"{import_ms:.0f} ms is importing modules the bare app does not need (table below, "
            f"measured in fresh interpreters); the remaining ~{gap_ms - import_ms:.0f} ms is "
            "lowback's own work before the first frame: reading the routine files, composing "
            "the picker (OptionList, preview, Footer) and its CSS. Textual's Footer recomposes "
            "itself on every bindings change (a separate probe on `Footer.recompose` saw about "
            "13 ms each, once before the first frame and twice after).",
            "",
            "What to change, biggest first:",
            "",
            "1. `lowback_tui/ui/screens/picker.py` imports the whole editor at module level "
            "(`EditorScreen`, `editor_dialogs`, `editor_draft`, `core/routine_toml.py` → "
            "tomlkit, Textual's TextArea/Select/Input). Import them inside `_open_editor`, "
            "`action_rename` and `after_external_edit`, as `app.open_history` already does "
            "for the history screen.",
            "2. `lowback_tui/commands.py` imports `core.describe` (→ pendulum) and the "
            "catalog at module level, though `open_app` needs neither before the app runs; "
            "import them inside the functions that use them. `core/clock.py` and "
            "`core/streaks.py` can import pendulum inside `iso_from_wall`/the functions "
            "that need it.",
            "3. `lowback_tui/__init__.py` calls `importlib.metadata.version()` at import "
            "(importlib.metadata pulls in email and zipfile); make `__version__` lazy with a "
            "module `__getattr__`, since only `--version` and the export need it.",
            "4. `lowback_tui/ui/app.py` imports the timer and summary screens and "
            "`runner` (→ store → tinydb) at module level; the repository can be built in the "
            "`open_history_file` worker and the screens imported in `run_session`.",
            "5. `PickerScreen.show_entries` calls `options.focus()` on mount, which "
            'triggers an extra Footer recompose; `AUTO_FOCUS = "#routines"` on the '
            "screen focuses it during mounting instead.",
            "",
            "Together 1–4 remove most of the import time above; the goal of 1.3× "
            f"(≈{start.bare * 1300:.0f} ms here) also needs the picker's first frame to "
            "be lighter.",
            "",
        ]
    if "Start to first screen, 20,000 sessions on file" in missed:
        stall = persist[-1].open_stall_ms
        out += [
            f"### Start with 20,000 sessions on file ({start_big.lowback / start_big.bare:.2f}×)",
            "",
            "The history is read in a worker thread so that it cannot delay the first screen, "
            "but `json.loads` of the whole history.json (72 MB here) is one C call that holds "
            f"the GIL throughout: the event loop stood still for {stall:.0f} ms while the "
            "history opened (row “loop stall while opening”). Whenever the worker starts "
            "parsing before the picker's first frame is written, the first frame waits for it; "
            f"the runs took {', '.join(ms(s) for s in start_big.lowback_s)}.",
            "",
            "What to change: `lowback_tui/store/storage.py` `_parse` (via "
            "`AtomicJSONStorage.load`) — parse the file in pieces that let the GIL go: the "
            'storage writes the file itself as `{"table": {"id": {...}, ...}}`, so it can '
            "walk the two outer levels and `json.JSONDecoder().raw_decode` one document at a "
            "time (each a few µs; the thread switch interval can then interleave the UI). Or "
            "delay `open_history_file` until after the first refresh "
            "(`call_after_refresh`) so the first frame is never blocked, which fixes this row "
            "but not the frozen picker that follows.",
            "",
        ]
    cpu_row = cpu_label(idle)
    if cpu_row in missed or close_cpu:
        state = "missed" if cpu_row in missed else "met only just"
        out += [
            f"### CPU in a relax hold ({idle.lowback_percent:.2f} %: {state})",
            "",
            "In a 20-minute hold the timer screen wakes once a second, because the digits "
            "change; the bare app idles at "
            f"{idle.bare_percent:.2f} % on its own. Counting what each widget renders during "
            "such a hold shows one Digits repaint per wake, as it should be, and one HoldBar "
            "repaint per wake, which is waste: `TimerScreen._repaint` "
            "(`lowback_tui/ui/screens/timer.py`) sets `HoldBar.progress` whenever the "
            "progress changes by 0.1 % (`round(bar.progress * 1000)`), i.e. every 1.2 s of a "
            "20-minute hold, though the bar only looks different when a whole cell fills "
            "(every 17 s at 72 cells). Compare the filled cells instead "
            "(`round(progress * bar.size.width)`, as `HoldBar.cells()` does). Measured in "
            "the same run with that change applied from outside (`benchmarks/whatif.py`): "
            f"{idle.whatif_percent:.2f} % instead of {idle.lowback_percent:.2f} %. "
            "(From run to run these CPU figures vary by about ±0.1 % here; utime+stime "
            "count 10 ms ticks.)",
            "",
        ]
    precision_row = "Hold end error, 60 s hold + pause, busy core (strong cue)"
    if precision_row in missed or close_precision:
        state = "missed" if precision_row in missed else "met with little to spare"
        rest = (
            precision.cue_error_ms
            - precision.start_latency_ms
            - precision.wake_late_ms
            - precision.writes_ms
        )
        out += [
            f"### Hold precision ({precision.cue_error_ms:+.1f} ms: {state})",
            "",
            f"Where the {precision.cue_error_ms:.1f} ms went (from the trace "
            "`benchmarks/instrumented.py` keeps): the hold began "
            f"{precision.start_latency_ms:.1f} ms after the Enter key (input latency); the "
            f"timer woke {precision.wake_late_ms:.1f} ms after the deadline; then "
            f"{precision.writes_ms:.1f} ms went into writing the finished hold and the "
            "session's end to the journal (two atomic writes with fsync) *before* the cue was "
            f"played; {rest:.1f} ms is the rest (the pause keys, the event loop). The end "
            f"itself is exact: lowback recorded {precision.held_seconds:g} s.",
            "",
            "What to change: `TimerScreen.sync` and the key actions "
            "(`lowback_tui/ui/screens/timer.py`) call `self.runner.handle(...)`, which "
            "persists, before `_react` plays the cues. Play the `Cue` events first, then "
            "persist: the end of a hold is then heard as soon as it is known, whatever the "
            "disk does. The bell reaches the terminal "
            f"{precision.bell_error_ms - precision.cue_error_ms:.0f} ms after that (Textual's "
            "writer thread waits for the GIL while the main thread builds the next screen); "
            "ringing first and changing screens one refresh later (`call_after_refresh`) "
            "would shorten that too.",
            "",
        ]
    close_persist = any(r.loop_stall_ms > 0.75 * 16 or r.hold_p50 > 0.7 * 5 for r in persist)
    if close_persist or any(
        row.startswith(("Persist one hold", "Longest loop stall")) for row in missed
    ):
        worst = max(persist, key=lambda result: result.loop_stall_ms)
        state = (
            "missed"
            if any(row.startswith(("Persist one hold", "Longest loop stall")) for row in missed)
            else "met with little to spare"
        )
        out += [
            f"### Persisting a hold (longest stall {worst.loop_stall_ms:.1f} ms: {state})",
            "",
            "Two things stop the loop. `HistoryRepository.record_hold` runs on it and "
            "writes session.json with `atomic_write`: a temp file, `fsync`, rename, `fsync` of "
            "the directory; on this disk about a millisecond, more when they queue behind the "
            "writer thread's fsync of history.json (up to "
            f"{max(worst.writes_s, default=0) * 1000:.0f} ms for {worst.sessions:,} "
            "sessions). And the writer thread does pure-Python work that grows with the "
            "history and holds the GIL, which the loop only gets back at the interpreter's "
            "switch interval (5 ms): for "
            f"{persist[-1].sessions:,} sessions up to "
            f"{max(persist[-1].python_ms, default=0):.0f} ms per step, in TinyDB's "
            "`Table.update` (it rebuilds the whole table dict, twice, for one document) and "
            "in `AtomicJSONStorage.render` (a walk over every cached fragment). Slowest "
            f"call: {worst.hold_max:.1f} ms; longest stall: {worst.loop_stall_ms:.1f} ms.",
            "",
            "What to change:",
            "",
            "1. `lowback_tui/store/journal.py` `Journal.write`: keep write-temp-then-rename "
            "on the loop thread (a SIGKILL cannot lose what is in the page cache) and move the "
            "two fsyncs to the writer thread, so the loop never waits for the disk; only a "
            "power cut within those milliseconds could then lose the last hold.",
            "2. `lowback_tui/store/history_file.py` `HistoryFile.put_session`: replace the "
            "document in the storage's table directly (the storage already tracks changed "
            "documents) instead of `Table.update`, whose cost grows with the history.",
            "3. Cheapest guard: `sys.setswitchinterval(0.002)` when the app starts "
            "(`ui/app.py`) bounds what any background thread can take from the loop at a "
            "time.",
            "",
        ]
    if "Open the history screen, 20,000 sessions (list shown)" in missed:
        out += [
            "### History screen",
            "",
            "See `HistoryScreen.on_mount` (`lowback_tui/ui/screens/history.py`): the first "
            "page of rows and the streak count are the costs.",
            "",
        ]
    if "Peak memory, first screen" in missed or "Peak memory, in a relax hold" in missed:
        picker_peak = statistics.median(start.lowback_peak_kib)
        bare_peak = statistics.median(start.bare_peak_kib)
        copies = "; ".join(f"{label}: {mib(kib)}" for label, kib in history_kib.items())
        out += [
            f"### Peak memory ({picker_peak / bare_peak:.2f}× on the first screen)",
            "",
            f"lowback holds {(picker_peak - bare_peak) / 1024:.1f} MiB more than the bare app "
            f"on its first screen; {import_mib:.1f} MiB of it is the modules imported (table "
            "below), the rest the picker's widgets, styles and routines. The lazy imports "
            "listed for the start time (the editor and tomlkit, pendulum, importlib.metadata, "
            "the store and tinydb before a session) are the way down: the first screen needs "
            "only Textual, the catalog and the picker.",
            "",
            f"A loaded history comes on top: {mib(history.peak_kib)} with 20,000 sessions "
            f"of 10 holds (a {persist[-1].file_mb:.0f} MB file), because the store keeps three "
            f"copies of it: {copies}. TinyDB's documents are only needed to rewrite the file, "
            "which the fragment cache already does; `AtomicJSONStorage` "
            "(`lowback_tui/store/storage.py`) could keep only the fragments of documents "
            "nobody changed, or `HistoryFile` could stop routing the sessions table through "
            "TinyDB. (No goal of this issue covers it, but 20,000 sessions is what it asks "
            "about.)",
            "",
        ]
    return out


def build_details(
    start: StartupResult,
    persist: list[PersistResult],
    imports: list[tuple[str, float, float]],
    history: HistoryOpenResult,
    precision: PrecisionResult,
    holds_per_session: int,
) -> list[str]:
    lines = [
        "### What each import adds over the bare app (fresh interpreter, median)",
        "",
        "| imports | time | memory |",
        "|---|---|---|",
    ]
    lines += [
        f"| {label} | {seconds * 1000:.1f} ms | {kib / 1024:.1f} MiB |"
        for label, seconds, kib in imports
    ]
    lines += [
        "",
        "### Every run",
        "",
        f"- Start, empty history: lowback {', '.join(ms(s) for s in start.lowback_s)}; "
        f"bare {', '.join(ms(s) for s in start.bare_s)}.",
        "- History screen over 20,000 sessions: list "
        f"{', '.join(ms(s) for s in history.list_s)}; streaks "
        f"{', '.join(ms(s) for s in history.streaks_s)}; the history took "
        f"{history.load_s:.1f} s to load and cache in the background after start.",
        f"- Hold precision: paused {precision.paused_s:.3f} s; the hold began "
        f"{precision.start_latency_ms:.1f} ms after Enter; the timer woke "
        f"{precision.wake_late_ms:.1f} ms after the deadline, then spent "
        f"{precision.writes_ms:.1f} ms writing the hold and the session's end before "
        f"playing the cue; LOWBACK_TIME_SCALE {precision.scale:g}.",
        f"- Seeded sessions have {holds_per_session} holds each.",
    ]
    for result in persist:
        writes = result.writes_s
        lines.append(
            f"- Persist over {result.sessions:,} sessions ({result.file_mb:.1f} MB): "
            f"record_hold p50 {result.hold_p50:.2f} ms, max {result.hold_max:.2f} ms over "
            f"{len(result.hold_ms)} holds; {len(writes)} history.json writes, "
            f"longest {max(writes, default=0) * 1000:.0f} ms, of which GIL-holding Python up "
            f"to {max(result.python_ms, default=0):.1f} ms a step; opening took "
            f"{result.open_s:.2f} s."
        )
    return [*lines, ""]


def run_faults(kills: int, seed: int) -> int:
    from .faults import FaultFound, campaign
    from .seed import seed_history

    with tempfile.TemporaryDirectory(prefix="lowback-faults-") as tmp:
        home = Path(tmp)
        seed_history(home, 2000)  # history.json writes long enough to be hit
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
