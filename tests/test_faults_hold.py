"""Fault injection: a real lowback in a pseudo-terminal, 6 or 7 minutes into the 20-minute
static back (at LOWBACK_TIME_SCALE, so seconds of real time): SIGHUP keeps the part held as
`q` does; after SIGKILL the resume goes on with the time that was left."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

from terminal_run import TERMINAL

from devkit.terminal import PtyProcess, base_env, python_module

pytestmark = TERMINAL

PATIENCE = 60.0
SCALE = "60"


def journal(home: Path) -> dict:
    """The running session in session.json ({} if none or mid-replace)."""
    try:
        return json.loads((home / "session.json").read_bytes())["session"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def only_session(home: Path) -> dict:
    [session] = [
        doc
        for path in (home / "history").glob("[0-9][0-9][0-9][0-9].json")
        for doc in json.loads(path.read_text())["sessions"].values()
    ]
    return session


def static_back(home: Path) -> PtyProcess:
    (home / "settings.toml").write_text("pain_checkin = false\nmute = true\n")
    env = base_env(LOWBACK_HOME=str(home), LOWBACK_TIME_SCALE=SCALE)
    return PtyProcess(python_module("lowback_tui", "run", "static-back"), env).start()


def hold_until(app: PtyProcess, home: Path, seconds: float) -> None:
    """Wait until the journal's checkpoint says `seconds` of the hold were held."""
    give_up = time.monotonic() + PATIENCE
    while journal(home).get("held_in_progress", 0) < seconds:
        if time.monotonic() > give_up:
            raise TimeoutError(f"never held {seconds} s:\n{app.text()[-2000:]}")
        app.drain(0.05)


def test_sighup_six_minutes_into_static_back_keeps_the_minutes_held(tmp_path: Path):
    app = static_back(tmp_path)
    try:
        hold_until(app, tmp_path, 6 * 60)
        app.process.send_signal(signal.SIGHUP)  # type: ignore[union-attr]
        app.wait_exit(PATIENCE)
        assert "Traceback" not in app.text()
    finally:
        app.stop()
    session = only_session(tmp_path)
    [hold] = session["holds"]
    assert hold["held_seconds"] >= 6 * 60 and hold["outcome"] == "released early"
    assert session["status"] == "interrupted"  # asked about at the next start
    assert session["hold_in_progress"] is None


def test_after_sigkill_the_resumed_hold_goes_on_with_the_time_left(tmp_path: Path):
    app = static_back(tmp_path)
    try:
        hold_until(app, tmp_path, 7 * 60)
        os.killpg(app.pid, signal.SIGKILL)
        app.wait_exit(PATIENCE)
    finally:
        app.stop()
    app = static_back(tmp_path)
    try:
        app.wait_for("Resume it at the hold where it stopped, 7:", timeout=PATIENCE)
        app.send(b"y")
        app.wait_for("HOLD", timeout=PATIENCE)
        mark = len(app.output)
        app.send(b" ")
        app.wait_for("PAUSED (", since=mark, timeout=PATIENCE)
        app.drain(0.2)
        shown = re.findall(r"PAUSED \((\d+):(\d\d)\)", app.text())
        minutes, seconds = map(int, shown[-1])
        assert 12 * 60 <= minutes * 60 + seconds <= 13 * 60, shown  # of 20:00, not 20:00 again
        app.send(b" ")
        give_up = time.monotonic() + PATIENCE
        while journal(tmp_path) and time.monotonic() < give_up:  # the rest of the hold
            app.drain(0.1)
        app.drain(0.5)
    finally:
        app.stop()
    session = only_session(tmp_path)
    [hold] = session["holds"]  # one hold of the whole time
    assert hold["held_seconds"] == 20 * 60 and hold["outcome"] == "done"
    assert session["status"] == "completed"
