"""Fault injection: text from files never reaches the terminal as a control sequence, and CSV
exports never hold a cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import make_app, wait_for, wait_for_screen
from hypothesis import given
from hypothesis import strategies as st

from lowback_tui.base.terminal_text import ALLOWED_FORMAT, safe, safe_json_text
from lowback_tui.cli.main import main
from lowback_tui.core.export import neutralise
from lowback_tui.ui.screens.history import HistoryScreen

EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u2066\u200b\u2028"
"""A title change, a screen clear, a C1 CSI, a right-to-left override, an isolate, an
invisible space and a line separator."""


def unsafe_chars(text: str) -> list[str]:
    """Characters that would act on the terminal or hide or reorder what is shown."""
    return [
        char
        for char in text
        if char not in "\n"
        and (
            unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")
            or (unicodedata.category(char) == "Cf" and char not in ALLOWED_FORMAT)
        )
    ]


@given(st.text())
def test_safe_text_has_no_control_character_and_is_stable(text: str) -> None:
    shown = safe(text)
    assert unsafe_chars(shown) == []
    assert safe(shown) == shown  # showing twice changes nothing
    if not unsafe_chars(text) and "\n" not in text:
        assert shown == text  # ordinary text, emoji joiners and direction marks stay as they are


@given(st.text())
def test_safe_json_is_the_same_data_shown_safely(text: str) -> None:
    dumped = json.dumps({"k": text}, ensure_ascii=False)
    shown = safe_json_text(dumped)
    assert unsafe_chars(shown.replace("\n", "")) == []
    assert json.loads(shown) == {"k": text}


def test_escapes_are_shown_visibly() -> None:
    assert safe(EVIL) == ("\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202eevil\\u2066\\u200b\\u2028")
    assert safe("🧘\u200d♀️ \u200fשלום") == "🧘\u200d♀️ \u200fשלום"
    assert safe("two\nlines", multiline=True) == "two\nlines" and safe("a\nb") == "a\\x0ab"


# The command line ----------------------------------------------------------------------------

SESSION = {
    "id": "s1",
    "routine_id": "floor-five",
    "routine_name": f"Floor {EVIL}",
    "started_at": "2026-05-31T08:00:00+00:00",
    "status": "completed",
    "hurt_step": f"step {EVIL}",
    "ended_at": "2026-05-31T08:09:00+00:00",
    "active_seconds": 540.0,
    "holds": [],
    "planned_holds": 40,
    "note": f"note {EVIL}",
}


def write_history(home: Path, **changes: object) -> None:
    data = {"meta": {"1": {"schema": 1}}, "sessions": {"1": {**SESSION, **changes}}}
    (home / "history.json").write_text(json.dumps(data))


def lowback(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOWBACK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "lowback_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_history_text_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    write_history(tmp_path)
    table = lowback(tmp_path, "history")
    assert table.returncode == 0
    assert unsafe_chars(table.stdout) == [] and "\\x1b]0;pwned" in table.stdout
    as_json = lowback(tmp_path, "history", "--json")
    assert unsafe_chars(as_json.stdout) == []
    [session] = json.loads(as_json.stdout)
    assert session["routine_name"] == SESSION["routine_name"]  # the data is unchanged


def test_file_names_and_errors_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "good\x1b[2J.toml").write_text('name = "Good"\n[[step]]\nname = "Stretch"\n')
    (folder / "bad\x1b]0;pwned\x07.toml").write_text("not = [toml")
    (folder / "evil\u202e.toml").write_text('name = "x\x1b[31m"\n[[step]]\nname = "y"\n')
    listed = lowback(tmp_path, "routines")
    assert listed.returncode == 0
    assert unsafe_chars(listed.stdout + listed.stderr) == []
    assert "good\\x1b[2J" in listed.stdout and "bad\\x1b]0;pwned\\x07.toml" in listed.stderr
    checked = lowback(tmp_path, "routines", "check", *(str(path) for path in folder.iterdir()))
    assert checked.returncode == 1 and unsafe_chars(checked.stdout + checked.stderr) == []
    missing = lowback(tmp_path, "run", "no\x1b[2Jsuch")
    assert missing.returncode == 1 and unsafe_chars(missing.stderr) == []
    assert "no\\x1b[2Jsuch" in missing.stderr


# The app ------------------------------------------------------------------------------------


def rendered(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notifications(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_the_app_shows_file_text_visibly_in_history_and_notifications(tmp_path: Path):
    write_history(tmp_path)
    (tmp_path / "settings.toml").write_text('"\\u001b[2J[bold]key[/]" = 1\n')
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        await wait_for(pilot, lambda: "unknown setting" in notifications(app), "a warning")
        said = notifications(app)
        assert unsafe_chars(said) == [] and "\\x1b[2J[bold]key[/]" in said  # literal, no markup
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await wait_for(pilot, lambda: "Floor" in rendered(app), "the session listed")
        assert unsafe_chars(rendered(app)) == []
        assert "\\x1b]0;pwned" in rendered(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "note" in rendered(app).lower(), "the session's detail")
        assert unsafe_chars(rendered(app)) == []


# CSV export ------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_export_cells_never_start_a_formula(tmp_path: Path, start: str, monkeypatch, capsys):
    formula = f'{start}HYPERLINK("http://x","y")'
    write_history(tmp_path, routine_name=formula, note=formula, status="completed")
    monkeypatch.setenv("LOWBACK_HOME", str(tmp_path))
    out_file = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "-o", str(out_file)]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out_file.read_bytes().decode(), newline="")))
    # A carriage return is shown as \x0d (no control character reaches a cell): no formula.
    shown = "\\x0d" + formula[1:] if start == "\r" else "'" + formula
    assert rows[0]["routine_name"] == shown
    assert rows[0]["active_seconds"] == "540"  # numbers stay numbers
    assert neutralise("plain") == "plain"
