"""HistoryRepository: the sessions and rest days of LOWBACK_HOME, in and out as dataclasses."""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import sys
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from lowback_tui.atomic import remove_stale_temps

from ..core.progression import SessionFacts, start_key
from ..core.records import IN_PROGRESS, INTERRUPTED, STATUSES, HoldRecord, SessionRecord, Status
from ..core.streaks import StreakSummary
from .errors import CorruptFileError, HistoryError
from .history_file import HistoryFile
from .index import (
    HISTORY_DIR,
    INDEX_NAME,
    BestDays,
    Bests,
    IndexFiles,
    IndexTop,
    OutdatedIndexError,
    SessionSummary,
    YearEntry,
    YearRows,
    fingerprint,
    newest_first,
    summary_of,
    update_top,
    year_files,
    year_of,
    zone_of,
)
from .journal import Journal
from .loading import keep_aside, prepare_home, start_timestamp
from .migrate import V1_NAME, migrate_v1
from .writer import Batch, InlineWriter, ThreadWriter
from .years import read_year, rebuild, rederive, unreadable

#: How often (seconds) a thread holding the GIL must offer it to the others.
WRITER_SWITCH_INTERVAL = 0.002
#: How long the writer lets the screen draw before it rewrites a year file (seconds): a
#: session's start is on disk at once in its journal, and in its year's file just after the
#: timer's first frame, not competing with it (issue 10: a start within 100 ms).
WRITER_SETTLE = 0.25
JOURNAL_NAME = "session.json"
HISTORY_NAME = V1_NAME  # the first layout's file, read until it is converted


@dataclass(frozen=True)
class _RestDay:
    """A pending rest-day change, as handed to the writer."""

    day: dt.date
    present: bool


@dataclass(frozen=True)
class _Delete:
    """A pending removal of a session from its year file."""

    session_id: str
    year: int


def _year_ends_by(year: int) -> float:
    """A moment after every start a year's file can hold: files go by the local date, and
    local time is within a day of UTC."""
    return dt.datetime(year + 1, 1, 2, tzinfo=dt.UTC).timestamp()


def default_tz() -> str:
    from lowback_tui.core.clock import local_zone_name

    return local_zone_name() or "UTC"


LATEST_ZONE = dt.timezone(dt.timedelta(hours=14))
"""The earliest a calendar year begins anywhere (Kiribati, UTC+14)."""


class HistoryRepository:
    """history/ (one TinyDB file per year, and the index), plus session.json: the journal.

    Every change updates memory and goes to one writer (a thread unless `sync`), which
    coalesces pending changes into one atomic rewrite of the year file concerned. A change to
    the running session also rewrites the small journal at once, so a crash loses at most the
    hold in progress. The index follows every change except the holds of a running session
    (it catches up when the session ends). Memory holds the index's small top, the sessions
    changed in this run, and the year file being written; everything else is read on demand.
    """

    available = True
    """Sessions are saved (see UnavailableHistory for the stand-in when they are not)."""

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

    # -- opening ---------------------------------------------------------------------------

    def open(self) -> list[SessionRecord]:
        """Convert, check the index, fold in a left-over journal; return the sessions just
        marked interrupted (newest first). An unreadable file is renamed aside (bytes
        untouched) and `warning` says so. HistoryError if the files cannot be used at all."""
        if self._writer is not None:
            raise RuntimeError("the history is already open")
        warnings: list[str] = []
        if self._read_only and not self.home.is_dir():  # nothing was ever saved here
            self._writer = InlineWriter(self._write_batch)
            return []
        if not self._read_only:
            prepare_home(self.home, (V1_NAME, JOURNAL_NAME))
            self._prepare_directory()
            warnings += migrate_v1(self.home, self.directory)
        elif (self.home / V1_NAME).exists():
            warnings += self._read_legacy()
        journal_record, journal_warning = self._read_journal()
        warnings += journal_warning
        in_progress = self._open_index(warnings)
        self._rest_days = set(self._top.rest_days)
        if self._read_only:
            if journal_record is not None:  # newer than the year file's copy; status as it is
                self._touched[journal_record.id] = journal_record
            self.warning = " ".join(warnings) or None
            self._writer = InlineWriter(self._write_batch)  # never handed a change
            return []
        recovered = self._recover(journal_record, in_progress)
        self.warning = " ".join(warnings) or None
        if self._sync:
            self._writer = InlineWriter(self._write_batch)
        else:
            # The writer works in pure Python (TinyDB rebuilds a table on each update); a
            # 2 ms switch interval (not 5) lets the event loop in between.
            sys.setswitchinterval(min(sys.getswitchinterval(), WRITER_SWITCH_INTERVAL))
            self._writer = ThreadWriter(self._write_batch, settle=WRITER_SETTLE)
        interrupted = [record for record in recovered if record.status == INTERRUPTED]
        return sorted(interrupted, key=start_timestamp, reverse=True)

    def _prepare_directory(self) -> None:
        try:
            self.directory.mkdir(mode=0o700, exist_ok=True)
        except OSError as error:
            raise HistoryError(
                f"Cannot create {self.directory}: {error.strerror or error}. Nothing was written."
            ) from error
        names = [path.name for path in year_files(self.directory).values()]
        remove_stale_temps(self.directory, *names, INDEX_NAME)

    def _read_legacy(self) -> list[str]:
        history = HistoryFile(self.home / V1_NAME)
        try:
            self._legacy = dict(history.load().sessions)
            self._rest_days_legacy = history.rest_days()
        except CorruptFileError as error:
            return [f"{history.path} could not be read: {error}. It was left as it is."]
        finally:
            history.close()
        return []

    def _read_journal(self) -> tuple[SessionRecord | None, list[str]]:
        try:
            return self._journal.read(), []
        except CorruptFileError as error:
            if self._read_only:
                done = "It was left as it is."
            else:
                done = f"It was kept aside as {keep_aside(self._journal.path, str(error)).name}."
            return None, [
                f"The running session in {self._journal.path} could not be read: {error}. {done}"
            ]

    def _open_index(self, warnings: list[str]) -> list[tuple[str, int]]:
        """Read the index's top; rebuild it if missing, stale, unreadable or of another zone.
        Returns sessions a rebuild found in progress (a crash left them)."""
        files = year_files(self.directory)
        reason: str | None = None
        top: IndexTop | None = None
        quiet = False
        try:
            top = self._index.read_top()
        except OutdatedIndexError:
            quiet = True  # an upgrade: the index is derived, so it is simply built anew
        except CorruptFileError as error:
            reason = f"{self._index.top_path.name} could not be read ({error})"
            if not self._read_only:
                aside = keep_aside(self._index.top_path, str(error))
                reason += f"; it was kept aside as {aside.name}"
        if top is None and reason is None and not quiet:
            reason = "it was missing" if files else None
        elif top is not None:
            reason = top.stale_reason(files, running_ok=self._read_only)
        if top is not None and reason is None:
            if top.tz != self.tz:  # days fall elsewhere in another zone: quietly count again
                top.tz = self.tz
                top = rederive(self._index, top)
                if not self._read_only:
                    self._index.write_top(top)
            self._top = top
            return [top.open_session] if top.open_session else []
        if top is None and not files:
            self._top = IndexTop(tz=self.tz)
            return []
        rebuilt = rebuild(self.directory, self.tz, write=not self._read_only)
        self._top = rebuilt.top
        if self._read_only:
            self._memory_rows = rebuilt.rows
        warnings += rebuilt.warnings
        converted = any("one file per year" in warning for warning in warnings)
        if reason and not converted and not self._read_only:
            warnings.append(f"The history index was rebuilt from the year files: {reason}.")
        return rebuilt.in_progress

    def _recover(
        self, journal_record: SessionRecord | None, in_progress: list[tuple[str, int]]
    ) -> list[SessionRecord]:
        """The journal's session (newer than its year's copy) and every session left in
        progress, with "in progress" turned into "interrupted", written before anything."""
        found: dict[str, SessionRecord] = {}
        if journal_record is not None:
            found[journal_record.id] = journal_record
        for session_id, year in in_progress:
            if session_id not in found:
                record = self._load(session_id, year)
                if record is not None and record.status == IN_PROGRESS:
                    found[session_id] = record
        if self._top.open_session is not None:
            self._top.open_session = None
        if not found:
            return []
        recovered = [
            replace(record, status=INTERRUPTED) if record.status == IN_PROGRESS else record
            for record in found.values()
        ]
        try:
            batch: Batch = {("session", record.id): record for record in recovered}
            self._write_batch(batch, ended=True)
        except HistoryError as error:
            raise HistoryError(
                f"{error} The interrupted session stays in {self._journal.path.name} "
                "and will be recovered at the next start."
            ) from error
        self._journal.remove()  # only now: the year files hold everything it held
        for record in recovered:
            self._touched[record.id] = record
        return recovered

    # -- changes -------------------------------------------------------------------------

    def start_session(self, record: SessionRecord) -> None:
        """Record a new session (or a resumed one: same id); HistoryError if it cannot be saved."""
        with self._lock:
            self._require_open()
            self._refuse_if_read_only()
            year = year_of(record.started_at)  # CorruptFileError now for a bad start
            # Memory and the journal first: if the year file cannot take the session, the
            # holds still land in session.json (and the session goes on); then say so now.
            self._commit(record, journal=True)
            path = self.directory / f"{year}.json"
            from lowback_tui.atomic import is_read_only

            if is_read_only(path):
                raise HistoryError(
                    f"Cannot save history: {path} is read-only. It was left unchanged; "
                    "make it writable to record sessions."
                )

    def record_hold(self, session_id: str, hold: HoldRecord, active_seconds: float) -> None:
        """Append a finished hold: in the journal on return; the year file follows."""
        with self._lock:
            record = self._require(session_id)
            holds = (*record.holds, hold)
            self._commit(replace(record, holds=holds, active_seconds=active_seconds), journal=True)

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
        """End a session with a final status; returns the finished record."""
        if status not in STATUSES or status == IN_PROGRESS:
            raise ValueError(f"not a final status: {status!r}")
        with self._lock:
            record = replace(
                self._require(session_id),
                status=status,
                ended_at=ended_at,
                active_seconds=active_seconds,
                pain_after=pain_after,
                hurt_step=hurt_step,
                hurt_level=hurt_level,
            )
            self._commit(record, journal=True)
            return record

    def set_pain_before(self, session_id: str, pain: int | None) -> None:
        with self._lock:
            record = replace(self._require(session_id), pain_before=pain)
            self._commit(record, journal=self._journal.holds(session_id))

    def set_pain_after(self, session_id: str, pain: int | None) -> SessionRecord:
        """The answer to "how is your back now?", asked after the session ended."""
        with self._lock:
            record = replace(self._require(session_id), pain_after=pain)
            self._commit(record, journal=self._journal.holds(session_id))
            return record

    def set_hurt_level(self, session_id: str, level: int | None) -> SessionRecord:
        """How bad it was, asked after a "this hurts" stop ended the session."""
        with self._lock:
            record = replace(self._require(session_id), hurt_level=level)
            self._commit(record, journal=self._journal.holds(session_id))
            return record

    def set_note(self, session_id: str, note: str) -> None:
        with self._lock:
            record = replace(self._require(session_id), note=note)
            self._commit(record, journal=self._journal.holds(session_id))

    def delete_session(self, session_id: str) -> SessionRecord:
        """Remove a finished session for good (the user asked first); returns what it was.

        KeyError for an unknown id; a session still in progress cannot be deleted (its
        timer would write it again).
        """
        with self._lock:
            record = self._require(session_id)
            self._refuse_if_read_only()
            if record.status == IN_PROGRESS:
                raise HistoryError("a session in progress cannot be deleted; stop it first")
            del self._touched[session_id]
            year = year_of(record.started_at)
            self._deleted[session_id] = year
            self._submit(("session", session_id), _Delete(session_id, year))
            if self._journal.holds(session_id):
                self._journal.remove()
            return record

    def toggle_rest_day(self, day: dt.date) -> bool:
        """Mark or unmark a rest day (a flare-up), any day; returns whether it is one now."""
        with self._lock:
            self._require_open()
            self._refuse_if_read_only()
            is_rest = day not in self._rest_days
            if is_rest:
                self._rest_days.add(day)
            else:
                self._rest_days.discard(day)
            self._submit(("rest day", day), _RestDay(day, is_rest))
            return is_rest

    def put_many(
        self,
        records: list[SessionRecord],
        rest_days: set[dt.date],
        moved: list[tuple[str, int]] = (),  # type: ignore[assignment]
    ) -> None:
        """Write many sessions and rest days at once, one rewrite per year file (an import);
        `moved`: sessions whose copy in another year's file goes."""
        with self._lock:
            self._require_open()
            self._refuse_if_read_only()
            batch: Batch = {("delete", sid): _Delete(sid, year) for sid, year in moved}
            batch.update({("session", record.id): record for record in records})
            batch.update({("rest day", day): _RestDay(day, True) for day in rest_days})
            if not batch:
                return
            self._write_batch(batch)
            self._rest_days |= rest_days

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

    def flush(self, timeout: float | None = None) -> None:
        """Wait until the files hold every change so far; HistoryError if a write failed."""
        self._require_open().flush(timeout)

    def close(self) -> None:
        """Flush and stop the writer; the repository cannot be used afterwards."""
        with self._lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            try:
                writer.close()
            finally:
                for history in self._files.values():
                    history.close()
                self._files.clear()

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

    def _commit(self, record: SessionRecord, *, journal: bool) -> None:
        """Memory first (what the app shows), then the journal (durable), then the year file."""
        self._refuse_if_read_only()
        start_timestamp(record)  # CorruptFileError now for a start that is not ISO 8601
        self._touched[record.id] = record
        self._deleted.pop(record.id, None)
        journal_error = None
        if journal:
            try:
                self._journal.write(record)
            except HistoryError as error:
                journal_error = error  # the year file may still take it: submit anyway
        self._submit(("session", record.id), record)
        if journal_error is not None:
            raise journal_error

    def _submit(self, key: tuple[str, object], change: SessionRecord | _RestDay | _Delete) -> None:
        """Hand a change to the writer; raise an earlier background write's error, once."""
        writer = self._require_open()
        if not (isinstance(change, SessionRecord) and change.status == IN_PROGRESS):
            self._index_behind = True
        writer.submit(key, change)
        error = writer.take_error()
        if error is not None:
            raise error

    def _file(self, year: int) -> HistoryFile:
        """The writer's year file, loaded on first use; an unreadable one is set aside."""
        history = self._files.get(year)
        if history is not None:
            return history
        path = self.directory / f"{year}.json"
        try:
            history = read_year(path)
        except CorruptFileError as error:
            message = unreadable(path, error, set_aside=True)
            self.warning = f"{self.warning} {message}" if self.warning else message
            history = read_year(path)
        self._files[year] = history
        return history

    def _write_batch(self, batch: Batch, *, ended: bool = False) -> None:
        """On the writer: apply pending changes, one atomic rewrite per year file, then the
        index (unless the only change is a running session's holds); drop the journal."""
        by_year: dict[int, list[object]] = {}
        for change in batch.values():
            if isinstance(change, SessionRecord):
                year = year_of(change.started_at)
            elif isinstance(change, _RestDay):
                year = change.day.year
            elif isinstance(change, _Delete):
                year = change.year
            else:
                continue
            by_year.setdefault(year, []).append(change)
        index_years = []
        open_session = self._top.open_session
        for year, changes in sorted(by_year.items()):
            history = self._file(year)
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
                    elif isinstance(change, _RestDay):
                        history.put_rest_day(change.day, change.present)
                        needs_index = True
                    elif isinstance(change, _Delete):
                        history.remove_session(change.session_id)
                        needs_index = True
                        if open_session and open_session[0] == change.session_id:
                            open_session = None
            if needs_index or ended:
                index_years.append(year)
        if index_years or open_session != self._top.open_session:
            self._update_index(index_years, open_session)
        # One year file stays loaded (the newest written); others are closed after use.
        keep = max(by_year, default=None) if open_session is None else open_session[1]
        for other in [year for year in self._files if year != keep]:
            self._files.pop(other).close()
        for change in batch.values():
            if isinstance(change, SessionRecord) and change.status != IN_PROGRESS:
                self._journal.discard_if(change)

    def _update_index(self, years: list[int], open_session: tuple[str, int] | None) -> None:
        """On the writer: the changed years' rows, then the top (incrementally if it can)."""
        top = IndexTop(
            tz=self._top.tz,
            years=dict(self._top.years),
            open_session=open_session,
            rest_days=set(self._top.rest_days),
            spans=list(self._top.spans),
            recent=dict(self._top.recent),
            bests={
                r: {s: list(v) for s, v in steps.items()} for r, steps in self._top.bests.items()
            },
            best_days={
                r: {s: list(v) for s, v in steps.items()}
                for r, steps in self._top.best_days.items()
            },
        )
        full = False
        for year in years:
            history = self._files[year]
            path = self.directory / f"{year}.json"
            new = YearRows.build(year, fingerprint(path), history.records(), history.rest_days())
            try:
                old = self._index.read_rows(year)
            except CorruptFileError:
                old, full = None, True
            self._index.write_rows(new)
            self._rows_cache.pop(year, None)
            top.rest_days = {d for d in top.rest_days if d.year != year} | history.rest_days()
            if not full and not update_top(top, old, new):
                full = True
            top.years[year] = YearEntry(new.source, len(new.rows))
        if full:
            top = rederive(self._index, top)
        self._index.write_top(top)
        self._top = top
        with self._lock:
            self._index_behind = False

    def _refuse_if_read_only(self) -> None:
        if self._read_only:
            raise HistoryError(f"{self.directory} was opened read-only; nothing was written.")

    def _require(self, session_id: str) -> SessionRecord:
        self._require_open()
        record = self.get(session_id)
        if record is None:
            raise KeyError(f"no session {session_id!r} in the history")
        self._touched.setdefault(session_id, record)
        return record

    def _require_open(self) -> InlineWriter | ThreadWriter:
        if self._writer is None:
            raise RuntimeError("the history is not open (call open() first)")
        return self._writer
