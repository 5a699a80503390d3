"""Fault injection: special files in LOWBACK_HOME (links, FIFOs, devices, folders, huge files).

Every file lowback reads or writes may be one of these. Each case checks that lowback never
blocks, never reads without bound, never writes through a link to a place outside the home,
and names the file that is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import make_app, wait_for
from terminal_run import TERMINAL, run_in_terminal

from lowback_tui.base.atomic import atomic_write
from lowback_tui.base.safe_files import FileKind, UnsafeFileError, read_bytes
from lowback_tui.cli.main import main
from lowback_tui.core.records import COMPLETED, SessionRecord
from lowback_tui.services.settings import Settings, load_settings, save_settings
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.lock import HomeLock
from lowback_tui.store.repository import HistoryRepository

SESSION = {
    "id": "kept",
    "routine_id": "floor-five",
    "routine_name": "Floor five",
    "started_at": "2026-05-31T08:00:00+00:00",
    "status": "completed",
    "ended_at": "2026-05-31T08:09:00+00:00",
    "active_seconds": 540.0,
    "holds": [],
    "planned_holds": 40,
}
VALID = json.dumps({"meta": {"1": {"schema": 1}}, "sessions": {"1": SESSION}}).encode()
ROUTINE = 'name = "Mine"\n[[step]]\nname = "Stretch"\nhold = "10s"\n'


def lowback(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line in its own process; a hang fails the test after 60 s."""
    env = {**os.environ, "LOWBACK_HOME": str(home)}
    argv = [sys.executable, "-m", "lowback_tui", *args]
    if not args or args[0] == "run":  # the app itself needs a terminal
        return run_in_terminal(argv, env, timeout=60)
    return subprocess.run(
        argv, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60
    )


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    def run(home: Path, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("LOWBACK_HOME", str(home))
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run


def notifications(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


# FIFOs and devices: never block, say what the file is -----------------------------------------


def test_a_fifo_routine_neither_hangs_the_command_nor_hides_the_others(tmp_path: Path):
    (tmp_path / "routines").mkdir()
    os.mkfifo(tmp_path / "routines" / "x.toml")
    (tmp_path / "routines" / "mine.toml").write_text(ROUTINE)
    result = lowback(tmp_path, "routines")
    assert result.returncode == 0
    assert "Mine" in result.stdout and "static-back" in result.stdout
    assert "x.toml" in result.stderr and "is a named pipe (FIFO)" in result.stderr
    check = lowback(tmp_path, "routines", "check", str(tmp_path / "routines" / "x.toml"))
    assert check.returncode == 1 and "is a named pipe (FIFO), expected a routine file" in (
        check.stderr
    )


async def test_a_fifo_routine_does_not_hang_the_app(tmp_path: Path):
    (tmp_path / "routines").mkdir()
    os.mkfifo(tmp_path / "routines" / "x.toml")
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        [entry] = [entry for entry in app.entries if entry.id == "x"]
        assert not entry.ok and "named pipe" in str(entry.problems[0])
        assert any(entry.ok and entry.id == "static-back" for entry in app.entries)


@pytest.mark.parametrize("name", ["history.json", "session.json"])
@pytest.mark.parametrize("special", ["fifo", "folder", "device"])
def test_a_special_history_or_journal_is_named_and_set_aside_never_read(
    tmp_path: Path, name: str, special: str, cli
):
    path = tmp_path / name
    if special == "fifo":
        os.mkfifo(path)
    elif special == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")  # an endless read, were it read
    what = {"fifo": "a named pipe (FIFO)", "folder": "a folder", "device": "a character device"}
    status, out, err = cli(tmp_path, "history")  # the reader changes nothing
    assert status == 1 and out == ""
    assert str(path) in err and what[special] in err
    assert os.path.lexists(path)
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()  # the app: set aside (a rename, harmless for any kind of file)
    assert repository.warning and what[special] in repository.warning
    assert not os.path.lexists(path)
    assert len(list(tmp_path.glob(f"{path.stem}.corrupt-*"))) == 1
    repository.close()


def test_a_device_or_fifo_settings_file_gives_defaults_and_a_message(tmp_path: Path):
    (tmp_path / "settings.toml").symlink_to("/dev/urandom")
    settings, problems = load_settings(tmp_path / "settings.toml")
    assert settings == Settings()
    assert problems == [
        f"{tmp_path / 'settings.toml'}: cannot be read (is a character device, expected a "
        "settings file (a regular file)); using default settings"
    ]
    os.unlink(tmp_path / "settings.toml")
    os.mkfifo(tmp_path / "settings.toml")
    assert "named pipe" in load_settings(tmp_path / "settings.toml")[1][0]
    with pytest.raises(OSError, match="named pipe"):  # never replaced by a save
        save_settings(tmp_path / "settings.toml", Settings(mute=True))
    assert stat.S_ISFIFO(os.lstat(tmp_path / "settings.toml").st_mode)


# Enormous files: never read without bound --------------------------------------------------


def sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no room on disk."""
    with path.open("wb") as handle:
        handle.truncate(size)


def test_files_larger_than_their_kind_are_refused_without_being_read(tmp_path: Path, cli):
    sparse(tmp_path / "settings.toml", 2 * 1024 * 1024)
    assert (
        "is larger than 1 MiB, more than a settings file can be"
        in (load_settings(tmp_path / "settings.toml")[1][0])
    )
    sparse(tmp_path / "session.json", 17 * 1024 * 1024)
    with pytest.raises(UnsafeFileError, match="larger than 16 MiB"):
        read_bytes(tmp_path / "session.json", FileKind.JOURNAL)
    (tmp_path / "session.json").unlink()
    sparse(tmp_path / "history.json", 600 * 1024 * 1024)
    status, _, err = cli(tmp_path, "history")
    assert status == 1
    assert f"Cannot read {tmp_path / 'history.json'}: is larger than 512 MiB" in err
    repository = HistoryRepository(tmp_path, sync=True)
    with pytest.raises(HistoryError, match="larger than 512 MiB"):  # too big is not corrupt:
        repository.open()  # it is left where it is, for the user to look at
    assert (tmp_path / "history.json").stat().st_size == 600 * 1024 * 1024


def test_a_file_growing_past_its_bound_while_read_is_refused(tmp_path: Path):
    """The bound holds for files whose size fstat does not know (like /proc files)."""
    with pytest.raises(UnsafeFileError, match="larger than"):
        read_bytes(Path("/proc/self/maps"), FileKind.SETTINGS, limit=16)


# Links: never written through to a place outside the home -----------------------------------


@TERMINAL
def test_a_linked_lock_never_empties_the_file_it_points_to(tmp_path: Path):
    home, outside = tmp_path / "home", tmp_path / "precious.txt"
    home.mkdir()
    outside.write_text("keep me\n")
    (home / "lowback.lock").symlink_to(outside)
    with pytest.raises(HistoryError, match=r"lowback\.lock is a symbolic link"):
        HomeLock(home).acquire()
    assert outside.read_text() == "keep me\n"
    result = lowback(home)
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert "Traceback" not in result.stderr and outside.read_text() == "keep me\n"


@pytest.mark.parametrize("name", ["session.json", "settings.toml"])
def test_a_link_out_of_the_home_is_never_written_through(tmp_path: Path, name: str):
    home, outside = tmp_path / "home", tmp_path / "elsewhere" / name
    home.mkdir()
    outside.parent.mkdir()
    (home / name).symlink_to(outside)  # dangling: a write would create it
    with pytest.raises(UnsafeFileError, match="outside"):
        atomic_write(home / name, [b"{}"])
    assert not outside.exists() and (home / name).is_symlink()
    if name == "settings.toml":  # what the app does when a setting changes
        with pytest.raises(OSError, match=f"is a link to {outside}, outside {home}"):
            save_settings(home / name, Settings(mute=True))
        assert not outside.exists()


def test_a_session_over_a_journal_linked_out_of_the_home_says_it_cannot_save(tmp_path: Path):
    home, outside = tmp_path / "home", tmp_path / "elsewhere.json"
    home.mkdir()
    (home / "session.json").symlink_to(outside)
    repository = HistoryRepository(home, sync=True)
    repository.open()
    with pytest.raises(HistoryError, match="outside"):
        repository.start_session(
            SessionRecord("s1", "static-back", "Static back", "2026-06-01T10:00:00+00:00")
        )
    repository.close()
    assert not outside.exists()


def test_a_history_linked_to_a_synced_folder_keeps_its_link(tmp_path: Path):
    """A link the user made from history/ to a folder elsewhere: the year file in it is
    replaced, the link still leads there, and the new file is private."""
    home, synced = tmp_path / "home", tmp_path / "Sync" / "history"
    home.mkdir()
    synced.mkdir(parents=True)
    (synced / "2026.json").write_bytes(VALID)
    (home / "history").symlink_to(synced)
    repository = HistoryRepository(home, sync=True)
    repository.open()
    repository.start_session(
        SessionRecord("new", "static-back", "Static back", "2026-06-01T10:00:00+00:00")
    )
    repository.finish_session(
        "new", status=COMPLETED, ended_at="2026-06-01T10:02:00+00:00", active_seconds=90.0
    )
    repository.close()
    assert (home / "history").is_symlink()
    assert os.readlink(home / "history") == str(synced)
    sessions = json.loads((synced / "2026.json").read_text())["sessions"].values()
    assert {session["id"] for session in sessions} == {"kept", "new"}
    assert stat.S_IMODE((synced / "2026.json").stat().st_mode) == 0o600
    assert not list(synced.glob(".*.tmp"))


def test_a_link_to_something_that_is_not_a_history_is_set_aside_not_written(tmp_path: Path):
    home, outside = tmp_path / "home", tmp_path / ".bashrc"
    home.mkdir()
    outside.write_text("export PATH=$PATH\n")
    (home / "history.json").symlink_to(outside)
    repository = HistoryRepository(home, sync=True)
    repository.open()
    repository.start_session(
        SessionRecord("s1", "static-back", "Static back", "2026-06-01T10:00:00+00:00")
    )
    repository.close()
    assert outside.read_text() == "export PATH=$PATH\n"  # the link was set aside, not followed
    assert not (home / "history.json").is_symlink()


def test_a_routine_linked_within_the_routines_folder_keeps_its_link(tmp_path: Path):
    from lowback_tui.store.library import RoutineLibrary, load_routine

    folder = tmp_path / "routines"
    (folder / "shared").mkdir(parents=True)
    (folder / "shared" / "mine.toml").write_text(ROUTINE)
    (folder / "mine.toml").symlink_to(folder / "shared" / "mine.toml")
    routine = load_routine(folder / "mine.toml")
    RoutineLibrary(folder).save("mine", routine)
    assert (folder / "mine.toml").is_symlink()
    assert load_routine(folder / "shared" / "mine.toml").name == "Mine"


# Private data: 0700 folders, 0600 files -------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_home_is_private_and_every_file_written_in_it_too(tmp_path: Path, cli):
    old_umask = os.umask(0o022)  # a usual umask: without care, files would be 0644
    try:
        home = tmp_path / "new" / "lowback"
        app, _ = make_app(home, pain_checkin=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, app.history_ready.is_set, "history loaded")
            app.toggle_mute()
            assert app.repository is not None
            app.repository.start_session(
                SessionRecord("s1", "static-back", "Static back", "2026-06-01T10:00:00+00:00")
            )
            assert mode(home / "session.json") == 0o600
        assert mode(home) == 0o700 and mode(home / "routines") == 0o700
        assert mode(home / "history") == 0o700 and mode(home / "history" / "index") == 0o700
        for name in (
            "history/2026.json",
            "history/index.json",
            "history/index/2026.json",
            "settings.toml",
            "lowback.lock",
        ):
            assert mode(home / name) == 0o600, name
        routine = tmp_path / "mine.toml"
        routine.write_text(ROUTINE)
        assert cli(home, "routines", "import", str(routine))[0] == 0
        assert mode(home / "routines" / "mine.toml") == 0o600
        (home / "history" / "2026.json").chmod(0o644)  # by hand, say: made private again
        repository = HistoryRepository(home, sync=True)
        repository.open()
        repository.toggle_rest_day(dt.date(2026, 6, 2))
        repository.close()
        assert mode(home / "history" / "2026.json") == 0o600
    finally:
        os.umask(old_umask)
