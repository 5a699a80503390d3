"""Unit tests for lowback_tui.core.streaks: local days, streaks, weekly goal, heatmap, line."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lowback_tui.core.streaks import (
    DayActivity,
    StreakSummary,
    local_day,
    local_timezone,
    streak_line,
    summarize,
)

BERLIN = "Europe/Berlin"
TODAY = dt.date(2026, 6, 10)  # a Wednesday


def done(iso: str) -> DayActivity:
    return DayActivity(started_at=iso, completed=True, active_seconds=600.0)


def on(day: dt.date, *, completed: bool = True) -> DayActivity:
    """A session at noon Berlin time on `day`, far from any midnight."""
    return DayActivity(f"{day.isoformat()}T12:00:00+02:00", completed, 600.0)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def summary_of(
    activities: list[DayActivity], rest: tuple[dt.date, ...] = (), **kwargs: object
) -> StreakSummary:
    options: dict[str, object] = {"today": TODAY, "tz": BERLIN, **kwargs}
    return summarize(activities, rest, **options)  # type: ignore[arg-type]


# --- streaks -------------------------------------------------------------------------------


def test_consecutive_days_including_today() -> None:
    summary = summary_of([on(days_ago(n)) for n in range(4)])
    assert (summary.current, summary.longest, summary.today_done) == (4, 4, True)


def test_gap_breaks_the_streak() -> None:
    # Done today, yesterday, then a missed day, then three more.
    summary = summary_of([on(days_ago(n)) for n in (0, 1, 3, 4, 5)])
    assert (summary.current, summary.longest) == (2, 3)


def test_today_pending_keeps_yesterdays_streak() -> None:
    summary = summary_of([on(days_ago(n)) for n in (1, 2, 3)])
    assert (summary.current, summary.today_done) == (3, False)


def test_missing_yesterday_and_today_ends_the_streak() -> None:
    summary = summary_of([on(days_ago(n)) for n in (2, 3)])
    assert (summary.current, summary.longest) == (0, 2)


def test_rest_day_bridges_but_does_not_count() -> None:
    # Done Mon, rest Tue, done Wed (today).
    summary = summary_of([on(days_ago(2)), on(days_ago(0))], rest=(days_ago(1),))
    assert (summary.current, summary.longest) == (2, 2)


def test_rest_day_today_keeps_streak_alive() -> None:
    summary = summary_of([on(days_ago(n)) for n in (1, 2)], rest=(TODAY,))
    assert (summary.current, summary.today_done) == (2, False)


def test_rest_day_yesterday_with_today_pending_keeps_streak_alive() -> None:
    summary = summary_of([on(days_ago(n)) for n in (2, 3)], rest=(days_ago(1),))
    assert summary.current == 2


def test_rest_days_alone_make_no_streak() -> None:
    summary = summary_of([], rest=(TODAY, days_ago(1)))
    assert (summary.current, summary.longest) == (0, 0)


def test_longest_is_an_older_run_than_current() -> None:
    old_run = [on(days_ago(n)) for n in range(20, 26)]  # six days, long ago
    summary = summary_of([*old_run, on(days_ago(1)), on(days_ago(0))])
    assert (summary.current, summary.longest) == (2, 6)


def test_longest_run_bridged_by_rest_days() -> None:
    sessions = [on(days_ago(n)) for n in (30, 31, 33, 34)]
    summary = summary_of(sessions, rest=(days_ago(32),))
    assert summary.longest == 4


def test_only_completed_sessions_count() -> None:
    sessions = [on(days_ago(0), completed=False), on(days_ago(1)), on(days_ago(2), completed=False)]
    summary = summary_of(sessions)
    assert (summary.current, summary.longest, summary.today_done) == (1, 1, False)
    assert dict(summary.heatmap)[TODAY] == 0


def test_sessions_after_today_are_ignored() -> None:
    summary = summary_of([on(TODAY + dt.timedelta(days=1)), on(TODAY)])
    assert (summary.current, summary.longest, summary.week_done) == (1, 1, 1)


# --- time zones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "utc_starts", "today"),
    [
        # Berlin leaves +01:00 for +02:00 on 2026-03-29; 23:30 local before and after, and
        # 00:30 on the 30th, which a fixed +01:00 offset would put on the 29th.
        (
            "Europe/Berlin",
            [
                "2026-03-27T22:30:00Z",
                "2026-03-28T22:30:00Z",
                "2026-03-29T21:30:00Z",
                "2026-03-29T22:30:00Z",
            ],
            dt.date(2026, 3, 30),
        ),
        # New York leaves -04:00 for -05:00 on 2026-11-01; 23:30 local on the 31st, 1st and
        # 2nd is always the next UTC day, and a fixed -04:00 would put the last two a day late.
        (
            "America/New_York",
            ["2026-11-01T03:30:00Z", "2026-11-02T04:30:00Z", "2026-11-03T04:30:00Z"],
            dt.date(2026, 11, 2),
        ),
    ],
)
def test_dst_switch_keeps_consecutive_days(tz: str, utc_starts: list[str], today: dt.date) -> None:
    activities = [done(iso) for iso in utc_starts]
    days = [local_day(iso, tz) for iso in utc_starts]
    assert days == [today - dt.timedelta(days=n) for n in range(len(days) - 1, -1, -1)]
    summary = summarize(activities, [], today=today, tz=tz)
    assert (summary.current, summary.longest) == (len(days), len(days))


@pytest.mark.parametrize(
    ("iso", "tz", "expected"),
    [
        # June 2 in UTC, still June 1 in Los Angeles.
        ("2026-06-01T23:30:00-07:00", "America/Los_Angeles", dt.date(2026, 6, 1)),
        ("2026-06-02T06:30:00Z", "America/Los_Angeles", dt.date(2026, 6, 1)),
        # Auckland is +12 in June and +13 in January: both already the next day.
        ("2026-06-01T12:30:00Z", "Pacific/Auckland", dt.date(2026, 6, 2)),
        ("2026-01-15T11:30:00Z", "Pacific/Auckland", dt.date(2026, 1, 16)),
        # No offset: read as UTC, then converted.
        ("2026-06-02T03:00:00", "America/Los_Angeles", dt.date(2026, 6, 1)),
        ("2026-06-02T03:00:00", "UTC", dt.date(2026, 6, 2)),
    ],
)
def test_local_day_differs_from_utc_date(iso: str, tz: str, expected: dt.date) -> None:
    assert local_day(iso, tz) == expected
    assert type(local_day(iso, tz)) is dt.date


def test_local_dates_drive_the_streak_not_utc_dates() -> None:
    # Two evenings in Los Angeles: June 1 and June 2 locally, June 2 and June 3 in UTC.
    sessions = [done("2026-06-02T06:30:00Z"), done("2026-06-03T06:30:00Z")]
    summary = summarize(sessions, [], today=dt.date(2026, 6, 2), tz="America/Los_Angeles")
    assert (summary.current, summary.today_done) == (2, True)


def test_local_day_rejects_a_bad_zone() -> None:
    with pytest.raises(ValueError):
        local_day("2026-06-01T12:00:00Z", "Mars/Olympus_Mons")


@pytest.mark.parametrize("text", ["2026-06-01", "12:00", "P1D", "yesterday"])
def test_local_day_rejects_what_is_not_a_timestamp(text: str) -> None:
    with pytest.raises(ValueError):
        local_day(text, BERLIN)


def test_local_timezone_names_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    assert local_timezone() == "Pacific/Auckland"
    monkeypatch.setenv("TZ", ":/usr/share/zoneinfo/Pacific/Auckland")
    assert local_timezone() == "Pacific/Auckland"


def test_local_timezone_falls_back_to_utc_for_a_fixed_offset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "<+01>-1")  # a POSIX rule with no zone name
    assert local_timezone() == "UTC"


# --- week and heatmap ----------------------------------------------------------------------


def test_week_done_counts_days_since_monday() -> None:
    monday = dt.date(2026, 6, 8)
    sessions = [
        on(monday - dt.timedelta(days=1)),  # Sunday: last week
        on(monday),
        on(monday),  # a second session the same day is still one day
        on(TODAY),
    ]
    summary = summary_of(sessions, weekly_goal=4)
    assert (summary.week_done, summary.weekly_goal) == (2, 4)


def test_week_done_on_a_sunday_includes_the_whole_week() -> None:
    sunday = dt.date(2026, 6, 14)
    sessions = [on(sunday - dt.timedelta(days=n)) for n in range(8)]  # Sun back to last Sun
    summary = summary_of(sessions, today=sunday)
    assert summary.week_done == 7


@pytest.mark.parametrize("weeks", [1, 4, 12])
def test_heatmap_covers_whole_weeks_ending_on_sunday(weeks: int) -> None:
    summary = summary_of([on(TODAY), on(TODAY), on(days_ago(2))], weeks=weeks)
    dates = [day for day, _ in summary.heatmap]
    assert len(dates) == weeks * 7
    assert dates[-1] == dt.date(2026, 6, 14) and dates[-1].weekday() == 6
    assert dates[0].weekday() == 0
    assert all(
        later - earlier == dt.timedelta(days=1) for earlier, later in itertools.pairwise(dates)
    )
    counts = dict(summary.heatmap)
    assert (counts[TODAY], counts[days_ago(2)], counts[days_ago(1)]) == (2, 1, 0)
    assert counts[dt.date(2026, 6, 14)] == 0  # future days stay empty


def test_heatmap_leaves_out_older_sessions() -> None:
    summary = summary_of([on(days_ago(200))], weeks=2)
    assert sum(count for _, count in summary.heatmap) == 0
    assert summary.longest == 1


@pytest.mark.parametrize(("goal", "weeks"), [(0, 12), (8, 12), (3, 0)])
def test_invalid_goal_or_weeks_is_rejected(goal: int, weeks: int) -> None:
    with pytest.raises(ValueError):
        summary_of([], weekly_goal=goal, weeks=weeks)


# --- streak_line ---------------------------------------------------------------------------


def line_for(current: int, longest: int, today_done: bool, week_done: int = 2) -> StreakSummary:
    return StreakSummary(current, longest, today_done, week_done, 3, ())


@pytest.mark.parametrize(
    ("summary", "ascii", "expected"),
    [
        (line_for(5, 12, True), False, "🔥 5 days · best 12 · week 2/3 · ✓ today"),
        (line_for(5, 12, False), False, "🔥 5 days · best 12 · week 2/3 · today pending"),
        (line_for(1, 1, True), False, "🔥 1 day · best 1 · week 2/3 · ✓ today"),
        (line_for(0, 12, False, 0), False, "no streak · best 12 · week 0/3 · today pending"),
        (line_for(0, 0, False, 0), False, "no streak yet · week 0/3 · today pending"),
        (line_for(5, 12, True), True, "streak 5d, best 12d, week 2/3, today done"),
        (line_for(0, 0, False, 0), True, "streak 0d, best 0d, week 0/3, today pending"),
    ],
)
def test_streak_line(summary: StreakSummary, ascii: bool, expected: str) -> None:
    line = streak_line(summary, ascii=ascii)
    assert line == expected
    assert len(line) < 60
    assert line.isascii() == ascii


def test_streak_line_stays_short_for_big_numbers() -> None:
    summary = line_for(1234, 12345, False, 7)
    assert len(streak_line(summary)) < 60
    assert len(streak_line(summary, ascii=True)) < 60


# --- properties ----------------------------------------------------------------------------

day_offsets = st.integers(min_value=0, max_value=120)
activity_strategy = st.builds(
    lambda offset, minutes, completed: DayActivity(
        (
            pendulum.datetime(2026, 6, 10, tz="UTC")
            - pendulum.duration(days=offset, minutes=minutes)
        ).isoformat(),
        completed,
        60.0,
    ),
    day_offsets,
    st.integers(min_value=0, max_value=24 * 60 - 1),
    st.booleans(),
)


@given(
    activities=st.lists(activity_strategy, max_size=60),
    rest_offsets=st.lists(day_offsets, max_size=20),
    tz=st.sampled_from(["UTC", BERLIN, "America/New_York", "Pacific/Auckland"]),
    seed=st.integers(),
)
def test_property_current_le_longest_and_order_free(
    activities: list[DayActivity], rest_offsets: list[int], tz: str, seed: int
) -> None:
    rest = [days_ago(n) for n in rest_offsets]
    summary = summarize(activities, rest, today=TODAY, tz=tz)
    assert 0 <= summary.current <= summary.longest
    assert 0 <= summary.week_done <= 7
    assert len(summary.heatmap) == 12 * 7

    shuffled_activities, shuffled_rest = activities[:], rest[:]
    random.Random(seed).shuffle(shuffled_activities)
    random.Random(seed).shuffle(shuffled_rest)
    assert summarize(shuffled_activities, shuffled_rest, today=TODAY, tz=tz) == summary
