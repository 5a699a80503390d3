"""The reading side of HistoryRepository: its state, and sessions, rows, streaks and bests as
they stand (the index's top, the sessions changed in this run, the year files on demand)."""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import threading
from collections.abc import Collection, Iterator
from pathlib import Path

from ..core.progression import SessionFacts, start_key
from ..core.records import IN_PROGRESS, SessionRecord
from ..core.streaks import StreakSummary
from .errors import CorruptFileError, HistoryError
from .history_file import HistoryFile
from .index import (
    HISTORY_DIR,
    BestDays,
    Bests,
    IndexFiles,
    IndexTop,
    SessionSummary,
    YearRows,
    fingerprint,
    newest_first,
    summary_of,
    year_of,
    zone_of,
)
from .journal import Journal
from .loading import start_timestamp
from .migrate import V1_NAME
from .writer import InlineWriter, ThreadWriter
from .years import read_year

JOURNAL_NAME = "session.json"
HISTORY_NAME = V1_NAME  # the first layout's file, read until it is converted


def _year_ends_by(year: int) -> float:
    """A moment after every start a year's file can hold: files go by the local date, and
    local time is within a day of UTC."""
    return dt.datetime(year + 1, 1, 2, tzinfo=dt.UTC).timestamp()


def default_tz() -> str:
    from lowback_tui.core.clock import local_zone_name

    return local_zone_name() or "UTC"


LATEST_ZONE = dt.timezone(dt.timedelta(hours=14))
"""The earliest a calendar year begins anywhere (Kiribati, UTC+14)."""


class HistoryReads:
    """The repository's state and every read of it; HistoryRepository adds the changes."""

    def __init__(
        self,
        home: Path,
        *,
        sync: bool = False,
        read_only: bool = False,
        tz: str | None = None,
    ) -> None:
        """`read_only`: for readers beside a running app (the command line): open() writes,
        moves and deletes nothing (not even the first layout's conversion), and every change
        raises HistoryError."""
        self.home = Path(home)
        self.directory = self.home / HISTORY_DIR
        self.path = self.directory
        self.warning: str | None = None
        """What was converted, rebuilt or kept aside while opening; None when all was well."""
        self.tz = tz or default_tz()
        self._sync = sync
        self._read_only = read_only
        self._lock = threading.RLock()  # callers on several threads still see one order
        self._journal = Journal(self.home / JOURNAL_NAME)
        self._index = IndexFiles(self.directory)
        self._top = IndexTop(tz=self.tz)
        self._rest_days: set[dt.date] = set()
        self._touched: dict[str, SessionRecord] = {}
        """Sessions changed in this run (or read for a change): memory is newer than disk."""
        self._deleted: dict[str, int] = {}
        self._memory_rows: dict[int, YearRows] | None = None
        """A reader's rows when the index on disk is stale and it may not rewrite it."""
        self._legacy: dict[str, SessionRecord] = {}
        """A reader's sessions of an unconverted history.json."""
        self._files: dict[int, HistoryFile] = {}  # the writer's open year files
        self._rows_cache: dict[int, YearRows] = {}
        self._index_behind = False  # the writer has index changes still to make
        self._writer: InlineWriter | ThreadWriter | None = None

    # -- reading ---------------------------------------------------------------------------

    def session_count(self) -> int:
        """How many sessions the history holds (from the index)."""
        with self._lock:
            count = self._top.session_count + len(self._legacy_only())
            known = set()
            for session_id, record in self._touched.items():
                if self._row_of(session_id, year_of(record.started_at)) is None:
                    known.add(session_id)
            count += len(known - set(self._legacy_only()))
            return count - sum(1 for sid, year in self._deleted.items() if self._row_of(sid, year))

    def summaries(self, since: dt.datetime | None = None) -> Iterator[SessionSummary]:
        """Every session's index row, newest first, read one year at a time."""
        since_ts = since.timestamp() if since is not None else None
        years = self._years()
        extra = self._extra_rows()
        for year in sorted(years | set(extra), reverse=True):
            if since_ts is not None and since_ts >= _year_ends_by(year):
                return  # every start in this year's file and the older ones is earlier
            rows = self._overlay(year, self._rows(year), extra.get(year, []))
            for row in rows:
                if since_ts is not None and row.timestamp < since_ts:
                    return
                yield row

    def recent(self, count: int) -> list[SessionSummary]:
        """The newest `count` sessions' rows."""
        out: list[SessionSummary] = []
        for row in self.summaries():
            if len(out) >= count:
                break
            out.append(row)
        return out

    def newest(self) -> SessionSummary | None:
        return next(self.summaries(), None)

    def get(self, session_id: str, year: int | None = None) -> SessionRecord | None:
        """One session in full: from memory, else from its year file (read for this call)."""
        with self._lock:
            if session_id in self._touched:
                return self._touched[session_id]
            if session_id in self._deleted:
                return None
        if session_id in self._legacy:
            return self._legacy[session_id]
        if year is None:
            for row in self.summaries():
                if row.id == session_id:
                    year = row.year
                    break
            else:
                return None
        return self._load(session_id, year)

    def progress_facts(self, routine_ids: Collection[str]) -> Iterator[tuple[str, SessionFacts]]:
        """(routine id, step facts) of every finished session of those routines, oldest first
        in progression's order (core.progression.start_key), from the index rows a year at a
        time: today's targets without a session in full, and without the history in memory.

        A session's year is that of its own local start, so the first hours of a year in one
        zone can come before the last of the previous year in another: a few are held back
        until no later year can hold anything earlier.
        """
        wanted = set(routine_ids)
        waiting: list[tuple[tuple[float, str], str, SessionFacts]] = []
        extra = self._extra_rows()
        for year in sorted(self._years() | set(extra)):
            rows = self._overlay(year, self._rows(year), extra.get(year, []))
            for row in reversed(rows):  # rows are newest first
                if row.routine_id in wanted and row.status != IN_PROGRESS:
                    facts = row.facts()
                    heapq.heappush(waiting, (start_key(facts), row.routine_id, facts))
            # Nothing filed under a later year starts before its first day at UTC+14.
            safe_until = dt.datetime(year + 1, 1, 1, tzinfo=LATEST_ZONE).timestamp()
            while waiting and waiting[0][0][0] < safe_until:
                _, routine_id, facts = heapq.heappop(waiting)
                yield routine_id, facts
        while waiting:
            _, routine_id, facts = heapq.heappop(waiting)
            yield routine_id, facts

    def sessions(self) -> list[SessionRecord]:
        """Every session in full, newest first. Loads the whole history: for tests and small
        histories; iter_sessions() reads one year at a time."""
        return list(self.iter_sessions())

    def iter_sessions(
        self, since: dt.date | None = None, *, newest_first_order: bool = True
    ) -> Iterator[SessionRecord]:
        """Every session in full (from `since`'s year on), one year file in memory at a time."""
        years = sorted(self._years() | set(self._extra_rows()), reverse=newest_first_order)
        for year in years:
            if since is not None and year < since.year:
                continue
            records = {record.id: record for record in self._year_records(year)}
            for session_id, record in list(self._touched.items()):
                if year_of(record.started_at) == year:
                    records[session_id] = record
            for session_id, other in self._legacy.items():
                if year_of(other.started_at) == year:
                    records.setdefault(session_id, other)
            for session_id in self._deleted:
                records.pop(session_id, None)
            ordered = sorted(records.values(), key=start_timestamp, reverse=newest_first_order)
            for record in ordered:
                if since is not None and record.started_at[:10] < since.isoformat():
                    continue
                yield record

    def rest_days(self) -> set[dt.date]:
        with self._lock:
            return set(self._rest_days) | getattr(self, "_rest_days_legacy", set())

    def bests(self, routine_id: str) -> dict[str, tuple[float | None, int | None]]:
        """Personal bests per step name of a routine: (longest seconds held, most reps)."""
        self._catch_up()
        steps = self._top.bests.get(routine_id, {})
        return {
            name: (seconds, None if reps is None else int(reps))
            for name, (seconds, reps) in steps.items()
        }

    def all_bests(self) -> Bests:
        self._catch_up()
        return self._top.bests

    def all_best_days(self) -> BestDays:
        """When each of `all_bests` was first reached (a session's start), where known."""
        self._catch_up()
        return self._top.best_days

    def streak_summary(self, *, today: dt.date, weekly_goal: int, weeks: int = 12) -> StreakSummary:
        """Streaks, the week and the heatmap, from the index (caught up with this run first)."""
        from lowback_tui.core.dayspans import summarize_spans

        self._catch_up()
        top = self._top
        extra_days = {
            day: count for day, count in self._legacy_done_days().items() if day not in top.recent
        }
        spans = top.spans
        if extra_days:
            from lowback_tui.core.dayspans import add_day

            for day in extra_days:
                spans = add_day(spans, day)
        return summarize_spans(
            spans,
            {**top.recent, **extra_days},
            self.rest_days(),
            today=today,
            weekly_goal=weekly_goal,
            weeks=weeks,
        )

    # -- inside ------------------------------------------------------------------------------

    @property
    def streaks_at_once(self) -> bool:
        """Whether the streaks can be counted without waiting: from the index's top alone,
        with no write to wait for (a session just ended) and no unconverted history.json
        (read-only) to go through session by session."""
        return not self._legacy and not (self._writer is not None and self._writer.pending)

    def _catch_up(self) -> None:
        """Let the writer finish index changes already submitted (a session just ended)."""
        if self._writer is not None:
            # On failure the figures are a moment behind; the writer reports its error.
            with contextlib.suppress(HistoryError, TimeoutError):
                self._writer.flush(5.0)

    def _years(self) -> set[int]:
        if self._memory_rows is not None:
            return set(self._memory_rows)
        return {year for year, entry in self._top.years.items() if entry.sessions}

    def _rows(self, year: int) -> list[SessionSummary]:
        if self._memory_rows is not None:
            rows = self._memory_rows.get(year)
            return rows.rows if rows else []
        if year not in self._top.years:
            return []
        cached = self._rows_cache.get(year)
        source = self._top.years[year].source
        if cached is not None and cached.source == source:
            return cached.rows
        try:
            rows = self._index.read_rows(year)
        except CorruptFileError:
            rows = None
        if rows is None or rows.source != source:
            rows = self._rows_from_year(year)
        with self._lock:  # the trends screen reads rows in a thread, beside the UI's reads
            if len(self._rows_cache) > 2:  # a few years' rows: paging through stays cheap
                self._rows_cache.pop(next(iter(self._rows_cache)), None)
            self._rows_cache[year] = rows
        return rows.rows

    def _rows_from_year(self, year: int) -> YearRows:
        """A year's rows again from its file (its row file was missing or behind)."""
        path = self.directory / f"{year}.json"
        try:
            history = read_year(path)
        except CorruptFileError:
            return YearRows(year, None, [], {}, set())
        try:
            return YearRows.build(year, fingerprint(path), history.records(), history.rest_days())
        finally:
            history.close()

    def _row_of(self, session_id: str, year: int) -> SessionSummary | None:
        for row in self._rows(year):
            if row.id == session_id:
                return row
        return None

    def _extra_rows(self) -> dict[int, list[SessionSummary]]:
        """Rows of sessions in memory only: touched this run, or an unconverted history.json."""
        extra: dict[int, list[SessionSummary]] = {}
        with self._lock:
            touched = list(self._touched.values())
        for record in [*self._legacy_only().values(), *touched]:
            extra.setdefault(year_of(record.started_at), []).append(summary_of(record))
        return extra

    def _legacy_only(self) -> dict[str, SessionRecord]:
        return self._legacy

    def _legacy_done_days(self) -> dict[dt.date, int]:
        from .index import done_days

        if not self._legacy:
            return {}
        return dict(done_days(map(summary_of, self._legacy.values()), zone_of(self.tz)))

    def _overlay(
        self, year: int, rows: list[SessionSummary], extra: list[SessionSummary]
    ) -> list[SessionSummary]:
        if not extra and not self._deleted:
            return rows
        replaced = {row.id: row for row in extra}
        out = [replaced.pop(row.id, row) for row in rows if row.id not in self._deleted]
        if replaced:
            return newest_first([*out, *replaced.values()])
        return out

    def _year_records(self, year: int) -> list[SessionRecord]:
        """A year's sessions: decoded at once when the index vouches for the file as it is."""
        from .year_decode import year_records

        rows = None if self._memory_rows is None else self._memory_rows.get(year)
        entry = self._top.years.get(year)
        known = rows.source if rows is not None else entry.source if entry else None
        return year_records(self.directory / f"{year}.json", known)

    def _load(self, session_id: str, year: int) -> SessionRecord | None:
        for record in self._year_records(year):
            if record.id == session_id:
                return record
        return None
