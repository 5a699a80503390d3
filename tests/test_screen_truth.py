"""What the screens say is true and whole (issue 20, part 3): the summary at 80 columns, a note
opened to be added to, Quit from the command palette, a new routine's targets, one day's trends."""

from __future__ import annotations

from pathlib import Path

from helpers import advance, history_on_disk, make_app, screen_text, wait_for, wait_for_screen
from test_app_session import start

from lowback_tui.ui.screens.summary import SummaryScreen


def rendered(app) -> list[str]:
    """The screen as the terminal shows it, line by line (dialogs over what is behind)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_the_partial_summary_fits_80_columns(tmp_path: Path):
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "floor-five", pain=None)
        await pilot.press(*["n"] * 40)  # every hold skipped: the routine ends, partial
        await wait_for_screen(pilot, SummaryScreen)
        lines = rendered(app)
        box = [line for line in lines if "╭" in line or "╰" in line]
        assert len(box) == 2 and all(line.rstrip().endswith(("╮", "╯")) for line in box)
        shown = " ".join(" ".join(line.strip(" │") for line in lines).split())
        assert "a session counts (and keeps your streak) when at least 20 are." in shown
        assert "too little was done to count" in shown


async def test_the_summary_after_it_hurt_fits_80_columns_and_never_suggests_that_routine(
    tmp_path: Path,
):
    """The red flags after a "this hurts" stop are wrapped inside the box, whole; the calm
    routine suggested is never the one that just hurt (it said "such as … Floor five")."""
    from lowback_tui.ui.screens.dialogs import PainDialog

    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "floor-five", pain=None)
        await pilot.press("enter")  # the first hold starts
        await advance(pilot, clock, 2)
        await pilot.press("h")
        await wait_for_screen(pilot, PainDialog)
        await pilot.press("6", "enter")
        await wait_for_screen(pilot, SummaryScreen)
        lines = rendered(app)
        box = [line for line in lines if "╭" in line or "╰" in line]
        assert len(box) == 2 and all(line.rstrip().endswith(("╮", "╯")) for line in box)
        shown = " ".join(" ".join(line.strip(" │") for line in lines).split())
        assert "or weakness in a leg." in shown  # the urgent line, to its end
        assert "comes with fever or night pain." in shown
        assert "such as Static back may help" in shown and "Floor five may help" not in shown


async def test_a_note_opens_with_the_cursor_at_its_end(tmp_path: Path):
    app, clock = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "static-back", pain=None)
        await advance(pilot, clock, 100_000)
        await wait_for_screen(pilot, SummaryScreen)
        await pilot.press("n")
        await wait_for(pilot, lambda: "A note for this session" in screen_text(app))
        await pilot.press(*"calm", "enter")
        await wait_for_screen(pilot, SummaryScreen)
        await pilot.press("n")  # again: what is there stays, typing adds to it
        await wait_for(pilot, lambda: "A note for this session" in screen_text(app))
        await pilot.press(*", then stiff", "enter")
        await wait_for_screen(pilot, SummaryScreen)
        assert "calm, then stiff" in screen_text(app)
    [session] = history_on_disk(tmp_path)
    assert session["note"] == "calm, then stiff"


async def test_one_day_of_trends_has_an_axis_of_that_day():
    from progress_data import plank, pushups, session
    from test_trends_screen import TODAY, Host, ListSource, chart_text, counted

    from lowback_tui.ui.screens.trends import TrendsScreen
    from lowback_tui.ui.widgets.trend_charts import TrendChart

    day = [
        session(1, TODAY, holds=(plank(41.0), pushups(15)), pain=(5, 3)),
        session(2, TODAY, hour=18, holds=(plank(45.0), pushups(16)), pain=(4, 2)),
    ]
    screen = TrendsScreen(ListSource(day), tz="UTC", today=TODAY)
    async with Host(screen).run_test(size=(100, 32)) as pilot:
        await counted(pilot, screen)
        drawn = [chart_text(screen.query_one("#trends-pain", TrendChart))]
        for tab, pane in (("2", "holds"), ("3", "reps")):
            await pilot.press(tab)
            await wait_for(pilot, lambda pane=pane: screen.query(f"#trends-{pane} TrendChart"))
            await pilot.pause()
            [chart] = screen.query(f"#trends-{pane} TrendChart")
            drawn.append(chart_text(chart))  # type: ignore[arg-type]
        for text in drawn:
            axis = text.splitlines()[-1].split()
            assert axis == ["2026-06-01"], text  # that day alone, not 1963 to 2090


async def test_quit_from_the_command_palette_asks_during_a_session(tmp_path: Path):
    from textual.command import CommandList

    from lowback_tui.ui.screens.dialogs import ConfirmDialog
    from lowback_tui.ui.screens.timer import TimerScreen

    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        timer = await start(pilot, "floor-five", pain=None)

        async def palette_quit() -> None:
            await pilot.press("ctrl+p", *"Quit")
            commands = app.screen.query_one(CommandList)
            await wait_for(pilot, lambda: commands.option_count > 0)
            assert str(commands.get_option_at_index(0).prompt).startswith("Quit")
            await pilot.press("down", "enter")
            await wait_for_screen(pilot, ConfirmDialog)

        await palette_quit()
        assert "Quit lowback now?" in screen_text(app)
        assert timer.engine.paused  # the clock stops while it asks
        await pilot.press("enter")  # the safe answer: keep going
        await wait_for_screen(pilot, TimerScreen)
        assert app.is_running and not timer.engine.paused
        await pilot.press("question_mark")  # from over the help too
        await palette_quit()
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running, "the app to end")
    [session] = history_on_disk(tmp_path)
    assert session["status"] == "in progress"  # not ended: the next start offers to resume it


async def test_a_newly_saved_routine_shows_its_targets_at_once(tmp_path: Path):
    from helpers import preview_text
    from test_editor import make, open_editor

    from lowback_tui.ui.screens.picker import PickerScreen

    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, "d", "core-strength")  # a copy: a routine the coach never saw
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PickerScreen)
        picker = app.screen
        assert picker.selected is not None and picker.selected.id == "core-strength-copy"
        await wait_for(pilot, lambda: "\nToday\n" in preview_text(picker), "the targets")
        shown = preview_text(picker)
        assert "working out the targets" not in shown
        assert "Plank" in shown.split("\nToday\n")[1]  # its tracked steps, with today's target
