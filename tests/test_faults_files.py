"""Fault injection: broken, read-only and unreachable history files, in the app and the CLI.

Every case checks what the user is told and what is left on disk: a clear message, the
original bytes kept, nothing overwritten.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import advance, history_on_disk, make_app, wait_for, wait_for_screen
from terminal_run import TERMINAL, run_in_terminal

from lowback_tui.base.paths import HomeError
from lowback_tui.cli.main import main
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.screens.summary import SummaryScreen
from lowback_tui.ui.screens.timer import TimerScreen

VALID_SESSION = {
    "id": "kept",
    "routine_id": "floor-five",
    "routine_name": "Floor five",
    "started_at": "2026-05-31T08:00:00+00:00",
    "status": "completed",
    "ended_at": "2026-05-31T08:09:00+00:00",
    "active_seconds": 540.0,
    "holds": [],
    "planned_holds": 40,
    "pain_before": None,
    "pain_after": None,
    "hurt_step": None,
    "hurt_level": None,
    "note": "",
}
VALID = json.dumps({"meta": {"1": {"schema": 1}}, "sessions": {"1": VALID_SESSION}}).encode()

#: Each broken history.json, and words the message must contain to say what is wrong.
BROKEN = {
    "truncated": (VALID[: len(VALID) // 2], "not valid JSON"),
    "binary": (bytes(range(256)) * 4, "not valid JSON"),
    "blank": (b"  \n\t\n", "blank space"),
    "newer schema": (
        json.dumps({"meta": {"1": {"schema": 99}}, "sessions": {}}).encode(),
        "schema version 99",
    ),
    "a list": (b"[1, 2, 3]", "JSON list"),
    "wrong shape": (
        json.dumps({"meta": {"1": {"schema": 1}}, "sessions": {"1": {"id": 5}}}).encode(),
        "'id'",
    ),
}


def lowback(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line in its own process, as a user runs it, with LOWBACK_HOME set."""
    env = {**os.environ, "LOWBACK_HOME": str(home)}
    return run_in_terminal([sys.executable, "-m", "lowback_tui", *args], env, timeout=60)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """The command line's main() in this process (fast): (exit status, stdout, stderr)."""

    def run(home: Path, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("LOWBACK_HOME", str(home))
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run


def corrupt_copies(home: Path) -> list[Path]:
    return sorted(home.glob("history.corrupt-*.json"))


def notifications(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def run_static_back(pilot, app, clock) -> None:
    """Start and finish the one-hold static back routine from the picker."""
    picker = app.screen
    ids = [entry.id for entry in picker.entries]
    picker.query_one("#routines").highlighted = ids.index("static-back")
    await pilot.press("enter")
    await wait_for_screen(pilot, TimerScreen)
    await advance(pilot, clock, 100_000)
    await wait_for_screen(pilot, SummaryScreen)


@pytest.mark.parametrize("case", ["truncated", "binary", "newer schema"])  # one path for all
async def test_app_keeps_a_broken_history_aside_says_so_and_records_anew(tmp_path: Path, case: str):
    broken, words = BROKEN[case]
    (tmp_path / "history.json").write_bytes(broken)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        await wait_for(pilot, lambda: "history.json" in notifications(app), "a warning")
        said = notifications(app)
        assert words in said and "kept aside as history.corrupt-" in said
        await run_static_back(pilot, app, clock)
    [kept] = corrupt_copies(tmp_path)
    assert kept.read_bytes() == broken  # the original, byte for byte
    assert kept.name in said
    [session] = history_on_disk(tmp_path)
    assert session["routine_id"] == "static-back" and session["status"] == "completed"


@pytest.mark.parametrize("case", list(BROKEN))
def test_cli_reports_a_broken_history_and_changes_nothing(tmp_path: Path, case: str, cli):
    broken, words = BROKEN[case]
    (tmp_path / "history.json").write_bytes(broken)
    for command in (["history"], ["history", "--json"], ["streak"], ["export", "--format", "csv"]):
        status, out, err = cli(tmp_path, *command)
        assert status == 1, command
        assert err.startswith("lowback: ") and words in err
        assert str(tmp_path / "history.json") in err and out == ""
    assert (tmp_path / "history.json").read_bytes() == broken
    assert sorted(path.name for path in tmp_path.iterdir()) == ["history.json"]


@TERMINAL
def test_cli_process_reports_a_broken_history_without_a_traceback(tmp_path: Path):
    broken, words = BROKEN["binary"]
    (tmp_path / "history.json").write_bytes(broken)
    result = lowback(tmp_path, "history")
    assert result.returncode == 1 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "history.json").read_bytes() == broken


async def test_an_empty_history_file_is_a_new_history(tmp_path: Path, cli):
    """Zero bytes is what TinyDB's own storage leaves on creation: nothing to keep."""
    (tmp_path / "history.json").write_bytes(b"")
    status, out, _ = cli(tmp_path, "history")
    assert status == 0 and "No sessions yet" in out
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        assert "history.json" not in notifications(app)
        await run_static_back(pilot, app, clock)
    assert not corrupt_copies(tmp_path)
    assert len(history_on_disk(tmp_path)) == 1


def read_only_history(home: Path) -> Path:
    """A year file the user made read-only (the index is missing: rebuilt in memory or not)."""
    (home / "history").mkdir(parents=True)
    path = home / "history" / "2026.json"
    path.write_bytes(VALID)
    path.chmod(0o444)
    return path


async def test_a_read_only_history_is_shown_and_never_written(tmp_path: Path, cli):
    path = read_only_history(tmp_path)
    status, out, _ = cli(tmp_path, "history")
    assert status == 0 and "Floor five" in out
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        assert [s.id for s in app.repository.sessions()] == ["kept"]
        assert "history.json" not in notifications(app)
        with pytest.raises(HistoryError, match=r"read-only\. 2026\.json was left unchanged"):
            app.repository.set_note("kept", "try to write")
    assert path.read_bytes() == VALID  # never replaced, never made writable
    assert path.stat().st_mode & 0o777 == 0o444
    assert not corrupt_copies(tmp_path)


async def test_a_session_over_a_read_only_history_goes_on_and_says_it_cannot_save(tmp_path: Path):
    path = read_only_history(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        await run_static_back(pilot, app, clock)  # the timer runs to the end regardless
        said = notifications(app)
        assert "Cannot save history" in said and "read-only" in said
    assert path.read_bytes() == VALID


@TERMINAL
def test_a_lowback_home_that_cannot_be_created(tmp_path: Path, cli):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    home = blocker / "lowback"
    with pytest.raises(HomeError, match="cannot create the lowback data folder"):
        make_app(home)
    result = lowback(home)
    assert result.returncode == 1
    assert result.stderr.startswith("lowback: cannot create the lowback data folder")
    assert str(home) in result.stderr and "Not a directory" in result.stderr
    assert "Traceback" not in result.stderr
    routine = tmp_path / "mine.toml"
    routine.write_text('name = "Mine"\n[[step]]\nname = "Stretch"\n')
    status, _, err = cli(home, "routines", "import", str(routine))
    assert status == 1 and "cannot create the lowback data folder" in err
    for command in (["history"], ["streak"]):  # nothing to read: said, not an empty list
        status, out, err = cli(home, *command)
        assert status == 1 and out == "" and f"no lowback data in {home}" in err
    assert blocker.read_text() == "not a folder"


@TERMINAL
def test_a_lowback_home_whose_lock_cannot_be_opened(tmp_path: Path):
    """A home where lowback.lock cannot be opened (here a folder; for a normal user, a home
    without write permission) must give the message, not a traceback."""
    (tmp_path / "routines").mkdir()
    (tmp_path / "lowback.lock").mkdir()
    result = lowback(tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("lowback: ") and "Traceback" not in result.stderr


def test_the_read_only_reader_never_touches_the_files(tmp_path: Path, cli):
    """`lowback history` beside a running app: a journal left in place is read, not merged."""
    (tmp_path / "history.json").write_bytes(VALID)
    journal = {
        "schema": 1,
        "session": {**VALID_SESSION, "id": "running", "status": "in progress", "ended_at": None},
    }
    (tmp_path / "session.json").write_text(json.dumps(journal))
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    repository = HistoryRepository(tmp_path, read_only=True)
    repository.open()
    assert {s.id for s in repository.sessions()} == {"kept", "running"}
    repository.close()
    status, out, _ = cli(tmp_path, "history")
    assert status == 0 and "in progress" in out
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before
