"""Issue 19 §1: the how-to is always in reach. During the get-ready of every built-in step, at
80x24, the step's first instruction sentence is on the screen as drawn (not only in a widget
that a short terminal hides); `i` opens the step's card at any moment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import advance, make_app, wait_for, wait_for_screen
from test_coaching_app import take_the_test

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.session import Phase
from lowback_tui.store.library import load_routine
from lowback_tui.ui.screens.dialogs import ConfirmDialog
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.screens.timer import TimerScreen

BUILTIN = sorted(path.stem for path in builtin_routines_dir().glob("*.toml"))


def drawn(app) -> str:
    """The screen as drawn, one line of text per row, with runs of spaces made one."""
    rows = (strip.text for strip in app.screen._compositor.render_strips())
    return re.sub(r"\s+", " ", " ".join(rows))


def first_sentence(instructions: str) -> str:
    line = instructions.strip().splitlines()[0]
    return re.split(r"(?<=[.;:])\s", line)[0]


def test_there_are_28_exercise_steps_with_instructions():
    steps = [
        step
        for routine_id in BUILTIN
        for step in load_routine(builtin_routines_dir() / f"{routine_id}.toml").steps
        if step.kind != "rest"
    ]
    assert len(steps) == 28 and all(step.instructions.strip() for step in steps)


@pytest.mark.parametrize("routine_id", BUILTIN)
async def test_every_get_ready_at_80x24_shows_the_first_instruction_sentence(
    tmp_path: Path, routine_id: str
):
    app, clock = make_app(tmp_path, pain_checkin=False)
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.query_one("#routines").highlighted = [e.id for e in picker.entries].index(routine_id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(isinstance(s, TimerScreen) for s in app.screen_stack))
        timer = next(s for s in app.screen_stack if isinstance(s, TimerScreen))
        engine = timer.engine
        while not engine.ended:
            hold = engine.current
            assert hold is not None
            if engine.phase is Phase.GET_READY:
                await pilot.pause()
                if isinstance(app.screen, ConfirmDialog):  # before the plank: it will not hurt
                    await pilot.press("y")
                    await wait_for_screen(pilot, TimerScreen)
                sentence = first_sentence(hold.step.instructions)
                rows = [strip.text for strip in app.screen._compositor.render_strips()]
                assert sentence in drawn(app), "\n".join(rows)
                seen.append(hold.step.name)
            number = hold.step_number
            while not engine.ended and engine.current.step_number == number:
                await pilot.press("n")
                if isinstance(app.screen, ConfirmDialog):  # the plank gate: go on
                    await pilot.press("y")
                    await wait_for_screen(pilot, TimerScreen)
                await advance(pilot, clock, 0)
        routine = engine.routine
    assert seen == [step.name for step in routine.steps if step.kind != "rest"]


async def test_i_opens_the_card_with_instructions_caution_and_source_and_speaks_it(
    tmp_path: Path,
):
    from devkit.fake_cues import FakeSpeaker
    from lowback_tui.ui.screens.step_card import StepCard

    speaker = FakeSpeaker()
    app, clock = make_app(tmp_path, pain_checkin=False, speaker=speaker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        picker = app.screen
        picker.query_one("#routines").highlighted = [e.id for e in picker.entries].index(
            "core-strength"
        )
        await pilot.press("enter")
        await take_the_test(pilot)
        footer = app.screen._compositor.render_strips()[-1].text
        assert "i Info" in footer and "? Help" in footer  # both fit at 80 columns
        await advance(pilot, clock, 10 + 5)  # into the plank's hold
        timer = app.screen
        await pilot.press("i")
        await wait_for_screen(pilot, StepCard)
        text = drawn(app)
        assert "Lie face down and prop yourself up on your forearms" in text
        assert "Source: Exercise for Lower Back Pain" in text
        await pilot.press("end")  # the card scrolls: the routine's caution is below
        await pilot.pause()
        assert "Caution: See your physician before strength work" in drawn(app)
        assert speaker.transcript[-1].startswith("Plank. Lie face down and prop yourself up")
        assert "it brings on back pain, come down" in speaker.transcript[-1]
        held = timer.engine.elapsed()
        await advance(pilot, clock, 60)  # the clock is stopped while the card is open
        assert timer.engine.elapsed() == held
        await pilot.press("escape")
        await wait_for_screen(pilot, TimerScreen)
        assert not timer.engine.paused
