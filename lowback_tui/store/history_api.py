"""`History`: what screens, the session runner and plain mode may ask of the history.

Two things answer it: the open history (`HistoryRepository`, year files and their index) and
its stand-in when that could not be opened (`UnavailableHistory`, empty, refusing every change
with the reason). A Protocol rather than their union, so a screen depends on what it uses and
a test can hand it any object that answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Protocol

from ..core.records import HoldRecord, SessionRecord, Status

if TYPE_CHECKING:
    from ..core.progression import SessionFacts
    from ..core.streaks import StreakSummary
    from .index import SessionSummary


class History(Protocol):
    """The history as the app reads and changes it."""

    @property
    def available(self) -> bool:
        """Whether sessions are saved (False: the stand-in, which says why in a warning)."""
        ...

    @property
    def streaks_at_once(self) -> bool:
        """Whether the streaks can be counted now, without waiting for a write."""
        ...

    @property
    def warning(self) -> str | None:
        """What the user should be told about files that were repaired or set aside."""
        ...

    # -- reading ---------------------------------------------------------------------------

    def progress_facts(
        self, routine_ids: Collection[str]
    ) -> Iterator[tuple[str, SessionFacts]]: ...

    def sessions(self) -> list[SessionRecord]: ...

    def get(self, session_id: str, year: int | None = None) -> SessionRecord | None: ...

    def summaries(self, since: dt.datetime | None = None) -> Iterator[SessionSummary]: ...

    def session_count(self) -> int: ...

    def newest(self) -> SessionSummary | None: ...

    def iter_sessions(self, since: dt.date | None = None) -> Iterator[SessionRecord]: ...

    def streak_summary(
        self, *, today: dt.date, weekly_goal: int, weeks: int = 12
    ) -> StreakSummary: ...

    def rest_days(self) -> set[dt.date]: ...

    # -- changing (the stand-in refuses each with a HistoryError that says why) -------------

    def start_session(self, record: SessionRecord) -> None: ...

    def record_hold(self, session_id: str, hold: HoldRecord, active_seconds: float) -> None: ...

    def checkpoint(
        self, session_id: str, index: int, held: float, active_seconds: float
    ) -> None: ...

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
    ) -> SessionRecord: ...

    def set_pain_before(self, session_id: str, pain: int | None) -> None: ...

    def set_pain_after(self, session_id: str, pain: int | None) -> SessionRecord: ...

    def set_hurt_level(self, session_id: str, level: int | None) -> SessionRecord: ...

    def set_note(self, session_id: str, note: str) -> None: ...

    def delete_session(self, session_id: str) -> SessionRecord: ...

    def toggle_rest_day(self, day: dt.date) -> bool: ...

    def flush(self, timeout: float | None = None) -> None: ...

    def close(self) -> None: ...
