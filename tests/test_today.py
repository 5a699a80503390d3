"""`lowback today`: the day's plan from the history (issue 23), its JSON and its calendar file."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import icalendar
import pytest
from day_helpers import DAY, at, core_strength, pin_clock, seed, static_back

from lowback_tui.core.records import HURT
from lowback_tui.core.today import (
    DONE,
    LATER,
    MISSED,
    NEXT,
    NOT_TODAY,
    REST,
    DaySession,
    day_plan,
    parse_time_of_day,
)
from lowback_tui.core.today_text import plan_line, reminder
from lowback_tui.store.library import RoutineLibrary


def routines(home: Path) -> list:
    return [entry.routine for entry in RoutineLibrary.for_home(home).entries() if entry.routine]


def plan_at(home: Path, now: dt.datetime, *today: DaySession, **options: object) -> object:
    values: dict[str, object] = {
        "day": now.date(),
        "now": now.time(),
        "sessions_today": list(today),
        "recent": [],
        "rest_day": False,
        "flare": None,
        "routines": routines(home),
        "target_lines": {},
        "morning_at": dt.time(7, 30),
        "evening_at": dt.time(20, 0),
        "first_use": DAY - dt.timedelta(days=30),
    }
    values.update(options)
    return day_plan(**values)  # type: ignore[arg-type]


FLOOR = DaySession("static-back", "Static back", True, 40 * 60, False)
STRENGTH = DaySession("core-strength", "Core strength", True, 600, True)


# -- the pure plan ---------------------------------------------------------------------------


def test_the_morning_is_next_until_the_evening_comes_then_it_is_missed(tmp_path: Path):
    plan = plan_at(tmp_path, at(9))
    assert (plan.morning.state, plan.evening.state) == (NEXT, LATER)
    assert plan.morning.routine_id == "core-strength" and plan.evening.routine_id == "static-back"
    evening = plan_at(tmp_path, at(20, 30))
    assert (evening.morning.state, evening.evening.state) == (MISSED, NEXT)


def test_done_parts_and_the_floor_minutes_toward_two_hours(tmp_path: Path):
    plan = plan_at(tmp_path, at(21), FLOOR, STRENGTH)
    assert (plan.morning.state, plan.evening.state) == (DONE, DONE)
    assert plan.floor_minutes == 40 and plan.floor_goal == 120  # strength time is not floor time
    assert plan.next_part is None


def test_a_rest_day_and_a_flare_up_say_why_and_remind_of_nothing(tmp_path: Path):
    rest = plan_at(tmp_path, at(9), rest_day=True)
    assert (rest.morning.state, rest.evening.state) == (REST, REST)
    assert reminder(rest, rest.morning) is None
    flare = plan_at(tmp_path, at(20, 5), flare="pain 8/10 around Core strength")
    assert flare.morning.state == NOT_TODAY and "pain 8/10" in flare.morning.why
    assert flare.evening.state == NEXT and reminder(flare, flare.evening) is None
    assert plan_line(flare).startswith("Flare-up today (pain 8/10 around Core strength)")


def test_a_reminder_names_the_routine_and_the_floor_minutes(tmp_path: Path):
    plan = plan_at(tmp_path, at(20, 0), FLOOR)
    assert plan.evening.state == DONE  # a completed floor routine today is the evening's part
    stopped = DaySession("static-back", "Static back", False, 40 * 60, False)
    open_evening = plan_at(tmp_path, at(20, 0), stopped)  # 40 minutes, but not completed
    title, body = reminder(open_evening, open_evening.part_at(dt.time(20, 0)))
    assert title == "lowback: evening"
    assert "Static back" in body and "40 of 120 floor minutes so far" in body
    assert "a couple of hours on the floor" in body


def test_no_part_at_night_or_before_the_morning(tmp_path: Path):
    plan = plan_at(tmp_path, at(9))
    assert plan.part_at(dt.time(6, 59)) is None and plan.part_at(dt.time(22, 30)) is None
    assert plan.part_at(dt.time(7, 30)) is plan.morning
    assert plan.part_at(dt.time(21, 59)) is plan.evening


def test_the_first_week_says_relief_takes_months(tmp_path: Path):
    assert plan_at(tmp_path, at(9), first_use=DAY - dt.timedelta(days=6)).first_week
    assert not plan_at(tmp_path, at(9), first_use=DAY - dt.timedelta(days=7)).first_week
    assert "Relief takes months" in plan_at(tmp_path, at(9), first_use=None).notes[0]


@pytest.mark.parametrize("text", ["7:5", "24:00", "07:60", "", "0730", 730, "07:30pm"])
def test_a_time_of_day_that_is_not_hh_mm_is_refused_with_what_was_expected(text: object):
    with pytest.raises(ValueError, match="expected a time of day HH:MM such as 07:30"):
        parse_time_of_day(text, "morning")


# -- the command -----------------------------------------------------------------------------


def test_a_fresh_install_names_the_morning_and_the_evening(home: Path, cli, monkeypatch):
    pin_clock(monkeypatch, at(6, 45))
    code, out, err = cli("today")
    assert code == 0, err
    assert "Morning (07:30): A walk, then Core strength [next]" in out
    assert "Push-ups: Today 20 · [20] → 30 → 40" in out  # today's targets, from no history
    assert "Evening (20:00): Static back (~20 min), then more floor time [later]" in out
    assert "0 of 120 floor minutes so far (a couple of hours on the floor)" in out
    assert "Relief takes months" in out  # the first week of use
    assert not home.exists()  # a reading command creates nothing


def test_json_parses_and_follows_a_session(home: Path, cli, monkeypatch):
    pin_clock(monkeypatch, at(21))
    seed(home)
    _, out, _ = cli("today", "--json")
    before = json.loads(out)
    assert before["date"] == "2026-06-01"
    assert before["evening"]["state"] == "next" and before["floor_minutes"] == 0
    seed(home, static_back(at(20, 10)), core_strength(at(8)))
    _, out, _ = cli("today", "--json")
    after = json.loads(out)
    assert after["morning"]["state"] == "done" and after["evening"]["state"] == "done"
    assert after["floor_minutes"] == 20 and after["next"] is None


def test_a_hurt_this_morning_makes_strength_wait_with_why(home: Path, cli, monkeypatch):
    pin_clock(monkeypatch, at(10))
    seed(home, core_strength(at(8), status=HURT, hurt_step="Push-ups", hurt_level=6))
    _, out, _ = cli("today")
    assert 'Flare-up today: "this hurts" during Core strength.' in out
    assert "[not today]" in out


def test_a_rest_day_is_honoured(home: Path, cli, monkeypatch):
    pin_clock(monkeypatch, at(10))
    seed(home, rest_days=(DAY,))
    _, out, _ = cli("today", "--json")
    plan = json.loads(out)
    assert plan["rest_day"] and plan["morning"]["state"] == plan["evening"]["state"] == "rest day"


def test_times_come_from_settings_and_a_bad_one_is_said(home: Path, cli, monkeypatch):
    pin_clock(monkeypatch, at(10))
    home.mkdir(mode=0o700)
    (home / "settings.toml").write_text('morning = "06:15"\nevening = "8pm"\n')
    code, out, err = cli("today", "--json")
    assert code == 0
    assert json.loads(out)["morning"]["at"] == "06:15"
    assert json.loads(out)["evening"]["at"] == "20:00"
    expected = "evening: got '8pm', expected a time of day HH:MM such as 07:30; using the default"
    assert expected in err


# -- the calendar file -----------------------------------------------------------------------


def test_ics_holds_two_daily_events_with_alarms(home: Path, cli, monkeypatch, tmp_path: Path):
    pin_clock(monkeypatch, at(10))
    home.mkdir(mode=0o700)
    (home / "settings.toml").write_text('morning = "06:45"\n')
    target = tmp_path / "lowback.ics"
    code, _, err = cli("today", "--ics", "-o", str(target))
    assert code == 0, err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    starts = sorted(event.decoded("DTSTART") for event in events)
    assert starts == [dt.datetime(2026, 6, 1, 6, 45), dt.datetime(2026, 6, 1, 20, 0)]
    for event in events:
        assert event["RRULE"]["FREQ"] == ["DAILY"]
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1 and alarms[0]["ACTION"] == "DISPLAY"
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    assert summaries == ["lowback: a walk, then Core strength", "lowback: floor time, Static back"]
    evening = next(event for event in events if "floor" in str(event["SUMMARY"]))
    assert "a couple of hours on the floor" in str(evening["DESCRIPTION"])


def test_ics_never_replaces_a_file_without_force(home: Path, cli, monkeypatch, tmp_path: Path):
    pin_clock(monkeypatch, at(10))
    target = tmp_path / "mine.ics"
    target.write_text("my own calendar")
    code, _, err = cli("today", "--ics", "-o", str(target))
    assert code == 1 and "exists already; use --force" in err
    assert target.read_text() == "my own calendar"
    code, _, _ = cli("today", "--ics", "-o", str(target), "--force")
    assert code == 0 and target.read_text().startswith("BEGIN:VCALENDAR")


def test_ics_escapes_and_folds_a_routine_name_from_a_file(tmp_path: Path):
    from lowback_tui.core.ics import calendar_text

    routine = next(r for r in routines(tmp_path) if r.id == "static-back")
    import dataclasses

    odd = dataclasses.replace(routine, name="Back; on the floor, legs up\\ " + "long " * 20)
    plan = plan_at(tmp_path, at(9), routines=[odd])
    text = calendar_text(plan, at(9))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    evening = next(e for e in calendar.walk("VEVENT") if "floor" in str(e["SUMMARY"]))
    assert str(evening["SUMMARY"]).startswith("lowback: floor time, Back; on the floor, legs up\\ ")
