"""The history a screen gets when the history could not be opened (its folder or files are
unusable, or another lowback holds the lock): empty, and every change is refused with a
HistoryError that says why (never a RuntimeError from a closed repository)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NoReturn

from ..core.records import HoldRecord, SessionRecord, Status
from .errors import HistoryError

if TYPE_CHECKING:  # the repository loads TinyDB: only once the history is opened
    from collections.abc import Collection, Iterator

    from ..core.progression import SessionFacts
    from ..core.streaks import StreakSummary
    from .index import SessionSummary


class UnavailableHistory:
    """Stands in for the history: nothing to show, nothing saved, and the reason given.
    It answers the `History` protocol (store/history_api.py), as the open history does."""

    available = False
    """Sessions are not saved."""
    streaks_at_once = True
    """There is nothing to count."""
    warning: str | None = None

    def __init__(self, reason: str) -> None:
        self.reason = reason
        """Why the history could not be opened, as the user was told at start."""

    def _refuse(self) -> NoReturn:
        raise HistoryError(f"The history is not available ({self.reason}); nothing was saved.")

    def progress_facts(self, routine_ids: Collection[str]) -> Iterator[tuple[str, SessionFacts]]:
        return iter(())

    def sessions(self) -> list[SessionRecord]:
        return []

    def get(self, session_id: str, year: int | None = None) -> SessionRecord | None:
        return None

    def summaries(self, since: dt.datetime | None = None) -> Iterator[SessionSummary]:
        return iter(())

    def session_count(self) -> int:
        return 0

    def newest(self) -> SessionSummary | None:
        return None

    def iter_sessions(self, since: dt.date | None = None) -> Iterator[SessionRecord]:
        return iter(())

    def streak_summary(self, *, today: dt.date, weekly_goal: int, weeks: int = 12) -> StreakSummary:
        from ..core.dayspans import summarize_spans

        return summarize_spans([], {}, (), today=today, weekly_goal=weekly_goal, weeks=weeks)

    def rest_days(self) -> set[dt.date]:
        return set()

    def start_session(self, record: SessionRecord) -> None:
        self._refuse()

    def record_hold(self, session_id: str, hold: HoldRecord, active_seconds: float) -> None:
        self._refuse()

    def checkpoint(self, session_id: str, index: int, held: float, active_seconds: float) -> None:
        self._refuse()

    def finish_session(
        self,
        session_id: str,
        *,
        status: Status,
        ended_at: str,
        active_seconds: float,
        pain_after: int | None = None,
        hurt_step: str | None = None,
        hurt_level: int | None = None,
    ) -> SessionRecord:
        self._refuse()

    def set_pain_before(self, session_id: str, pain: int | None) -> None:
        self._refuse()

    def set_pain_after(self, session_id: str, pain: int | None) -> SessionRecord:
        self._refuse()

    def set_hurt_level(self, session_id: str, level: int | None) -> SessionRecord:
        self._refuse()

    def set_note(self, session_id: str, note: str) -> None:
        self._refuse()

    def delete_session(self, session_id: str) -> SessionRecord:
        self._refuse()

    def toggle_rest_day(self, day: dt.date) -> bool:
        self._refuse()

    def flush(self, timeout: float | None = None) -> None:
        return None

    def close(self) -> None:
        return None
