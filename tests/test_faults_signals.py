"""Fault injection: SIGTERM and SIGHUP to a real lowback in a pseudo-terminal. The terminal is
given back as it was (main screen, cursor, cooked mode) and every finished hold is saved."""

from __future__ import annotations

import json
import signal
import termios
import time
from pathlib import Path

import pytest
from terminal_run import TERMINAL

from devkit.faults import journal_holds
from devkit.terminal import PtyProcess, base_env, python_module

pytestmark = TERMINAL

PATIENCE = 60.0
#: What Textual writes to give the terminal back: leave the alternate screen, show the cursor.
RESTORE = (b"\x1b[?1049l", b"\x1b[?25h")


def wait_until(condition, what: str, app: PtyProcess) -> None:
    give_up = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > give_up:
            raise TimeoutError(f"never {what}:\n{app.text()[-2000:]}")
        app.drain(0.05)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_restores_the_terminal_and_saves_every_hold(tmp_path: Path, sig: int):
    (tmp_path / "settings.toml").write_text("pain_checkin = false\nmute = true\n")
    env = base_env(LOWBACK_HOME=str(tmp_path), LOWBACK_TIME_SCALE="40")
    app = PtyProcess(python_module("lowback_tui", "run", "floor-five"), env).start()
    try:
        before = termios.tcgetattr(app._leader)
        wait_until(lambda: b"\x1b[?1049h" in app.output, "entered the app screen", app)
        wait_until(lambda: journal_holds(tmp_path) >= 2, "saved two holds", app)
        mark = len(app.output)
        app.process.send_signal(sig)  # type: ignore[union-attr]
        status = app.wait_exit(PATIENCE)
        tail = bytes(app.output[mark:])
        assert all(sequence in tail for sequence in RESTORE), tail[-400:]
        after = termios.tcgetattr(app._leader)
        assert after[3] & (termios.ICANON | termios.ECHO) == before[3] & (
            termios.ICANON | termios.ECHO
        )  # cooked mode and echo are back
        assert b"Traceback" not in app.output
        assert status in (0, 128 + sig, -sig)
    finally:
        app.stop()
    [session] = [
        doc
        for path in (tmp_path / "history").glob("[0-9][0-9][0-9][0-9].json")
        for doc in json.loads(path.read_text())["sessions"].values()
    ]
    assert len(session["holds"]) >= 2  # every hold the journal had is in its year file
    assert session["status"] in ("interrupted", "stopped", "in progress")
    assert not (tmp_path / "session.json").exists() or journal_holds(tmp_path) <= len(
        session["holds"]
    )
