"""Shared helpers for the app tests: build the app on a fake clock, poll instead of sleeping."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from lowback_tui.base.paths import ensure_home
from lowback_tui.core.clock import FakeClock
from lowback_tui.ui.app import LowbackApp, build_app
from lowback_tui.ui.screens.timer import TimerScreen

#: 2026-06-01 10:00 UTC: a fixed moment, so dates in words and streaks are reproducible.
FIXED_WALL = 1_780_308_000.0
FIXED_TODAY = dt.date(2026, 6, 1)
#: Real seconds a wait may take before the test fails (it normally takes well under one).
PATIENCE = 30.0


def make_app(
    home: Path, *, pain_checkin: bool = True, safety_read: bool = True, **kwargs
) -> tuple[LowbackApp, FakeClock]:
    """The real app over `home` with a fake clock and synchronous history writes.

    `safety_read`: the one-time safety notice was acknowledged before (most tests are not
    about it; tests/test_safety.py is)."""
    if not pain_checkin:
        (home / "settings.toml").write_text("pain_checkin = false\n")
    if safety_read:
        acknowledge_safety(home)
    clock = FakeClock(wall=FIXED_WALL)
    app = build_app(home=home, clock=clock, tz="UTC", today=FIXED_TODAY, sync_writes=True, **kwargs)
    app.bells = 0  # type: ignore[attr-defined]

    def bell() -> None:  # bell() is silent headless: count the cues instead
        app.bells += 1  # type: ignore[attr-defined]

    app.bell = bell  # type: ignore[method-assign]
    return app, clock


def acknowledge_safety(home: Path) -> None:
    """Write `safety_acknowledged` into settings.toml, keeping what the file already says."""
    ensure_home(home)
    settings = home / "settings.toml"
    text = settings.read_text() if settings.exists() else ""
    if "safety_acknowledged" not in text:
        with contextlib.suppress(OSError):  # a full or read-only disk (its tests say so)
            # First: a key after a [table] header would belong to that table.
            settings.write_text("safety_acknowledged = 2026-05-01\n" + text)


async def wait_for(pilot: Pilot, condition: Callable[[], object], what: str = "") -> None:
    """Let the app run until `condition()` holds, for up to PATIENCE real seconds.

    After the first turns it yields a few milliseconds each time, so work in a thread (loading
    history, counting streaks) can finish. The bound is a deadline, not a number of turns: on a
    busy 2-core machine each turn is slower, and the condition usually holds within a second.
    """
    give_up = time.monotonic() + PATIENCE
    turn = 0
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"timed out after {PATIENCE:.0f} s: {what or condition}")
        await pilot.pause(None if turn < 400 else 0.005)
        turn += 1


def burst(app: LowbackApp, *keys: str) -> None:
    """Keys arriving in one read, as from a paste, a slow link or `tmux send-keys`: the driver
    hands them all to the app at once (Pilot.press lets each finish before the next)."""
    for key in keys:
        character = key if len(key) == 1 else "\r" if key == "enter" else None
        app.post_message(events.Key(key, character))


async def wait_for_screen(pilot: Pilot, screen_type: type) -> None:
    """Wait until a screen of this type is on top and has its widgets mounted."""
    await wait_for(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, screen_type)
            and pilot.app.screen.is_mounted
            and bool(pilot.app.screen.children)
        ),
        f"screen {screen_type.__name__}",
    )
    await pilot.pause()


async def advance(pilot: Pilot, clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass on the fake clock and let the timer screen catch up."""
    clock.advance(seconds)
    for screen in pilot.app.screen_stack:
        if isinstance(screen, TimerScreen):
            screen.sync()
    await pilot.pause()


def history_on_disk(home: Path) -> list[dict]:
    """The sessions in the year files of history/ as plain dicts (what a user would find)."""
    sessions: list[dict] = []
    for path in sorted((home / "history").glob("[0-9][0-9][0-9][0-9].json")):
        sessions += json.loads(path.read_text())["sessions"].values()
    return sessions


def screen_text(app: LowbackApp) -> str:
    """All the text the active screen's widgets show, for "the user sees X" assertions."""
    from rich.console import Console, RenderableType
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query(Static):
        content: RenderableType = widget.render()  # type: ignore[assignment]
        content = getattr(content, "_renderable", content)  # unwrap Textual's RichVisual
        if hasattr(content, "plain"):
            parts.append(content.plain)
        elif hasattr(content, "__rich_console__"):  # a Table, say: render it as the user sees it
            console = Console(width=120, file=io.StringIO(), record=True, color_system=None)
            console.print(content)
            parts.append(console.export_text())
        else:
            parts.append(str(content))
    return "\n".join(parts)


def preview_text(picker: Screen[object]) -> str:
    """The picker's preview pane as a user reads it, unwrapped (printed as wide as any path)."""
    import io

    from rich.console import Console
    from textual.widgets import Static

    content = picker.query_one("#preview", Static).render()
    console = Console(width=1000, file=io.StringIO(), record=True, color_system=None)
    console.print(getattr(content, "_renderable", content))  # unwrap Textual's RichVisual
    return console.export_text()
