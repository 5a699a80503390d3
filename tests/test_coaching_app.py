"""Coaching through the real app (Pilot + fake clock): the safety notice, the caution at every
start, the plank gate, flare-up days and today's targets, checked on screen and on disk."""

from __future__ import annotations

import tomllib
from pathlib import Path

from helpers import (
    FIXED_WALL,
    advance,
    history_on_disk,
    make_app,
    screen_text,
    wait_for,
    wait_for_screen,
)

from lowback_tui.core.clock import iso_from_wall
from lowback_tui.core.records import COMPLETED, DONE, HURT, HoldRecord, SessionRecord
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.screens.dialogs import ConfirmDialog, HelpScreen
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.safety import SafetyNotice
from lowback_tui.ui.screens.settings import SettingsScreen
from lowback_tui.ui.screens.summary import SummaryScreen
from lowback_tui.ui.screens.timer import TimerScreen


def seed(home: Path, *records: SessionRecord) -> None:
    repository = HistoryRepository(home, sync=True)
    repository.open()
    for record in records:
        repository.start_session(record)
    repository.close()


def push_ups(days_ago: int, count: int, **fields) -> SessionRecord:
    """A core-strength session `days_ago` days before the test's fixed day."""
    start = FIXED_WALL - days_ago * 86_400
    hold = HoldRecord(
        2, 3, "Push-ups", "reps", None, 1, 1, "20 reps", None, None, 20, None, count, DONE,
        iso_from_wall(start + 60, "UTC"),
    )  # fmt: skip
    values = {
        "id": f"c{days_ago}",
        "routine_id": "core-strength",
        "routine_name": "Core strength",
        "started_at": iso_from_wall(start, "UTC"),
        "status": COMPLETED,
        "ended_at": iso_from_wall(start + 600, "UTC"),
        "holds": (hold,),
        "planned_holds": 11,
        "pain_before": 3,
        "pain_after": 3,
    }
    values.update(fields)
    return SessionRecord(**values)


async def pick(pilot, routine_id: str) -> None:
    app = pilot.app
    await wait_for(pilot, app.history_ready.is_set, "history loaded")
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    index = [entry.id for entry in picker.entries].index(routine_id)
    routine = picker.entries[index].routine
    assert routine is not None
    # Targets are worked out on a thread once the history opens; the preview then shows them.
    await wait_for(pilot, lambda: app.coach.known(routine) is not None, "targets worked out")
    picker.query_one("#routines").highlighted = index
    await pilot.pause()


async def take_the_test(pilot) -> None:
    """Answer the question before the plank ("do you expect it to hurt?"): it will not."""
    await wait_for_screen(pilot, ConfirmDialog)
    assert "Before Plank: do you expect it to hurt?" in screen_text(pilot.app)
    await pilot.press("y")
    await wait_for_screen(pilot, TimerScreen)


# -- 1. the safety notice -------------------------------------------------------------------


async def test_first_start_shows_the_notice_and_enter_stores_the_day(tmp_path: Path):
    app, _ = make_app(tmp_path, safety_read=False, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, SafetyNotice)
        text = screen_text(app)
        assert "not medical advice" in text and "See a doctor first, and do not start" in text
        for flag in ("weakness in a leg", "below the knee", "bladder or bowel", "a fall",
                     "fever", "at night"):  # fmt: skip
            assert flag in text, flag
        await pilot.press("down", "n")  # nothing but Enter (or q) answers it
        assert isinstance(app.screen, SafetyNotice)
        await pilot.press("enter")
        await wait_for_screen(pilot, PickerScreen)
    settings = tomllib.loads((tmp_path / "settings.toml").read_text())
    assert str(settings["safety_acknowledged"]) == "2026-06-01"
    assert "pain_checkin = false" in (tmp_path / "settings.toml").read_text()

    again, _ = make_app(tmp_path, safety_read=False)  # read once: never again at start
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, again.history_ready.is_set)
        await pilot.pause()
        assert isinstance(again.screen, PickerScreen)


async def test_q_on_the_first_notice_leaves_without_storing_anything(tmp_path: Path):
    app, _ = make_app(tmp_path, safety_read=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, SafetyNotice)
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, "app exit")
    settings = tmp_path / "settings.toml"
    assert not settings.exists() or "safety_acknowledged" not in settings.read_text()


async def test_run_routine_waits_for_the_notice(tmp_path: Path):
    app, _ = make_app(tmp_path, safety_read=False, pain_checkin=False, start_routine="floor-five")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, SafetyNotice)
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.pause()
        assert isinstance(app.screen, SafetyNotice)  # the session has not started under it
        await pilot.press("enter")
        await wait_for_screen(pilot, TimerScreen)


async def test_the_notice_again_from_help_and_from_settings(tmp_path: Path):
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        assert "! shows the safety notice" in screen_text(app)
        await pilot.press("exclamation_mark")
        await wait_for_screen(pilot, SafetyNotice)
        assert "bladder or bowel" in screen_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, HelpScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, PickerScreen)
        await pilot.press("s")
        await wait_for_screen(pilot, SettingsScreen)
        assert "safety notice (read 2026-05-01)" in screen_text(app)
        await pilot.press("exclamation_mark")
        await wait_for_screen(pilot, SafetyNotice)
        assert "you acknowledged it on 2026-05-01" in screen_text(app)
        await pilot.press("enter")
        await wait_for_screen(pilot, SettingsScreen)


def test_a_bad_acknowledgement_date_is_said_and_shows_the_notice(tmp_path: Path):
    from lowback_tui.services.settings import load_settings

    (tmp_path / "settings.toml").write_text('safety_acknowledged = "yes"\n')
    settings, problems = load_settings(tmp_path / "settings.toml")
    assert settings.safety_acknowledged is None
    assert problems == [
        f"{tmp_path / 'settings.toml'}: safety_acknowledged: got 'yes', expected a date such "
        "as 2026-06-01; using the default"
    ]


# -- 2. the caution on the first get-ready, however the session starts -----------------------


async def test_caution_on_the_first_get_ready_from_the_picker_only(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "floor-five")
        await pilot.press("enter")
        await wait_for_screen(pilot, TimerScreen)
        text = screen_text(app)
        assert "Get ready: Pelvic tilt" in text
        assert "Caution: If your back problems are more than mild" in text
        await advance(pilot, clock, 5)  # the hold: the caution has been seen, the steps count
        assert "Caution:" not in screen_text(app)


async def test_caution_when_run_from_the_command_line_and_on_a_resume(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False, start_routine="core-strength")
    async with app.run_test(size=(100, 30)) as pilot:
        await take_the_test(pilot)
        assert "Caution: See your physician before strength work" in screen_text(app)
        await advance(pilot, clock, 10)
        await advance(pilot, clock, 40)
        await pilot.press("enter")  # plank held past its target: no question
        await advance(pilot, clock, 1)
        assert isinstance(app.screen, TimerScreen)
        await pilot.press("ctrl+q")
    [session] = history_on_disk(tmp_path)
    assert session["holds"][0]["outcome"] == "done"

    resumed, clock = make_app(tmp_path, pain_checkin=False)
    async with resumed.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, TimerScreen)
        text = screen_text(resumed)
        assert "Caution: See your physician" in text and "Push-ups" in text


# -- 3. the plank gate ----------------------------------------------------------------------


async def test_plank_released_early_asks_and_enter_ends_safely_with_a_suggestion(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "core-strength")
        await pilot.press("enter")
        await take_the_test(pilot)
        await advance(pilot, clock, 10)  # get ready
        await advance(pilot, clock, 12)
        await pilot.press("enter")  # down after 12 s of a 30 s test
        await wait_for_screen(pilot, ConfirmDialog)
        text = screen_text(app)
        assert "Plank ended before its target: the test was not passed." in text
        assert "y  go on with the rest" in text and "n / Esc / Enter  stop here (safe)" in text
        await advance(pilot, clock, 60)  # the question is up: the clock is stopped
        await pilot.press("enter")
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(app)
        assert "Try a relaxing routine instead, such as Static back or Floor five." in text
    [session] = history_on_disk(tmp_path)
    holds = session["holds"]
    assert (holds[0]["step_name"], holds[0]["outcome"], holds[0]["held_seconds"]) == (
        "Plank",
        "released early",
        12,
    )
    assert len(holds) == 11 and session["status"] == "stopped"
    assert {(h["outcome"], h["reason"]) for h in holds[1:]} == {("skipped", "gate not passed")}


# -- 4. flare-up days -----------------------------------------------------------------------


async def test_a_flare_up_day_marks_strength_not_today_calm_first_and_offers_a_rest_day(
    tmp_path: Path,
):
    seed(tmp_path, push_ups(0, 20, pain_before=4, pain_after=8, id="today"))
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await wait_for(pilot, lambda: app.screen.flare is not None, "flare-up read")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        text = screen_text(app)
        assert "Flare-up today (pain 8/10 after Core strength)" in text
        ids = [entry.id for entry in picker.entries]
        assert ids[:2] == ["static-back", "supine-groin"] and ids[-1] == "core-strength"
        prompts = [str(option.prompt) for option in picker.query_one("#routines")._options]
        assert "not today" in prompts[-1] and not any("not today" in p for p in prompts[:-1])
        await pick(pilot, "core-strength")
        assert "Not today: pain 8/10 after Core strength" in screen_text(app)
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Not today: Core strength is strength work." in screen_text(app)
        await pilot.press("enter")  # the safe answer: no
        await wait_for_screen(pilot, PickerScreen)
        await pilot.press("r")
        await pilot.pause()
        assert app.repository is not None
        assert app.repository.rest_days() == {app.today()}
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")  # still startable after the confirmation
        await take_the_test(pilot)


async def test_a_hurt_yesterday_is_not_a_flare_up_today(tmp_path: Path):
    seed(tmp_path, push_ups(1, 5, status=HURT, hurt_step="Push-ups"))
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.pause()
        assert app.screen.flare is None
        # The day's plan (no flare-up): the morning's strength is next at 10:00.
        assert "Today · morning next, 07:30: Core strength" in screen_text(app)


# -- 5. today's targets ---------------------------------------------------------------------


async def test_preview_and_timer_show_todays_rung_and_the_session_uses_it(tmp_path: Path):
    seed(tmp_path, *(push_ups(days, count) for days, count in ((3, 20), (2, 24), (1, 21))))
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "core-strength")
        text = screen_text(app)
        assert "Push-ups: Today 30 · 20 → [30] → 40 · 0 of 3 good sessions · best 24 reps" in text
        assert "Bent-knee sit-ups: Today 20 · [20] → 30 → 40" in text
        assert "Superman back arch: Today 30s · [30s] → 45s → … → 2m" in text
        await pilot.press("enter")
        await take_the_test(pilot)
        timer = app.screen
        assert isinstance(timer, TimerScreen)
        await advance(pilot, clock, 10)
        await advance(pilot, clock, 31)
        await pilot.press("enter")  # the plank passed
        await advance(pilot, clock, 30)  # the rest
        await advance(pilot, clock, 10)  # get ready for push-ups
        text = screen_text(app)
        assert "Today 30 · 20 → [30] → 40" in text and "Target 30" in text
        await pilot.press("3", "0", "enter")
        await pilot.press("ctrl+q")
    newest = [s for s in history_on_disk(tmp_path) if s["routine_id"] == "core-strength"]
    [today] = [s for s in newest if s["id"] not in ("c1", "c2", "c3")]
    push = [h for h in today["holds"] if h["step_name"] == "Push-ups"]
    assert push[0]["target_count"] == 30 and push[0]["planned"] == "30 reps"


async def test_an_unreadable_history_gives_the_first_rung_and_says_why(tmp_path: Path):
    app, _ = make_app(tmp_path, pain_checkin=False)
    targets = app.coach.targets  # before the history loads: the first rung, and why
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.entries
        core = next(entry.routine for entry in app.entries if entry.id == "core-strength")
        assert core is not None
        result = targets(core)
        assert result.problem == "the history is still loading"
        assert result.routine.steps[2].target == 20
        await wait_for(pilot, app.history_ready.is_set)


async def test_targets_and_the_flare_up_line_read_the_index_not_whole_sessions(
    tmp_path: Path, monkeypatch
):
    """Today's rung comes from each session's step facts in the index: no session is read in
    full (that cost grew with the whole history and held up every start)."""
    hurt = push_ups(0, 12, id="c0", status=HURT, hurt_step="Push-ups", hurt_level=6)
    seed(tmp_path, *(push_ups(days, count) for days, count in ((4, 20), (3, 20), (2, 20))), hurt)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a session was read in full")

    monkeypatch.setattr(HistoryRepository, "sessions", refuse)
    monkeypatch.setattr(HistoryRepository, "iter_sessions", refuse)
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "core-strength")
        text = screen_text(app)
        # Three good sessions climbed to 30; the hurt today stepped back down to 20.
        assert "Push-ups: Today 20 · [20] → 30 → 40 · 0 of 3 good sessions · best 20 reps" in text
        assert "Flare-up today" in text


async def test_enter_at_once_starts_the_session_with_todays_rung(tmp_path: Path):
    """Enter pressed as the picker appears, before the history or the targets are ready,
    starts the session as soon as they are, at today's rung (nothing is lost or skipped)."""
    seed(tmp_path, *(push_ups(days, count) for days, count in ((3, 20), (2, 24), (1, 21))))
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        index = [entry.id for entry in picker.entries].index("core-strength")
        picker.query_one("#routines").highlighted = index
        await pilot.press("enter")
        await take_the_test(pilot)
        await advance(pilot, clock, 10)
        await advance(pilot, clock, 31)
        await pilot.press("enter")  # the plank passed
        await advance(pilot, clock, 30)  # the rest
        await advance(pilot, clock, 10)  # get ready for push-ups
        assert "Target 30" in screen_text(app)
