"""Fault injection: two lowback processes on one LOWBACK_HOME. The second is refused clearly,
the first keeps recording, and no session of either is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import make_app
from terminal_run import TERMINAL, run_in_terminal

from devkit.faults import FLOOR_FIVE_KEYS, journal_holds, read_state
from devkit.terminal import PtyProcess, base_env
from lowback_tui.store.lock import HomeLockedError

pytestmark = TERMINAL

PATIENCE = 60.0


def lowback_env(home: Path) -> dict[str, str]:
    return base_env(LOWBACK_HOME=str(home), LOWBACK_TIME_SCALE="40")


def second_lowback(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if args in ((), ("run", "static-back")):  # the app itself needs a terminal
        argv = [sys.executable, "-m", "lowback_tui", *args]
        return run_in_terminal(argv, lowback_env(home), timeout=PATIENCE)
    return subprocess.run(
        [sys.executable, "-m", "lowback_tui", *args],
        capture_output=True,
        text=True,
        env=lowback_env(home),
        stdin=subprocess.DEVNULL,
        timeout=PATIENCE,
    )


def wait_for_holds(app: PtyProcess, home: Path, holds: int) -> None:
    """Read the terminal (select, no sleep) until `holds` holds of the session are on disk."""
    give_up = time.monotonic() + PATIENCE
    while journal_holds(home) < holds:
        assert app.process is not None and app.process.poll() is None, app.text()[-2000:]
        assert time.monotonic() < give_up, f"never saved {holds} holds:\n{app.text()[-2000:]}"
        app.read(0.02)


def test_build_app_refuses_a_home_in_use(tmp_path: Path):
    first, _ = make_app(tmp_path)
    try:
        with pytest.raises(
            HomeLockedError, match=f"another lowback \\(pid {os.getpid()}\\) is using {tmp_path}"
        ):
            make_app(tmp_path)
    finally:
        assert first.lock is not None
        first.lock.release()
    second, _ = make_app(tmp_path)  # free again once the first lets go
    assert second.lock is not None and second.lock.held
    second.lock.release()


def test_a_second_process_is_refused_and_no_session_is_lost(tmp_path: Path):
    (tmp_path / "settings.toml").write_text("pain_checkin = false\nmute = true\n")
    with PtyProcess(
        [sys.executable, "-m", "lowback_tui", "run", "floor-five"], lowback_env(tmp_path)
    ) as first:
        wait_for_holds(first, tmp_path, 2)
        for args in ((), ("run", "static-back")):
            refused = second_lowback(tmp_path, *args)
            assert refused.returncode == 1, refused
            assert refused.stderr == (
                f"lowback: another lowback (pid {first.pid}) is using {tmp_path}. Close it "
                "first, or set LOWBACK_HOME to another directory.\n"
            )
            assert refused.stdout == ""
        reader = second_lowback(tmp_path, "history")  # reading beside the app is allowed
        assert reader.returncode == 0 and "in progress" in reader.stdout
        wait_for_holds(first, tmp_path, 4)  # the first one went on recording meanwhile
        first.send(b"\x11")  # ctrl+q mid-session: it asks first
        first.wait_for("Quit lowback now?", timeout=PATIENCE)
        first.send(b"y")
        assert first.wait_exit(PATIENCE) == 0
    [first_id] = [key for key, holds in read_state(tmp_path).sessions.items()]
    first_holds = read_state(tmp_path).sessions[first_id]
    assert len(first_holds) >= 4

    # Now the second one may start: it offers the first one's session, and records its own.
    with PtyProcess([sys.executable, "-m", "lowback_tui"], lowback_env(tmp_path)) as second:
        second.wait_for("Floor five was interrupted", "Resume it at the hold", timeout=PATIENCE)
        second.send(b"n")
        second.drain(0.1)
        for key in FLOOR_FIVE_KEYS:
            second.send(key)
            second.drain(0.1)
        wait_for_holds(second, tmp_path, 2)
        second.send(b"\x11")
        second.wait_for("Quit lowback now?", timeout=PATIENCE)
        second.send(b"y")
        assert second.wait_exit(PATIENCE) == 0
    sessions = read_state(tmp_path).sessions
    assert len(sessions) == 2
    assert sessions[first_id] == first_holds  # untouched by the second process
    [second_holds] = [holds for key, holds in sessions.items() if key != first_id]
    assert len(second_holds) >= 2
