"""The terminal's title shows the phase and the time left, at most once a second, and is given
back at the end (issue 20): what a tmux status line or a window list shows."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

from terminal_run import TERMINAL

from devkit.terminal import PtyProcess, base_env, python_module
from lowback_tui.ui.terminal_title import RESTORE, SAVE, TerminalTitle

TITLE = re.compile(rb"\x1b\]2;([^\x07]*)\x07")


def test_a_title_is_written_once_a_second_at_most_and_restored():
    now = [100.0]
    written: list[str] = []
    title = TerminalTitle(written.append, now=lambda: now[0])
    assert title.show("HOLD 20:00 · Static back") is None
    assert written == [SAVE + "\x1b]2;HOLD 20:00 · Static back\x07"]
    now[0] += 0.3
    wait = title.show("HOLD 19:59 · Static back")
    assert wait is not None and abs(wait - 0.7) < 1e-9 and len(written) == 1
    title.flush()  # too early still: nothing
    assert len(written) == 1
    now[0] += 0.7
    title.flush()
    assert written[-1] == "\x1b]2;HOLD 19:59 · Static back\x07"  # saved once, not again
    assert title.show("HOLD 19:59 · Static back") is None and len(written) == 2
    title.restore()
    assert written[-1] == RESTORE


def test_a_title_cannot_carry_control_characters():
    written: list[str] = []
    TerminalTitle(written.append, now=lambda: 0.0).show("HOLD 1:00 · a\x07b\x1b]2;x")
    [sequence] = written
    assert sequence.count("\x07") == 1 and sequence.count("\x1b") == 2  # SAVE and OSC only


@TERMINAL
def test_the_terminal_title_follows_a_real_session(tmp_path: Path):
    (tmp_path / "settings.toml").write_text("pain_checkin = false\nmute = true\n")
    env = base_env(LOWBACK_HOME=str(tmp_path), LOWBACK_TIME_SCALE="10")
    app = PtyProcess(python_module("lowback_tui", "run", "static-back"), env).start()
    try:
        app.wait_for("HOLD", timeout=60)
        first = len(app.output)
        started = time.monotonic()
        app.drain(3.0)  # 30 s of the hold at ×10: the time changes 30 times
        seconds = time.monotonic() - started
        titles = [m.decode() for m in TITLE.findall(bytes(app.output[first:]))]
        assert titles and all(re.fullmatch(r"HOLD 1?\d:\d\d · Static back", t) for t in titles)
        assert len(titles) <= seconds + 1, titles  # never more than once a second
        assert bytes(app.output).count(SAVE.encode()) == 1
        mark = len(app.output)
        app.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
        app.wait_exit(60)
        assert RESTORE.encode() in bytes(app.output[mark:])  # the shell's title is back
    finally:
        app.stop()
