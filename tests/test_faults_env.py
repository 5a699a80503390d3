"""Fault injection: the environment. Any TZ works or falls back to UTC with one message; the
sleep question states real minutes under LOWBACK_TIME_SCALE."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path

import pytest
from helpers import FIXED_TODAY, FIXED_WALL, advance, screen_text, wait_for, wait_for_screen
from hypothesis import given
from hypothesis import strategies as st

from lowback_tui.core.clock import FakeClock
from lowback_tui.core.zone import resolve_zone, system_zone
from lowback_tui.ui.app import build_app
from lowback_tui.ui.screens.dialogs import ConfirmDialog
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.timer import TimerScreen

#: TZ values that name a zone, and the zone they name (None: the system's own).
GOOD = {
    "Europe/Paris": "Europe/Paris",
    ":Europe/Paris": "Europe/Paris",
    "/usr/share/zoneinfo/Asia/Tokyo": "Asia/Tokyo",
    ":/usr/share/zoneinfo/America/New_York": "America/New_York",
    ":/etc/localtime": None,
    "/etc/localtime": None,
    "UTC": "UTC",
}
#: TZ values lowback cannot use: UTC, with a message.
BAD = ["", ":", "Mars/Olympus", "UTC+3", "<+0330>-3:30", "../../etc/passwd", "/nonexistent",
       "\x1b[31mred"]  # fmt: skip


@pytest.mark.parametrize("value", list(GOOD))
def test_every_tz_value_that_names_a_zone_is_used(value: str) -> None:
    zone = resolve_zone({"TZ": value})
    assert zone.message is None
    assert zone.name == (GOOD[value] or system_zone())


@pytest.mark.parametrize("value", BAD)
def test_every_tz_value_resolves_or_falls_back_to_utc_with_a_message(value: str) -> None:
    zone = resolve_zone({"TZ": value})
    assert zone.name == "UTC"
    assert zone.message is not None and "using UTC" in zone.message
    assert resolve_zone({}).name == system_zone() or resolve_zone({}).message


@given(st.text(max_size=60))
def test_any_tz_text_gives_a_zone_lowback_can_use(value: str) -> None:
    zone = resolve_zone({"TZ": value})  # never raises
    zoneinfo.ZoneInfo(zone.name)  # a zone lowback can place days in
    assert zone.message is None or zone.name == "UTC"  # a message only with the fallback


def lowback(home: Path, tz: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TZ"}
    env["LOWBACK_HOME"] = str(home)
    if tz is not None:
        env["TZ"] = tz
    return subprocess.run(
        [sys.executable, "-m", "lowback_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize("tz", [None, ":/etc/localtime", "Mars/Olympus", "", "UTC+3"])
def test_the_commands_work_under_any_tz(tmp_path: Path, tz: str | None) -> None:
    (tmp_path / "history.json").write_text(
        '{"meta": {"1": {"schema": 1}}, "sessions": {"1": {"id": "a", "routine_id": "r", '
        '"routine_name": "R", "started_at": "2026-05-31T23:30:00-05:00", "status": "completed",'
        ' "active_seconds": 60.0}}}'
    )
    for command in (["streak"], ["history"]):
        result = lowback(tmp_path, tz, *command)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        said = result.stderr.count("using UTC")
        assert said == (1 if tz in ("Mars/Olympus", "", "UTC+3") else 0), result.stderr


async def test_the_app_says_once_that_it_uses_utc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Mars/Olympus")
    try:
        app = build_app(home=tmp_path, clock=FakeClock(wall=FIXED_WALL), today=FIXED_TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, app.history_ready.is_set, "history loaded")
            said = [n.message for n in app._notifications if "using UTC" in n.message]
            assert said == [
                "TZ='Mars/Olympus' is not a time zone lowback knows (expected a name like "
                "Europe/Paris); using UTC."
            ]
            assert app.tz == "UTC"
    finally:
        monkeypatch.undo()
        time.tzset()  # the C library's zone back to what the environment says


PLANK = """name = "Plank test"
prepare = "5s"
[[step]]
name = "Plank"
kind = "hold"
hold = "60s+"
"""


@pytest.mark.parametrize("scale", [1.0, 60.0])
async def test_the_sleep_question_states_real_minutes_under_a_time_scale(
    tmp_path: Path, scale: float
) -> None:
    (tmp_path / "routines").mkdir()
    (tmp_path / "routines" / "plank-test.toml").write_text(PLANK)
    (tmp_path / "settings.toml").write_text(
        "pain_checkin = false\nsafety_acknowledged = 2026-05-01\n"
    )
    clock = FakeClock(wall=FIXED_WALL)
    app = build_app(home=tmp_path, clock=clock, tz="UTC", today=FIXED_TODAY, sync_writes=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        ids = [entry.id for entry in picker.entries]
        picker.query_one("#routines").highlighted = ids.index("plank-test")
        await pilot.press("enter")
        await wait_for_screen(pilot, TimerScreen)
        await advance(pilot, clock, 5 + 30)
        clock.scale = scale  # from here, each real second is `scale` clock seconds
        clock.jump_wall(3600.0)  # the laptop slept for a real hour
        await advance(pilot, clock, 0)
        await wait_for_screen(pilot, ConfirmDialog)
        assert "slept for about 60 min during this hold" in screen_text(app)
