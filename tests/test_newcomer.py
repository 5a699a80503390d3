"""What a new user tripped over (issue 12, part 8), each fixed and kept so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import burst, make_app, wait_for, wait_for_screen
from test_editor import make, open_editor
from textual.widgets import Input

from lowback_tui.store.library import load_routine
from lowback_tui.ui.screens.editor import EditorScreen
from lowback_tui.ui.screens.history import HistoryScreen
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.timer import TimerScreen
from lowback_tui.ui.widgets.footer import KeysFooter


async def test_enter_on_a_step_then_a_key_adds_to_its_name(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, "d", "floor-five")
        await pilot.press("enter", "s")
        assert editor.query_one("#step-name", Input).value == "Pelvic tilts"


async def test_enter_on_a_step_moves_the_focus_at_once_so_a_tab_behind_it_is_not_undone(
    tmp_path: Path,
):
    # A Tab typed right behind Enter is handled before any message Enter sent: if Enter only
    # asked for the focus to move later (OptionSelected, focus()), that move would come after
    # the Tab and undo it, and the next keys would land back in the step's name.
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, "d", "floor-five")
        steps = editor.query_one("#editor-steps")
        assert app.focused is steps
        [enter] = [b for b in steps._bindings.key_to_bindings["enter"]]
        assert enter.action == "screen.edit_step"
        editor.action_edit_step()
        assert app.focused is editor.query_one("#step-name")  # now, not on a later turn
        await pilot.press("tab", "tab", "tab", "9")
        assert editor.query_one("#step-hold", Input).value == "8-10s9"


async def test_the_field_being_typed_in_stands_out(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, "d", "floor-five")
        await pilot.press("enter")
        name, hold = editor.query_one("#step-name", Input), editor.query_one("#step-hold", Input)
        assert app.focused is name
        assert name.styles.background != hold.styles.background
        label = name.parent.query_one(".editor-label")
        assert label.styles.color != hold.parent.query_one(".editor-label").styles.color


async def test_duplicating_twice_gives_two_names(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(2):
            await open_editor(pilot, "d", "floor-five")
            await pilot.press("ctrl+s")
            await wait_for_screen(pilot, PickerScreen)
    names = sorted(load_routine(path).name for path in (tmp_path / "routines").glob("*.toml"))
    assert names == ["Floor five (copy 2)", "Floor five (copy)"]


async def test_the_editor_refuses_a_name_another_routine_has(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, "n")
        await pilot.press(*"static BACK")
        await pilot.pause()
        report = str(editor.query_one("#editor-problems-text").render())
        assert "another routine is called 'static BACK' already" in report
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EditorScreen)  # not saved
    assert list((tmp_path / "routines").glob("*.toml")) == []


async def test_the_picker_footer_shows_help_and_quit_at_80_columns(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await pilot.pause()
        footer = app.screen._compositor.render_strips()[-1].text
        assert "? Help" in footer and "q Quit" in footer, footer


async def test_down_and_enter_in_one_burst_start_the_routine_the_picker_shows(tmp_path: Path):
    """Enter is a priority binding (the footer shows "Start"): it used to act before a Down
    that came in the same read, and started the routine highlighted before it."""
    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "the history")
        await wait_for_screen(pilot, PickerScreen)
        picker = app.screen
        assert isinstance(picker, PickerScreen) and picker.selected is not None
        first = picker.selected.id
        burst(app, "down", "down", "enter")
        await wait_for_screen(pilot, TimerScreen)
        assert picker.selected is not None and picker.selected.id != first
        timer = app.screen
        assert isinstance(timer, TimerScreen)
        record = app.repository.get(timer.runner.session_id)  # type: ignore[union-attr]
        assert record is not None and record.routine_id == picker.selected.id


async def test_a_click_on_a_footer_key_presses_it(tmp_path: Path):
    """The footer is one line of text now, not a widget per key: a click still finds its key."""
    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await wait_for(pilot, app.history_ready.is_set, "the history")
        await pilot.pause()
        footer = app.screen._compositor.render_strips()[-1].text
        column = footer.index("h History")
        await pilot.click(KeysFooter, offset=(column + 3, 0))  # on the word "History"
        await wait_for_screen(pilot, HistoryScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, PickerScreen)
        footer = app.screen._compositor.render_strips()[-1].text
        await pilot.click(KeysFooter, offset=(footer.index("^p palette") + 4, 0))
        await wait_for(pilot, lambda: app.screen.id == "--command-palette", "the palette")
        picker = next(s for s in app.screen_stack if isinstance(s, PickerScreen))
        assert len(picker.query(KeysFooter)) == 1 and not picker.query(KeysFooter).first().children


async def test_the_history_footer_shows_help_and_back_at_80_columns(tmp_path: Path):
    app = make(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, PickerScreen)
        await wait_for(pilot, app.history_ready.is_set, "the history")
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await pilot.pause()
        footer = app.screen._compositor.render_strips()[-1].text
        assert "? Help" in footer and "esc Back" in footer and "t Trends" in footer, footer


async def test_the_footer_says_what_enter_does_as_soon_as_the_hold_begins(tmp_path: Path):
    """The footer is rebuilt only when its keys change, but then at the next frame: Enter's
    label follows the phase ("Start now" in the get-ready, "Release" in the hold)."""
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "the history")
        app.start_by_id("static-back")
        await wait_for_screen(pilot, TimerScreen)
        await pilot.pause()
        assert "⏎ Start now" in app.screen._compositor.render_strips()[-1].text
        await pilot.press("enter")  # start the hold now
        await pilot.pause()
        footer = app.screen._compositor.render_strips()[-1].text
        assert "⏎ Release" in footer and "Start now" not in footer, footer


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
async def test_the_preview_sets_each_step_s_length_apart_from_its_name_in_a_column(
    tmp_path: Path, size: tuple[int, int]
):
    app, _ = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_screen(pilot, PickerScreen)  # Floor five, highlighted on a first start
        app.screen.query_one("#preview-pane").scroll_end(animate=False)
        await pilot.pause()
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        steps = [line for line in lines if "8-10s" in line]
        assert len(steps) == 5, "\n".join(lines)
        assert re.search(r" 2\. Knee to chest +8-10s × 5 each side", steps[1]), steps[1]
        assert len({line.index("8-10s") for line in steps}) == 1  # the lengths line up
        # In a screenshot every span starts with its text: an SVG renderer that drops a span's
        # leading spaces (librsvg) would draw "Knee to chest8-10s".
        svg = app.export_screenshot()
        assert not re.search(r">(&#160;)+8-10s", svg)
