"""Reproducible screenshots of every main screen: `python -m devkit.screenshots [DIR]`.

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
from lowback_tui.core.records import COMPLETED, DONE, HURT, HoldRecord, SessionRecord
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.app import LowbackApp, build_app

#: Monday 2026-06-01, 07:30 UTC.
SCENE_WALL = 1_780_299_000.0
SCENE_TODAY = dt.date(2026, 6, 1)
SIZE = (100, 30)

Steps = Callable[[Pilot[None], FakeClock], Awaitable[None]]


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


def scene_app(
    home: Path,
    *,
    history: bool = True,
    seed: Callable[[Path], None] | None = None,
    acknowledged: bool = True,
) -> tuple[LowbackApp, FakeClock]:
    """The real app over `home` on a fixed clock (with seeded history unless told not to);
    `acknowledged`: the one-time safety notice was read before (every scene but its own)."""
    if history:
        (seed or seed_history)(home)
    (home / "settings.toml").write_text(
        "pain_checkin = true\nmute = true\nweekly_goal = 4\n"
        + ("safety_acknowledged = 2026-05-01\n" if acknowledged else "")
    )
    clock = FakeClock(wall=SCENE_WALL)
    app = build_app(home=home, clock=clock, tz="UTC", today=SCENE_TODAY, sync_writes=True)
    return app, clock


async def settle(pilot: Pilot[None]) -> None:
    """Let the app finish loading history and drawing."""
    for _ in range(200):
        app = pilot.app
        if isinstance(app, LowbackApp) and app.history_ready.is_set():
            break
        await pilot.pause()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def _highlight(pilot: Pilot[None], routine_id: str) -> None:
    from textual.widgets import OptionList

    from lowback_tui.ui.screens.picker import PickerScreen

    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    ids = [entry.id for entry in picker.entries]
    picker.query_one("#routines", OptionList).highlighted = ids.index(routine_id)
    await pilot.pause()


async def _start(pilot: Pilot[None], clock: FakeClock, routine_id: str, seconds: float) -> None:
    from lowback_tui.ui.screens.timer import TimerScreen

    await settle(pilot)
    await _highlight(pilot, routine_id)
    await pilot.press("enter", "4", "enter")
    for _ in range(100):
        if isinstance(pilot.app.screen, TimerScreen):
            break
        await pilot.pause()
    clock.advance(seconds)
    timer = pilot.app.screen
    assert isinstance(timer, TimerScreen)
    timer.sync()
    await pilot.pause()


async def picker(pilot: Pilot[None], clock: FakeClock) -> None:
    await settle(pilot)
    await _highlight(pilot, "floor-five")


async def get_ready(pilot: Pilot[None], clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 2.4)


async def timer(pilot: Pilot[None], clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 5 + 8.6)


async def paused(pilot: Pilot[None], clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 5 + 3.4)
    await pilot.press("space")
    await pilot.pause()


async def rest(pilot: Pilot[None], clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 5 + 10 + 1.2)


async def settings(pilot: Pilot[None], clock: FakeClock) -> None:
    await settle(pilot)
    await pilot.press("s")
    for _ in range(100):
        if type(pilot.app.screen).__name__ == "SettingsScreen":
            break
        await pilot.pause()
    await pilot.pause()


async def relax(pilot: Pilot[None], clock: FakeClock) -> None:
    await _start(pilot, clock, "static-back", 15 + 7 * 60 + 12.5)


async def help_screen(pilot: Pilot[None], clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 5 + 3)
    await pilot.press("question_mark")
    await pilot.pause()


async def summary(pilot: Pilot[None], clock: FakeClock) -> None:
    await _start(pilot, clock, "floor-five", 100_000)
    await pilot.press("2", "enter")
    for _ in range(100):
        if type(pilot.app.screen).__name__ == "SummaryScreen":
            break
        await pilot.pause()
    await pilot.pause()


async def editor(pilot: Pilot[None], clock: FakeClock) -> None:
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


async def history(pilot: Pilot[None], clock: FakeClock) -> None:
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
        status=HURT if days_ago == 12 else COMPLETED,
        ended_at=iso_from_wall(start + 600, "UTC"),
        active_seconds=600.0,
        holds=holds,
        planned_holds=2,
        pain_before=3 + days_ago % 3,
        pain_after=2 + days_ago % 2,
        hurt_step="Push-ups" if days_ago == 12 else None,
        hurt_level=5 if days_ago == 12 else None,
        note="Plank felt steady; left hip a bit tight." if days_ago == 20 else "",
    )


def seed_progress(home: Path) -> None:
    """The scenes' history plus Core strength sessions: what the trends and report show."""
    seed_history(home)
    repository = HistoryRepository(home, sync=True)
    repository.open()
    for days_ago in range(40, 0, -2):
        repository.start_session(core_strength_session(days_ago))
    repository.toggle_rest_day(SCENE_TODAY - dt.timedelta(days=20))
    repository.close()


def report_page(out_dir: Path) -> Path | None:
    """screenshots/report.png: the report's first page as Chromium prints it (60 dpi)."""
    import shutil
    import subprocess

    from lowback_tui.core.report import build_report
    from lowback_tui.core.report_html import report_html
    from lowback_tui.services.history_source import since

    chromium, pdftoppm = shutil.which("chromium"), shutil.which("pdftoppm")
    if chromium is None or pdftoppm is None:
        print("report.png skipped: it needs chromium and pdftoppm (poppler-utils)")
        return None
    with tempfile.TemporaryDirectory(prefix="lowback-report-") as temp:
        home = Path(temp) / "home"
        home.mkdir()
        seed_progress(home)
        repository = HistoryRepository(home, sync=True, read_only=True)
        repository.open()
        sessions, rest_days = repository.sessions(), repository.rest_days()
        repository.close()
        first_day = SCENE_TODAY - dt.timedelta(days=27)
        report = build_report(
            list(since(sessions, first_day, "UTC")),
            sessions,
            rest_days,
            first_day=first_day,
            today=SCENE_TODAY,
            tz="UTC",
            weekly_goal=4,
            generated=dt.datetime.fromtimestamp(SCENE_WALL, dt.UTC),
        )
        html, pdf = Path(temp) / "report.html", Path(temp) / "report.pdf"
        html.write_text(report_html(report), encoding="utf-8")
        flags = "--headless --no-sandbox --disable-gpu --disable-background-networking "
        flags += "--disable-component-update --disable-sync --no-first-run --no-pdf-header-footer"
        subprocess.run(
            [chromium, *flags.split(), f"--user-data-dir={Path(temp) / 'profile'}",
             f"--print-to-pdf={pdf}", html.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        target = out_dir / "report"
        subprocess.run(
            [pdftoppm, "-png", "-r", "60", "-singlefile", str(pdf), str(target)], check=True
        )
    return target.with_suffix(".png")


async def trends(pilot: Pilot[None], clock: FakeClock) -> None:
    """The trends screen's open holds, over history with plank tests and push-ups."""
    await settle(pilot)
    await pilot.press("h")
    for _ in range(100):
        if type(pilot.app.screen).__name__ == "HistoryScreen":
            break
        await pilot.pause()
    await pilot.press("t")
    for _ in range(400):
        trends = getattr(pilot.app.screen, "trends", None)
        if trends is not None and trends.steps_counted:  # the holds are read after the rest
            break
        await pilot.pause(0.01)
    await pilot.press("2")
    await pilot.pause()
    await pilot.pause()


@dataclass(frozen=True)
class Scene:
    name: str
    steps: Steps
    seed: Callable[[Path], None] = seed_history


SCENES = (
    Scene("picker", picker),
    Scene("get-ready", get_ready),
    Scene("timer", timer),
    Scene("timer-paused", paused),
    Scene("timer-rest", rest),
    Scene("timer-relax", relax),
    Scene("help", help_screen),
    Scene("summary", summary),
    Scene("settings", settings),
    Scene("history", history),
    Scene("editor", editor),
    Scene("trends", trends, seed_progress),
)


async def shoot(scene: Scene, out_dir: Path) -> Path:
    """Run one scene and save its SVG."""
    with tempfile.TemporaryDirectory(prefix="lowback-shot-") as home:
        app, clock = scene_app(Path(home), seed=scene.seed)
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
    page = report_page(out_dir)
    if page is not None:
        print(f"wrote {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
