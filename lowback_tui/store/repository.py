"""HistoryRepository: the sessions and rest days of LOWBACK_HOME, in and out as dataclasses."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.records import IN_PROGRESS, INTERRUPTED, STATUSES, HoldRecord, SessionRecord, Status
from .errors import HistoryError
from .history_file import HistoryFile
from .journal import Journal
from .loading import prepare_home, read_or_set_aside, start_timestamp, to_recover
from .writer import Batch, InlineWriter, ThreadWriter

#: How often (seconds) a thread holding the GIL must offer it to the others.
WRITER_SWITCH_INTERVAL = 0.002
HISTORY_NAME = "history.json"
JOURNAL_NAME = "session.json"


@dataclass(frozen=True)
class _RestDay:
    """A pending rest-day change, as handed to the writer."""

    day: dt.date
    present: bool


@dataclass(frozen=True)
class _Deleted:
    """A session removed from the history, as handed to the writer."""

    session_id: str


class HistoryRepository:
    """history.json, plus session.json: the journal of the running session.

    Every change updates memory and goes to one writer (a thread unless `sync`), which coalesces
    pending changes into one atomic rewrite of history.json. A change to the running session
    also rewrites the small journal at once, so a crash loses at most the hold in progress.
    """

    available = True
    """Sessions are saved (see UnavailableHistory for the stand-in when they are not)."""

    def __init__(self, home: Path, *, sync: bool = False, read_only: bool = False) -> None:
        """`read_only`: for readers beside a running app (the command line): open() writes,
        moves and deletes nothing, and every change raises HistoryError."""
        self.home = Path(home)
        self.path = self.home / HISTORY_NAME
        self.warning: str | None = None
        """Why history was started anew or a journal kept aside; None when all was well."""
        self._sync = sync
        self._read_only = read_only
        self._lock = threading.RLock()  # callers on several threads still see one order
        self._journal = Journal(self.home / JOURNAL_NAME)
        self._file = HistoryFile(self.path)  # only the writer uses it once open() returns
        self._sessions: dict[str, SessionRecord] = {}
        self._start_keys: dict[str, float] = {}
        self._rest_days: set[dt.date] = set()
        self._writer: InlineWriter | ThreadWriter | None = None

    def open(self) -> list[SessionRecord]:
        """Load history, fold in a left-over journal; return the sessions just marked interrupted.

        Newest first. An unreadable history.json is renamed aside (bytes untouched) and a new
        history starts; `warning` says so. HistoryError if the files cannot be used at all.
        """
        if self._writer is not None:
            raise RuntimeError("the history is already open")
        if not self._read_only:
            prepare_home(self.home, (HISTORY_NAME, JOURNAL_NAME))
        loaded, journal_record, warnings = read_or_set_aside(
            self._file, self._journal, set_aside=not self._read_only
        )
        self.warning = " ".join(warnings) or None
        for record in loaded.sessions.values():
            self._remember(record)
        self._rest_days = set(loaded.rest_day_doc_ids)
        if self._read_only:
            if journal_record is not None:  # newer than history.json's copy; status as it is
                self._remember(journal_record)
            self._writer = InlineWriter(self._write_batch)  # never handed a change
            return []
        recovered = to_recover(self._sessions, journal_record)
        if recovered:
            try:
                with self._file.batch():
                    for record in recovered:
                        self._remember(record)
                        self._file.put_session(record)
            except HistoryError as error:
                raise HistoryError(
                    f"{error} The interrupted session stays in {self._journal.path.name} "
                    "and will be recovered at the next start."
                ) from error
            self._journal.remove()  # only now: history.json holds everything it held
        if self._sync:
            self._writer = InlineWriter(self._write_batch)
        else:  # the thread first caches every fragment, so even its first write is cheap
            # The writer works in pure Python on a long history (TinyDB rebuilds the table on
            # each update); a 2 ms switch interval (not 5) lets the event loop in between.
            sys.setswitchinterval(min(sys.getswitchinterval(), WRITER_SWITCH_INTERVAL))
            self._writer = ThreadWriter(self._write_batch, before_first=self._file.storage.render)
        interrupted = [record for record in recovered if record.status == INTERRUPTED]
        return sorted(interrupted, key=lambda record: self._start_keys[record.id], reverse=True)

    def start_session(self, record: SessionRecord) -> None:
        """Record a new session (or a resumed one: same id); HistoryError if it cannot be saved."""
        with self._lock:
            self._require_open()
            self._refuse_if_read_only()
            # Memory and the journal first: if history.json cannot take the session, the holds
            # still land in session.json (and the session goes on); then say so, now rather
            # than later from the writer thread.
            self._commit(record, journal=True)
            self._file.storage.check_writable()

    def record_hold(self, session_id: str, hold: HoldRecord, active_seconds: float) -> None:
        """Append a finished hold: in the journal on return; history.json follows."""
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
            del self._sessions[session_id]
            del self._start_keys[session_id]
            if self._journal.holds(session_id):
                self._journal.remove()
            self._submit(("session", session_id), _Deleted(session_id))
            return record

    def sessions(self) -> list[SessionRecord]:
        """Every session, newest start first."""
        with self._lock:
            return sorted(self._sessions.values(), key=self._start_key, reverse=True)

    def get(self, session_id: str) -> SessionRecord | None:
        with self._lock:
            return self._sessions.get(session_id)

    def rest_days(self) -> set[dt.date]:
        with self._lock:
            return set(self._rest_days)

    def toggle_rest_day(self, day: dt.date) -> bool:
        """Mark or unmark a rest day (a flare-up); returns whether it is one now."""
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

    def flush(self, timeout: float | None = None) -> None:
        """Wait until history.json holds every change so far; HistoryError if a write failed."""
        self._require_open().flush(timeout)

    def close(self) -> None:
        """Flush and stop the writer; the repository cannot be used afterwards."""
        with self._lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            try:
                writer.close()
            finally:
                self._file.close()

    def _commit(self, record: SessionRecord, *, journal: bool) -> None:
        """Memory first (what the app shows), then the journal (durable), then history.json."""
        self._refuse_if_read_only()
        self._remember(record)
        journal_error = None
        if journal:
            try:
                self._journal.write(record)
            except HistoryError as error:
                journal_error = error  # history.json may still take it: submit anyway
        self._submit(("session", record.id), record)
        if journal_error is not None:
            raise journal_error

    def _submit(self, key: tuple[str, object], change: SessionRecord | _RestDay | _Deleted) -> None:
        """Hand a change to the writer; raise an earlier background write's error, once."""
        writer = self._require_open()
        writer.submit(key, change)
        error = writer.take_error()
        if error is not None:
            raise error

    def _write_batch(self, batch: Batch) -> None:
        """On the writer: apply pending changes, rewrite history.json once, drop the journal."""
        with self._file.batch():
            for change in batch.values():
                if isinstance(change, SessionRecord):
                    self._file.put_session(change)
                elif isinstance(change, _RestDay):
                    self._file.put_rest_day(change.day, change.present)
                elif isinstance(change, _Deleted):
                    self._file.remove_session(change.session_id)
        for change in batch.values():
            if isinstance(change, SessionRecord) and change.status != IN_PROGRESS:
                self._journal.discard_if(change)

    def _remember(self, record: SessionRecord) -> None:
        """Into memory; CorruptFileError (a HistoryError) for a start that is not ISO 8601."""
        start_key = start_timestamp(record)
        self._sessions[record.id] = record
        self._start_keys[record.id] = start_key

    def _refuse_if_read_only(self) -> None:
        if self._read_only:
            raise HistoryError(f"{self.path} was opened read-only; nothing was written.")

    def _start_key(self, record: SessionRecord) -> float:
        return self._start_keys[record.id]

    def _require(self, session_id: str) -> SessionRecord:
        self._require_open()
        try:
            return self._sessions[session_id]
        except KeyError:
            raise KeyError(f"no session {session_id!r} in the history") from None

    def _require_open(self) -> InlineWriter | ThreadWriter:
        if self._writer is None:
            raise RuntimeError("the history is not open (call open() first)")
        return self._writer
