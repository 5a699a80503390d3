"""The routine editor and the picker's routine keys, through the real app (Pilot)."""

from __future__ import annotations

import io
import sys
from contextlib import nullcontext, redirect_stderr
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import burst, preview_text, screen_text, wait_for, wait_for_screen
from textual.widgets import Input, Select, Static

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.cli.main import main
from lowback_tui.core.clock import FakeClock
from lowback_tui.core.durations import parse_duration
from lowback_tui.core.routine_toml import comments
from lowback_tui.store.library import load_routine
from lowback_tui.ui.app import LowbackApp, build_app
from lowback_tui.ui.screens.dialogs import ConfirmDialog, HelpScreen
from lowback_tui.ui.screens.editor import EditorScreen
from lowback_tui.ui.screens.editor_dialogs import NameDialog
from lowback_tui.ui.screens.editor_draft import RoutineDraft, StepDraft
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.timer import TimerScreen
from lowback_tui.ui.widgets.step_list import StepList
from lowback_tui.ui.widgets.too_small import TooSmall

EVENING = """\
# My evening routine, by hand.
name = "Evening"  # short
prepare = "5s"

# Warm up first.
[[step]]
name = "Pelvic tilt"
hold = "8-10s"
reps = 2

# The plank test.
[[step]]
name = "Plank"
kind = "hold"
hold = "30s+"

[[step]]
name = "Push-ups [bold]now[/]"
kind = "reps"
target = 12
"""


def make(home: Path, custom: dict[str, str] | None = None) -> LowbackApp:
    """The app over `home` (no pain check-in), with these custom routine files."""
    (home / "routines").mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text("pain_checkin = false\nsafety_acknowledged = 2026-05-01\n")
    for routine_id, text in (custom or {}).items():
        (home / "routines" / f"{routine_id}.toml").write_text(text, encoding="utf-8")
    return build_app(home=home, clock=FakeClock(), tz="UTC", sync_writes=True)


async def on_picker(pilot, select_id: str | None = None) -> PickerScreen:
    await wait_for_screen(pilot, PickerScreen)
    await wait_for(pilot, pilot.app.history_ready.is_set, "history loaded")
    picker = pilot.app.screen
    if select_id is not None:
        ids = [entry.id for entry in picker.entries]
        picker.query_one("#routines").highlighted = ids.index(select_id)
        await pilot.pause()
    return picker


async def open_editor(pilot, key: str, select_id: str | None = None) -> EditorScreen:
    await on_picker(pilot, select_id)
    await pilot.press(key)
    await wait_for_screen(pilot, EditorScreen)
    return pilot.app.screen


async def type_into(pilot, selector: str, text: str) -> None:
    """Replace a field's text the way a user would: go to the start, cut the rest, type."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.press("home", "ctrl+k", *text)
    await pilot.pause()


def check_text(app: LowbackApp) -> str:
    return str(app.screen.query_one("#editor-problems-text", Static).render())


def picker_ids(app: LowbackApp) -> list[str]:
    return [entry.id for entry in app.entries]


# -- the draft behind the form (no app) ----------------------------------------------------------


def test_the_draft_turns_typed_text_into_what_the_file_would_say():
    routine = load_routine(builtin_routines_dir() / "floor-five.toml")
    draft = RoutineDraft.from_routine(routine)
    assert draft.check(routine_id="floor-five", source="x")[0] == routine
    step = draft.steps[0]
    step.reps, step.hold = " 3 ", ""
    assert step.data()["reps"] == 3 and "hold" not in step.data()  # empty means the default
    step.reps = "3x"
    _, problems = draft.check(routine_id="floor-five", source="floor-five.toml")
    assert [str(p) for p in problems] == [
        "floor-five.toml: step 1 \"Pelvic tilt\": reps: got '3x', expected a whole number"
    ]


def test_changing_kind_in_the_draft_follows_the_defaults():
    step = StepDraft(name="x")
    step.set_kind("pressure")
    assert step.hold == "20-30s"  # the stretch default followed the kind
    step.hold = "45s"
    step.set_kind("reps")
    assert step.target == "10" and "hold" not in step.data()
    step.set_kind("hold")
    assert step.hold == "45s"  # a hold the user typed stays
    step.sides = "both"
    step.set_kind("rest")
    assert step.sides == "none"


def test_a_copy_is_named_so_and_keeps_within_the_name_limit():
    routine = load_routine(builtin_routines_dir() / "floor-five.toml")
    assert RoutineDraft.copy_of(routine).name == "Floor five (copy)"
    long = RoutineDraft.copy_of(replace(routine, name="x" * 80))
    assert len(long.name) == 80 and long.name.endswith("(copy)")
    assert all(step.origin is None for step in long.steps)


# -- create, duplicate, edit -------------------------------------------------------------------


async def test_create_a_routine_from_nothing_then_run_it(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, "n")
        assert app.focused is editor.query_one("#routine-name")
        assert "name: is empty" in check_text(app)
        await pilot.press(*"Evening walk")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.focused is editor.query_one("#step-name")
        await pilot.press(*"Knee to chest")
        await type_into(pilot, "#step-hold", "12s")
        await type_into(pilot, "#step-reps", "3")
        assert "✓ Valid" in check_text(app)
        assert "routines/evening-walk.toml" in check_text(app)
        await pilot.press("ctrl+s")
        picker = await on_picker(pilot)
        routine = load_routine(tmp_path / "routines" / "evening-walk.toml")
        assert routine.name == "Evening walk"
        assert [(s.name, s.hold, s.reps) for s in routine.steps] == [
            ("Knee to chest", parse_duration("12s"), 3)
        ]
        assert picker.selected is not None and picker.selected.id == "evening-walk"
        assert "evening-walk" in picker_ids(app)
        await pilot.press("enter")
        await wait_for_screen(pilot, TimerScreen)
        assert "Knee to chest" in str(app.screen.query_one("#title", Static).render())


async def test_duplicate_a_builtin_routine_and_change_a_hold(tmp_path: Path):
    app = make(tmp_path)
    builtin_path = builtin_routines_dir() / "floor-five.toml"
    builtin_text = builtin_path.read_text(encoding="utf-8")
    builtin = load_routine(builtin_path)
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, "d", "floor-five")
        assert editor.query_one("#routine-name", Input).value == "Floor five (copy)"
        await pilot.press("down")
        assert editor.query_one("#step-name", Input).value == builtin.steps[1].name
        await type_into(pilot, "#step-hold", "12-15s")
        await pilot.press("ctrl+s")
        picker = await on_picker(pilot)
        copy = load_routine(tmp_path / "routines" / "floor-five-copy.toml")
        assert copy.name == "Floor five (copy)"
        assert copy.steps[1].hold == parse_duration("12-15s")
        assert copy.steps[0] == builtin.steps[0] and copy.steps[2:] == builtin.steps[2:]
        assert builtin_path.read_text(encoding="utf-8") == builtin_text
        assert picker.selected is not None and picker.selected.id == "floor-five-copy"
        assert {"floor-five", "floor-five-copy"} <= set(picker_ids(app))


async def test_builtin_routines_are_read_only_and_say_how_to_change_them(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_picker(pilot, "floor-five")
        for key in ("e", "E", "R"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
        messages = [notification.message for notification in app._notifications]
        assert (
            "Built-in routines are read-only: press d to duplicate it, then edit the copy."
            in messages
        )
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert (builtin_routines_dir() / "floor-five.toml").exists()


async def test_reorder_steps_with_keys_keeps_the_comments(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, "e", "evening")
        steps = editor.query_one(StepList)
        assert app.focused is steps
        await pilot.press("J")  # Pelvic tilt moves down
        await pilot.pause()
        assert steps.highlighted == 1
        await pilot.press("down", "ctrl+up")  # Push-ups moves up
        await pilot.pause()
        assert [step.name for step in editor.draft.steps] == [
            "Plank",
            "Push-ups [bold]now[/]",
            "Pelvic tilt",
        ]
        assert "[bold]now[/]" in str(steps.get_option_at_index(1).prompt)
        assert "unsaved changes" in str(editor.query_one("#editor-routine").border_title)
        await pilot.press("ctrl+s")
        await on_picker(pilot, "evening")
        path = tmp_path / "routines" / "evening.toml"
        assert [s.name for s in load_routine(path).steps] == [
            "Plank",
            "Push-ups [bold]now[/]",
            "Pelvic tilt",
        ]
        text = path.read_text(encoding="utf-8")
        assert comments(text) == [*comments(EVENING)[:2], "# The plank test.", "# Warm up first."]
        assert text.index("# The plank test.") < text.index('"Plank"')
        assert text.index("# Warm up first.") < text.index('"Pelvic tilt"')


async def test_add_and_remove_steps_with_keys(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, "e", "evening")
        await pilot.press("a")
        await pilot.pause()
        assert len(editor.draft.steps) == 4 and editor.current == 1
        assert "step 2: name: is empty" in check_text(app)
        await pilot.press(*"Bridge")
        editor.query_one(StepList).focus()
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("n")
        await wait_for_screen(pilot, EditorScreen)
        assert len(editor.draft.steps) == 4
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, EditorScreen)
        assert [step.name for step in editor.draft.steps] == [
            "Pelvic tilt",
            "Plank",
            "Push-ups [bold]now[/]",
        ]


async def test_the_editor_says_which_comments_a_save_would_drop(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, "e", "evening")
        assert "will not keep" not in check_text(app)
        await pilot.press("down", "delete")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, EditorScreen)
        assert "Saving will not keep 1 comment(s) of the file: # The plank test." in check_text(app)
        await pilot.press("ctrl+s")
        await on_picker(pilot)
        text = (tmp_path / "routines" / "evening.toml").read_text(encoding="utf-8")
        assert comments(text) == [c for c in comments(EVENING) if c != "# The plank test."]


async def test_changing_the_kind_switches_hold_and_target(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, "e", "evening")
        editor.query_one("#step-kind", Select).value = "reps"
        await pilot.pause()
        assert editor.query_one("#step-hold", Input).disabled
        assert not editor.query_one("#step-target", Input).disabled
        assert editor.query_one("#step-target", Input).value == "10"
        editor.query_one("#step-kind", Select).value = "pressure"
        await pilot.pause()
        assert editor.query_one("#step-hold", Input).value == "8-10s"  # not the default: kept
        await pilot.press("ctrl+s")
        await on_picker(pilot)
        first = load_routine(tmp_path / "routines" / "evening.toml").steps[0]
        assert (first.kind, first.hold) == ("pressure", parse_duration("8-10s"))


# -- validation, refused saves, leaving --------------------------------------------------------


async def test_invalid_routine_is_refused_keeping_input_with_the_cli_messages(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    path = tmp_path / "routines" / "evening.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, "e", "evening")
        await type_into(pilot, "#step-hold", "8-")
        await type_into(pilot, "#step-reps", "2x")
        shown = check_text(app)
        assert "2 problems" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        assert path.read_text(encoding="utf-8") == EVENING
        assert editor.query_one("#step-hold", Input).value == "8-"
        assert editor.query_one("#step-reps", Input).value == "2x"
        assert any("Not saved: 2 problems" in n.message for n in app._notifications)
        assert editor.query_one(StepList).get_option_at_index(0).prompt.plain.startswith("!")

        # the same words as `lowback routines check` on a file with this content
        bad = tmp_path / "evening.toml"
        bad.write_text(EVENING.replace('hold = "8-10s"\nreps = 2', 'hold = "8-"\nreps = "2x"'))
        errors = io.StringIO()
        with redirect_stderr(errors):  # the app captures sys.stderr while it runs
            assert main(["routines", "check", str(bad)]) == 1
        cli_lines = errors.getvalue().strip().splitlines()
        assert len(cli_lines) == 2
        for line in cli_lines:
            assert line.replace(str(bad), "evening.toml") in shown

        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("n")  # keep editing: nothing is lost
        await wait_for_screen(pilot, EditorScreen)
        assert editor.query_one("#step-hold", Input).value == "8-"
        await type_into(pilot, "#step-hold", "9s")
        await type_into(pilot, "#step-reps", "2")
        assert "✓ Valid" in check_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_picker(pilot)
        assert path.read_text(encoding="utf-8") == EVENING


async def test_leaving_without_changes_does_not_ask(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, "e", "evening")
        await pilot.press("down", "up", "f1")
        await wait_for_screen(pilot, HelpScreen)
        assert "Move step down" in screen_text(app)
        await pilot.press("escape")
        await wait_for_screen(pilot, EditorScreen)
        await pilot.press("escape")
        await on_picker(pilot)


async def test_a_terminal_too_small_for_the_editor_says_so(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    async with app.run_test(size=(70, 20)) as pilot:
        editor = await open_editor(pilot, "e", "evening")
        await pilot.pause()
        assert editor.has_class("-too-small")
        assert "needs 80×24" in str(editor.query_one(TooSmall).render())


async def test_a_file_changed_outside_asks_before_it_is_replaced(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    path = tmp_path / "routines" / "evening.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, "e", "evening")
        await type_into(pilot, "#routine-name", "Evening two")
        path.write_text(EVENING + "# edited elsewhere\n")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("n")
        await wait_for_screen(pilot, EditorScreen)
        assert path.read_text().endswith("# edited elsewhere\n")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_picker(pilot)
        assert load_routine(path).name == "Evening two"


# -- delete, rename, $EDITOR -------------------------------------------------------------------


async def test_delete_asks_first(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    path = tmp_path / "routines" / "evening.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await on_picker(pilot, "evening")
        await pilot.press("x")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("n")
        await on_picker(pilot)
        assert path.exists()
        await on_picker(pilot, "evening")
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_picker(pilot)
        assert not path.exists()
        assert "evening" not in picker_ids(app)
        assert "evening" not in [entry.id for entry in app.screen.entries]


async def test_rename_changes_the_name_and_the_file(tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})
    async with app.run_test(size=(100, 30)) as pilot:
        await on_picker(pilot, "evening")
        await pilot.press("R")
        await wait_for_screen(pilot, NameDialog)
        await pilot.press("ctrl+k", *"Late evening")
        await pilot.press("enter")
        picker = await on_picker(pilot)
        path = tmp_path / "routines" / "late-evening.toml"
        assert load_routine(path).name == "Late evening"
        assert not (tmp_path / "routines" / "evening.toml").exists()
        assert picker.selected is not None and picker.selected.id == "late-evening"


def editor_script(tmp_path: Path, new_text: str) -> str:
    """An $EDITOR that replaces the file it is given with `new_text`."""
    content = tmp_path / "new-content.toml"
    content.write_text(new_text, encoding="utf-8")
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import pathlib, sys\n"
        f"pathlib.Path(sys.argv[1]).write_text(pathlib.Path({str(content)!r}).read_text())\n"
    )
    return f"{sys.executable} {script}"


async def test_an_invalid_edit_in_editor_is_kept_and_its_errors_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    broken = EVENING.replace('kind = "hold"', 'kind = "hodl"')
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, broken))
    app = make(tmp_path, {"evening": EVENING})
    app.suspend = nullcontext  # type: ignore[method-assign]  # headless: nothing to suspend
    path = tmp_path / "routines" / "evening.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await on_picker(pilot, "evening")
        await pilot.press("E")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == broken
        assert picker.selected is not None and picker.selected.id == "evening"
        assert picker.selected.routine is None
        error = [n for n in app._notifications if n.severity == "error"][-1]
        assert "evening.toml has errors" in error.title
        assert '"hodl" is not one of' in error.message or "'hodl' is not one of" in error.message
        assert "kind: 'hodl' is not one of" in preview_text(picker)
        await pilot.press("e")  # the in-app editor will not open a broken file
        await pilot.pause()
        assert app.screen is picker


async def test_a_valid_edit_in_editor_shows_at_once(tmp_path: Path, monkeypatch):
    changed = EVENING.replace('name = "Evening"', 'name = "Evening, edited"')
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, changed))
    app = make(tmp_path, {"evening": EVENING})
    app.suspend = nullcontext  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await on_picker(pilot, "evening")
        await pilot.press("E")
        await pilot.pause()
        assert picker.selected is not None and picker.selected.name == "Evening, edited"
        assert app.entries is picker.entries


# -- the look ----------------------------------------------------------------------------------


def test_editor_snapshot(snap_compare, tmp_path: Path):
    app = make(tmp_path, {"evening": EVENING})

    async def run_before(pilot) -> None:
        await open_editor(pilot, "e", "evening")
        await pilot.press("down")
        await type_into(pilot, "#step-hold", "30s+-")
        pilot.app.screen.query_one(StepList).focus()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


async def test_the_picker_keys_it_had_still_work(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_picker(pilot)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        assert "$EDITOR" in screen_text(app)
        await pilot.press("escape")
        await on_picker(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, "the app quit")


async def test_a_name_typed_in_one_burst_with_ctrl_s_is_saved_whole(tmp_path: Path):
    """Ctrl+S is a priority binding: it used to save before the keys typed just ahead of it
    (in the same read) reached the field."""
    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, "d", "floor-five")
        app.screen.query_one("#routine-name").focus()
        await pilot.press("end")
        burst(app, *" evening", "ctrl+s")
        await on_picker(pilot)
        [saved] = (tmp_path / "routines").glob("*.toml")
        assert load_routine(saved).name == "Floor five (copy) evening"
