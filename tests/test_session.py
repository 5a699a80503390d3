"""The session engine, rule by rule (docs/design.md "A session"), driven by a fake clock."""

from __future__ import annotations

import random

import pytest

from lowback_tui.core.clock import FakeClock
from lowback_tui.core.records import (
    COMPLETED,
    DONE,
    HURT,
    PARTIAL,
    RELEASED_EARLY,
    SKIPPED,
    STOPPED,
)
from lowback_tui.core.routine import parse_routine
from lowback_tui.core.session import (
    Cue,
    HoldFinished,
    Phase,
    SessionEnded,
    SessionEngine,
    WallJump,
)


def routine(body: str, head: str = 'prepare = "5s"\nrest = "3s"'):
    return parse_routine(f'name = "T"\n{head}\n{body}', routine_id="t", source="t.toml")


def engine_for(body: str, head: str = 'prepare = "5s"\nrest = "3s"', **kwargs):
    clock = FakeClock()
    engine = SessionEngine(routine(body, head), clock, tz="UTC", **kwargs)
    return engine, clock


def advance(engine: SessionEngine, clock: FakeClock, seconds: float) -> list:
    clock.advance(seconds)
    return engine.tick()


def records(events: list) -> list:
    return [event.record for event in events if isinstance(event, HoldFinished)]


def cues(events: list) -> list[str]:
    return [event.strength for event in events if isinstance(event, Cue)]


STRETCH = '[[step]]\nname = "Tilt"\nhold = "8-10s"\n'


def test_get_ready_countdown_then_hold_with_start_cue():
    engine, clock = engine_for(STRETCH)
    engine.start()
    assert engine.phase is Phase.GET_READY
    assert engine.remaining() == 5
    events = advance(engine, clock, 5)
    assert engine.phase is Phase.HOLD
    assert cues(events) == ["start"]
    assert engine.remaining() == 10


def test_range_hold_soft_cue_at_minimum_strong_cue_and_end_at_maximum():
    engine, clock = engine_for(STRETCH)
    engine.start()
    advance(engine, clock, 5)
    assert cues(advance(engine, clock, 7.9)) == []
    assert cues(advance(engine, clock, 0.1)) == ["soft"]
    assert engine.phase is Phase.HOLD
    events = advance(engine, clock, 2)
    assert cues(events) == ["strong"]
    [record] = records(events)
    assert (record.held_seconds, record.outcome, record.planned) == (10, DONE, "8-10s")
    assert engine.status == COMPLETED


def test_release_after_minimum_records_time_held_as_done():
    engine, clock = engine_for(STRETCH)
    engine.start()
    advance(engine, clock, 5)
    advance(engine, clock, 8.6)
    [record] = records(engine.release())
    assert record.held_seconds == pytest.approx(8.6)
    assert record.outcome == DONE


def test_release_before_minimum_is_released_early():
    engine, clock = engine_for(STRETCH)
    engine.start()
    advance(engine, clock, 5)
    advance(engine, clock, 3)
    [record] = records(engine.release())
    assert record.held_seconds == pytest.approx(3)
    assert record.outcome == RELEASED_EARLY


def test_open_hold_counts_up_cues_at_target_and_ends_only_on_enter():
    engine, clock = engine_for('[[step]]\nname = "Plank"\nkind = "hold"\nhold = "30s+"\n')
    engine.start()
    advance(engine, clock, 5)
    assert engine.remaining() is None
    assert cues(advance(engine, clock, 30)) == ["soft"]
    assert advance(engine, clock, 600) == []
    assert engine.elapsed() == 630
    [record] = records(engine.release())
    assert (record.held_seconds, record.outcome, record.planned) == (630, DONE, "30s+")
    assert record.planned_max_seconds is None


def test_reps_step_counts_adjustable_and_records_count():
    engine, clock = engine_for('[[step]]\nname = "Push-ups"\nkind = "reps"\ntarget = 20\n')
    engine.start()
    advance(engine, clock, 5)
    assert engine.phase is Phase.COUNT
    assert engine.count == 0  # never the target: only what was done
    assert engine.release() == [] and engine.phase is Phase.COUNT  # untouched: not recorded
    engine.set_count(19)
    engine.adjust_count(-3)
    engine.adjust_count(+2)
    engine.set_count(5000)
    assert engine.count == 999
    engine.set_count(18)
    [record] = records(engine.release())
    assert (record.count_done, record.target_count, record.outcome) == (18, 20, RELEASED_EARLY)
    assert record.held_seconds is None


def test_sides_go_left_rest_right_with_rest_between():
    body = '[[step]]\nname = "Knee"\nhold = "8s"\nsides = "both"\nreps = 2\n'
    engine, clock = engine_for(body)
    engine.start()
    assert [(h.rep, h.side) for h in engine.plan] == [
        (1, "left"),
        (1, "right"),
        (2, "left"),
        (2, "right"),
    ]
    advance(engine, clock, 5)
    events = advance(engine, clock, 8)
    assert records(events)[0].side == "left"
    assert engine.phase is Phase.REST and engine.current.side == "right"
    assert engine.remaining() == 3
    advance(engine, clock, 3)
    assert engine.phase is Phase.HOLD and engine.current.side == "right"


def test_rest_kind_step_is_a_timed_pause_without_get_ready():
    breathe = '[[step]]\nname = "Breathe"\nkind = "rest"\nhold = "20s"\n'
    engine, clock = engine_for(STRETCH + breathe)
    engine.start()
    advance(engine, clock, 15)
    assert engine.phase is Phase.HOLD and engine.current.step.kind == "rest"
    assert engine.remaining() == 20


def test_pause_stops_the_clock_exactly_and_paused_time_never_counts():
    engine, clock = engine_for(STRETCH)
    engine.start()
    advance(engine, clock, 5)
    advance(engine, clock, 4)
    engine.toggle_pause()
    assert advance(engine, clock, 500) == []
    assert engine.elapsed() == 4
    engine.toggle_pause()
    events = advance(engine, clock, 6)
    [record] = records(events)
    assert record.held_seconds == 10
    assert engine.active_seconds() == 15


def test_skip_records_skipped_and_moves_on():
    engine, clock = engine_for(STRETCH * 2)
    engine.start()
    advance(engine, clock, 5)
    advance(engine, clock, 2)
    [record] = records(engine.skip())
    assert record.outcome == SKIPPED and record.index == 0
    assert engine.index == 1 and engine.phase is Phase.GET_READY


def test_skip_during_get_ready_skips_the_upcoming_hold():
    engine, _ = engine_for(STRETCH * 2)
    engine.start()
    [record] = records(engine.skip())
    assert (record.index, record.outcome, record.held_seconds) == (0, SKIPPED, 0)


def test_enter_cuts_a_countdown_short():
    engine, clock = engine_for(STRETCH)
    engine.start()
    advance(engine, clock, 1)
    engine.release()
    assert engine.phase is Phase.HOLD and engine.remaining() == 10


def test_back_returns_to_previous_hold_with_get_ready():
    engine, clock = engine_for(STRETCH * 2)
    engine.start()
    advance(engine, clock, 15)  # first hold done
    assert engine.index == 1
    engine.back()
    assert engine.index == 0 and engine.phase is Phase.GET_READY
    engine.back()
    assert engine.index == 0


def test_restart_begins_this_hold_again():
    engine, clock = engine_for(STRETCH)
    engine.start()
    advance(engine, clock, 5)
    advance(engine, clock, 9)
    engine.restart()
    assert engine.elapsed() == 0 and engine.phase is Phase.HOLD
    events = advance(engine, clock, 10)
    assert records(events)[0].held_seconds == 10


def test_stop_ends_with_status_stopped_and_keeps_done_holds():
    engine, clock = engine_for(STRETCH * 3)
    engine.start()
    done = records(advance(engine, clock, 15))
    events = engine.stop()
    assert isinstance(events[-1], SessionEnded) and engine.status == STOPPED
    assert len(done) == 1 and engine.ended
    assert engine.stop() == []


def test_hurt_ends_at_once_and_names_the_step():
    engine, clock = engine_for(STRETCH + '[[step]]\nname = "Bridge"\nsides = "left"\n')
    engine.start()
    advance(engine, clock, 15)
    advance(engine, clock, 7)
    engine.hurt()
    assert engine.status == HURT and engine.hurt_step == "Bridge — left"
    assert advance(engine, clock, 100) == []


def test_wall_clock_jump_during_hold_asks_and_counts_when_told():
    engine, clock = engine_for('[[step]]\nname = "Static"\nkind = "relax"\n')
    engine.start()
    advance(engine, clock, 5)
    advance(engine, clock, 60)
    clock.jump_wall(3600)  # slept an hour: monotonic time stood still
    events = engine.tick()
    assert events == [WallJump(3600)]
    assert engine.paused
    events = engine.answer_jump(counted=True)
    [record] = records(events)
    assert record.held_seconds == 1200 and engine.status == COMPLETED


def test_wall_clock_jump_not_counted_leaves_time_out():
    engine, clock = engine_for('[[step]]\nname = "Static"\nkind = "relax"\n')
    engine.start()
    advance(engine, clock, 5)
    advance(engine, clock, 60)
    clock.jump_wall(3600)
    engine.tick()
    engine.answer_jump(counted=False)
    assert not engine.paused
    assert engine.elapsed() == 60
    assert engine.remaining() == 1140


def test_small_wall_adjustment_is_not_a_jump():
    engine, clock = engine_for(STRETCH)
    engine.start()
    advance(engine, clock, 5)
    clock.jump_wall(2)  # an NTP correction
    assert not any(isinstance(e, WallJump) for e in engine.tick())


def test_twenty_minute_hold_with_irregular_late_and_dropped_ticks_ends_at_its_deadline():
    engine, clock = engine_for('[[step]]\nname = "Static"\nkind = "relax"\nhold = "20m"\n')
    rng = random.Random(7)
    engine.start()
    advance(engine, clock, 5)
    hold_start = clock.monotonic()
    deadline = hold_start + 1200
    finished = []
    while not finished:
        # irregular gaps, some late by seconds, many ticks dropped entirely
        clock.advance(rng.choice([0.013, 0.25, 0.9, 1.7, 4.2, 11.0]))
        if rng.random() < 0.4:
            continue
        finished = records(engine.tick())
    assert clock.monotonic() - deadline > 0.010  # the tick that noticed was late...
    assert abs(finished[0].held_seconds - 1200) <= 0.010  # ...the hold still ended on time
    assert abs(engine.active_seconds() - 1205) <= 0.010


def test_late_tick_hands_over_at_the_deadline_so_nothing_drifts():
    body = '[[step]]\nname = "Knee"\nhold = "8s"\nreps = 3\n'
    engine, clock = engine_for(body)
    engine.start()
    events = advance(engine, clock, 5 + 8 + 3 + 8 + 3 + 8 + 0.5)  # one tick for everything
    assert [r.held_seconds for r in records(events)] == [8, 8, 8]
    assert engine.status == COMPLETED
    assert engine.active_seconds() == 35


def test_next_deadline_points_at_the_soft_cue_then_the_end():
    engine, clock = engine_for(STRETCH)
    engine.start()
    start = clock.monotonic()
    assert engine.next_deadline() == start + 2  # "3, 2, 1" before the hold
    advance(engine, clock, 2)
    assert engine.next_deadline() == start + 5
    advance(engine, clock, 3)
    assert engine.next_deadline() == start + 13
    advance(engine, clock, 8)
    assert engine.next_deadline() == start + 15
    engine.toggle_pause()
    assert engine.next_deadline() is None


def test_resume_starts_at_the_given_hold():
    engine, clock = engine_for(STRETCH * 3, start_index=2, done_before={0: True, 1: True})
    engine.start()
    assert engine.index == 2 and engine.phase is Phase.GET_READY
    [record] = records(advance(engine, clock, 15))
    assert record.index == 2 and engine.status == COMPLETED


def test_zero_prepare_and_rest_go_straight_into_holds():
    body = '[[step]]\nname = "Knee"\nhold = "8s"\nreps = 2\n'
    engine, clock = engine_for(body, head='prepare = "0s"\nrest = "0s"')
    engine.start()
    assert engine.phase is Phase.HOLD
    advance(engine, clock, 8)
    assert engine.phase is Phase.HOLD and engine.current.rep == 2


@pytest.mark.parametrize("action", ["skip", "back", "restart", "release"])
def test_a_key_pressed_while_paused_never_counts_the_pause(action):
    engine, clock = engine_for(STRETCH * 3)
    engine.start()
    advance(engine, clock, 5 + 10 + 5 + 7)  # first step done, 7 s into the second hold
    engine.toggle_pause()
    clock.advance(600)
    events = getattr(engine, action)()
    later = advance(engine, clock, 0.5)  # nothing the pause "paid for" may finish now
    finished = records(events) + records(later)
    assert [r.held_seconds for r in finished] == ([] if action in ("back", "restart") else [7])
    assert not engine.ended and engine.elapsed() == pytest.approx(0.5)
    assert engine.active_seconds() == pytest.approx(27.5)


def test_release_during_a_paused_get_ready_starts_the_hold_from_zero():
    engine, clock = engine_for(STRETCH)
    engine.start()
    advance(engine, clock, 1)
    engine.toggle_pause()
    clock.advance(120)
    engine.release()
    assert engine.phase is Phase.HOLD and engine.elapsed() == 0


def test_stop_keeps_the_hold_under_way_as_released_early():
    engine, clock = engine_for('[[step]]\nname = "Static"\nkind = "relax"\n')
    engine.start()
    advance(engine, clock, 5 + 31)
    [record] = records(engine.stop())
    assert (record.held_seconds, record.outcome) == (31, RELEASED_EARLY)
    assert engine.status == STOPPED


def test_skipping_every_hold_is_not_a_completed_session():
    engine, _ = engine_for(STRETCH * 2)
    engine.start()
    engine.skip()
    engine.skip()
    assert engine.status == PARTIAL


def test_completed_needs_half_the_planned_holds_done_rests_aside():
    body = STRETCH * 3 + '[[step]]\nname = "Rest"\nkind = "rest"\nhold = "30s"\n'
    # Two of three done (the rest skipped): completed.
    engine, clock = engine_for(body)
    engine.start()
    advance(engine, clock, 15)
    advance(engine, clock, 15)
    engine.skip()
    engine.skip()
    assert engine.status == COMPLETED
    # One of three done, one released before its minimum, one skipped: partial.
    engine, clock = engine_for(body)
    engine.start()
    advance(engine, clock, 15)
    advance(engine, clock, 5 + 4)
    engine.release()
    engine.skip()
    advance(engine, clock, 30)
    assert engine.status == PARTIAL


def test_countdown_before_each_hold_and_minutes_left_in_a_long_hold():
    from lowback_tui.core.session import Countdown, MinutesLeft

    engine, clock = engine_for('[[step]]\nname = "Relax"\nkind = "relax"\nhold = "20m"\n')
    engine.start()
    assert [e for e in advance(engine, clock, 2) if isinstance(e, Countdown)] == [Countdown(3)]
    advance(engine, clock, 3)
    said = []
    for _ in range(20):
        said += [e.minutes for e in advance(engine, clock, 60) if isinstance(e, MinutesLeft)]
    assert said == [15, 10, 5] and engine.ended


def test_local_zone_name_reads_tz_and_rejects_what_is_not_a_zone():
    from lowback_tui.core.clock import local_zone_name

    assert local_zone_name({"TZ": "Europe/Berlin"}) == "Europe/Berlin"
    assert local_zone_name({"TZ": ":America/New_York"}) == "America/New_York"
    assert local_zone_name({"TZ": "Not/AZone"}) != "Not/AZone"
