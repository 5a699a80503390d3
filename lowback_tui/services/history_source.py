"""Where trends, insights, reports and exports get their sessions: the one place to change
when the history store changes shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Protocol, TypeVar

from lowback_tui.core.records import SessionRecord
from lowback_tui.core.streaks import local_day
from lowback_tui.core.trends import PersonalBest, SessionBasics, longest_holds_of

Basics = TypeVar("Basics", bound=SessionBasics)


class SessionSource(Protocol):
    """What the history repository offers the progress features (read only)."""

    def sessions(self) -> list[SessionRecord]: ...

    def rest_days(self) -> set[dt.date]: ...


def since(newest_first: Iterable[Basics], first_day: dt.date | None, tz: str) -> Iterator[Basics]:
    """The sessions that started on `first_day` or later (local days), newest first.

    Stops at the first older one, so a short period of a long history costs only its own
    sessions (the list is sorted by start: a session on a wrong clock is at most misplaced).
    """
    for session in newest_first:
        if first_day is not None:
            try:
                if local_day(session.started_at, tz) < first_day:
                    return
            except ValueError:
                continue
        yield session


def sessions_since(
    source: SessionSource, first_day: dt.date | None, tz: str
) -> list[SessionRecord]:
    """The sessions of a period, newest first (see `iter_sessions_since`)."""
    return list(iter_sessions_since(source, first_day, tz))


def iter_sessions_since(
    source: SessionSource, first_day: dt.date | None, tz: str
) -> Iterator[SessionRecord]:
    """The sessions of a period, newest first, as they are read.

    A store that can read from a date on (`iter_sessions(since)`, one year file at a time)
    is asked for the period alone, a day early: it dates sessions by their stored offset,
    the period is in local days, and `since` then draws the exact line.
    """
    iter_sessions: Callable[..., Iterable[SessionRecord]] | None = getattr(
        source, "iter_sessions", None
    )
    if iter_sessions is not None:
        early = None if first_day is None else first_day - dt.timedelta(days=1)
        return since(iter_sessions(early), first_day, tz)
    return since(source.sessions(), first_day, tz)


def basics_since(
    source: SessionSource, first_day: dt.date | None, tz: str
) -> Iterator[SessionBasics]:
    """What pain, minutes and "what helps" need of a period's sessions, newest first.

    From the index's summary rows when the store has them (a small file per year, no holds),
    asked for a day early as `iter_sessions_since` does; otherwise the sessions themselves.
    """
    summaries: Callable[..., Iterable[SessionBasics]] | None = getattr(source, "summaries", None)
    if summaries is None:
        return iter_sessions_since(source, first_day, tz)
    early = None
    if first_day is not None:
        early = dt.datetime.combine(first_day - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return since(summaries(early), first_day, tz)


def personal_bests(source: SessionSource, tz: str) -> dict[str, PersonalBest]:
    """Each step's longest hold of all time (across routines) and the day it was first held.

    From the index's personal bests when the store keeps them (no session is read);
    otherwise from every session, by the same rule.
    """
    all_bests: Callable[[], Mapping[str, Mapping[str, list[float | None]]]] | None = getattr(
        source, "all_bests", None
    )
    all_best_days: Callable[[], Mapping[str, Mapping[str, list[str | None]]]] | None = getattr(
        source, "all_best_days", None
    )
    if all_bests is not None and all_best_days is not None:
        return longest_holds(all_bests(), all_best_days(), tz)
    return longest_holds_of(source.sessions(), tz)


def longest_holds(
    bests: Mapping[str, Mapping[str, list[float | None]]],
    days: Mapping[str, Mapping[str, list[str | None]]],
    tz: str,
) -> dict[str, PersonalBest]:
    """Per step name, the longest hold over every routine that has the step (the first
    day it was held that long when two routines tie); rounded as the charts round."""
    found: dict[str, PersonalBest] = {}
    for routine, steps in bests.items():
        for step, (seconds, _reps) in steps.items():
            if seconds is None or seconds <= 0:
                continue
            start = days.get(routine, {}).get(step, [None, None])[0]
            day = None
            if start is not None:
                try:
                    day = local_day(start, tz)
                except ValueError:
                    day = None
            best = PersonalBest(step, round(seconds, 1), day)
            known = found.get(step)
            if known is None or best.is_better_than(known):
                found[step] = best
    return found


def zone_name() -> str:
    """The user's IANA time zone, as the app finds it."""
    from lowback_tui.core.clock import local_zone_name

    name = local_zone_name()
    if name is None:
        from lowback_tui.core.streaks import local_timezone

        name = local_timezone()
    return name
