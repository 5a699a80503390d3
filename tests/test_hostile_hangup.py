"""Hostile cases: a terminal that closes while lowback is busy ends it within a second, losing
nothing (issue 24, part 5). A real pseudo-terminal is closed mid-conversion of a long history."""

from __future__ import annotations

import datetime as dt
import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest
from terminal_run import TERMINAL

from devkit.seed import seed_v1
from devkit.terminal import base_env
from lowback_tui.store.repository import HistoryRepository

pytestmark = TERMINAL
REPO = Path(__file__).resolve().parent.parent
COUNT = 6000
PATIENCE = 60.0
#: A hang-up ends lowback within this many seconds (the promise: a second, at any moment).
WITHIN = 1.0


def read_some(leader: int, seconds: float) -> bytes:
    ready, _, _ = select.select([leader], [], [], seconds)
    if not ready:
        return b""
    try:
        return os.read(leader, 1 << 16)
    except OSError:
        return b""


def exited(pid: int) -> int | None:
    done, status = os.waitpid(pid, os.WNOHANG)
    return None if done == 0 else status


@pytest.mark.parametrize("then", ["busy converting", "after q"])
def test_closing_the_terminal_mid_conversion_ends_lowback_within_a_second(
    tmp_path: Path, then: str
) -> None:
    seed_v1(tmp_path, COUNT, newest=dt.datetime(2026, 5, 1, 8, tzinfo=dt.UTC))
    (tmp_path / "settings.toml").write_text("safety_acknowledged = 2026-05-01\n")
    env = base_env(LOWBACK_HOME=str(tmp_path), TZ="UTC", PYTHONPATH=str(REPO))
    pid, leader = pty.fork()  # the child's controlling terminal: closing it hangs it up
    if pid == 0:  # pragma: no cover - the child becomes lowback at once
        os.execve(sys.executable, [sys.executable, "-m", "lowback_tui"], env)
    status: int | None = None
    try:
        give_up = time.monotonic() + PATIENCE
        while not list((tmp_path / "history").glob(f".*.json.{pid}.*.tmp")):
            assert time.monotonic() < give_up, "the conversion never began"
            read_some(leader, 0.0005)
        if then == "after q":
            os.write(leader, b"q")
        closed = time.monotonic()
        os.close(leader)
        leader = -1
        while (status := exited(pid)) is None:
            assert time.monotonic() - closed < WITHIN + 2, "lowback is still running"
            select.select([], [], [], 0.005)
        took = time.monotonic() - closed
    finally:
        if leader >= 0:
            os.close(leader)
        if status is None:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
    assert took < WITHIN, f"lowback took {took:.2f} s to end after the hang-up"
    reader = HistoryRepository(tmp_path, sync=True, read_only=True, tz="UTC")
    reader.open()
    assert len({row.id for row in reader.summaries()}) == COUNT  # every session, right away
    reader.close()
    app = HistoryRepository(tmp_path, sync=True, tz="UTC")
    app.open()  # the conversion finishes at the next start
    assert app.session_count() == COUNT and not (tmp_path / "history.json").exists()
    app.close()
