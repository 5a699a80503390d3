"""The cost of persisting one hold, and the longest event-loop stall meanwhile, by history size.

The app calls `HistoryRepository.record_hold` on its event loop (SessionRunner.handle, from the
timer screen); the repository writes the journal at once and hands the year file to its writer
thread. So this runs the real repository on a real asyncio loop, as the app opens it (in a
thread, background writer), with a probe that measures how late a 1 ms sleep wakes: the loop's
longest stall, whatever causes it (the call itself, or the writer thread holding the GIL).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devkit.seed import copy_history, seed_history
from lowback_tui.core.clock import iso_from_wall
from lowback_tui.core.records import DONE, HoldRecord, SessionRecord
from lowback_tui.store.repository import HistoryRepository

PROBE_INTERVAL = 0.001


@dataclass
class PersistResult:
    sessions: int
    file_mb: float
    hold_ms: list[float]
    """Wall time of each record_hold call, on the loop thread."""
    loop_stall_ms: float
    """The longest the loop was kept from running a due callback while holds were written."""
    open_stall_ms: float
    """The same while the history was opened and first written (before the first hold)."""
    open_s: float
    writes_s: list[float]
    """Each year-file rewrite by the writer thread while the holds were recorded."""
    python_ms: list[float]
    """Of each write, the pure-Python part that holds the GIL: TinyDB's update of the session
    and the storage's render of every cached fragment."""
    load: float = 0.0

    @property
    def hold_p50(self) -> float:
        return statistics.median(self.hold_ms)

    @property
    def hold_max(self) -> float:
        return max(self.hold_ms)


class LoopProbe:
    """Sleeps PROBE_INTERVAL again and again and keeps the worst lateness."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(PROBE_INTERVAL)
            self.worst = max(self.worst, loop.time() - before - PROBE_INTERVAL)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def reset(self) -> float:
        worst, self.worst = self.worst, 0.0
        return worst

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


def hold(index: int) -> HoldRecord:
    return HoldRecord(
        index=index,
        step_number=index // 2 + 1,
        step_name="Knee to chest",
        kind="stretch",
        side=("left", "right")[index % 2],
        rep=1,
        reps=1,
        planned="8-10s",
        planned_min_seconds=8.0,
        planned_max_seconds=10.0,
        target_count=None,
        held_seconds=9.5,
        count_done=None,
        outcome=DONE,
        finished_at=iso_from_wall(time.time()),
    )


async def _measure(home: Path, sessions: int, holds: int, gap: float) -> PersistResult:
    probe = LoopProbe()
    probe.start()
    started = time.perf_counter()
    repository = HistoryRepository(home)
    writes: list[float] = []
    write_batch = repository._write_batch  # timed from outside; the thread calls this

    def timed_write(batch: dict[Any, Any], **options: Any) -> None:
        before = time.perf_counter()
        write_batch(batch, **options)
        writes.append(time.perf_counter() - before)

    repository._write_batch = timed_write  # type: ignore[method-assign]
    await asyncio.to_thread(repository.open)
    record = SessionRecord(
        id="bench",
        routine_id="floor-five",
        routine_name="Floor five",
        started_at=iso_from_wall(time.time()),
        planned_holds=holds,
    )
    repository.start_session(record)
    await asyncio.to_thread(repository.flush)
    open_s = time.perf_counter() - started
    await asyncio.sleep(0.05)
    open_stall = probe.reset()
    writes.clear()
    costs = []
    for index in range(holds):
        before = time.perf_counter()
        repository.record_hold("bench", hold(index), 10.0 * (index + 1))
        costs.append((time.perf_counter() - before) * 1000)
        await asyncio.sleep(gap)
    await asyncio.to_thread(repository.flush)
    stall = probe.reset()
    probe.stop()
    year = home / "history" / f"{time.localtime().tm_year}.json"
    file_mb = year.stat().st_size / 1e6
    await asyncio.to_thread(repository.close)
    saved = HistoryRepository(home, read_only=True)
    saved.open()
    assert saved.session_count() == sessions + 1, "a session went missing"
    assert len(saved.get("bench").holds) == holds, "a hold went missing"  # type: ignore[union-attr]
    return PersistResult(
        sessions,
        file_mb,
        costs,
        stall * 1000,
        open_stall * 1000,
        open_s,
        list(writes),
        [],
        os.getloadavg()[0],
    )


def _timed(method: Callable[..., Any], into: list[float]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        before = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            into.append(time.perf_counter() - before)

    return timed


def measure_persist(
    sizes: tuple[int, ...] = (0, 2000, 20_000),
    holds: int = 30,
    gap: float = 0.25,
    seeded: dict[int, Path] | None = None,
) -> list[PersistResult]:
    """One session of `holds` holds `gap` seconds apart, over a history of each size.

    `seeded` may give a ready history/ folder per size (linked, never changed)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="lowback-bench-") as tmp:
        for sessions in sizes:
            home = Path(tmp) / f"home-{sessions}"
            home.mkdir()
            if sessions and seeded and sessions in seeded:
                copy_history(seeded[sessions], home)
            elif sessions:
                seed_history(home, sessions)
            results.append(asyncio.run(_measure(home, sessions, holds, gap)))
            shutil.rmtree(home)
    return results


def filesystem_of(path: Path) -> str:
    """The filesystem type holding `path` (fsync on tmpfs costs nothing: worth knowing)."""
    best, kind = "", "unknown"
    for line in Path("/proc/mounts").read_text().splitlines():
        _, mount, fstype, *_ = line.split()
        if str(path).startswith(mount) and len(mount) > len(best):
            best, kind = mount, fstype
    return kind


if __name__ == "__main__":
    for result in measure_persist():
        print(
            result.sessions,
            f"p50 {result.hold_p50:.2f} max {result.hold_max:.2f} "
            f"stall {result.loop_stall_ms:.1f} open stall {result.open_stall_ms:.0f} "
            f"writes {len(result.writes_s)} max {max(result.writes_s, default=0):.3f}s",
        )
