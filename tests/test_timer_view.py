"""The timer's view of the engine: what colours the cue line comes from the engine's state."""

from __future__ import annotations

import pytest

from lowback_tui.core.clock import FakeClock
from lowback_tui.core.plan import step_length
from lowback_tui.core.routine import parse_routine
from lowback_tui.core.session import Phase, SessionEngine
from lowback_tui.ui.screens.timer import describe


def started(hold: str) -> tuple[SessionEngine, FakeClock]:
    text = f'name = "T"\nprepare = "5s"\n[[step]]\nname = "S"\nkind = "hold"\nhold = "{hold}"\n'
    clock = FakeClock()
    engine = SessionEngine(parse_routine(text, routine_id="t", source="t"), clock, tz="UTC")
    engine.start()
    clock.advance(5)
    engine.tick()
    assert engine.phase is Phase.HOLD
    return engine, clock


@pytest.mark.parametrize(("hold", "minimum"), [("8-10s", 8), ("30s+", 30)])
def test_may_release_comes_from_the_engine_at_the_minimum(hold: str, minimum: float):
    engine, clock = started(hold)
    clock.advance(minimum - 0.5)
    engine.tick()
    assert not describe(engine).may_release
    clock.advance(1)
    engine.tick()
    assert describe(engine).may_release


def test_a_fixed_hold_never_says_may_release():
    engine, clock = started("10s")
    clock.advance(9.5)
    engine.tick()
    assert not describe(engine).may_release


def test_a_paused_hold_past_its_minimum_keeps_the_colour_whatever_the_words():
    engine, clock = started("8-10s")
    clock.advance(9)
    engine.tick()
    engine.toggle_pause()
    view = describe(engine)
    assert view.may_release and "paused" in view.cue_line


def test_one_function_says_a_step_s_length():
    text = (
        'name = "T"\n[[step]]\nname = "A"\nhold = "8-10s"\n'
        '[[step]]\nname = "B"\nkind = "reps"\ntarget = 20\n'
        '[[step]]\nname = "C"\nkind = "hold"\nhold = "30s+"\n'
    )
    routine = parse_routine(text, routine_id="t", source="t")
    assert [step_length(step) for step in routine.steps] == ["8-10s", "20 reps", "30s+"]
