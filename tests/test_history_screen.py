"""Pilot and snapshot tests of the history screen: streaks, week, heatmap, sessions, details."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from helpers import acknowledge_safety, burst, screen_text, wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from devkit.seed import write_history
from lowback_tui.core.clock import FakeClock
from lowback_tui.core.records import (
    COMPLETED,
    DONE,
    HURT,
    RELEASED_EARLY,
    SKIPPED,
    HoldRecord,
    SessionRecord,
)
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.app import LowbackApp, build_app
from lowback_tui.ui.screens import history as history_module
from lowback_tui.ui.screens.dialogs import HelpScreen
from lowback_tui.ui.screens.history import HistoryScreen, SessionDetail
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.widgets.heatmap import CELL_WIDTH, LABEL_WIDTH, Heatmap

TZ = "Europe/Berlin"
TODAY = dt.date(2026, 4, 2)  # a Thursday, four days after the spring DST change
MARKUP_NAME = "Morning [bold]back[/] care"


def hold(index: int, step: int, name: str, **changes: object) -> HoldRecord:
    values: dict[str, object] = dict(
        index=index,
        step_number=step,
        step_name=name,
        kind="stretch",
        side=None,
        rep=1,
        reps=1,
        planned="8-10s",
        planned_min_seconds=8.0,
        planned_max_seconds=10.0,
        target_count=None,
        held_seconds=9.25,
        count_done=None,
        outcome=DONE,
        finished_at="2026-04-02T08:05:00+02:00",
    )
    values.update(changes)
    return HoldRecord(**values)  # type: ignore[arg-type]


TODAYS_HOLDS = (
    hold(0, 1, "Pelvic tilt", rep=1, reps=2),
    hold(1, 1, "Pelvic tilt", rep=2, reps=2, held_seconds=8.5, outcome=RELEASED_EARLY),
    hold(2, 2, "Knee to chest", side="left"),
    hold(3, 2, "Knee to chest", side="right", held_seconds=0.0, outcome=SKIPPED),
    hold(
        4,
        3,
        "Push-ups",
        kind="reps",
        planned="20 reps",
        planned_min_seconds=None,
        planned_max_seconds=None,
        target_count=20,
        held_seconds=None,
        count_done=18,
    ),
)


def add_session(
    repository: HistoryRepository,
    session_id: str,
    started_at: str,
    *,
    name: str = "Floor five",
    status: str = COMPLETED,
    holds: tuple[HoldRecord, ...] = (),
    pain: tuple[int | None, ...] = (None, None),
) -> None:
    """Write a session the way the app does: start, each hold, finish."""
    repository.start_session(
        SessionRecord(
            id=session_id,
            routine_id="floor-five",
            routine_name=name,
            started_at=started_at,
            planned_holds=max(len(holds), 5),
            pain_before=pain[0],
        )
    )
    for number, record in enumerate(holds, start=1):
        repository.record_hold(session_id, record, active_seconds=30.0 * number)
    repository.finish_session(
        session_id,
        status=status,
        ended_at=started_at,
        active_seconds=545.0,
        pain_after=pain[1],
        hurt_step="Knee to chest" if status == HURT else None,
        hurt_level=6 if status == HURT else None,
    )


def seed(home: Path) -> None:
    """Twelve sessions: a 5-day run in February, a current run of 4 bridged by a rest day."""
    repository = HistoryRepository(home, sync=True)
    repository.open()
    for day in range(2, 7):
        add_session(repository, f"feb-{day}", f"2026-02-0{day}T07:00:00+01:00")
    add_session(
        repository,
        "hurt",
        "2026-03-25T07:00:00+01:00",
        name="Core strength",
        status=HURT,
        holds=TODAYS_HOLDS[:3],
    )
    add_session(repository, "mar-27", "2026-03-27T07:00:00+01:00")
    add_session(repository, "mar-29-early", "2026-03-28T23:30:00+00:00")  # 00:30 in Berlin
    add_session(repository, "mar-29", "2026-03-29T01:30:00+01:00")  # before the clocks jump
    add_session(repository, "mar-30", "2026-03-30T07:00:00+02:00")
    repository.toggle_rest_day(dt.date(2026, 3, 31))
    add_session(repository, "apr-1", "2026-04-01T07:30:00+02:00")
    add_session(
        repository,
        "apr-2",
        "2026-04-02T08:00:00+02:00",
        name=MARKUP_NAME,
        holds=TODAYS_HOLDS,
        pain=(5, 3),
    )
    repository.close()
    (home / "settings.toml").write_text(
        "weekly_goal = 4\nsafety_acknowledged = 2026-05-01\n", encoding="utf-8"
    )


def make_app(home: Path, today: dt.date = TODAY) -> LowbackApp:
    acknowledge_safety(home)  # the one-time notice is tests/test_coaching_app.py's subject
    evening = pendulum.datetime(today.year, today.month, today.day, 18, tz=TZ)
    return build_app(
        home=home, clock=FakeClock(wall=evening.timestamp()), tz=TZ, today=today, sync_writes=True
    )


async def until(pilot: Pilot, condition: Callable[[], object], what: str) -> None:
    """Let the app run until `condition()` holds; a bounded wait instead of a hang."""
    await wait_for(pilot, condition, what)


async def open_history(pilot: Pilot) -> HistoryScreen:
    """Wait for history.json, press h, wait until the streaks are counted."""
    app = pilot.app
    assert isinstance(app, LowbackApp)
    await until(pilot, app.history_ready.is_set, "history.json to load")
    await pilot.press("h")
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    await until(pilot, lambda: screen.summary is not None, "the streaks")
    return screen


def panel(screen: HistoryScreen) -> str:
    return str(screen.query_one("#history-figures", Static).render())


def heatmap_glyph(screen: HistoryScreen, day: dt.date) -> str:
    """The character the heatmap shows for `day`."""
    heatmap = screen.query_one(Heatmap)
    lines = heatmap.render().plain.split("\n")
    week = [d for d, _ in heatmap.days].index(day) // 7
    return lines[1 + day.weekday()][LABEL_WIDTH + week * CELL_WIDTH]


async def test_streaks_week_and_sessions_as_the_user_sees_them(tmp_path: Path) -> None:
    seed(tmp_path)
    async with make_app(tmp_path).run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        text = panel(screen)
        assert "Current streak  4 days" in text  # Apr 2, Apr 1, (rest Mar 31), Mar 30, Mar 29
        assert "Longest streak  5 days" in text
        assert "This week       3 of 4 days" in text  # the goal comes from settings.toml
        assert "Today           done ✓" in text
        table = screen.query_one(DataTable)
        assert table.row_count == 12
        newest = [cell.plain for cell in table.get_row_at(0)]
        assert newest == ["10 hours ago", MARKUP_NAME, "9:05", "3/5 holds", "5 → 3", "completed"]
        assert [cell.plain for cell in table.get_row_at(1)][1:] == [
            "Floor five",
            "9:05",
            "0/5 holds",
            "–",
            "completed",
        ]
        assert "12 sessions" in str(screen.query_one("#history-count", Static).render())


async def test_heatmap_counts_local_days_and_marks_rest_days(tmp_path: Path) -> None:
    seed(tmp_path)
    async with make_app(tmp_path).run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        counts = dict(screen.query_one(Heatmap).days)
        assert len(counts) == 12 * 7
        assert counts[dt.date(2026, 3, 29)] == 2  # one stored in UTC, one before the DST jump
        assert counts[dt.date(2026, 3, 28)] == 0
        assert counts[dt.date(2026, 3, 25)] == 0  # it hurt: not a completed session
        assert heatmap_glyph(screen, TODAY) == "▪"  # one session: the smallest square
        assert heatmap_glyph(screen, dt.date(2026, 3, 29)) == "■"  # two: a bigger one
        assert heatmap_glyph(screen, dt.date(2026, 3, 31)) == "○"
        assert heatmap_glyph(screen, dt.date(2026, 3, 28)) == "·"
        assert heatmap_glyph(screen, dt.date(2026, 4, 3)) == " "  # tomorrow is not drawn yet


async def test_rest_day_key_marks_today_at_once_and_saves_it(tmp_path: Path) -> None:
    seed(tmp_path)
    friday = dt.date(2026, 4, 3)  # nothing done yet today: the run is still 4 days
    app = make_app(tmp_path, today=friday)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        assert "Today           not yet" in panel(screen)
        counted = screen.summary
        await pilot.press("r")
        assert "Today           rest day" in panel(screen)  # before any recount arrives
        assert heatmap_glyph(screen, friday) == "○"
        await until(pilot, lambda: screen.summary is not counted, "the recount in its thread")
        assert "Current streak  4 days" in panel(screen)
        app.repository.flush()
        year_file = tmp_path / "history" / "2026.json"
        on_disk = json.loads(year_file.read_text(encoding="utf-8"))
        assert {"day": "2026-04-03"} in on_disk["rest_days"].values()
        await pilot.press("r")
        assert "Today           not yet" in panel(screen)
        app.repository.flush()
        on_disk = json.loads(year_file.read_text(encoding="utf-8"))
        assert {"day": "2026-04-03"} not in on_disk["rest_days"].values()


async def test_enter_shows_each_hold_of_the_highlighted_session(tmp_path: Path) -> None:
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, SessionDetail)
        heading = str(detail.query_one("#detail-heading", Static).render())
        assert heading.startswith(MARKUP_NAME)
        assert "Thursday 2 April 2026, 08:00 · completed · 9:05 active · pain 5 → 3" in heading
        rows = [
            [cell.plain for cell in row]
            for row in map(detail.query_one(DataTable).get_row_at, range(5))
        ]
        assert rows == [
            ["1. Pelvic tilt", "–", "1/2", "8-10s", "9.2s", "done"],
            ["1. Pelvic tilt", "–", "2/2", "8-10s", "8.5s", "released early"],
            ["2. Knee to chest", "left", "1/1", "8-10s", "9.2s", "done"],
            ["2. Knee to chest", "right", "1/1", "8-10s", "–", "skipped"],
            ["3. Push-ups", "–", "1/1", "20 reps", "18 reps", "done"],
        ]
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("down", "down", "down", "down", "down", "down", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, SessionDetail)
        assert detail.record.id == "hurt"
        heading = str(detail.query_one("#detail-heading", Static).render())
        assert "It hurt at: Knee to chest (6/10)" in heading


async def test_the_streaks_are_counted_for_the_screens_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They come from the index's top: no thread, so they never follow the list a moment
    later (a thread is for a count that must wait for a session's write)."""
    seed(tmp_path)
    on_threads: list[object] = []
    monkeypatch.setattr(HistoryScreen, "count_streaks", lambda self, days: on_threads.append(days))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, app.history_ready.is_set, "the history")
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.summary is not None
        assert "Current streak" in panel(screen) and on_threads == []


async def test_keys_in_one_burst_open_the_session_the_cursor_reached(tmp_path: Path) -> None:
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        burst(app, "down", "down", "down", "down", "down", "down", "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionDetail), "the detail")
        assert app.screen.record.id == "hurt"  # not the newest, where the cursor started
        await pilot.press("escape")
        burst(app, "enter", "enter")  # a double press opens the detail once
        await until(pilot, lambda: isinstance(app.screen, SessionDetail), "the detail")
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack].count("SessionDetail") == 1


async def test_a_long_history_comes_a_page_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(tmp_path)
    monkeypatch.setattr(history_module, "PAGE_SIZE", 5)
    monkeypatch.setattr(history_module, "MORE_AHEAD", 1)
    async with make_app(tmp_path).run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(DataTable)
        count = screen.query_one("#history-count", Static)
        assert table.row_count == 5
        assert "12 sessions · newest 5 shown · m shows more" in str(count.render())
        await pilot.press("m", "m")
        assert table.row_count == 12
        assert str(count.render()) == "12 sessions"
        assert screen.check_action("more", ()) is False  # the footer drops the key
        await pilot.press("m")
        assert table.row_count == 12


async def test_the_next_page_comes_as_the_cursor_nears_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(tmp_path)
    monkeypatch.setattr(history_module, "PAGE_SIZE", 5)
    monkeypatch.setattr(history_module, "MORE_AHEAD", 2)
    async with make_app(tmp_path).run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 5
        await pilot.press("down", "down")
        assert table.row_count == 5  # row 2 of 5: not yet
        await pilot.press("down")
        assert table.row_count == 10  # row 3: the next page is there before the end
        await pilot.press(*["down"] * 6)
        assert table.row_count == 12 and table.cursor_row == 9
        assert str(screen.query_one("#history-count", Static).render()) == "12 sessions"


async def test_opens_with_twenty_thousand_sessions_one_page_at_a_time(tmp_path: Path) -> None:
    # How fast is measured by `python -m benchmarks` (docs/benchmarks.md), not asserted here.
    start = dt.datetime(2026, 4, 2, 7, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    many = [
        SessionRecord(
            id=f"s{n}",
            routine_id="floor-five",
            routine_name="Floor five",
            started_at=(start - dt.timedelta(hours=36 * n)).isoformat(),
            status=COMPLETED,
            active_seconds=600.0,
            planned_holds=10,
        )
        for n in range(20_000)
    ]
    write_history(tmp_path, many, tz=TZ)  # year files and index, as the app leaves them
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, app.history_ready.is_set, "the history to open")
        assert app.repository.warning is None  # the index was fresh: nothing was read again
        app.open_history()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.query_one(DataTable).row_count == history_module.PAGE_SIZE
        count = str(screen.query_one("#history-count", Static).render())
        assert f"20,000 sessions · newest {history_module.PAGE_SIZE} shown" in count
        await until(pilot, lambda: screen.summary is not None, "20,000 sessions counted")
        assert screen.summary.longest == 2  # every 36 h: two days done, one day off
        # Only the rows shown were read: the newest year or two, not 82 years of files.
        assert len(screen.sessions) == history_module.PAGE_SIZE


async def test_empty_history(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        assert "Current streak  0 days" in panel(screen)
        assert "0 of 3 days" in panel(screen)
        assert "No sessions yet" in str(screen.query_one("#history-count", Static).render())
        await pilot.press("enter")  # nothing to show: nothing happens
        assert app.screen is screen


async def test_help_close_and_too_small(tmp_path: Path) -> None:
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Rest day today" in screen_text(app)
        await pilot.press("escape")
        await pilot.resize_terminal(45, 12)
        await pilot.pause()
        assert screen.has_class("-too-small")
        assert "needs 50×14, it is 45×12" in str(screen.query_one("TooSmall", Static).render())
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert not screen.has_class("-too-small")
        assert screen.has_class("-narrow", "-short")  # the heatmap steps aside, the list stays
        assert not screen.query_one(Heatmap).display
        await pilot.press("q")
        assert isinstance(app.screen, PickerScreen)


def test_snapshot(tmp_path: Path, snap_compare) -> None:
    seed(tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await open_history(pilot)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(100, 30), run_before=run_before)
