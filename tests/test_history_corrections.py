"""Correcting the history: edit a note, delete a session, mark a rest day on a past date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import screen_text, wait_for
from test_history_screen import TODAY, heatmap_glyph, make_app, open_history, panel, seed
from textual.widgets import DataTable, Input

from lowback_tui.core.records import IN_PROGRESS
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.screens.dialogs import ConfirmDialog, NoteDialog
from lowback_tui.ui.screens.history import HistoryScreen, SessionDetail
from lowback_tui.ui.screens.history_dialogs import RestDayDialog, read_past_day
from lowback_tui.ui.widgets.heatmap import Heatmap


def on_disk(home: Path) -> dict:
    """Every year file's sessions and rest days, as a user finds them in history/."""
    found: dict = {"sessions": {}, "rest_days": {}}
    for path in sorted((home / "history").glob("[0-9][0-9][0-9][0-9].json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for table in found:
            found[table].update(
                {f"{path.stem}-{key}": doc for key, doc in data.get(table, {}).items()}
            )
    return found


async def test_edit_the_note_from_the_detail(tmp_path: Path) -> None:
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        newest = screen.sessions[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionDetail))
        assert "e edit the note · d delete" in screen_text(app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        app.screen.query_one(Input).value = ""
        await pilot.press(*"Left hip tight", "enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.repository.get(newest.id).note == "Left hip tight"
        app.repository.flush()
        notes = {doc["id"]: doc["note"] for doc in on_disk(tmp_path)["sessions"].values()}
        assert notes[newest.id] == "Left hip tight"
        await pilot.press("enter")  # the detail shows it
        await wait_for(pilot, lambda: isinstance(app.screen, SessionDetail))
        assert "Note: Left hip tight" in screen_text(app)


async def test_delete_asks_first_and_says_it_cannot_be_undone(tmp_path: Path) -> None:
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        assert "Current streak  4 days" in panel(screen)
        newest = screen.sessions[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionDetail))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "This cannot be undone." in screen_text(app)
        await pilot.press("enter")  # the safe answer: keep it
        await wait_for(pilot, lambda: isinstance(app.screen, SessionDetail))
        assert app.repository.get(newest.id) is not None
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.repository.get(newest.id) is None
        table = screen.query_one(DataTable)
        assert table.row_count == 11 and screen.sessions[0].id != newest.id
        # Today's session is gone: today is pending again, the run still 3 days to yesterday.
        await wait_for(pilot, lambda: "Current streak  3 days" in panel(screen), "the recount")
        assert "Today           not yet" in panel(screen)
        app.repository.flush()
        assert newest.id not in {doc["id"] for doc in on_disk(tmp_path)["sessions"].values()}


async def test_rest_day_on_a_past_day_from_the_heatmap(tmp_path: Path) -> None:
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        heatmap = screen.query_one(Heatmap)
        heatmap.focus()
        await pilot.pause()
        assert heatmap.cursor == TODAY
        await pilot.press("left", "up", "up")  # a week back, then two days earlier
        picked = TODAY - dt.timedelta(days=9)
        assert heatmap.cursor == picked
        assert heatmap_glyph(screen, picked) == "·"
        await pilot.press("right", "right")  # the future is not a choice
        assert heatmap.cursor == picked + dt.timedelta(days=7)
        await pilot.press("left", "r")
        assert heatmap_glyph(screen, picked) == "○"
        app.repository.flush()
        assert {"day": picked.isoformat()} in on_disk(tmp_path)["rest_days"].values()
        await pilot.press("r")  # again: unmarked
        assert heatmap_glyph(screen, picked) == "·"


async def test_rest_day_on_any_past_date_typed_and_future_refused(tmp_path: Path) -> None:
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, RestDayDialog))
        field = app.screen.query_one(Input)
        assert field.value == TODAY.isoformat()  # the highlighted (newest) session's day
        for typed, said in (
            ("2026-04-03", "2026-04-03 is in the future"),
            ("next week", "'next week' is not a date: expected YYYY-MM-DD"),
        ):
            field.value = typed
            await pilot.press("enter")
            assert isinstance(app.screen, RestDayDialog) and said in screen_text(app)
        long_ago = dt.date(2025, 11, 2)  # far before the heatmap's twelve weeks
        field.value = long_ago.isoformat()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert long_ago in app.repository.rest_days()
        assert long_ago in screen.rest_days


def test_read_past_day() -> None:
    assert read_past_day(" yesterday ", TODAY) == TODAY - dt.timedelta(days=1)
    assert read_past_day("today", TODAY) == TODAY
    with pytest.raises(ValueError, match="in the future"):
        read_past_day("2030-01-01", TODAY)


def test_delete_session_in_the_repository(tmp_path: Path) -> None:
    seed(tmp_path)
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()
    first, second = repository.sessions()[:2]
    with pytest.raises(KeyError):
        repository.delete_session("no-such-session")
    running = dataclasses.replace(first, id="running", status=IN_PROGRESS)
    repository.start_session(running)
    with pytest.raises(HistoryError, match="in progress cannot be deleted"):
        repository.delete_session("running")
    assert repository.delete_session(second.id) == second
    repository.close()
    again = HistoryRepository(tmp_path, sync=True, read_only=True)
    again.open()
    ids = [s.id for s in again.sessions()]
    again.close()
    assert second.id not in ids and first.id in ids


async def test_trends_follow_a_deletion(tmp_path: Path) -> None:
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        before = len(screen.sessions)
        await pilot.press("enter", "d", "y")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("t")
        from lowback_tui.ui.screens.trends import TrendsScreen

        await wait_for(pilot, lambda: isinstance(app.screen, TrendsScreen))
        trends_screen = app.screen
        assert isinstance(trends_screen, TrendsScreen)
        await pilot.press("r", "r")  # all of history
        await wait_for(
            pilot,
            lambda: trends_screen.trends is not None and trends_screen.trends.first_day is None,
        )
        assert trends_screen.trends is not None
        assert trends_screen.trends.sessions == before - 1
        assert isinstance(screen, HistoryScreen)
