"""Where trends, insights, reports and exports get their sessions: the one place to change
when the history store changes shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from lowback_tui.core.records import SessionRecord
from lowback_tui.core.streaks import local_day


class SessionSource(Protocol):
    """What the history repository offers the progress features (read only)."""

    def sessions(self) -> list[SessionRecord]: ...

    def rest_days(self) -> set[dt.date]: ...


def since(
    newest_first: Iterable[SessionRecord], first_day: dt.date | None, tz: str
) -> Iterator[SessionRecord]:
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
    """The sessions of a period, newest first.

    A store that can read from a date on (`iter_sessions(since)`, one year file at a time)
    is asked for the period alone, a day early: it dates sessions by their stored offset,
    the period is in local days, and `since` then draws the exact line.
    """
    iter_sessions: Callable[..., Iterable[SessionRecord]] | None = getattr(
        source, "iter_sessions", None
    )
    if iter_sessions is not None:
        early = None if first_day is None else first_day - dt.timedelta(days=1)
        return list(since(iter_sessions(early), first_day, tz))
    return list(since(source.sessions(), first_day, tz))


def zone_name() -> str:
    """The user's IANA time zone, as the app finds it."""
    from lowback_tui.core.clock import local_zone_name

    name = local_zone_name()
    if name is None:
        from lowback_tui.core.streaks import local_timezone

        name = local_timezone()
    return name


def today_in(tz: str) -> dt.date:
    import zoneinfo

    return dt.datetime.now(zoneinfo.ZoneInfo(tz)).date()
