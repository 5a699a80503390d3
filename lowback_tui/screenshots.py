"""Reproducible screenshots of every main screen: `python -m lowback_tui.screenshots [DIR]`.

Each scene runs the real app on a fixed clock over a throw-away LOWBACK_HOME seeded with a
few weeks of made-up history, so the SVGs only change when the UI does. The snapshot tests
drive the same scenes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot

from lowback_tui.core.clock import FakeClock, iso_from_wall
from lowback_tui.core.records import COMPLETED, DONE, HoldRecord, SessionRecord
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.app import LowbackApp, build_app

#: Monday 2026-06-01, 07:30 UTC.
SCENE_WALL = 1_780_299_000.0
SCENE_TODAY = dt.date(2026, 6, 1)
SIZE = (100, 30)

Steps = Callable[[Pilot, FakeClock], Awaitable[None]]


def seed_history(home: Path) -> None:
    """Five weeks of sessions, most days done, so streaks and the heatmap have something."""
    repository = HistoryRepository(home, sync=True)
    repository.open()
    day_seconds = 86_400
    for days_ago in range(34, 0, -1):
        if days_ago % 5 == 3 or days_ago in (20, 21):
            continue  # missed days, so the heatmap is not a solid block
        start = SCENE_WALL - days_ago * day_seconds + 3_600 * (days_ago % 3)
        routine_id, name = [
            ("floor-five", "Floor five"),
            ("static-back", "Static back"),
            ("pelvis-loosening", "Pelvis loosening"),
        ][days_ago % 3]
        holds = tuple(
            HoldRecord(
                i,
                1,
                "Knee to chest",
                "stretch",
                "left",
                i + 1,
                5,
                "8-10s",
                8,
                10,
                None,
                9.0 + (i % 2),
                None,
                DONE,
                iso_from_wall(start + 20 * i, "UTC"),
            )
            for i in range(5)
        )
        record = SessionRecord(
            id=f"seed{days_ago}",
            routine_id=routine_id,
            routine_name=name,
            started_at=iso_from_wall(start, "UTC"),
            status=COMPLETED,
            ended_at=iso_from_wall(start + 540, "UTC"),
            active_seconds=540.0,
            holds=holds,
            planned_holds=5,
            pain_before=4 + days_ago % 3,
            pain_after=2 + days_ago % 2,
        )
        repository.start_session(record)
    repository.close()


def scene_app(home: Path, *, history: bool = True) -> tuple[LowbackApp, FakeClock]:
    """The real app over `home` on a fixed clock (with seeded history unless told not to)."""
    if history:
        seed_history(home)
    (home / "settings.toml").write_text("pain_checkin = true\nmute = true\nweekly_goal = 4\n")
    clock = FakeClock(wall=SCENE_WALL)
    app = build_app(home=home, clock=clock, tz="UTC", today=SCENE_TODAY, sync_writes=True)
    return app, clock


async def settle(pilot: Pilot) -> None:
    """Let the app finish loading history and drawing."""
    for _ in range(200):
        if pilot.app.history_ready.is_set():
            break
        await pilot.pause()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def _highlight(pilot: Pilot, routine_id: str) -> None:
    picker = pilot.app.screen
    ids = [entry.id for entry in picker.entries]
    picker.query_one("#routines").highlighted = ids.index(routine_id)
    await pilot.pause()


async def _start(pilot: Pilot, clock: FakeClock, routine_id: str, seconds: float) -> None:
    from lowback_tui.ui.screens.timer import TimerScreen

    await settle(pilot)
    await _highlight(pilot, routine_id)
    await pilot.press("enter", "4", "enter")
    for _ in range(100):
        if isinstance(pilot.app.screen, TimerScreen):
            break
        await pilot.pause()
    clock.advance(seconds)
    pilot.app.screen.sync()
    await pilot.pause()


async def picker(pilot: Pilot, clock: FakeClock) -> None:
    await settle(pilot)
    await _highlight(pilot, "floor-five")


async def get_ready(pilot: Pilot, clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 2.4)


async def timer(pilot: Pilot, clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 5 + 8.6)


async def relax(pilot: Pilot, clock: FakeClock) -> None:
    await _start(pilot, clock, "static-back", 15 + 7 * 60 + 12.5)


async def help_screen(pilot: Pilot, clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 5 + 3)
    await pilot.press("question_mark")
    await pilot.pause()


async def summary(pilot: Pilot, clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 100_000)
    await pilot.press("2", "enter")
    for _ in range(100):
        if type(pilot.app.screen).__name__ == "SummaryScreen":
            break
        await pilot.pause()
    await pilot.pause()


async def editor(pilot: Pilot, clock: FakeClock) -> None:
    """A duplicate of Floor five in the editor, on its second step."""
    await settle(pilot)
    await _highlight(pilot, "floor-five")
    await pilot.press("d")
    for _ in range(100):
        if type(pilot.app.screen).__name__ == "EditorScreen":
            break
        await pilot.pause()
    await pilot.press("down")
    await pilot.pause()


async def history(pilot: Pilot, clock: FakeClock) -> None:
    await settle(pilot)
    await pilot.press("h")
    await pilot.pause()
    await pilot.pause()


def core_strength_session(days_ago: int) -> SessionRecord:
    """A Core strength session: a plank test and push-ups that slowly get better."""
    start = SCENE_WALL - days_ago * 86_400 - 7_200
    plank_seconds = 35.0 + (40 - days_ago) * 0.9 + (days_ago % 4) * 2.5
    push_ups = 12 + (40 - days_ago) // 4
    holds = (
        HoldRecord(0, 1, "Plank test", "hold", None, 1, 1, "30s+", 30, 30, None,
                   plank_seconds, None, DONE, iso_from_wall(start + 60, "UTC")),
        HoldRecord(1, 2, "Push-ups", "reps", None, 1, 1, "20 reps", None, None, 20,
                   None, push_ups, DONE, iso_from_wall(start + 120, "UTC")),
    )  # fmt: skip
    return SessionRecord(
        id=f"core{days_ago}",
        routine_id="core-strength",
        routine_name="Core strength",
        started_at=iso_from_wall(start, "UTC"),
        status=COMPLETED,
        ended_at=iso_from_wall(start + 600, "UTC"),
        active_seconds=600.0,
        holds=holds,
        planned_holds=2,
        pain_before=3 + days_ago % 3,
        pain_after=2 + days_ago % 2,
    )


async def trends(pilot: Pilot, clock: FakeClock) -> None:
    """The trends screen's open holds, over history with plank tests and push-ups."""
    await settle(pilot)
    repository = pilot.app.repository  # type: ignore[attr-defined]
    for days_ago in range(40, 0, -2):
        repository.start_session(core_strength_session(days_ago))
    await pilot.press("h")
    for _ in range(100):
        if type(pilot.app.screen).__name__ == "HistoryScreen":
            break
        await pilot.pause()
    await pilot.press("t")
    for _ in range(400):
        screen = pilot.app.screen
        if getattr(screen, "trends", None) is not None:
            break
        await pilot.pause(0.01)
    await pilot.press("2")
    await pilot.pause()
    await pilot.pause()


@dataclass(frozen=True)
class Scene:
    name: str
    steps: Steps


SCENES = (
    Scene("picker", picker),
    Scene("get-ready", get_ready),
    Scene("timer", timer),
    Scene("timer-relax", relax),
    Scene("help", help_screen),
    Scene("summary", summary),
    Scene("history", history),
    Scene("editor", editor),
    Scene("trends", trends),
)


async def shoot(scene: Scene, out_dir: Path) -> Path:
    """Run one scene and save its SVG."""
    with tempfile.TemporaryDirectory(prefix="lowback-shot-") as home:
        app, clock = scene_app(Path(home))
        async with app.run_test(size=SIZE) as pilot:
            await scene.steps(pilot, clock)
            path = out_dir / f"{scene.name}.svg"
            app.save_screenshot(filename=path.name, path=str(out_dir))
            await pilot.press("ctrl+q")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0] if args else "screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    for scene in SCENES:
        path = asyncio.run(shoot(scene, out_dir))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
