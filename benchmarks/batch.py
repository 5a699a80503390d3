"""The command line's batch work against Python's own JSON decoder over the same files.

    python -m benchmarks.batch [--sizes 20000,100000] [--runs 3]

The anchor is a fresh `python -c` that reads every year file of the history and decodes it
with `json.loads` (the least any command that reads the whole history must do). Each command
runs in a fresh process over the same seeded history (hard-linked, never changed), with its
output to /dev/null, right after an anchor run: its ratio is its CPU time (user + system of
the process) over that anchor run's. Runs alternate; the median ratio is the goal, the
slowest is shown, with the machine's 1-minute load at the end of each row. Peak memory
(VmHWM, read by the command's own process as it exits) of each command is kept, to see that
it stays flat as the history grows.
`history import` reads the JSON export of the same history into an empty home.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from devkit.terminal import base_env

from .report import Row, verdict

ANCHOR = (
    "import json, pathlib, sys\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).glob('history/[0-9]*.json')):\n"
    "    json.loads(path.read_bytes())\n"
)

#: (label, lowback's arguments); `{export}` is the JSON export of the same history.
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("`history --json --all`", ("history", "--json", "--all")),
    ("`export --format csv`", ("export", "--format", "csv")),
    ("`export --format csv --excel`", ("export", "--format", "csv", "--excel")),
    ("`export --format json`", ("export", "--format", "json")),
    ("`report`", ("report",)),
    ("`insights`", ("insights",)),
    ("`history import` (its JSON export, empty home)", ("history", "import", "{export}")),
)


@dataclass
class BatchResult:
    label: str
    sessions: int
    cpu_s: list[float] = field(default_factory=list)
    anchor_s: list[float] = field(default_factory=list)
    peak_kib: int = 0
    load: float = 0.0

    @property
    def ratios(self) -> list[float]:
        return [c / a for c, a in zip(self.cpu_s, self.anchor_s, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def worst(self) -> float:
        return max(self.ratios)


#: Runs lowback's command line and, as it exits, writes its own peak resident memory (VmHWM:
#: of this process alone; ru_maxrss would carry over the benchmark's own from the fork).
PEAK_PROBE = (
    "import atexit, os, sys\n"
    "from lowback_tui.cli.main import main\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            open(os.environ.get('BENCH_PEAK_FILE', os.devnull), 'w').write(line.split()[1])\n"
    "atexit.register(peak)\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """CPU seconds (user + system) and peak KiB of one child process; stdout to /dev/null."""
    with tempfile.NamedTemporaryFile(prefix="lowback-bench-peak-") as peak_file:
        env = {**env, "BENCH_PEAK_FILE": peak_file.name}
        process = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        errors = process.stderr.read() if process.stderr else ""
        if process.returncode != 0:
            raise RuntimeError(f"{argv} failed ({process.returncode}): {errors}")
        peak = Path(peak_file.name).read_text().strip()
    return usage.ru_utime + usage.ru_stime, int(peak) if peak else 0


def _fresh_home(root: Path, seeded: Path, name: str) -> Path:
    from devkit.seed import copy_history

    home = root / name
    home.mkdir()
    copy_history(seeded, home)
    return home


def measure_batch(
    seeded: dict[int, Path], runs: int = 3, runs_at: dict[int, int] | None = None
) -> list[BatchResult]:
    """Every batch command over each seeded history/ folder, `runs` times (`runs_at`: another
    number for a size), each run beside its own anchor run."""
    results = []
    with tempfile.TemporaryDirectory(prefix="lowback-bench-batch-") as tmp:
        root = Path(tmp)
        for sessions, history in seeded.items():
            home = _fresh_home(root, history, f"home-{sessions}")
            export = root / f"export-{sessions}.json"
            env = base_env(LOWBACK_HOME=str(home))
            lowback = [sys.executable, "-c", PEAK_PROBE]
            subprocess.run(
                [*lowback, "export", "--format", "json", "-o", str(export)],
                env=env,
                check=True,
                capture_output=True,
            )
            anchor = [sys.executable, "-c", ANCHOR, str(home)]
            _run(anchor, env)  # warm-up: page cache, bytecode
            for label, arguments in COMMANDS:
                result = BatchResult(label, sessions)
                for number in range((runs_at or {}).get(sessions, runs)):
                    argv = [*lowback, *(a.replace("{export}", str(export)) for a in arguments)]
                    run_env = env
                    if "import" in arguments:
                        target = root / f"import-{sessions}-{label[:8]}-{number}"
                        target.mkdir()
                        run_env = base_env(LOWBACK_HOME=str(target))
                    result.anchor_s.append(_run(anchor, env)[0])
                    cpu, peak = _run(argv, run_env)
                    result.cpu_s.append(cpu)
                    result.peak_kib = max(result.peak_kib, peak)
                result.load = os.getloadavg()[0]
                results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.batch", description=__doc__)
    parser.add_argument("--sizes", default="20000", help="comma-separated history sizes")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from devkit.seed import seed_history

    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="lowback-bench-seed-") as tmp:
        seeded = {size: seed_history(Path(tmp) / str(size), size) for size in sizes}
        results = measure_batch(seeded, runs=args.runs, runs_at={100_000: 1})
    from .report import table_text

    print(table_text(batch_rows(results)))
    for result in results:
        print(
            f"- {result.label}, {result.sessions:,}: CPU "
            + ", ".join(f"{cpu:.2f} s" for cpu in result.cpu_s)
            + "; json.loads "
            + ", ".join(f"{cpu:.2f} s" for cpu in result.anchor_s)
            + f"; peak {result.peak_kib / 1024:.1f} MiB"
        )
    return 0


def batch_rows(results: list[BatchResult]) -> list[Row]:
    """A row per command and size against the json anchor, then each command's memory from
    the smallest size measured to the largest (flat)."""
    rows = [
        Row(
            f"{result.label}, {result.sessions:,} sessions, CPU (median; worst of "
            f"{len(result.cpu_s)})",
            f"{statistics.median(result.cpu_s):.2f} s",
            f"{statistics.median(result.anchor_s):.2f} s (json.loads)",
            f"{result.ratio:.2f}× ({result.worst:.2f}×)",
            "≤ 2×",
            verdict(result.ratio <= 2),
            f"{result.load:.1f}",
        )
        for result in results
    ]
    sizes = sorted({result.sessions for result in results})
    if len(sizes) > 1:
        by = {(result.label, result.sessions): result for result in results}
        for label, _ in COMMANDS:
            small, large = by[(label, sizes[0])], by[(label, sizes[-1])]
            growth = large.peak_kib / small.peak_kib
            rows.append(
                Row(
                    f"{label}: peak memory, {sizes[-1]:,} against {sizes[0]:,} sessions (flat)",
                    f"{large.peak_kib / 1024:.1f} MiB",
                    f"{small.peak_kib / 1024:.1f} MiB",
                    f"{growth:.2f}×",
                    "≤ 1.25×",
                    verdict(growth <= 1.25),
                    f"{large.load:.1f}",
                )
            )
    return rows


if __name__ == "__main__":
    sys.exit(main())
