"""Done days kept as spans of consecutive dates: streaks and the week without a set of every day."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping

from lowback_tui.core.streaks import DAYS_PER_WEEK, ONE_DAY, StreakSummary

Span = tuple[dt.date, dt.date]
"""First and last day of a run of consecutive days, both included."""


def spans_from_days(days: Iterable[dt.date]) -> list[Span]:
    """Sorted, merged spans covering exactly `days`."""
    spans: list[Span] = []
    for day in sorted(set(days)):
        if spans and (day - spans[-1][1]).days == 1:
            spans[-1] = (spans[-1][0], day)
        else:
            spans.append((day, day))
    return spans


def add_day(spans: list[Span], day: dt.date) -> list[Span]:
    """`spans` with `day` added (merged with its neighbours); the list is not changed."""
    firsts = [first for first, _ in spans]
    at = bisect.bisect_right(firsts, day)
    if at and spans[at - 1][0] <= day <= spans[at - 1][1]:
        return list(spans)
    out = list(spans)
    first, last = day, day
    if at and (day - out[at - 1][1]).days == 1:
        at -= 1
        first = out.pop(at)[0]
    if at < len(out) and (out[at][0] - day).days == 1:
        last = out.pop(at)[1]
    out.insert(at, (first, last))
    return out


def contains(spans: list[Span], day: dt.date) -> bool:
    at = bisect.bisect_right(spans, (day, dt.date.max)) - 1
    return at >= 0 and spans[at][0] <= day <= spans[at][1]


def summarize_spans(
    spans: list[Span],
    counts: Mapping[dt.date, int],
    rest_days: Iterable[dt.date],
    *,
    today: dt.date,
    weekly_goal: int,
    weeks: int = 12,
) -> StreakSummary:
    """The same figures as core.streaks.summarize, from spans (work grows with breaks, not days).

    `counts` gives completed sessions per day where known (the heatmap's shades); a done day
    it does not list counts as one.
    """
    if not 1 <= weekly_goal <= DAYS_PER_WEEK:
        raise ValueError(f"weekly_goal must be 1..7 days, got {weekly_goal}")
    # A day after `today` can only come from a wrong clock: ignored, as summarize does.
    done = [(first, min(last, today)) for first, last in spans if first <= today]
    rest = sorted(set(rest_days))
    chain_end: list[int] = []  # done days in the chain up to the end of each span
    chain_start: list[int] = []  # done days in the chain before each span
    longest = 0
    for index, (first, last) in enumerate(done):
        before = 0
        if index:
            previous = done[index - 1][1]
            gap = (first - previous).days - 1
            rest_in_gap = bisect.bisect_left(rest, first) - bisect.bisect_right(rest, previous)
            before = chain_end[-1] if rest_in_gap == gap else 0
        chain_start.append(before)
        chain_end.append(before + (last - first).days + 1)
        longest = max(longest, chain_end[-1])

    def current_from(day: dt.date) -> int:
        at = bisect.bisect_right(done, (day, dt.date.max)) - 1
        if at < 0:
            return 0
        first, last = done[at]
        if day <= last:
            return chain_start[at] + (day - first).days + 1
        # Between the span and `day` every day must be a rest day.
        rest_between = bisect.bisect_right(rest, day) - bisect.bisect_right(rest, last)
        return chain_end[at] if rest_between == (day - last).days else 0

    rest_set = frozenset(rest)
    start = today
    if not contains(done, today) and today not in rest_set:
        start = today - ONE_DAY  # today is still pending: it must not break the run
    current = current_from(start) if (contains(done, start) or start in rest_set) else 0

    week_start = today - dt.timedelta(days=today.weekday())
    week_end = week_start + dt.timedelta(days=DAYS_PER_WEEK - 1)
    week_done = sum(
        max(0, (min(last, week_end) - max(first, week_start)).days + 1) for first, last in done
    )
    heatmap_start = week_end - dt.timedelta(days=weeks * DAYS_PER_WEEK - 1)
    heatmap = []
    for offset in range(weeks * DAYS_PER_WEEK):
        day = heatmap_start + dt.timedelta(days=offset)
        shown = 0
        if day <= today and contains(done, day):
            shown = counts.get(day, 1)
        heatmap.append((day, shown))
    return StreakSummary(
        current=current,
        longest=longest,
        today_done=contains(done, today),
        week_done=week_done,
        weekly_goal=weekly_goal,
        heatmap=tuple(heatmap),
    )
