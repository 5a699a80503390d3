"""Series over time from the history: pain, open-hold results, reps against target, minutes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

from lowback_tui.core.records import IN_PROGRESS, SKIPPED, SessionRecord
from lowback_tui.core.step_kind import StepKind
from lowback_tui.core.streaks import local_day

MAX_PAIN = 10


class SessionBasics(Protocol):
    """What pain, minutes and "what helps" need of a session: a full record, or the history
    index's summary row of it (which is read without the session's holds)."""

    @property
    def started_at(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def routine_id(self) -> str: ...
    @property
    def routine_name(self) -> str: ...
    @property
    def active_seconds(self) -> float: ...
    @property
    def pain_before(self) -> int | None: ...
    @property
    def pain_after(self) -> int | None: ...
    @property
    def hurt_step(self) -> str | None: ...


def earlier_start(first: str | None, second: str | None) -> str | None:
    """The earlier of two session starts (ISO 8601); a known one over None."""
    if first is None or second is None:
        return first if second is None else second
    if len(first) == len(second) and first[-6:] == second[-6:]:
        return min(first, second)  # one form and offset: text order is time order (and fast)
    try:
        return min(first, second, key=lambda start: dt.datetime.fromisoformat(start).timestamp())
    except ValueError:
        return min(first, second)


def valid_pain(value: object) -> int | None:
    """A 0–10 pain level, or None for anything else (missing, text, a bool, out of range)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_PAIN:
        return value
    return None


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week `day` is in (weeks start on Monday, as the streaks do)."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class PainPoint:
    """One session's pain before and after (either may be missing)."""

    day: dt.date
    before: int | None
    after: int | None


@dataclass(frozen=True)
class WeekAverage:
    """A week (its Monday) and the mean of the values in it."""

    week: dt.date
    value: float
    count: int


@dataclass(frozen=True)
class StepPoint:
    """One session's result at one step: seconds held (open holds) or reps done."""

    day: dt.date
    value: float
    target: float | None
    """The target that session had: the open hold's minimum, or the reps target (summed over
    sets); None when the record has none."""


@dataclass(frozen=True)
class StepSeries:
    """A step's results over time, oldest first, and its best."""

    step: str
    points: tuple[StepPoint, ...]

    @property
    def best(self) -> StepPoint:
        """The highest result (the earliest one when tied)."""
        return max(self.points, key=lambda point: (point.value, -point.day.toordinal()))


@dataclass(frozen=True)
class PersonalBest:
    """A step's longest hold of all time, and the day it was first held that long (None when
    the history's index does not know it)."""

    step: str
    value: float
    day: dt.date | None

    def is_better_than(self, other: PersonalBest) -> bool:
        """Longer, or as long and reached earlier (an unknown day comes last)."""
        if self.value != other.value:
            return self.value > other.value
        return self.day is not None and (other.day is None or self.day < other.day)


def longest_holds_of(sessions: Iterable[SessionRecord], tz: str) -> dict[str, PersonalBest]:
    """Each step's longest hold in `sessions` and the first day it was held that long.

    The rule of the history index's personal bests (which a store without one lacks): every
    hold with seconds counts but a skipped one, whatever the session's end.
    """
    found: dict[str, tuple[float, str]] = {}
    for session in sessions:
        for hold in session.holds:
            seconds = hold.held_seconds
            if seconds is None or seconds <= 0 or hold.outcome == SKIPPED:
                continue
            known = found.get(hold.step_name)
            start = session.started_at
            longer = known is None or seconds > known[0]
            sooner = known is not None and seconds == known[0] and start != known[1]
            if longer or (sooner and known is not None and earlier_start(known[1], start) == start):
                found[hold.step_name] = (seconds, start)
    bests = {}
    for step, (seconds, start) in found.items():
        try:
            day: dt.date | None = local_day(start, tz)
        except ValueError:
            day = None
        bests[step] = PersonalBest(step, round(seconds, 1), day)
    return bests


@dataclass(frozen=True)
class Trends:
    """Everything the trends screen charts, for sessions from `first_day` (None: all)."""

    first_day: dt.date | None
    today: dt.date
    sessions: int
    pain: tuple[PainPoint, ...]
    """Sessions with at least one valid pain level, oldest first."""
    pain_before_weekly: tuple[WeekAverage, ...]
    pain_after_weekly: tuple[WeekAverage, ...]
    open_holds: tuple[StepSeries, ...]
    reps: tuple[StepSeries, ...]
    minutes_weekly: tuple[WeekAverage, ...]
    """Minutes of exercise per week (value = minutes, count = sessions), every week of the
    period including empty ones, so a gap shows as a gap."""
    steps_counted: bool = True
    """False for an overview counted from index rows: `open_holds` and `reps` are still to
    come (they need every session's holds, read from the year files)."""


def _weekly(values: Iterable[tuple[dt.date, float]]) -> tuple[WeekAverage, ...]:
    sums: dict[dt.date, list[float]] = defaultdict(list)
    for day, value in values:
        sums[week_of(day)].append(value)
    return tuple(
        WeekAverage(week, sum(items) / len(items), len(items))
        for week, items in sorted(sums.items())
    )


def is_open_hold(planned: str) -> bool:
    """An open hold ("30s+") records how long it was held: the plank test's result."""
    return planned.rstrip().endswith("+")


def in_period(
    session: SessionBasics, tz: str, today: dt.date, first_day: dt.date | None
) -> dt.date | None:
    """The local day of a session the trends count, or None for one they leave out: still
    in progress, unreadable start, before `first_day`, or after `today` (a wrong clock)."""
    if session.status == IN_PROGRESS:
        return None
    try:
        day = local_day(session.started_at, tz)
    except ValueError:
        return None
    if day > today or (first_day is not None and day < first_day):
        return None
    return day


def compute_overview(
    sessions: Iterable[SessionBasics],
    *,
    tz: str,
    today: dt.date,
    first_day: dt.date | None = None,
) -> Trends:
    """Pain and minutes for the sessions from `first_day` on; the steps are left to a
    `StepCounter` (`steps_counted` is False). Index rows are enough for this."""
    rows: list[tuple[dt.date, SessionBasics]] = []
    for session in sessions:
        day = in_period(session, tz, today, first_day)
        if day is not None:
            rows.append((day, session))
    rows.sort(key=lambda row: (row[0], row[1].started_at))

    pain: list[PainPoint] = []
    minutes: dict[dt.date, list[float]] = defaultdict(list)
    for day, session in rows:
        before, after = valid_pain(session.pain_before), valid_pain(session.pain_after)
        if before is not None or after is not None:
            pain.append(PainPoint(day, before, after))
        active = session.active_seconds if isinstance(session.active_seconds, float) else 0.0
        minutes[week_of(day)].append(max(active, 0.0) / 60)

    start_week = week_of(first_day if first_day is not None else (rows[0][0] if rows else today))
    weeks = []
    week = start_week
    while week <= week_of(today):
        items = minutes.get(week, [])
        weeks.append(WeekAverage(week, sum(items, 0.0), len(items)))
        week += dt.timedelta(days=7)
    return Trends(
        first_day=first_day,
        today=today,
        sessions=len(rows),
        pain=tuple(pain),
        pain_before_weekly=_weekly((p.day, p.before) for p in pain if p.before is not None),
        pain_after_weekly=_weekly((p.day, p.after) for p in pain if p.after is not None),
        open_holds=(),
        reps=(),
        minutes_weekly=tuple(weeks),
        steps_counted=False,
    )


@dataclass
class StepCounter:
    """Open-hold and reps results per step, fed one session at a time in any order (a long
    history streams through it a year at a time; nothing but the results is kept)."""

    tz: str
    today: dt.date
    first_day: dt.date | None = None
    holds: dict[str, list[tuple[dt.date, str, StepPoint]]] = field(default_factory=dict)
    reps: dict[str, list[tuple[dt.date, str, StepPoint]]] = field(default_factory=dict)

    def add(self, session: SessionRecord) -> None:
        if not session.holds:
            return
        day = in_period(session, self.tz, self.today, self.first_day)
        if day is None:
            return
        holds: dict[str, list[StepPoint]] = defaultdict(list)
        reps: dict[str, list[StepPoint]] = defaultdict(list)
        _add_step_results(session, day, holds, reps)
        for into, found in ((self.holds, holds), (self.reps, reps)):
            for step, points in found.items():
                into.setdefault(step, []).extend((day, session.started_at, p) for p in points)

    def series(self) -> tuple[tuple[StepSeries, ...], tuple[StepSeries, ...]]:
        """(open holds, reps): steps in the order their first session came, oldest first."""
        return _ordered(self.holds), _ordered(self.reps)


def _ordered(found: dict[str, list[tuple[dt.date, str, StepPoint]]]) -> tuple[StepSeries, ...]:
    by_step = {step: sorted(points, key=lambda item: item[:2]) for step, points in found.items()}
    steps = sorted(by_step, key=lambda step: by_step[step][0][:2])
    return tuple(StepSeries(step, tuple(item[2] for item in by_step[step])) for step in steps)


def compute_trends(
    sessions: Iterable[SessionRecord],
    *,
    tz: str,
    today: dt.date,
    first_day: dt.date | None = None,
) -> Trends:
    """Series for the sessions that started on `first_day` or later (all when None).

    Sessions may come in any order; one still in progress, or dated after `today` (a wrong
    clock), is left out. A hold without a result (skipped, no seconds, no count) adds nothing.
    """
    records = list(sessions)
    overview = compute_overview(records, tz=tz, today=today, first_day=first_day)
    steps = StepCounter(tz, today, first_day)
    for record in records:
        steps.add(record)
    open_holds, reps = steps.series()
    return replace(overview, open_holds=open_holds, reps=reps, steps_counted=True)


def _add_step_results(
    session: SessionRecord,
    day: dt.date,
    holds: dict[str, list[StepPoint]],
    reps: dict[str, list[StepPoint]],
) -> None:
    """Per step of one session: the longest open hold, or the reps done summed over sets."""
    held: dict[str, float] = {}
    counts: dict[str, float] = {}
    targets: dict[str, float] = {}
    for hold in session.holds:
        if hold.outcome == SKIPPED:
            continue
        step = hold.step_name
        if hold.count_done is not None:
            if hold.count_done >= 0:
                counts[step] = counts.get(step, 0.0) + hold.count_done
                if hold.target_count is not None:
                    targets[step] = targets.get(step, 0.0) + hold.target_count
        elif (
            hold.held_seconds is not None
            and hold.held_seconds > 0
            and hold.kind != StepKind.REPS
            and is_open_hold(hold.planned)
        ):
            held[step] = max(held.get(step, 0.0), hold.held_seconds)
            if hold.planned_min_seconds is not None:
                targets[step] = hold.planned_min_seconds
    for step, value in held.items():
        holds[step].append(StepPoint(day, round(value, 1), targets.get(step)))
    for step, value in counts.items():
        reps[step].append(StepPoint(day, value, targets.get(step)))


MAX_BUCKETS = 104
"""Weekly bars and lines are merged into groups of weeks beyond this many: a terminal chart is
about a hundred columns wide, and drawing thousands of bars only costs time."""


def thin(
    weeks: tuple[WeekAverage, ...], limit: int = MAX_BUCKETS
) -> tuple[tuple[WeekAverage, ...], int]:
    """Merge consecutive weeks into groups so at most `limit` remain; (groups, weeks per group).

    A group's value is the mean of its weeks weighted by their counts when `count` weights an
    average (pain), so merging never changes what the numbers mean; each group is dated by its
    first week. Weeks with a count of 0 add nothing to a weighted mean.
    """
    if len(weeks) <= limit:
        return weeks, 1
    size = -(-len(weeks) // limit)
    groups = []
    for start in range(0, len(weeks), size):
        chunk = weeks[start : start + size]
        count = sum(week.count for week in chunk)
        value = sum(week.value * week.count for week in chunk) / count if count else 0.0
        groups.append(WeekAverage(chunk[0].week, value, count))
    return tuple(groups), size


def per_week_mean(
    weeks: tuple[WeekAverage, ...], limit: int = MAX_BUCKETS
) -> tuple[tuple[WeekAverage, ...], int]:
    """Like `thin`, for totals per week (minutes): a group's value is its mean per week."""
    if len(weeks) <= limit:
        return weeks, 1
    size = -(-len(weeks) // limit)
    groups = []
    for start in range(0, len(weeks), size):
        chunk = weeks[start : start + size]
        total = sum(week.value for week in chunk)
        groups.append(WeekAverage(chunk[0].week, total / len(chunk), sum(w.count for w in chunk)))
    return tuple(groups), size


MAX_POINTS = 300
"""Per-session points drawn at most; beyond, each drawn point is the best of a run of sessions."""


def best_of_runs(
    points: tuple[StepPoint, ...], limit: int = MAX_POINTS
) -> tuple[tuple[StepPoint, ...], int]:
    """At most `limit` points: each the best of `size` consecutive ones; (points, size)."""
    if len(points) <= limit:
        return points, 1
    size = -(-len(points) // limit)
    runs = (points[start : start + size] for start in range(0, len(points), size))
    return tuple(max(run, key=lambda point: point.value) for run in runs), size
