"""session.json: the running session, rewritten atomically after every hold (the durable copy)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from lowback_tui.atomic import atomic_write

from ..core.records import SessionRecord
from .codec import session_from_doc, session_to_doc
from .errors import CorruptFileError, HistoryError
from .loading import start_timestamp

JOURNAL_SCHEMA = 1


class Journal:
    """The one session that history.json may not have caught up with yet.

    The main thread writes it; the history writer thread removes it once history.json holds
    the same state. One lock keeps the removal from deleting a newer session's journal.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._current: SessionRecord | None = None

    def read(self) -> SessionRecord | None:
        """The session left by the last run, None if there is none; CorruptFileError if bad."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise HistoryError(f"Cannot read {self.path}: {error.strerror or error}.") from error
        try:
            doc = json.loads(raw)
        except ValueError as error:  # a crash cannot cause this: it is written atomically
            raise CorruptFileError("it is not valid JSON") from error
        if not isinstance(doc, dict) or doc.get("schema") != JOURNAL_SCHEMA:
            raise CorruptFileError("it is not a session journal this version can read")
        record = session_from_doc(doc.get("session"))
        start_timestamp(record)  # CorruptFileError now, while the file can still be set aside
        return record

    def write(self, record: SessionRecord) -> None:
        """Make `record` durable now (about a millisecond: one small file, two fsyncs)."""
        data = json.dumps({"schema": JOURNAL_SCHEMA, "session": session_to_doc(record)})
        with self._lock:
            try:
                atomic_write(self.path, [data.encode("ascii")])
            except OSError as error:
                raise HistoryError(
                    f"Cannot save the running session to {self.path}: {error.strerror or error}."
                ) from error
            self._current = record

    def holds(self, session_id: str) -> bool:
        """Whether the journal currently holds this session."""
        with self._lock:
            return self._current is not None and self._current.id == session_id

    def discard_if(self, record: SessionRecord) -> None:
        """Remove the journal if it holds exactly `record`, which history.json now has."""
        with self._lock:
            if self._current == record:
                self._remove()

    def remove(self) -> None:
        """Remove the journal whatever it holds (its content was merged into history.json)."""
        with self._lock:
            self._remove()

    def _remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise HistoryError(f"Cannot remove {self.path}: {error.strerror or error}.") from error
        self._current = None
