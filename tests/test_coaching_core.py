"""Coaching in core/: the gate, ladders and build-ups in routine files, today's target from the
history (property-tested), the gate in the session engine, flare-up days."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.clock import FakeClock, iso_from_wall
from lowback_tui.core.flare import calm_first_key, flare_up, is_strength
from lowback_tui.core.progression import today, with_targets
from lowback_tui.core.records import (
    COMPLETED,
    DONE,
    GATE_NOT_PASSED,
    HURT,
    RELEASED_EARLY,
    SKIPPED,
    STOPPED,
    HoldRecord,
    SessionRecord,
)
from lowback_tui.core.routine import RoutineError, parse_routine
from lowback_tui.core.routine_toml import routine_to_toml
from lowback_tui.core.session import GateQuestion, HoldFinished, Phase, SessionEngine
from lowback_tui.store.library import load_routine

PUSH_UPS = '[[step]]\nname = "Push-ups"\nkind = "reps"\ntarget = [20, 30, 40]\n'
SUPERMAN = (
    '[[step]]\nname = "Superman"\nkind = "hold"\nhold = "2m"\nstart = "30s"\nincrease = "15s"\n'
)
PLANK = '[[step]]\nname = "Plank"\nkind = "hold"\nhold = "30s+"\ngate = true\n'
STRETCH = '[[step]]\nname = "Tilt"\nhold = "8-10s"\n'


def routine(body: str, routine_id: str = "t"):
    head = 'name = "T"\nprepare = "5s"\nrest = "3s"\n'
    return parse_routine(head + body, routine_id=routine_id, source=f"{routine_id}.toml")


def problems(body: str) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        routine(body)
    return [str(problem) for problem in caught.value.problems]


# -- the new keys in routine files ----------------------------------------------------------


def test_ladder_build_up_and_gate_are_read():
    loaded = routine(PLANK + PUSH_UPS + SUPERMAN)
    plank, push, superman = loaded.steps
    assert plank.gate and not push.gate
    assert push.ladder == (20, 30, 40) and push.target == 20 and push.advance_after == 3
    assert superman.start is not None and superman.start.minimum == 30
    assert superman.increase is not None and superman.increase.minimum == 15
    assert superman.hold is not None and superman.hold.minimum == 120


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (
            '[[step]]\nname = "Tilt"\ngate = true\n',
            't.toml: step 1 "Tilt": gate: a gate needs a target to test, and a "stretch" step',
        ),
        (
            '[[step]]\nname = "Rest"\nkind = "rest"\nhold = "30s"\ngate = true\n',
            't.toml: step 1 "Rest": gate: a gate needs a target',
        ),
        (
            '[[step]]\nname = "P"\nkind = "hold"\ngate = "yes"\n',
            "gate: got 'yes', expected true or false",
        ),
        (
            '[[step]]\nname = "Push"\nkind = "reps"\ntarget = [30, 20]\n',
            't.toml: step 1 "Push": target: goes down or stays (30 then 20)',
        ),
        (
            '[[step]]\nname = "Push"\nkind = "reps"\ntarget = ["twenty", 30]\n',
            "target: has the rung 'twenty', expected whole numbers",
        ),
        ('[[step]]\nname = "Push"\nkind = "reps"\ntarget = []\n', "target: is an empty ladder"),
        (
            '[[step]]\nname = "Push"\nkind = "reps"\ntarget = [20, 30]\nadvance_after = 0\n',
            't.toml: step 1 "Push": advance_after: got 0, expected a whole number of sessions',
        ),
        (
            '[[step]]\nname = "Push"\nkind = "reps"\ntarget = [20, 30]\nadvance_after = 1.5\n',
            "advance_after: got 1.5, expected a whole number",
        ),
        (
            '[[step]]\nname = "S"\nkind = "hold"\nhold = "1m"\nstart = "2m"\nincrease = "15s"\n',
            't.toml: step 1 "S": start: is 2m, longer than the hold of 1m',
        ),
        (
            '[[step]]\nname = "S"\nkind = "hold"\nhold = "1m"\nstart = "30s"\nincrease = "0s"\n',
            "t.toml: step 1 \"S\": increase: '0s' is zero",
        ),
        (
            '[[step]]\nname = "S"\nkind = "hold"\nhold = "1m"\nstart = "30s"\n',
            "start: needs increase too: a build-up has both",
        ),
        (
            '[[step]]\nname = "S"\nkind = "hold"\nhold = "30s+"\nstart = "10s"\nincrease = "5s"\n',
            "start: a build-up needs a fixed hold to end at (30s+)",
        ),
        (
            '[[step]]\nname = "S"\nkind = "stretch"\nstart = "5s"\nincrease = "1s"\n',
            'start: a build-up is only for kind "hold"',
        ),
        (
            '[[step]]\nname = "S"\nkind = "hold"\nhold = "1m"\nadvance_after = 2\n',
            "advance_after: is only used with a target ladder",
        ),
        ('[[step]]\nname = "S"\nkind = "hold"\ngait = true\n', 'unknown key, did you mean "gate"?'),
    ],
)
def test_bad_coaching_keys_name_file_step_and_field(body: str, says: str):
    found = problems(body)
    assert any(says in problem for problem in found), found


def test_routines_check_reports_a_bad_ladder(cli, tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text('name = "Mine"\n[[step]]\nname = "Push"\nkind = "reps"\ntarget = [20, 10]\n')
    code, _out, err = cli("routines", "check", str(path))
    assert code != 0
    assert f'{path}: step 1 "Push": target: goes down or stays (20 then 10)' in err


def test_the_new_keys_survive_a_round_trip_through_toml():
    loaded = routine(PLANK + PUSH_UPS + SUPERMAN)
    text = routine_to_toml(loaded)
    assert "gate = true" in text and "target = [20, 30, 40]" in text and 'start = "30s"' in text
    assert parse_routine(text, routine_id="t", source="t") == loaded


def test_builtin_core_strength_loads_with_gate_ladders_and_build_up():
    core = load_routine(builtin_routines_dir() / "core-strength.toml")
    assert [s.name for s in core.steps if s.gate] == ["Plank"]
    assert [s.ladder for s in core.steps if s.ladder] == [(20, 30, 40)] * 3
    (superman,) = [s for s in core.steps if s.start is not None]
    assert superman.hold is not None and superman.hold.minimum == 120


# -- today's target from the history --------------------------------------------------------

WALL = 1_780_308_000.0


def session(
    number: int,
    holds: list[tuple[str, str, float | None, int | None]],
    *,
    routine_id: str = "t",
    hurt_step: str | None = None,
    pain: tuple[int | None, int | None] = (3, 3),
    status: str = COMPLETED,
) -> SessionRecord:
    """A session `number` days after WALL with holds (step name, outcome, seconds, count)."""
    start = WALL + number * 86_400
    records = tuple(
        HoldRecord(
            index,
            index + 1,
            name,
            "reps" if count is not None else "hold",
            None,
            1,
            1,
            "",
            None,
            None,
            None,
            seconds,
            count,
            outcome,
            iso_from_wall(start + index, "UTC"),
        )
        for index, (name, outcome, seconds, count) in enumerate(holds)
    )
    return SessionRecord(
        id=f"s{number:04d}",
        routine_id=routine_id,
        routine_name="T",
        started_at=iso_from_wall(start, "UTC"),
        status=HURT if hurt_step else status,
        holds=records,
        pain_before=pain[0],
        pain_after=pain[1],
        hurt_step=hurt_step,
    )


def push(number: int, count: int, **kwargs) -> SessionRecord:
    return session(number, [("Push-ups", DONE, None, count)], **kwargs)


def test_no_history_gives_the_first_rung():
    progress = today(routine(PUSH_UPS + SUPERMAN), [])
    assert progress[1].target == 20 and progress[1].rungs_text() == "[20] → 30 → 40"
    assert progress[2].target == 30 and progress[2].best is None


def test_three_good_sessions_climb_one_rung_and_a_hurt_goes_back_down():
    ladder = routine(PUSH_UPS)
    history = [push(1, 20), push(2, 22), push(3, 20)]
    assert today(ladder, history[:2])[1].target == 20
    standing = today(ladder, history)[1]
    assert standing.target == 30 and standing.rungs_text() == "20 → [30] → 40"
    assert standing.best == 22
    hurt = push(4, 5, hurt_step="Push-ups")
    assert today(ladder, [*history, hurt])[1].target == 20


def test_a_session_short_of_the_target_or_with_more_pain_breaks_the_run():
    ladder = routine(PUSH_UPS)
    assert today(ladder, [push(1, 20), push(2, 19), push(3, 20), push(4, 20)])[1].target == 20
    worse = push(2, 20, pain=(3, 5))
    assert today(ladder, [push(1, 20), worse, push(3, 20), push(4, 20)])[1].target == 20
    unknown = push(2, 20, pain=(None, None))  # no check-in: no sign it got worse
    assert today(ladder, [push(1, 20), unknown, push(3, 20)])[1].target == 30


def test_advance_after_and_top_rung():
    ladder = routine(PUSH_UPS.replace("[20, 30, 40]", "[20, 30]") + "advance_after = 1\n")
    history = [push(n, 40) for n in range(1, 6)]
    standing = today(ladder, history)[1]
    assert standing.target == 30 and standing.line().startswith("Today 30 · 20 → [30]")
    assert "top rung" in standing.line()


def test_build_up_grows_by_the_increase_up_to_the_hold():
    build = routine(SUPERMAN + "advance_after = 1\n")
    sessions = [session(n, [("Superman", DONE, 30 + 15 * (n - 1), None)]) for n in range(1, 4)]
    assert today(build, sessions)[1].target == 75
    full = [session(n, [("Superman", DONE, 120.0, None)]) for n in range(1, 20)]
    assert today(build, full)[1].target == 120
    assert "[2m]" in today(build, full)[1].rungs_text()


def test_open_holds_keep_a_personal_best():
    plank = routine(PLANK)
    history = [session(n, [("Plank", DONE, s, None)]) for n, s in ((1, 41.5), (2, 63.0), (3, 50))]
    standing = today(plank, history)[1]
    assert standing.best == 63.0 and standing.target is None
    assert standing.line() == "best 1m3s"


def test_with_targets_makes_the_engine_run_todays_target():
    ladder = routine(PUSH_UPS + SUPERMAN)
    history = [
        session(n, [("Push-ups", DONE, None, 30), ("Superman", DONE, 30, None)])
        for n in range(1, 4)
    ]
    progress = today(ladder, history)
    effective = with_targets(ladder, progress)
    assert effective.steps[0].target == 30
    assert effective.steps[1].hold is not None and effective.steps[1].hold.maximum == 45
    engine = SessionEngine(effective, FakeClock(), tz="UTC")
    engine.start()
    engine.release()  # past the get-ready
    assert engine.phase is Phase.COUNT
    assert engine.current is not None and engine.current.step.target == 30


def test_other_routines_and_unknown_steps_do_not_count():
    ladder = routine(PUSH_UPS)
    others = [push(n, 40, routine_id="other") for n in range(1, 5)]
    assert today(ladder, others)[1].target == 20


SESSIONS = st.lists(
    st.tuples(
        st.integers(0, 45),  # count done
        st.sampled_from([DONE, RELEASED_EARLY, SKIPPED]),
        st.booleans(),  # hurt at the step
        st.integers(0, 10),
        st.integers(0, 10),
    ),
    max_size=30,
)


def _history(draws) -> list[SessionRecord]:
    return [
        push(n, count, hurt_step="Push-ups" if hurt else None, pain=(before, after))
        if outcome == DONE
        else session(
            n,
            [("Push-ups", outcome, None, count)],
            hurt_step="Push-ups" if hurt else None,
            pain=(before, after),
        )
        for n, (count, outcome, hurt, before, after) in enumerate(draws, start=1)
    ]


@settings(max_examples=150, deadline=None)
@given(SESSIONS, st.integers(1, 4))
def test_property_never_above_the_top_never_up_after_a_hurt_always_the_same(draws, after):
    ladder = routine(PUSH_UPS + f"advance_after = {after}\n")
    history = _history(draws)
    for cut in range(len(history) + 1):
        standing = today(ladder, history[:cut])[1]
        assert standing.target in (20, 30, 40)
        assert 0 <= standing.rung < len(standing.rungs)
        if cut and history[cut - 1].hurt_step is not None:
            before = today(ladder, history[: cut - 1])[1]
            assert standing.rung <= before.rung
            assert standing.rung == max(0, before.rung - 1)
    shuffled = history[:]
    random.Random(len(history)).shuffle(shuffled)
    assert today(ladder, history) == today(ladder, shuffled) == today(ladder, list(history))


# -- the gate in the engine -----------------------------------------------------------------


def gate_engine(body: str = PLANK + PUSH_UPS + STRETCH):
    clock = FakeClock()
    engine = SessionEngine(routine(body), clock, tz="UTC")
    engine.start()
    clock.advance(5)
    engine.tick()
    assert engine.phase is Phase.HOLD
    return engine, clock


def test_a_gate_released_early_asks_and_the_safe_answer_skips_the_rest_and_ends():
    engine, clock = gate_engine()
    clock.advance(12)
    events = engine.release()
    assert events[-1] == GateQuestion("Plank", hurt=False)
    assert not engine.ended and engine.paused
    clock.advance(100)  # the question is up: the clock is stopped
    assert engine.tick() == []
    events = engine.answer_gate(False)
    records = [event.record for event in events if isinstance(event, HoldFinished)]
    assert [(r.step_name, r.outcome, r.reason) for r in records] == [
        ("Plank", RELEASED_EARLY, None),
        ("Push-ups", SKIPPED, GATE_NOT_PASSED),
        ("Tilt", SKIPPED, GATE_NOT_PASSED),
    ]
    assert records[0].held_seconds == 12
    assert engine.ended and engine.status == STOPPED


def test_going_on_after_a_gate_question_continues_the_routine():
    engine, clock = gate_engine()
    clock.advance(10)
    engine.release()
    events = engine.answer_gate(True)
    records = [event.record for event in events if isinstance(event, HoldFinished)]
    assert [(r.step_name, r.outcome) for r in records] == [("Plank", RELEASED_EARLY)]
    assert not engine.ended and engine.current is not None
    assert engine.current.step.name == "Push-ups"


def test_this_hurts_at_a_gate_asks_nothing_and_ends_the_strength_work_as_hurt():
    engine, clock = gate_engine()
    clock.advance(40)
    events = engine.hurt()  # article 001: if it hurts, don't -- there is no "go on"
    assert not any(isinstance(event, GateQuestion) for event in events)
    assert engine.pending_gate is None and engine.ended
    records = [event.record for event in events if isinstance(event, HoldFinished)]
    assert records[0].outcome == DONE  # it reached 30 s before it hurt
    assert [r.step_name for r in records[1:]] == ["Push-ups", "Tilt"]
    assert all(r.reason == GATE_NOT_PASSED for r in records[1:])
    assert engine.status == HURT and engine.hurt_step == "Plank"


def test_a_gate_held_to_its_target_asks_nothing():
    engine, clock = gate_engine()
    clock.advance(31)
    events = engine.release()
    assert not any(isinstance(event, GateQuestion) for event in events)
    assert engine.pending_gate is None


def test_skipping_a_gate_asks_too_and_the_safe_answer_records_it_skipped():
    engine, _clock = gate_engine()
    events = engine.skip()
    assert events == [GateQuestion("Plank", hurt=False)]
    records = [e.record for e in engine.answer_gate(False) if isinstance(e, HoldFinished)]
    assert records[0].outcome == RELEASED_EARLY and records[0].held_seconds == 0
    assert [r.reason for r in records[1:]] == [GATE_NOT_PASSED, GATE_NOT_PASSED]


def test_this_hurts_outside_a_gate_still_stops_at_once():
    engine, clock = gate_engine(STRETCH)
    clock.advance(3)
    engine.hurt()
    assert engine.ended and engine.status == HURT


# -- flare-up days --------------------------------------------------------------------------


def test_flare_up_after_a_hurt_or_pain_of_seven_on_that_local_day_only():
    day = dt.date(2026, 6, 2)
    calm = push(1, 20)
    assert flare_up([calm], day, "UTC") is None
    hurt = push(1, 5, hurt_step="Push-ups")
    assert flare_up([hurt], day, "UTC") == '"this hurts" during T'
    assert flare_up([hurt], day + dt.timedelta(days=1), "UTC") is None
    assert flare_up([push(1, 20, pain=(7, 3))], day, "UTC") == "pain 7/10 before T"
    assert flare_up([push(1, 20, pain=(2, 8))], day, "UTC") == "pain 8/10 after T"
    assert flare_up([push(1, 20, pain=(6, 6))], day, "UTC") is None
    late = replace(push(1, 20, pain=(9, 9)), started_at="2026-06-02T23:30:00-10:00")
    assert flare_up([late], day, "Pacific/Honolulu") is not None
    assert flare_up([late], day, "UTC") is None  # 09:30 on the 3rd in UTC


def test_strength_and_calm_order():
    strength, stretch = routine(PUSH_UPS), routine(STRETCH)
    relax = routine('[[step]]\nname = "Still"\nkind = "relax"\n')
    assert is_strength(strength) and not is_strength(stretch)
    ordered = sorted([strength, stretch, relax], key=calm_first_key)
    assert ordered == [relax, stretch, strength]


def test_the_editor_keeps_gate_ladders_and_build_up_of_a_duplicate():
    from lowback_tui.ui.screens.editor_draft import RoutineDraft

    core = load_routine(builtin_routines_dir() / "core-strength.toml")
    draft = RoutineDraft.from_routine(core)
    assert draft.steps[2].target == "20, 30, 40"
    checked, problems = draft.check(routine_id="core-strength", source="core-strength.toml")
    assert problems == () and checked == core
    draft.steps[2].target = "20, 30, 25"
    _, problems = draft.check(routine_id="mine", source="mine.toml")
    assert [str(p) for p in problems] == [
        'mine.toml: step 3 "Push-ups": target: goes down or stays (30 then 25), expected whole '
        "numbers from low to high, such as [20, 30, 40]"
    ]
