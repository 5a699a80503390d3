"""Sessions put into words for people: dates via pendulum, durations, completion, pain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import pendulum

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.records import COMPLETED, SessionRecord
from lowback_tui.core.streaks import DayActivity, StreakSummary, local_timezone, summarize
from lowback_tui.core.tally import tally
from lowback_tui.core.words import duration_text


@dataclass(frozen=True)
class SessionRow:
    """One line of the history list."""

    when: str
    routine: str
    duration: str
    completion: str
    pain: str
    status: str


def when_in_words(iso_timestamp: str, now: pendulum.DateTime | None = None) -> str:
    """ "2 hours ago", "3 days ago" (the raw text if unreadable); `now` fixes the reference."""
    try:
        moment = pendulum.parse(iso_timestamp)
    except (ValueError, TypeError):
        return iso_timestamp
    if not isinstance(moment, pendulum.DateTime):
        return iso_timestamp
    if now is None:  # not pendulum's own idea of the local zone: it fails on odd TZ values
        now = pendulum.now(local_timezone())
    # Against another moment pendulum says "before"/"after"; people read "ago".
    words = moment.diff_for_humans(now, absolute=True)
    return f"{words} ago" if moment <= now else f"in {words}"


def pain_text(before: int | None, after: int | None) -> str:
    """ "5 → 3", "5 → –", "–" when neither was given."""
    if before is None and after is None:
        return "–"

    def show(value: int | None) -> str:
        return "–" if value is None else str(value)

    return f"{show(before)} → {show(after)}"


def completion_text(session: SessionRecord) -> str:
    """ "12/35 holds": holds done (see core/tally.py) out of those planned, rests aside."""
    counts = tally(session)
    return f"{counts.done}/{counts.planned} {'hold' if counts.planned == 1 else 'holds'}"


def session_row(session: SessionRecord, now: pendulum.DateTime | None = None) -> SessionRow:
    """What the history list shows of one session."""
    # Every text from the file is made safe here, for the app and the command line alike.
    return SessionRow(
        when=safe(when_in_words(session.started_at, now)),
        routine=safe(session.routine_name),
        duration=duration_text(session.active_seconds),
        completion=completion_text(session),
        pain=pain_text(session.pain_before, session.pain_after),
        status=safe(session.status),
    )


class SessionLike(Protocol):
    """What a history row shows: a full SessionRecord or the index's summary of one."""

    @property
    def started_at(self) -> str: ...
    @property
    def routine_name(self) -> str: ...
    @property
    def active_seconds(self) -> float: ...
    @property
    def holds_done(self) -> int: ...
    @property
    def planned_holds(self) -> int: ...
    @property
    def pain_before(self) -> int | None: ...
    @property
    def pain_after(self) -> int | None: ...
    @property
    def status(self) -> str: ...


def summary_row(session: SessionLike, now: pendulum.DateTime | None = None) -> SessionRow:
    """What the history list shows of one session, from its index row (planned holds there
    already count the holds recorded beyond the plan)."""
    # Every text from the file is made safe here, as session_row does.
    return SessionRow(
        when=safe(when_in_words(session.started_at, now)),
        routine=safe(session.routine_name),
        duration=duration_text(session.active_seconds),
        completion=f"{session.holds_done}/{session.planned_holds} holds",
        pain=pain_text(session.pain_before, session.pain_after),
        status=safe(session.status),
    )


def streak_summary(
    sessions: Iterable[SessionRecord],
    rest_days: Iterable[dt.date],
    *,
    weekly_goal: int,
    today: dt.date | None = None,
    tz: str | None = None,
    weeks: int = 12,
) -> StreakSummary:
    """Streaks and the week's progress for a history, in the user's time zone."""
    zone = tz or local_timezone()
    day = today or pendulum.now(zone).date()
    activities = [
        DayActivity(s.started_at, s.status == COMPLETED, s.active_seconds) for s in sessions
    ]
    return summarize(
        activities,
        rest_days,
        today=dt.date(day.year, day.month, day.day),
        tz=zone,
        weekly_goal=weekly_goal,
        weeks=weeks,
    )
