"""Fault injection: a full disk and a read-only file system, real (a small tmpfs) and simulated.

A full disk at start or mid-write gives a clear message, loses nothing saved and leaves no
empty lock or temp file behind; on a read-only file system the app opens read-only and says so.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import make_app, wait_for

from lowback_tui.base import atomic
from lowback_tui.core.records import SessionRecord
from lowback_tui.store import lock as lock_module
from lowback_tui.store.errors import HistoryError
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


def seeded(home: Path, sessions: int = 1) -> bytes:
    """A valid history of `sessions` sessions in `home`; returns its bytes."""
    table = {str(n): {**SESSION, "id": f"kept-{n}"} for n in range(1, sessions + 1)}
    raw = json.dumps({"meta": {"1": {"schema": 1}}, "sessions": table}).encode()
    (home / "history.json").write_bytes(raw)
    return raw


def on_disk_ids(home: Path) -> set[str]:
    """The ids of the sessions in history/'s year files."""
    ids: set[str] = set()
    for path in (home / "history").glob("[0-9][0-9][0-9][0-9].json"):
        ids |= {doc["id"] for doc in json.loads(path.read_bytes())["sessions"].values()}
    return ids


def new_session(session_id: str = "new") -> SessionRecord:
    return SessionRecord(session_id, "static-back", "Static back", "2026-06-01T10:00:00+00:00")


def leftovers(home: Path) -> list[str]:
    """Temp files of atomic writes, and an empty lock file."""
    found = [path.name for path in home.iterdir() if path.name.endswith(".tmp")]
    lock = home / "lowback.lock"
    if lock.exists() and lock.stat().st_size == 0 and not lock.is_symlink():
        found.append("empty lowback.lock")
    return found


def notifications(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


# Simulated: these always run -----------------------------------------------------------------


def test_a_full_disk_mid_write_loses_nothing_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    raw = seeded(tmp_path)
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()
    real_writev = os.writev
    calls = {"n": 0}

    def full_after_some(fd: int, buffers) -> int:
        calls["n"] += 1
        if calls["n"] == 1:  # a short write first, as a disk filling up gives
            return real_writev(fd, [bytes(buffers[0])[:1]])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "writev", full_after_some)
    with pytest.raises(HistoryError, match="No space left on device") as caught:
        repository.start_session(new_session())
    assert "session.json" in str(caught.value) or "2026.json" in str(caught.value)
    monkeypatch.undo()
    assert (tmp_path / "history.v1.json").read_bytes() == raw  # converted at open, kept as is
    assert leftovers(tmp_path) == []
    repository.close()


def test_a_read_only_file_system_opens_the_app_read_only_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    seeded(tmp_path)
    real_open = lock_module.open_private

    def read_only_fs(path: Path, flags: int) -> int:
        if flags & (os.O_RDWR | os.O_WRONLY | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags)

    monkeypatch.setattr(lock_module, "open_private", read_only_fs)
    app, _ = make_app(tmp_path)
    assert app.read_only is not None and "read-only file system" in app.read_only


# Real: a small tmpfs (needs permission to mount: root, as in CI) ------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs with an empty `home` folder in it, unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        (mount / "home").mkdir(mode=0o700)
        yield mount / "home"
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Fill the file system of `disk` to the last byte; returns the filler file."""
    filler = disk.parent / "filler"
    with filler.open("wb", buffering=0) as handle:
        block = b"\0" * 4096
        try:
            while True:
                handle.write(block)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        try:
            while True:
                handle.write(b"\0")
        except OSError:
            pass
    return filler


def remount_read_only(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(disk.parent)], check=True)


def test_a_full_disk_mid_session_says_so_and_keeps_the_history(small_disk: Path):
    raw = seeded(small_disk, sessions=100)  # about 30 KiB: a new copy needs as much again
    repository = HistoryRepository(small_disk, sync=True)
    repository.open()
    repository.start_session(new_session())
    filler = fill(small_disk)
    with pytest.raises(HistoryError, match="No space left on device"):
        repository.finish_session(
            "new", status="completed", ended_at="2026-06-01T10:05:00+00:00", active_seconds=9.0
        )
    assert "kept-1" in on_disk_ids(small_disk)
    assert leftovers(small_disk) == []
    filler.unlink()  # space again: the next write catches up, nothing was lost
    repository.finish_session(
        "new", status="completed", ended_at="2026-06-01T10:05:00+00:00", active_seconds=9.0
    )
    repository.close()
    assert on_disk_ids(small_disk) >= {"kept-1", "kept-100", "new"}
    assert raw  # the seeded sessions are all still there (checked above by id)


async def test_a_full_disk_at_start_opens_read_only_and_leaves_no_lock(small_disk: Path):
    raw = seeded(small_disk, sessions=3)
    fill(small_disk)
    app, _ = make_app(small_disk)
    assert app.read_only is not None and "is full" in app.read_only
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        await wait_for(pilot, lambda: "opened read-only" in notifications(app), "the notice")
        assert app.repository is not None and len(app.repository.sessions()) == 3
    assert (small_disk / "history.json").read_bytes() == raw
    assert leftovers(small_disk) == [] and not (small_disk / "lowback.lock").exists()


async def test_a_read_only_file_system_opens_the_app_read_only_and_says_so(
    small_disk: Path, tmp_path: Path
):
    raw = seeded(small_disk, sessions=2)
    remount_read_only(small_disk)
    app, _ = make_app(small_disk)
    assert app.read_only is not None and "read-only file system" in app.read_only
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        await wait_for(pilot, lambda: "opened read-only" in notifications(app), "the notice")
        assert app.repository is not None and len(app.repository.sessions()) == 2
        with pytest.raises(HistoryError, match="read-only"):
            app.repository.start_session(new_session())
    assert (small_disk / "history.json").read_bytes() == raw
    env = {**os.environ, "LOWBACK_HOME": str(small_disk)}
    shown = subprocess.run(
        [sys.executable, "-m", "lowback_tui", "history"], capture_output=True, text=True, env=env
    )
    assert shown.returncode == 0 and "Floor five" in shown.stdout
