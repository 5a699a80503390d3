"""The day's plan read from the history's index: what `lowback today`, `remind now`, the
calendar file and the picker's top line share. The plan itself is core/today.py's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from lowback_tui.core.flare import STRENGTH_KINDS
from lowback_tui.core.routine import Routine
from lowback_tui.core.streaks import local_day
from lowback_tui.core.today import (
    DEFAULT_EVENING,
    DEFAULT_MORNING,
    DayPlan,
    DaySession,
    TimeOfDayError,
    day_plan,
    parse_time_of_day,
)

if TYPE_CHECKING:
    from lowback_tui.core.progression import SessionFacts
    from lowback_tui.services.coach import Coach
    from lowback_tui.services.settings import Settings
    from lowback_tui.store.index import SessionSummary

#: How far back the plan looks for the routines a user does.
RECENT_DAYS = 28


class DaySource(Protocol):
    """What the plan reads of the history (the repository, in practice)."""

    def summaries(self, since: dt.datetime | None = None) -> Iterator[SessionSummary]: ...

    def rest_days(self) -> set[dt.date]: ...


@dataclass(frozen=True)
class DayTimes:
    """The times of day from settings, and the first day of use."""

    morning: dt.time
    evening: dt.time
    first_use: dt.date | None

    @classmethod
    def from_settings(cls, settings: Settings) -> DayTimes:
        """Settings' times (load_settings has checked them; a bad one falls back)."""
        return cls(
            _time_or(settings.morning, DEFAULT_MORNING),
            _time_or(settings.evening, DEFAULT_EVENING),
            settings.safety_acknowledged,
        )


class NoHistory:
    """The history of a fresh install: nothing done yet."""

    def summaries(self, since: dt.datetime | None = None) -> Iterator[SessionSummary]:
        return iter(())

    def rest_days(self) -> set[dt.date]:
        return set()

    def progress_facts(self, routine_ids: Collection[str]) -> Iterator[tuple[str, SessionFacts]]:
        return iter(())


def _time_or(text: str, default: str) -> dt.time:
    try:
        return parse_time_of_day(text)
    except TimeOfDayError:
        return parse_time_of_day(default)


def local_now(wall: float, tz: str, fixed_day: dt.date | None = None) -> dt.datetime:
    """The local time of `wall` (seconds since the epoch) in `tz`; on `fixed_day` if given
    (a test's or a screenshot's day)."""
    import zoneinfo

    moment = dt.datetime.fromtimestamp(wall, tz=zoneinfo.ZoneInfo(tz))
    if fixed_day is not None:
        moment = moment.replace(year=fixed_day.year, month=fixed_day.month, day=fixed_day.day)
    return moment


def _session(row: SessionSummary) -> DaySession:
    kinds = {str(step[1]) for step in row.steps if isinstance(step, list) and len(step) > 1}
    return DaySession(
        row.routine_id,
        row.routine_name,
        row.status == "completed",
        float(row.active_seconds or 0),
        bool(kinds & set(STRENGTH_KINDS)),
    )


def target_lines(coach: Coach, routine: Routine, *, wait: bool) -> tuple[list[str], list[str]]:
    """Today's target of each tracked step ("Push-ups: Today 30 · 20 → [30] → 40 · …"), and
    in brief ("Push-ups 30", steps with a target only); `wait`: work them out now (a
    command), else only what is known (the UI thread)."""
    targets = coach.targets(routine) if wait else coach.known(routine)
    if targets is None:
        return [], []
    lines, short = [], []
    for number, standing in targets.progress.items():
        name = routine.steps[number - 1].name
        lines.append(f"{name}: {standing.line()}")
        if standing.target is not None:
            short.append(f"{name} {standing.amount(standing.target)}")
    return lines, short


def read_plan(
    source: DaySource | None,
    coach: Coach,
    routines: list[Routine],
    times: DayTimes,
    *,
    now: dt.datetime,
    tz: str,
    wait: bool = True,
) -> DayPlan:
    """The plan for the local day of `now` (aware, in the user's zone). A history that is not
    open yet (None) counts as nothing done."""
    day = now.date()
    today: list[DaySession] = []
    recent: list[DaySession] = []
    rest_day = False
    if source is not None:
        since = dt.datetime.combine(day - dt.timedelta(days=RECENT_DAYS), dt.time(), tzinfo=dt.UTC)
        for row in source.summaries(since):
            try:
                when = local_day(row.started_at, tz)
            except ValueError:
                continue
            if when == day:
                today.append(_session(row))
            elif when < day:
                recent.append(_session(row))
        rest_day = day in source.rest_days()
    from lowback_tui.core.flare import is_strength

    lines = {
        routine.id: target_lines(coach, routine, wait=wait)
        for routine in routines
        if is_strength(routine)
    }
    return day_plan(
        day=day,
        now=now.time(),
        sessions_today=today,
        recent=recent,
        rest_day=rest_day,
        flare=coach.flare_up(),
        routines=routines,
        target_lines={routine_id: full for routine_id, (full, _) in lines.items()},
        morning_at=times.morning,
        evening_at=times.evening,
        first_use=times.first_use,
        target_short={routine_id: short for routine_id, (_, short) in lines.items()},
    )
