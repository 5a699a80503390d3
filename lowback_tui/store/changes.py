"""The changes the repository hands its writer, and how a batch of them reaches the year files:
first bucketed by year file, then applied to each file in one rewrite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.records import IN_PROGRESS, SessionRecord
from .history_file import HistoryFile
from .index import year_of
from .writer import Batch


@dataclass(frozen=True)
class RestDayChange:
    """A pending rest-day change, as handed to the writer."""

    day: dt.date
    present: bool


@dataclass(frozen=True)
class DeleteChange:
    """A pending removal of a session from its year file."""

    session_id: str
    year: int


Change = SessionRecord | RestDayChange | DeleteChange
OpenSession = tuple[str, int] | None


def bucket_by_year(batch: Batch) -> dict[int, list[Change]]:
    """The batch's changes by the year file each belongs to, in the order they came."""
    by_year: dict[int, list[Change]] = {}
    for change in batch.values():
        if isinstance(change, SessionRecord):
            year = year_of(change.started_at)
        elif isinstance(change, RestDayChange):
            year = change.day.year
        elif isinstance(change, DeleteChange):
            year = change.year
        else:
            continue
        by_year.setdefault(year, []).append(change)
    return by_year


def apply_changes(
    history: HistoryFile, year: int, changes: list[Change], open_session: OpenSession
) -> tuple[bool, OpenSession]:
    """Apply one year's changes to its file in one rewrite. Returns whether the index must
    follow (anything but a running session's holds) and the session running afterwards."""
    needs_index = False
    with history.batch():
        for change in changes:
            if isinstance(change, SessionRecord):
                if change.status == IN_PROGRESS:
                    if open_session != (change.id, year):
                        open_session = (change.id, year)
                        needs_index = True
                else:
                    needs_index = True
                    if open_session and open_session[0] == change.id:
                        open_session = None
                history.put_session(change)
            elif isinstance(change, RestDayChange):
                history.put_rest_day(change.day, change.present)
                needs_index = True
            elif isinstance(change, DeleteChange):
                history.remove_session(change.session_id)
                needs_index = True
                if open_session and open_session[0] == change.session_id:
                    open_session = None
    return needs_index, open_session
