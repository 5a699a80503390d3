"""The writing side of HistoryRepository: memory, then the journal, then the writer, which
rewrites each year file once per batch and brings the index up to date."""

from __future__ import annotations

from ..core.records import IN_PROGRESS, SessionRecord
from .changes import Change, apply_changes, bucket_by_year
from .errors import CorruptFileError, HistoryError
from .history_file import HistoryFile
from .index import YearEntry, YearRows, fingerprint, update_top
from .loading import start_timestamp
from .reading import HistoryReads
from .writer import Batch, InlineWriter, ThreadWriter
from .years import read_year, rederive, unreadable


class HistoryWrites(HistoryReads):
    """How a change reaches memory, the journal and the files; HistoryRepository says which."""

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

    def _submit(self, key: tuple[str, object], change: Change) -> None:
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
        by_year = bucket_by_year(batch)
        index_years = []
        open_session = self._top.open_session
        for year, changes in sorted(by_year.items()):
            needs_index, open_session = apply_changes(self._file(year), year, changes, open_session)
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
        top = self._top.copy()
        top.open_session = open_session
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
