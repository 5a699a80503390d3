"""A real `lowback` process killed mid-session: the history stays valid and the session resumes."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from helpers import history_on_disk, make_app, screen_text, wait_for_screen
from terminal_run import TERMINAL

from lowback_tui.ui.screens.dialogs import ConfirmDialog

pytestmark = TERMINAL

#: Real seconds the whole test may take before it gives up (it normally needs about two).
PATIENCE = 60.0


def saved_holds(home: Path) -> int:
    """Finished holds on disk: in a year file, or in the journal where it is ahead."""
    counts = [0]
    years = [str(path.relative_to(home)) for path in home.glob("history/[0-9]*.json")]
    for name, sessions in (
        *[(year, lambda d: d["sessions"].values()) for year in years],
        ("session.json", lambda d: [d["session"]]),
    ):
        try:
            data = json.loads((home / name).read_text())
            counts += [len(session["holds"]) for session in sessions(data)]
        except (FileNotFoundError, json.JSONDecodeError, KeyError, TypeError):
            pass  # not written yet, or replaced between listing and reading
    return max(counts)


def run_until(home: Path, holds: int) -> int:
    """Start `lowback run floor-five` in a pseudo-terminal, SIGKILL it once `holds` are saved."""
    env = {
        **os.environ,
        "LOWBACK_HOME": str(home),
        "LOWBACK_TIME_SCALE": "40",
        "TERM": "xterm-256color",
    }
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "lowback_tui", "run", "floor-five"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(follower)
    give_up = time.monotonic() + PATIENCE
    try:
        while saved_holds(home) < holds:
            assert process.poll() is None, "lowback exited before it was killed"
            assert time.monotonic() < give_up, "lowback never saved the holds"
            # Wait for output (this is also what keeps the pty from filling up and blocking).
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    os.read(leader, 65536)
                except OSError:
                    break
        done = saved_holds(home)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=PATIENCE)
        return done
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)


async def test_killed_process_leaves_valid_history_and_resumes(tmp_path: Path):
    (tmp_path / "settings.toml").write_text(
        "pain_checkin = false\nmute = true\nsafety_acknowledged = 2026-01-01\n"
    )
    finished = run_until(tmp_path, holds=3)
    assert finished >= 3
    for path in [*tmp_path.glob("history/**/*.json"), tmp_path / "session.json"]:
        if path.exists():
            json.loads(path.read_text())  # whatever moment the kill came, every file is valid
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Floor five was interrupted" in screen_text(app)
        await pilot.press("n")  # not now: the session stays in the history as interrupted
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "interrupted"
    assert len(session["holds"]) >= finished  # every finished hold is there
    assert not (tmp_path / "session.json").exists()
