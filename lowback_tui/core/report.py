"""The report for a physiotherapist in figures: one period, counted once, for HTML and Markdown."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from lowback_tui.core.insights import RoutineInsight, what_helps
from lowback_tui.core.records import COMPLETED, HURT, IN_PROGRESS, SessionRecord
from lowback_tui.core.streaks import DayActivity, local_day, summarize
from lowback_tui.core.tally import tally
from lowback_tui.core.trends import SessionBasics, StepSeries, Trends, compute_trends, valid_pain


def work_done(session: SessionRecord) -> int:
    """The report's "holds done": the one rule (core/tally.py) the summary, the history and
    the CSV export's `done` column use; a hold redone counts once, rests aside."""
    return tally(session).done


@dataclass(frozen=True)
class HurtStop:
    day: dt.date
    routine: str
    step: str
    level: int | None


@dataclass(frozen=True)
class Note:
    day: dt.date
    routine: str
    text: str


@dataclass(frozen=True)
class Report:
    """Everything the report shows about the period from `first_day` to `today`."""

    first_day: dt.date
    today: dt.date
    generated: str
    """When it was made, in words ("1 June 2026, 09:30")."""
    tz: str
    sessions: int
    """Every session started in the period (as the CSV export over it has)."""
    statuses: tuple[tuple[str, int], ...]
    holds_done: int
    active_seconds: float
    days_exercised: int
    """Local days with at least one completed session."""
    weekly_goal: int
    weeks: int
    """Weeks (Monday to Sunday) the period touches."""
    weeks_goal_met: int
    current_streak: int
    longest_streak: int
    rest_days: int
    pain_pairs: int
    pain_before_mean: float | None
    pain_after_mean: float | None
    trends: Trends
    hurt_stops: tuple[HurtStop, ...]
    notes: tuple[Note, ...]
    insights: tuple[RoutineInsight, ...]

    @property
    def days(self) -> int:
        return (self.today - self.first_day).days + 1

    @property
    def goal_days(self) -> int:
        """Days the weekly goal asks for over the period (pro rata for part weeks)."""
        return round(self.weekly_goal * self.days / 7)

    @property
    def open_holds(self) -> tuple[StepSeries, ...]:
        return self.trends.open_holds

    @property
    def reps(self) -> tuple[StepSeries, ...]:
        return self.trends.reps


def build_report(
    period_sessions: Sequence[SessionRecord],
    all_sessions: Iterable[SessionBasics],
    rest_days: Collection[dt.date],
    *,
    first_day: dt.date,
    today: dt.date,
    tz: str,
    weekly_goal: int,
    generated: dt.datetime,
) -> Report:
    """The report's figures: `period_sessions` are those started from `first_day` on; streaks
    are counted over `all_sessions` (a streak may begin before the period; the history
    index's rows are enough)."""
    days: list[tuple[dt.date, SessionRecord]] = []
    for session in period_sessions:
        try:
            days.append((local_day(session.started_at, tz), session))
        except ValueError:
            continue
    days.sort(key=lambda item: (item[0], item[1].started_at))
    finished = [(day, s) for day, s in days if s.status != IN_PROGRESS]
    done_days = {day for day, s in days if s.status == COMPLETED}
    streaks = summarize(
        (DayActivity(s.started_at, s.status == COMPLETED, s.active_seconds) for s in all_sessions),
        rest_days,
        today=today,
        tz=tz,
        weekly_goal=weekly_goal,
    )
    weeks: dict[dt.date, int] = Counter(day - dt.timedelta(days=day.weekday()) for day in done_days)
    first_week = first_day - dt.timedelta(days=first_day.weekday())
    week_count = ((today - first_week).days // 7) + 1
    pairs = [
        (before, after)
        for _, s in finished
        if (before := valid_pain(s.pain_before)) is not None
        and (after := valid_pain(s.pain_after)) is not None
    ]
    return Report(
        first_day=first_day,
        today=today,
        generated=f"{generated.day} {generated:%B %Y, %H:%M}",
        tz=tz,
        sessions=len(days),
        statuses=tuple(Counter(s.status for _, s in days).most_common()),
        holds_done=sum(work_done(s) for _, s in days),
        active_seconds=sum(s.active_seconds for _, s in days),
        days_exercised=len(done_days),
        weekly_goal=weekly_goal,
        weeks=week_count,
        weeks_goal_met=sum(1 for count in weeks.values() if count >= weekly_goal),
        current_streak=streaks.current,
        longest_streak=streaks.longest,
        rest_days=sum(1 for day in rest_days if first_day <= day <= today),
        pain_pairs=len(pairs),
        pain_before_mean=_mean([b for b, _ in pairs]),
        pain_after_mean=_mean([a for _, a in pairs]),
        trends=compute_trends((s for _, s in finished), tz=tz, today=today, first_day=first_day),
        hurt_stops=tuple(
            HurtStop(day, s.routine_name, s.hurt_step or "an unknown step", s.hurt_level)
            for day, s in finished
            if s.status == HURT
        ),
        notes=tuple(Note(day, s.routine_name, s.note.strip()) for day, s in days if s.note.strip()),
        insights=tuple(what_helps(s for _, s in finished)),
    )


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
