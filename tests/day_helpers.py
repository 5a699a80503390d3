"""Shared by the tests of `lowback today`, `remind` and the picker's plan line: a pinned
clock, sessions of a fixed day, and fake programs on PATH."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from lowback_tui.cli import today as today_cli
from lowback_tui.core.clock import iso_from_wall
from lowback_tui.core.records import COMPLETED, DONE, HoldRecord, SessionRecord
from lowback_tui.store.repository import HistoryRepository

#: The day the tests live on (a Monday), in UTC.
DAY = dt.date(2026, 6, 1)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def pin_clock(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    """Every day command reads `moment` as now (in UTC: TZ is set to it)."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setattr(today_cli, "clock", lambda tz: moment.astimezone(dt.UTC))


def static_back(start: dt.datetime, minutes: float = 20, **fields: object) -> SessionRecord:
    """A completed Static back session (one relax hold) starting at `start`."""
    wall = start.timestamp()
    hold = HoldRecord(
        0, 1, "Static back", "relax", None, 1, 1, "20m", 1200, 1200, None, minutes * 60, None,
        DONE, iso_from_wall(wall + minutes * 60, "UTC"),
    )  # fmt: skip
    values: dict[str, object] = {
        "id": f"sb-{start:%Y%m%d%H%M}",
        "routine_id": "static-back",
        "routine_name": "Static back",
        "started_at": iso_from_wall(wall, "UTC"),
        "status": COMPLETED,
        "ended_at": iso_from_wall(wall + minutes * 60, "UTC"),
        "active_seconds": minutes * 60,
        "holds": (hold,),
        "planned_holds": 1,
    }
    values.update(fields)
    return SessionRecord(**values)  # type: ignore[arg-type]


def core_strength(start: dt.datetime, count: int = 20, **fields: object) -> SessionRecord:
    """A completed Core strength session with its push-ups done."""
    wall = start.timestamp()
    hold = HoldRecord(
        2, 3, "Push-ups", "reps", None, 1, 1, "20 reps", None, None, 20, None, count, DONE,
        iso_from_wall(wall + 60, "UTC"),
    )  # fmt: skip
    values: dict[str, object] = {
        "id": f"cs-{start:%Y%m%d%H%M}",
        "routine_id": "core-strength",
        "routine_name": "Core strength",
        "started_at": iso_from_wall(wall, "UTC"),
        "status": COMPLETED,
        "ended_at": iso_from_wall(wall + 600, "UTC"),
        "active_seconds": 600.0,
        "holds": (hold,),
        "planned_holds": 11,
        "pain_before": 3,
        "pain_after": 3,
    }
    values.update(fields)
    return SessionRecord(**values)  # type: ignore[arg-type]


def seed(home: Path, *records: SessionRecord, rest_days: tuple[dt.date, ...] = ()) -> None:
    repository = HistoryRepository(home, sync=True)
    repository.open()
    for record in records:
        repository.start_session(record)
    for day in rest_days:
        repository.toggle_rest_day(day)
    repository.close()


def fake_program(folder: Path, name: str, script: str) -> Path:
    """An executable shell script `name` in `folder` (which the test puts on PATH)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def only_on_path(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """PATH holds `folder` and the shell's own tools, none of the schedulers or notifiers
    the machine may have (so the test decides which exist)."""
    folder.mkdir(parents=True, exist_ok=True)
    tools = folder.parent / "tools"
    tools.mkdir(exist_ok=True)
    for name in ("sh", "cat", "printf"):
        link = tools / name
        if not link.exists():
            for directory in ("/usr/bin", "/bin"):
                if os.path.exists(f"{directory}/{name}"):
                    link.symlink_to(f"{directory}/{name}")
                    break
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{tools}")
