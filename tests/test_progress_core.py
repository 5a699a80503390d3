"""Pure progress functions: periods, trend series, what helps, and the export rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from progress_data import FLOOR, plank, pushups, sample, session, stretch

from lowback_tui.core.export import csv_header, csv_rows, neutralise, number_text, session_json
from lowback_tui.core.insights import MIN_PAIN_PAIRS, what_helps
from lowback_tui.core.period import PeriodError, TrendRange, parse_since
from lowback_tui.core.records import IN_PROGRESS
from lowback_tui.core.trends import compute_trends

TODAY = dt.date(2026, 6, 1)  # a Monday


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("4w", dt.date(2026, 5, 5)),
        ("1d", TODAY),
        ("30d", dt.date(2026, 5, 3)),
        ("6m", dt.date(2025, 12, 1)),
        ("1y", dt.date(2025, 6, 1)),
        (" 2026-03-01 ", dt.date(2026, 3, 1)),
        ("2026-06-01", TODAY),
        ("9999w", dt.date(1834, 10, 14)),
        ("9999y", dt.date.min),
    ],
)
def test_since_reads_lengths_and_dates(text, first):
    assert parse_since(text, TODAY) == first


def test_since_month_end_clamps():
    assert parse_since("1m", dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2026-06-02", "is in the future (today is 2026-06-01)"),
        ("yesterday", "expected a length back from today such as 4w"),
        ("4 weeks", "expected a length back"),
        ("0w", "at least 1"),
        ("2026-13-01", "expected"),
        ("", "expected"),
    ],
)
def test_since_refuses_with_a_reason(text, said):
    with pytest.raises(PeriodError, match=said.replace("(", r"\(").replace(")", r"\)")):
        parse_since(text, TODAY)


def test_ranges_cycle_and_cover_their_weeks():
    assert [r.value for r in TrendRange] == ["4 weeks", "12 weeks", "a year", "all"]
    assert TrendRange.ALL.next() is TrendRange.WEEKS_4
    assert TrendRange.WEEKS_4.first_day(TODAY) == dt.date(2026, 5, 5)
    assert TrendRange.YEAR.first_day(TODAY) == dt.date(2025, 6, 1)
    assert TrendRange.ALL.first_day(TODAY) is None


def test_trends_series_for_four_weeks():
    trends = compute_trends(
        sample(TODAY), tz="UTC", today=TODAY, first_day=TrendRange.WEEKS_4.first_day(TODAY)
    )
    assert trends.sessions == 8  # the 400-day-old session is outside
    assert [(p.before, p.after) for p in trends.pain] == [
        (5, 4), (5, 3), (4, 3), (4, None), (3, 2), (None, 2), (3, 1), (2, 2),
    ]  # fmt: skip
    [plank_series] = trends.open_holds
    assert plank_series.step == "Plank test"
    # The skipped plank (0 s) is no result; values are seconds, rounded to 0.1.
    assert [p.value for p in plank_series.points] == [35.5, 41.0, 38.0, 52.2]
    assert plank_series.best.value == 52.2 and plank_series.best.day == TODAY - dt.timedelta(2)
    [reps] = trends.reps
    assert [(p.value, p.target) for p in reps.points] == [
        (12, 20), (15, 20), (18, 20), (9, 20), (21, 20),
    ]  # fmt: skip
    # Every week of the period, Monday first, with its minutes (10 per session here).
    assert trends.minutes_weekly[0].week == dt.date(2026, 5, 4)
    assert trends.minutes_weekly[-1].week == TODAY
    assert [w.value for w in trends.minutes_weekly] == [0.0, 30.0, 20.0, 20.0, 10.0]
    assert sum(w.count for w in trends.minutes_weekly) == 8
    # Weekly averages of pain before: 12, 14 and 17 May had 5, 5 and 4.
    weekly = {w.week: round(w.value, 2) for w in trends.pain_before_weekly}
    assert weekly[dt.date(2026, 5, 11)] == 4.67 and weekly[TODAY] == 2.0


def test_trends_with_nothing_or_bad_values():
    empty = compute_trends([], tz="UTC", today=TODAY, first_day=dt.date(2026, 5, 5))
    assert (empty.sessions, empty.pain, empty.open_holds, empty.reps) == (0, (), (), ())
    assert all(week.value == 0 for week in empty.minutes_weekly)
    odd = [
        session(1, TODAY, pain=("five", 11), holds=()),  # type: ignore[arg-type]
        session(2, TODAY, pain=(True, -1), holds=(stretch(),)),  # type: ignore[arg-type]
        dataclasses.replace(session(3, TODAY, pain=(4, 2)), status=IN_PROGRESS),
        dataclasses.replace(session(4, TODAY), started_at="not a date"),
        session(5, TODAY + dt.timedelta(days=3), pain=(4, 2)),  # a wrong clock
    ]
    trends = compute_trends(odd, tz="UTC", today=TODAY)
    assert trends.sessions == 2 and trends.pain == ()
    assert [w.week for w in trends.minutes_weekly] == [TODAY]


def test_what_helps_per_routine_with_a_threshold():
    insights = {i.routine_id: i for i in what_helps(sample(TODAY))}
    core, floor = insights["core-strength"], insights[FLOOR[0]]
    assert (core.sessions, core.pain_pairs) == (6, 5)
    # (0 + -1 + -2 + -1 + -2) / 5 over the last four plus the old one (6→6)
    assert core.average_change == -1.2
    assert core.hurt_steps == (("Push-ups", 1),)
    assert core.change_text() == "pain 1.2 down on average (-1.2, on 5 sessions)"
    assert core.hurt_text() == "“this hurts” at: Push-ups"
    assert (floor.sessions, floor.pain_pairs, floor.average_change) == (3, 2, None)
    assert not floor.enough and MIN_PAIN_PAIRS == 3
    assert floor.change_text() == (
        "too little data to tell: 2 of the 3 sessions with pain before and after it needs"
    )
    assert floor.hurt_text() == "no “this hurts” stops"


def test_what_helps_without_pain_says_so():
    [only] = what_helps([session(1, TODAY, pain=("x", None))])  # type: ignore[arg-type]
    assert only.change_text().endswith("too little data to tell")
    assert what_helps([]) == []


def test_neutralise_formulas_only():
    for text in ("=SUM(A1)", "+1", "-1", "@cmd", "\tx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Knee to chest") == "Knee to chest"
    assert neutralise("") == ""


def test_numbers_without_float_noise():
    assert number_text(9.000000000001) == "9"
    assert number_text(0.30000000000000004) == "0.3"
    assert number_text(52.25) == "52.2"
    assert number_text(None) == ""
    assert session_json(session(1, TODAY, active=600.0000001))["active_seconds"] == 600.0


def test_csv_rows_carry_note_pain_and_hurt():
    record = session(
        1,
        TODAY,
        holds=(plank(40.123), pushups(9)),
        pain=(4, None),
        hurt=("Push-ups", 6),
        note="=HYPERLINK(evil)",
    )
    header = csv_header()
    rows = [dict(zip(header, row, strict=True)) for row in csv_rows(record)]
    assert len(rows) == 2
    first = rows[0]
    assert (first["pain_before"], first["pain_after"]) == ("4", "")
    assert (first["hurt_step"], first["hurt_level"], first["status"]) == ("Push-ups", "6", "hurt")
    assert first["note"] == "'=HYPERLINK(evil)"
    assert first["held_seconds"] == "40.1" and rows[1]["count_done"] == "9"
    empty = csv_rows(session(2, TODAY))
    assert len(empty) == 1 and empty[0][-1] == ""


def test_csv_excel_has_local_date_and_time():
    import zoneinfo

    header = csv_header(excel=True)
    [row] = csv_rows(session(1, TODAY, hour=23), excel=True, tz=zoneinfo.ZoneInfo("Europe/Berlin"))
    cells = dict(zip(header, row, strict=True))
    assert cells["started_at"] == "2026-06-01T23:00:00+00:00"
    assert (cells["start_date"], cells["start_time"]) == ("2026-06-02", "01:00:00")
