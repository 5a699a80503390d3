"""Issue 19 §2, progression: a session with a hurt anywhere or more pain after is not good for
any of its steps, and a break of 14 days or more steps a target down, saying why."""

from __future__ import annotations

import datetime as dt

from test_coaching_core import PLANK, PUSH_UPS, SUPERMAN, WALL, push, routine, session

from lowback_tui.core.progression import today
from lowback_tui.core.records import DONE

DAY_AFTER_WALL = dt.datetime.fromtimestamp(WALL, dt.UTC).date()


def on(days_after_wall: int) -> dt.date:
    return DAY_AFTER_WALL + dt.timedelta(days=days_after_wall)


def plank_hurt_then_push_ups(number: int) -> object:
    """A core session where the plank hurt but push-ups reached 30 (the old "go on" path)."""
    return session(
        number, [("Plank", DONE, 40.0, None), ("Push-ups", DONE, None, 30)], hurt_step="Plank"
    )


def test_three_plank_hurt_sessions_do_not_raise_push_ups():
    core = routine(PLANK + PUSH_UPS)
    history = [plank_hurt_then_push_ups(n) for n in (1, 2, 3)]
    standing = today(core, history, on(4))[2]
    assert standing.target == 20 and standing.good_in_a_row == 0
    assert standing.line().startswith("Today 20 · [20] → 30 → 40 · 0 of 3 good sessions")


def test_more_pain_after_than_before_is_not_a_good_session():
    ladder = routine(PUSH_UPS)
    history = [push(1, 20), push(2, 20, pain=(2, 4)), push(3, 20)]
    assert today(ladder, history, on(4))[1].good_in_a_row == 1


def test_a_break_of_two_weeks_steps_a_ladder_down_one_rung_and_says_why():
    ladder = routine(PUSH_UPS)
    history = [push(n, 40) for n in range(1, 7)]  # 6 good sessions: rung 40
    assert today(ladder, history, on(7))[1].target == 40
    assert today(ladder, history, on(6 + 13))[1].target == 40  # 13 days: no break yet
    standing = today(ladder, history, on(6 + 21))[1]
    assert standing.target == 30 and standing.away_days == 21
    assert standing.line().startswith("Back after 3 weeks: 30 today · 20 → [30] → 40")
    long_away = today(ladder, history, on(6 + 400))[1]
    assert long_away.target == 30  # 400 days off no longer give 40 push-ups
    assert long_away.line().startswith("Back after 13 months: 30 today")


def test_a_session_after_a_break_counts_at_the_lower_rung():
    ladder = routine(PUSH_UPS + "advance_after = 1\n")
    history = [push(1, 20), push(2, 30)]  # climbed to 40
    assert today(ladder, history, on(3))[1].target == 40
    back = push(30, 30)  # 28 days later: ran at 30 and reached it
    standing = today(ladder, [*history, back], on(31))[1]
    assert standing.target == 40 and standing.away_days is None


def test_a_build_up_goes_back_to_its_start_after_a_break():
    build = routine(SUPERMAN + "advance_after = 1\n")
    history = [session(n, [("Superman", DONE, 30 + 15 * (n - 1), None)]) for n in range(1, 4)]
    assert today(build, history, on(4))[1].target == 75
    standing = today(build, history, on(3 + 14))[1]
    assert standing.target == 30 and standing.line().startswith("Back after 2 weeks: 30s today")
