"""Whole sessions through the real app (Pilot + fake clock), checked on screen and on disk."""

from __future__ import annotations

from pathlib import Path

from helpers import advance, history_on_disk, make_app, screen_text, wait_for, wait_for_screen

from lowback_tui.core.plan import estimate_seconds, expand
from lowback_tui.core.records import HoldRecord, SessionRecord
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.screens.dialogs import ConfirmDialog, PainDialog
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.summary import SummaryScreen
from lowback_tui.ui.screens.timer import TimerScreen
from lowback_tui.ui.widgets.big_clock import BigClock
from lowback_tui.ui.widgets.hold_bar import HoldBar

SHORT = """name = "Short [bold]one[/]"
prepare = "5s"
rest = "3s"
[[step]]
name = "Knee to chest"
hold = "8-10s"
sides = "both"
[[step]]
name = "Plank"
kind = "hold"
hold = "30s+"
[[step]]
name = "Push-ups"
kind = "reps"
target = 20
"""


def custom(home: Path, routine_id: str = "short", text: str = SHORT) -> None:
    (home / "routines").mkdir(parents=True, exist_ok=True)
    (home / "routines" / f"{routine_id}.toml").write_text(text)


async def start(pilot, routine_id: str, pain: str | None = "3") -> TimerScreen:
    app = pilot.app
    await wait_for(pilot, app.history_ready.is_set, "history loaded")
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    index = [entry.id for entry in picker.entries].index(routine_id)
    picker.query_one("#routines").highlighted = index
    await pilot.press("enter")
    if pain is not None:
        await wait_for_screen(pilot, PainDialog)
        await pilot.press(pain, "enter")
    await wait_for_screen(pilot, TimerScreen)
    return app.screen


async def test_whole_builtin_routine_lands_in_history_with_exact_holds(tmp_path: Path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "floor-five", pain="4")
        routine = timer.engine.routine
        assert "Get ready: Pelvic tilt" in screen_text(app)
        await advance(pilot, clock, 100_000)  # every hold runs to its end
        await wait_for_screen(pilot, PainDialog)
        await pilot.press("2", "enter")
        await wait_for_screen(pilot, SummaryScreen)
        text = screen_text(app)
        assert "routine complete" in text and "40 of 40 holds" in text and "4 → 2" in text
        assert "Streak" in text and "1 day" in text
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "completed"
    assert (session["pain_before"], session["pain_after"]) == (4, 2)
    assert session["active_seconds"] == estimate_seconds(routine)
    plan = expand(routine)
    assert [(h["step_name"], h["side"], h["rep"]) for h in session["holds"]] == [
        (p.step.name, p.side, p.rep) for p in plan
    ]
    assert {h["held_seconds"] for h in session["holds"]} == {10}
    assert {h["outcome"] for h in session["holds"]} == {"done"}
    assert not (tmp_path / "session.json").exists()


async def test_range_open_and_reps_holds_show_and_record_what_was_done(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "short", pain=None)
        assert "Short [bold]one[/]" in screen_text(app)  # markup shown literally
        await advance(pilot, clock, 5)
        assert timer.query_one(BigClock).text == "10"
        assert timer.query_one(HoldBar).mark == 0.8  # the minimum of 8-10 s
        bells_before = app.bells
        await advance(pilot, clock, 8.5)
        assert app.bells == bells_before + 1  # soft cue at the minimum
        assert "You may release now" in screen_text(app)
        await pilot.press("enter")  # release at 8.5 s: done
        await advance(pilot, clock, 3)  # rest, then the right side
        assert "right side" in screen_text(app)
        await advance(pilot, clock, 2)
        await pilot.press("enter")  # released at 2 s: early
        await advance(pilot, clock, 5 + 42)  # plank: open hold counts up
        assert timer.query_one(BigClock).text == "42"
        assert "Target reached" in screen_text(app)
        await pilot.press("enter")
        await advance(pilot, clock, 5)
        await pilot.press("1", "8", "enter")  # push-ups: 18 of 20
        await wait_for_screen(pilot, SummaryScreen)
    [session] = history_on_disk(tmp_path)
    holds = session["holds"]
    assert [(h["held_seconds"], h["outcome"]) for h in holds[:3]] == [
        (8.5, "done"),
        (2, "released early"),
        (42, "done"),
    ]
    assert (holds[3]["count_done"], holds[3]["target_count"]) == (18, 20)
    assert session["routine_name"] == "Short [bold]one[/]"


async def test_pause_skip_back_and_restart(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "short", pain=None)
        await advance(pilot, clock, 5 + 4)
        await pilot.press("space")
        assert "paused" in screen_text(app)
        await advance(pilot, clock, 600)
        assert timer.engine.elapsed() == 4 and timer.query_one(BigClock).text == "PAUSED"
        assert "PAUSED (6) · Space resumes" in screen_text(app)
        await pilot.press("space")
        await advance(pilot, clock, 3)
        await pilot.press("r")  # restart this hold: from zero again
        assert timer.engine.elapsed() == 0
        await pilot.press("n")  # skip the left side
        await pilot.press("b")  # and go back to it
        assert timer.engine.index == 0
        await pilot.press("n", "n", "n", "n")
        await wait_for_screen(pilot, SummaryScreen)
    [session] = history_on_disk(tmp_path)
    assert [h["outcome"] for h in session["holds"]] == ["skipped"] * 5
    assert [h["index"] for h in session["holds"]] == [0, 0, 1, 2, 3]
    assert session["active_seconds"] == 5 + 4 + 3 + 0  # paused time never counts


async def test_stop_asks_first_and_keeps_finished_holds(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "short", pain=None)
        await advance(pilot, clock, 15)  # left side done
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("n")  # keep going
        await wait_for_screen(pilot, TimerScreen)
        assert not timer.engine.paused
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, SummaryScreen)
        assert "Session stopped" in screen_text(app)
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "stopped" and len(session["holds"]) == 1


async def test_this_hurts_ends_at_once_and_records_step_and_level(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "short", pain="2")
        await advance(pilot, clock, 15 + 3 + 4)
        await pilot.press("h")
        await wait_for_screen(pilot, PainDialog)
        await pilot.press("7", "enter")
        await wait_for_screen(pilot, SummaryScreen)
        assert "Knee to chest — right (7/10)" in screen_text(app)
    [session] = history_on_disk(tmp_path)
    assert (session["status"], session["hurt_step"], session["hurt_level"]) == (
        "hurt",
        "Knee to chest — right",
        7,
    )
    # the hold under way when it hurt is kept, as released early, with the time it lasted
    assert [(h["side"], h["held_seconds"], h["outcome"]) for h in session["holds"]] == [
        ("left", 10, "done"),
        ("right", 4, "released early"),
    ]


async def test_mute_silences_cues_and_is_saved(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "short", pain=None)
        await pilot.press("m")
        bells = app.bells
        await advance(pilot, clock, 5 + 10)
        assert app.bells == bells
    assert "mute = true" in (tmp_path / "settings.toml").read_text()


async def test_help_lists_every_timer_key(tmp_path: Path):
    custom(tmp_path)
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "short", pain=None)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: "Timer keys" in screen_text(app))
        text = screen_text(app)
        for words in (  # the footer's names, each with what it does
            "Pause: the clock stops",
            "Resume",
            "Start now (countdown)",
            "Release (hold)",
            "Done (open hold",
            "Record (reps set)",
            "Skip: record this hold as skipped",
            "Back: go to the hold",
            "Redo: this hold again",
            "Mute: the cues",
            "It hurts: stop now",
            "Stop the session",
            "Quit lowback",
        ):
            assert words in text


async def test_wall_clock_jump_asks_whether_it_counted(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "static-back", pain=None)
        await advance(pilot, clock, 15 + 60)
        clock.jump_wall(3600)
        await advance(pilot, clock, 0)
        await wait_for_screen(pilot, ConfirmDialog)
        assert "slept for about 60 min" in screen_text(app)
        await pilot.press("y")
        await wait_for_screen(pilot, SummaryScreen)
        assert timer.engine.status == "completed"
    [session] = history_on_disk(tmp_path)
    assert session["holds"][0]["held_seconds"] == 1200


async def test_interrupted_session_is_offered_for_resume_at_its_hold(tmp_path: Path):
    custom(tmp_path)
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()
    record = SessionRecord(
        id="abc",
        routine_id="short",
        routine_name="Short [bold]one[/]",
        started_at="2026-06-01T09:00:00+00:00",
        planned_holds=4,
    )
    repository.start_session(record)
    hold = HoldRecord(
        0,
        1,
        "Knee to chest",
        "stretch",
        "left",
        1,
        1,
        "8-10s",
        8,
        10,
        None,
        9.0,
        None,
        "done",
        "2026-06-01T09:00:15+00:00",
    )
    repository.record_hold("abc", hold, 14.0)
    repository.close()  # the process "died" with the session in progress
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert "was interrupted" in screen_text(app) and "after hold 1 of 4" in screen_text(app)
        await pilot.press("y")
        await wait_for_screen(pilot, TimerScreen)
        timer = app.screen
        assert timer.engine.index == 1 and timer.engine.current.side == "right"
        await pilot.press("q", "y")
        await wait_for_screen(pilot, SummaryScreen)
    [session] = history_on_disk(tmp_path)
    assert session["id"] == "abc" and session["status"] == "stopped"
    assert len(session["holds"]) == 1 and session["active_seconds"] >= 14.0


async def test_too_small_terminal_says_so(tmp_path: Path):
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(30, 8)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.pause()
        assert "Make the terminal larger" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.has_class("-too-small") is False


async def test_corrupt_history_is_kept_aside_and_the_app_carries_on(tmp_path: Path):
    broken = b'{"sessions": {"1": {"id": "x", "routine'
    (tmp_path / "history.json").write_bytes(broken)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await wait_for(pilot, lambda: any("history" in n.message for n in app._notifications))
        await start(pilot, "static-back", pain=None)
        await advance(pilot, clock, 100_000)
        await wait_for_screen(pilot, SummaryScreen)
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("history.corrupt")]
    assert len(kept) == 1 and kept[0].read_bytes() == broken
    assert history_on_disk(tmp_path)


async def test_relax_hold_shows_minutes_and_repaints_only_when_the_text_changes(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "static-back", pain=None)
        await advance(pilot, clock, 15)
        await advance(pilot, clock, 0.5)  # the start cue's flash is over
        digits = timer.query_one(BigClock)
        assert digits.text == "20:00"
        drawn = []
        original = digits.render
        digits.render = lambda: (drawn.append(digits.text), original())[1]  # type: ignore
        for _ in range(4):  # four wakes inside the same second: nothing to repaint
            await advance(pilot, clock, 0.1)
        assert drawn == []
        await advance(pilot, clock, 0.2)
        assert drawn == ["19:59"]
        await advance(pilot, clock, 60)
        assert digits.text == "18:59"


async def test_pain_check_in_can_be_turned_off_in_settings(tmp_path: Path):
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set)
        await pilot.press("s")
        await wait_for(pilot, lambda: "Settings" in screen_text(app))
        await pilot.press("p", "escape")
        await pilot.pause()
        await start(pilot, "floor-five", pain=None)  # straight to the timer, no question
    assert "pain_checkin = false" in (tmp_path / "settings.toml").read_text()


async def test_help_pauses_the_session_and_closing_it_goes_on(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "short", pain=None)
        await advance(pilot, clock, 5 + 2)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: "Timer keys" in screen_text(app))
        await advance(pilot, clock, 300)
        assert timer.engine.paused and timer.engine.elapsed() == 2
        await pilot.press("escape")
        await wait_for_screen(pilot, TimerScreen)
        assert not timer.engine.paused


async def test_a_session_that_ends_under_a_dialog_still_reaches_the_summary(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "short", pain=None)
        app.push_screen(ConfirmDialog("Something else on top"))  # e.g. the command palette
        await pilot.pause()
        await advance(pilot, clock, 5 + 10)
        await pilot.press("n", "n", "n")  # the dialog has the keys; time alone must end it
        for _ in range(3):
            await advance(pilot, clock, 10_000)
        timer = next(s for s in app.screen_stack if isinstance(s, TimerScreen))
        timer.engine.stop()
        timer.sync()
        await wait_for_screen(pilot, SummaryScreen)
        assert [type(s).__name__ for s in app.screen_stack] == [
            "Screen",
            "PickerScreen",
            "SummaryScreen",
        ]
        await pilot.press("enter")
        await wait_for_screen(pilot, PickerScreen)


async def test_typed_digits_set_the_reps_count(tmp_path: Path):
    custom(tmp_path)
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "short", pain=None)
        await pilot.press("n", "n", "n")  # to the push-ups
        await advance(pilot, clock, 5)
        await pilot.press("1", "2")
        assert timer.query_one(BigClock).text == "12"
        await pilot.press("enter")
        await wait_for_screen(pilot, SummaryScreen)
    [session] = history_on_disk(tmp_path)
    assert session["holds"][-1]["count_done"] == 12


async def test_enter_does_not_stop_a_session_by_accident(tmp_path: Path):
    custom(tmp_path)
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "short", pain=None)
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")  # meant for the hold: keeps going
        await wait_for_screen(pilot, TimerScreen)
        assert not timer.engine.ended and not timer.engine.paused


async def test_run_routine_asks_about_an_interrupted_session_first(tmp_path: Path):
    custom(tmp_path)
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()
    repository.start_session(
        SessionRecord(
            id="old",
            routine_id="floor-five",
            routine_name="Floor five",
            started_at="2026-06-01T09:00:00+00:00",
            planned_holds=40,
        )
    )
    repository.close()
    app, _ = make_app(tmp_path, pain_checkin=False, start_routine="short")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Floor five was interrupted" in screen_text(app) and "No starts short" in (
            screen_text(app)
        )
        await pilot.press("n")
        await wait_for_screen(pilot, TimerScreen)
        assert app.screen.engine.routine.id == "short"


async def test_a_note_added_on_the_summary_lands_in_the_history(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "static-back", pain=None)
        await advance(pilot, clock, 100_000)
        await wait_for_screen(pilot, SummaryScreen)
        await pilot.press("n")
        await wait_for(pilot, lambda: "A note for this session" in screen_text(app))
        await pilot.press(*"calm [b]today[/b]", "enter")
        await wait_for_screen(pilot, SummaryScreen)
        assert "calm [b]today[/b]" in screen_text(app)
    [session] = history_on_disk(tmp_path)
    assert session["note"] == "calm [b]today[/b]"
