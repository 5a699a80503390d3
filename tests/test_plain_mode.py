"""Plain mode (issue 20, part 4): a real lowback in a pseudo-terminal prints lines of text and
the bell, nothing else, and records its session as the app does."""

from __future__ import annotations

import json
import re
import signal
import termios
from pathlib import Path

import pytest
from terminal_run import TERMINAL

from devkit.terminal import PtyProcess, base_env, python_module
from lowback_tui.plain.keys import parse

#: Any escape sequence at all, and the glyphs of the big digits.
ESCAPE = b"\x1b"
BLOCKS = set("█▀▄")
#: Control characters other than the bell and line ends.
CONTROLS = re.compile(rb"[\x00-\x06\x08\x0b\x0c\x0e-\x1f\x7f]")


def sessions(home: Path) -> list[dict]:
    return [
        doc
        for path in sorted((home / "history").glob("[0-9][0-9][0-9][0-9].json"))
        for doc in json.loads(path.read_text())["sessions"].values()
    ]


def plain_lowback(
    home: Path, *args: str, scale: str = "1", settings: str = "pain_checkin = false\n"
) -> PtyProcess:
    (home / "settings.toml").write_text(settings)
    env = base_env(LOWBACK_HOME=str(home), LOWBACK_TIME_SCALE=scale)
    return PtyProcess(python_module("lowback_tui", "run", *args), env, size=(80, 24)).start()


def lines(app: PtyProcess) -> list[str]:
    return bytes(app.output).decode().replace("\a", "").splitlines()


def test_keys_are_read_by_name():
    assert parse("q \r\x1b[A\x1b[B\x7f\x1b") == [
        "q",
        "space",
        "enter",
        "up",
        "down",
        "backspace",
        "escape",
    ]
    assert parse("\x1b[15~n") == ["n"]  # F5: ignored whole, the next key still read


@TERMINAL
def test_a_whole_routine_in_plain_mode_is_lines_and_the_bell_and_lands_in_history(
    tmp_path: Path,
):
    app = plain_lowback(tmp_path, "--plain", "floor-five", scale="100")
    try:
        app.wait_for("Pelvic tilt", timeout=60)
        assert app.wait_exit(120) == 0
    finally:
        app.stop()
    output = bytes(app.output)
    assert ESCAPE not in output  # no alternate screen, no cursor moves, no colours
    assert not CONTROLS.search(output)
    assert b"\a" in output  # the bell cues
    text = output.decode()
    assert not BLOCKS & set(text)
    said = lines(app)
    assert said.count("Get ready: Pelvic tilt, rep 1 of 5. 5 seconds.") == 1
    assert sum(line.startswith("Get ready: ") for line in said) == 5  # one per step
    assert sum(line.startswith("Hold: ") for line in said) == 40  # one per hold
    assert sum(line.startswith("Rest, 3 seconds.") for line in said) == 35
    assert "Rest, 3 seconds. Next: Pelvic tilt, rep 2 of 5." in said
    switch = (
        "Rest, 3 seconds. Switch to the right side. Next: Knee to chest, right side, rep 1 of 5."
    )
    assert switch in said
    assert said.count("Done, 10 seconds.") == 40
    assert "Well done — routine complete." in said and "Done: 40 of 40 holds." in said
    [session] = sessions(tmp_path)  # recorded as the app records it
    assert session["status"] == "completed" and len(session["holds"]) == 40
    assert {h["held_seconds"] for h in session["holds"]} == {10}
    assert {h["outcome"] for h in session["holds"]} == {"done"}


@TERMINAL
def test_display_plain_in_settings_and_the_keys(tmp_path: Path):
    app = plain_lowback(
        tmp_path, "floor-five", settings='pain_checkin = false\ndisplay = "plain"\n'
    )
    try:
        before = termios.tcgetattr(app._leader)
        app.wait_for("Get ready: Pelvic tilt", timeout=60)
        mark = len(app.output)
        app.send(b"t")
        app.wait_for("left, get ready for Pelvic tilt, rep 1 of 5.", since=mark)
        app.send(b"\r")  # start now
        app.wait_for("Hold: Pelvic tilt, rep 1 of 5, 8 to 10 seconds.", since=mark)
        app.send(b" ")
        app.wait_for("Paused: Space goes on.", since=mark)
        app.send(b" n")
        app.wait_for("Going on.", "Skipped.", "Next: Pelvic tilt, rep 2 of 5.", since=mark)
        app.send(b"m")
        app.wait_for("Cues muted.", since=mark)
        app.send(b"q")
        app.wait_for("Stop this session?", "y: stop; n or Enter: keep going.", since=mark)
        app.send(b"\r")  # the safe answer
        app.wait_for("Going on.", since=len(app.output) - 40)
        app.send(b"qy")
        app.wait_for("Session stopped. What you did is saved.", since=mark)
        assert app.wait_exit(60) == 0
        after = termios.tcgetattr(app._leader)
        assert after[3] & (termios.ICANON | termios.ECHO) == before[3] & (
            termios.ICANON | termios.ECHO
        )  # line editing and echo are back for the shell
    finally:
        app.stop()
    assert ESCAPE not in bytes(app.output)
    [session] = sessions(tmp_path)
    assert session["status"] == "stopped"
    assert [h["outcome"] for h in session["holds"]][:1] == ["skipped"]
    assert "mute = true" in (tmp_path / "settings.toml").read_text()  # m is saved, as in the app


@TERMINAL
def test_a_long_hold_says_its_time_every_10_seconds(tmp_path: Path):
    app = plain_lowback(tmp_path, "--plain", "static-back", scale="20")
    try:
        app.wait_for("Hold: Static back, 20 minutes.", timeout=60)
        app.wait_for("19:50 left, hold Static back.", "19:40 left, hold Static back.")
        app.send(b"qy")
        app.wait_for("Session stopped.")
        assert app.wait_exit(60) == 0
    finally:
        app.stop()
    assert ESCAPE not in bytes(app.output)
    said = lines(app)
    first = said.index("19:50 left, hold Static back.")
    assert said[first + 1] == "19:40 left, hold Static back."  # one line per 10 s, no more


@TERMINAL
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_gives_the_terminal_back(tmp_path: Path, sig: int):
    app = plain_lowback(tmp_path, "--plain", "floor-five")
    try:
        before = termios.tcgetattr(app._leader)
        app.wait_for("Get ready: Pelvic tilt", timeout=60)
        app.process.send_signal(sig)  # type: ignore[union-attr]
        status = app.wait_exit(60)
        after = termios.tcgetattr(app._leader)
    finally:
        app.stop()
    assert status == 128 + sig
    assert after[3] & (termios.ICANON | termios.ECHO) == before[3] & (termios.ICANON | termios.ECHO)
    assert b"Traceback" not in app.output and ESCAPE not in bytes(app.output)
    assert "the session can be resumed next time" in app.text()
    [session] = sessions(tmp_path)
    assert session["status"] == "in progress"  # the next start offers to resume it


@TERMINAL
def test_pain_check_in_and_resume_are_questions_with_their_keys(tmp_path: Path):
    first = plain_lowback(tmp_path, "--plain", "floor-five", settings="pain_checkin = true\n")
    try:
        first.wait_for("how is your back now? Type 0 to 10, then Enter; Escape skips.", timeout=60)
        first.send(b"\r")  # Enter alone never answers
        first.wait_for("Type a number from 0 to 10 first, or Escape to skip.")
        first.send(b"3\r")
        first.wait_for("3 of 10.", "Get ready: Pelvic tilt")
        first.send(b"\rn")  # start the first hold at once, then skip it
        first.wait_for("Skipped.")
        first.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
        first.wait_exit(60)
    finally:
        first.stop()
    again = plain_lowback(tmp_path, "--plain", "static-back")
    try:
        again.wait_for("Your session of Floor five was interrupted", timeout=60)
        again.wait_for("after hold 1 of 40.", "(No starts Static back.) y: resume; n or Enter:")
        again.send(b"y")
        again.wait_for("Get ready: Pelvic tilt, rep 2 of 5.")  # where it stopped
        again.send(b"qy")
        again.wait_for("Session stopped.", "Pain: 3 → –.")
        assert again.wait_exit(60) == 0
    finally:
        again.stop()
    [session] = sessions(tmp_path)  # one session, resumed: not a second one
    assert session["pain_before"] == 3 and session["status"] == "stopped"
    assert ESCAPE not in bytes(first.output) + bytes(again.output)


def test_a_display_setting_it_cannot_use_is_said_and_the_full_screen_used(tmp_path: Path):
    from lowback_tui.services.settings import Display, load_settings

    path = tmp_path / "settings.toml"
    path.write_text('display = "braille"\n')
    settings, problems = load_settings(path)
    assert settings.display is Display.FULL
    assert problems == [
        f'{path}: display: got \'braille\', expected one of "full", "plain"; using "full"'
    ]
    path.write_text('display = "plain"\n')
    assert load_settings(path)[0].display is Display.PLAIN


@TERMINAL
def test_plain_mode_keeps_the_flare_up_rule(tmp_path: Path):
    """Pain 8 before Core strength in plain mode: "not today", Enter leaves, nothing starts;
    the day is then a flare-up for `lowback run --plain core-strength` too (as in the app)."""
    app = plain_lowback(tmp_path, "--plain", "core-strength", settings="pain_checkin = true\n")
    try:
        app.wait_for("how is your back now? Type 0 to 10, then Enter; Escape skips.", timeout=60)
        app.send(b"8\r")
        app.wait_for("Not today: pain 8/10 before Core strength.")
        app.wait_for("y: start Static back instead; n or Enter: leave it.")
        app.send(b"\r")
        assert app.wait_exit(60) == 0
    finally:
        app.stop()
    assert "Get ready: Plank" not in "\n".join(lines(app))
    [kept] = sessions(tmp_path)  # the plank never started; the answer is kept for the day
    assert (kept["status"], kept["pain_before"], kept["holds"]) == ("stopped", 8, [])


@TERMINAL
def test_plain_mode_after_a_hurt_today_says_not_today(tmp_path: Path):
    first = plain_lowback(tmp_path, "--plain", "floor-five")
    try:
        first.wait_for("Get ready: Pelvic tilt", timeout=60)
        first.send(b"\rh")  # start the first hold, then "this hurts"
        first.wait_for("How bad is it?")
        first.send(b"\x1b")
        assert first.wait_exit(60) == 0
    finally:
        first.stop()
    again = plain_lowback(tmp_path, "--plain", "core-strength")
    try:
        again.wait_for("Not today: Core strength is strength work.", timeout=60)
        again.wait_for("y: start anyway; n or Enter: leave it.")
        again.send(b"\r")
        assert again.wait_exit(60) == 0
    finally:
        again.stop()
    assert "Get ready: Plank" not in "\n".join(lines(again))
    assert [s["status"] for s in sessions(tmp_path)] == ["hurt"]
