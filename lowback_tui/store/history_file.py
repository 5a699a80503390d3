"""One TinyDB history file (a year of history/, or the first layout's history.json): sessions and
rest days addressed by their own keys, not doc ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tinydb import TinyDB

from ..core.records import SessionRecord
from .codec import session_to_doc
from .loading import META, REST_DAYS, SCHEMA_VERSION, SESSIONS, LoadedHistory, decode_history
from .storage import AtomicJSONStorage


class HistoryFile:
    """The TinyDB side of the history. Not thread-safe: only one thread (the writer) uses it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = TinyDB(path, storage=AtomicJSONStorage)
        self.storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]
        self._session_doc_ids: dict[str, int] = {}
        self._rest_day_doc_ids: dict[dt.date, int] = {}
        self._records: dict[str, SessionRecord] = {}

    def load(self) -> LoadedHistory:
        """Read and decode the file (CorruptFileError if it cannot be); a new one gets a schema."""
        loaded = decode_history(self.storage.load())
        self._adopt(loaded)
        return loaded

    def start_new(self) -> LoadedHistory:
        """Forget what was read: an empty history (written with the first change)."""
        self.storage.reset()
        loaded = decode_history(None)
        self._adopt(loaded)
        return loaded

    def _adopt(self, loaded: LoadedHistory) -> None:
        self._records = dict(loaded.sessions)
        self._session_doc_ids = dict(loaded.session_doc_ids)
        self._rest_day_doc_ids = dict(loaded.rest_day_doc_ids)
        if not loaded.has_schema:
            with self.storage.deferred():  # no file is created until there is something to keep
                self._db.table(META).insert({"schema": SCHEMA_VERSION})

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many changes, one atomic rewrite at the end; HistoryError if it fails."""
        with self.storage.batch():
            yield

    def put_session(self, record: SessionRecord) -> None:
        """Insert the session or replace the stored one with the same id."""
        doc = session_to_doc(record)
        self._records[record.id] = record
        table = self._db.table(SESSIONS)
        doc_id = self._session_doc_ids.get(record.id)
        if doc_id is None:
            self._session_doc_ids[record.id] = table.insert(doc)
        else:
            # TinyDB updates the document in place, which the fragment cache cannot see.
            self.storage.mark_dirty(SESSIONS, doc_id)
            table.update(doc, doc_ids=[doc_id])

    def remove_session(self, session_id: str) -> bool:
        """Remove a session; False if this file does not hold it."""
        doc_id = self._session_doc_ids.pop(session_id, None)
        self._records.pop(session_id, None)
        if doc_id is None:
            return False
        self._db.table(SESSIONS).remove(doc_ids=[doc_id])
        return True

    def records(self) -> list[SessionRecord]:
        """Every session of this file, as last put (unordered)."""
        return list(self._records.values())

    def get(self, session_id: str) -> SessionRecord | None:
        return self._records.get(session_id)

    def rest_days(self) -> set[dt.date]:
        return set(self._rest_day_doc_ids)

    def put_rest_day(self, day: dt.date, present: bool) -> None:
        """Add or remove a rest day; doing it twice changes nothing (a failed write is retried)."""
        table = self._db.table(REST_DAYS)
        doc_id = self._rest_day_doc_ids.get(day)
        if present and doc_id is None:
            self._rest_day_doc_ids[day] = table.insert({"day": day.isoformat()})
        elif not present and doc_id is not None:
            table.remove(doc_ids=[doc_id])
            del self._rest_day_doc_ids[day]

    def close(self) -> None:
        self._db.close()


def read_year(path: Path) -> HistoryFile:
    """A year file opened and decoded (CorruptFileError if it cannot be)."""
    history = HistoryFile(path)
    try:
        history.load()
    except BaseException:
        history.close()
        raise
    return history
