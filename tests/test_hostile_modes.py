"""Hostile cases: health data stays private whatever was there before (issue 24, part 2).

A home is walked after every command and after the app's main paths: every file lowback
wrote, replaced or kept is 0600 and every folder it made 0700, even where the files it
replaced, converted or set aside were 0644 and the umask is the usual 022."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import advance, make_app, wait_for_screen
from test_app_session import custom, start
from test_hostile_import import finished

from lowback_tui.store.codec import session_to_doc
from lowback_tui.ui.screens.dialogs import ConfirmDialog
from lowback_tui.ui.screens.summary import SummaryScreen

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def too_open(home: Path) -> list[str]:
    """Every file wider than 0600 and folder wider than 0700 under `home` (links aside)."""
    found = []
    for path in [home, *home.rglob("*")]:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            continue
        allowed = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
        if stat.S_IMODE(info.st_mode) & ~allowed:
            found.append(f"{path.relative_to(home)} {stat.S_IMODE(info.st_mode):o}")
    return found


def world_readable(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    os.chmod(path, 0o644)
    return path


def first_layout(home: Path) -> None:
    docs = {str(n): session_to_doc(finished(f"old-{n}")) for n in range(1, 4)}
    world_readable(
        home / "history.json", json.dumps({"meta": {"1": {"schema": 1}}, "sessions": docs})
    )


async def test_every_file_is_private_after_the_app_and_every_command(
    tmp_path: Path, cli: Cli, home: Path
) -> None:
    home.mkdir(mode=0o700)
    first_layout(home)  # converted: history.v1.json is kept
    world_readable(home / "session.json", '{"schema": 1, "sess')  # set aside
    world_readable(home / "lowback.lock", "")  # written to
    world_readable(home / "settings.toml", "pain_checkin = false\n")  # rewritten (mute)
    custom(home)
    os.chmod(home / "routines", 0o700)
    os.chmod(home / "routines" / "short.toml", 0o600)
    app, clock = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "short", pain=None)
        await pilot.press("m")  # mute: settings.toml is rewritten
        await advance(pilot, clock, 5 + 10 + 3)
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, SummaryScreen)
    assert (home / "history.v1.json").exists() and list(home.glob("session.corrupt-*"))
    assert too_open(home) == []

    year = home / "history" / "2026.json"
    world_readable(home / "history" / "2027.json", "{broken")  # set aside at the next open
    os.chmod(home / "history" / "index.json", 0o644)  # replaced at the next write
    exported = tmp_path / "out"
    exported.mkdir()
    commands = [
        ("history", "import", str(year)),  # opens for writing: sets 2027 aside, rewrites
        ("history", "--all"),
        ("export", "--format", "json", "-o", str(exported / "all.json"), "--force"),
        ("export", "--format", "csv", "-o", str(exported / "all.csv"), "--force"),
        ("report", "--format", "md", "-o", str(exported / "report.md"), "--force"),
        ("report", "--format", "html", "-o", str(exported / "report.html"), "--force"),
        ("routines", "export", "short", "-o", str(exported / "short.toml"), "--force"),
        ("insights", "--json"),
        ("streak",),
        ("history", "import", str(exported / "all.json")),
    ]
    for output in ("all.json", "all.csv", "report.md", "report.html", "short.toml"):
        world_readable(exported / output, "an older file, world-readable")
    for command in commands:
        code, _, err = cli(*command)
        assert code in (0, 1) and "Traceback" not in err, (command, err)
        assert too_open(home) == [], command
    assert list((home / "history").glob("2027.corrupt-*"))
    assert [p.name for p in exported.iterdir() if stat.S_IMODE(p.stat().st_mode) != 0o600] == []
