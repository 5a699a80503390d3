"""Streaks, weekly goal and heatmap over local calendar days (pendulum only where needed)."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

# NamedTuples, not dataclasses, on the path of `lowback streak`: importing `dataclasses` (and
# the `inspect` it pulls in) would cost a shell prompt more than all of its own work.

ONE_DAY = dt.timedelta(days=1)
DAYS_PER_WEEK = 7


class DayActivity(NamedTuple):
    """One finished session, reduced to what streaks need."""

    started_at: str
    """ISO 8601 start with offset, e.g. "2026-03-29T01:30:00+01:00"."""
    completed: bool
    """True only for status "completed"; stopped, hurt and interrupted sessions do not count."""
    active_seconds: float


class StreakSummary(NamedTuple):
    """Everything the history screen and the status line show about streaks."""

    current: int
    """Days in the run ending today, or yesterday while today is still pending."""
    longest: int
    """Days in the longest run ever (never less than `current`)."""
    today_done: bool
    week_done: int
    """Local days of this Monday-start week with at least one completed session."""
    weekly_goal: int
    heatmap: tuple[tuple[dt.date, int], ...]
    """(local date, completed sessions) for each day of the last weeks, oldest first, ending on
    the Sunday of the current week."""


def local_day(iso_timestamp: str, tz: str) -> dt.date:
    """Return the calendar date of `iso_timestamp` in the IANA zone `tz`.

    A timestamp without an offset is read as UTC (pendulum 3 does that too; it is explicit
    here so the rule does not depend on a library default). A bare date, time or duration is
    rejected with ValueError rather than silently placed on some day.
    """
    try:
        moment = dt.datetime.fromisoformat(iso_timestamp)
    except (TypeError, ValueError):
        moment = None
    if moment is not None and "T" in iso_timestamp.upper():
        # The fast path: what lowback itself writes (20,000 sessions in ~10 ms, not ~250 ms).
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(_zone(tz)).date()
    import pendulum  # only for what the fast path above cannot read

    # exact=True keeps "2026-06-01" a Date instead of quietly turning it into UTC midnight.
    parsed = pendulum.parse(iso_timestamp, tz="UTC", exact=True)
    if not isinstance(parsed, pendulum.DateTime):
        # A wrong kind of string is a bad value, like pendulum's own ParserError (a ValueError).
        raise ValueError(f"not a timestamp: {iso_timestamp!r}")
    local = parsed.in_timezone(tz)
    # A plain date, so callers never depend on pendulum.Date's extra behaviour.
    return dt.date(local.year, local.month, local.day)


@functools.lru_cache(maxsize=8)
def _zone(tz: str) -> dt.tzinfo:
    """The zone object for a name, checked the same way pendulum checks it."""
    import pendulum

    return pendulum.timezone(tz)


def summarize(
    activities: Iterable[DayActivity],
    rest_days: Iterable[dt.date],
    *,
    today: dt.date,
    tz: str,
    weekly_goal: int = 3,
    weeks: int = 12,
) -> StreakSummary:
    """Summarize completed sessions and rest days as seen from `today` in zone `tz`."""
    if not 1 <= weekly_goal <= DAYS_PER_WEEK:
        raise ValueError(f"weekly_goal must be 1..7 days, got {weekly_goal}")
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")

    sessions_per_day = Counter(
        day
        for day in (local_day(a.started_at, tz) for a in activities if a.completed)
        # A session dated after `today` can only come from a wrong clock; ignoring it keeps
        # every figure (and current <= longest) anchored to the same day.
        if day <= today
    )
    rest = frozenset(rest_days)

    week_start = today - dt.timedelta(days=today.weekday())  # dt.date: Monday is 0
    week_end = week_start + dt.timedelta(days=DAYS_PER_WEEK - 1)
    heatmap_start = week_end - dt.timedelta(days=weeks * DAYS_PER_WEEK - 1)
    heatmap_days = (heatmap_start + dt.timedelta(days=i) for i in range(weeks * DAYS_PER_WEEK))

    return StreakSummary(
        current=_current_streak(sessions_per_day.keys(), rest, today),
        longest=_longest_streak(sessions_per_day.keys(), rest),
        today_done=today in sessions_per_day,
        week_done=sum(1 for day in sessions_per_day if week_start <= day <= week_end),
        weekly_goal=weekly_goal,
        heatmap=tuple((day, sessions_per_day.get(day, 0)) for day in heatmap_days),
    )


def _current_streak(done_days: Iterable[dt.date], rest: frozenset[dt.date], today: dt.date) -> int:
    """Count done days walking back from today; rest days bridge but do not count."""
    done = set(done_days)
    day = today
    # Today not done (and not a rest day) is still pending: it must not break the run.
    if day not in done and day not in rest:
        day -= ONE_DAY
    length = 0
    # Stepping by a calendar day on dt.date, never by 86400 seconds, so DST cannot skip a day.
    while day in done or day in rest:
        length += day in done
        day -= ONE_DAY
    return length


def _longest_streak(done_days: Iterable[dt.date], rest: frozenset[dt.date]) -> int:
    """Longest run of done days whose gaps consist only of rest days."""
    ordered_done = sorted(done_days)
    ordered_rest = sorted(rest)
    longest = run = 0
    previous: dt.date | None = None
    for day in ordered_done:
        if previous is None:
            run = 1
        else:
            gap_days = (day - previous).days - 1
            # Rest days strictly between two consecutive done days; bisect keeps long gaps cheap.
            rest_in_gap = bisect.bisect_left(ordered_rest, day) - bisect.bisect_right(
                ordered_rest, previous
            )
            run = run + 1 if rest_in_gap == gap_days else 1
        longest = max(longest, run)
        previous = day
    return longest


def streak_line(summary: StreakSummary, *, ascii: bool = False) -> str:
    """One short line for a shell prompt or tmux status bar (under 60 characters).

    ascii=True keeps fixed fields ("streak 0d, ...") for terminals without emoji and for scripts.
    """
    week = f"week {summary.week_done}/{summary.weekly_goal}"
    if ascii:
        today = "today done" if summary.today_done else "today pending"
        return f"streak {summary.current}d, best {summary.longest}d, {week}, {today}"
    today = "✓ today" if summary.today_done else "today pending"
    if summary.current:
        unit = "day" if summary.current == 1 else "days"
        parts = [f"🔥 {summary.current} {unit}", f"best {summary.longest}"]
    elif summary.longest:
        parts = ["no streak", f"best {summary.longest}"]
    else:
        parts = ["no streak yet"]  # "best 0" would say nothing
    return " · ".join([*parts, week, today])


def local_timezone() -> str:
    """IANA name of the local zone, or "UTC" when it cannot be determined or has no name."""
    from lowback_tui.core.zone import resolve_zone

    # Not pendulum.local_timezone(): it raises on TZ=":/etc/localtime" and other odd values.
    return resolve_zone().name
