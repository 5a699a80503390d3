"""HistoryRepository: the sessions and rest days of LOWBACK_HOME, in and out as dataclasses.

Its reads are in reading.py, how a change reaches the files in writing.py and changes.py."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace

from lowback_tui.base.atomic import remove_stale_temps

from ..core.records import IN_PROGRESS, INTERRUPTED, STATUSES, HoldRecord, SessionRecord, Status
from .changes import DeleteChange, RestDayChange
from .errors import CorruptFileError, HistoryError, OutdatedIndexError
from .history_file import HistoryFile
from .index import INDEX_NAME, IndexTop, is_year_name, year_files, year_of
from .index_io import odd_year_files
from .loading import keep_aside, prepare_home, start_timestamp
from .migrate import V1_NAME, migrate_v1
from .reading import HISTORY_NAME, JOURNAL_NAME, LATEST_ZONE, default_tz
from .writer import Batch, InlineWriter, ThreadWriter
from .writing import HistoryWrites
from .years import rebuild, rederive

__all__ = ["HISTORY_NAME", "JOURNAL_NAME", "LATEST_ZONE", "HistoryRepository", "default_tz"]

#: How often (seconds) a thread holding the GIL must offer it to the others.
WRITER_SWITCH_INTERVAL = 0.002
#: How long the writer lets the screen draw before it rewrites a year file (seconds): a
#: session's start is on disk at once in its journal, and in its year's file just after the
#: timer's first frame, not competing with it (issue 10: a start within 100 ms).
WRITER_SETTLE = 0.25


class HistoryRepository(HistoryWrites):
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
        warnings += odd_year_files(self.directory, is_year_name)
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
            from lowback_tui.base.atomic import is_read_only

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
            done = replace(record, holds=holds, active_seconds=active_seconds)
            self._commit(replace(done, hold_in_progress=None, held_in_progress=0.0), journal=True)

    def checkpoint(self, session_id: str, index: int, held: float, active_seconds: float) -> None:
        """The hold under way so far, in the journal only (every 15 s of a hold), so a kill
        loses at most that much of it; the year file catches up with the next finished hold."""
        with self._lock:
            record = self._require(session_id)
            if record.status != IN_PROGRESS or record.resume_index > index:
                return  # written late, after the hold (or the session) ended
            record = replace(
                record,
                hold_in_progress=index,
                held_in_progress=round(held, 3),
                active_seconds=active_seconds,
            )
            self._refuse_if_read_only()
            self._touched[record.id] = record
            self._journal.write(record)

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
                hold_in_progress=None,
                held_in_progress=0.0,
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
            self._submit(("session", session_id), DeleteChange(session_id, year))
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
            self._submit(("rest day", day), RestDayChange(day, is_rest))
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
            batch: Batch = {("delete", sid): DeleteChange(sid, year) for sid, year in moved}
            batch.update({("session", record.id): record for record in records})
            batch.update({("rest day", day): RestDayChange(day, True) for day in rest_days})
            if not batch:
                return
            self._write_batch(batch)
            self._rest_days |= rest_days
