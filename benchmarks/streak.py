"""`lowback streak` against `python -c pass`, by history size: the prompt line must stay flat.

Each run starts a fresh interpreter, as a shell prompt does: `python -m lowback_tui streak`
over a seeded LOWBACK_HOME, then the anchor `python -c pass` (the same interpreter, the same
bytecode cache setting), alternating, so both see the same machine. A run's ratio is its
streak time over the anchor run beside it; the median and the worst ratio are reported, with
the load average while they ran.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from devkit.terminal import base_env


@dataclass
class StreakResult:
    sessions: int
    streak_s: list[float]
    anchor_s: list[float]
    load: float
    output: str

    @property
    def ratios(self) -> list[float]:
        return [s / a for s, a in zip(self.streak_s, self.anchor_s, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def worst(self) -> float:
        return max(self.ratios)


def _time(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    began = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed: {done.stderr}")
    return took, done.stdout.strip()


def measure_streak(homes: dict[int, Path], runs: int = 15) -> list[StreakResult]:
    results = []
    for sessions, home in homes.items():
        env = base_env(LOWBACK_HOME=str(home))
        streak = [sys.executable, "-m", "lowback_tui", "streak"]
        anchor = [sys.executable, "-c", "pass"]
        _time(streak, env)  # warm-up: bytecode cache, page cache
        _time(anchor, env)
        streak_s, anchor_s, loads = [], [], []
        output = ""
        for _ in range(runs):
            took, output = _time(streak, env)
            streak_s.append(took)
            anchor_s.append(_time(anchor, env)[0])
            loads.append(os.getloadavg()[0])
        results.append(StreakResult(sessions, streak_s, anchor_s, max(loads), output))
    return results
