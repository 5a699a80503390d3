"""session.json: the running session, rewritten atomically after every hold (the durable copy)."""

from __future__ import annotations

import contextlib
import json
import threading
from pathlib import Path

from lowback_tui.base import safe_json
from lowback_tui.base.atomic import atomic_write, sync_file
from lowback_tui.base.safe_files import FileKind, NotRegularFileError, read_bytes
from lowback_tui.base.safe_json import JSONContentError

from ..core.records import SessionRecord
from .codec import session_from_doc, session_to_doc
from .errors import CorruptFileError, HistoryError
from .loading import start_timestamp

JOURNAL_SCHEMA = 1
#: The fsync thread ends after this long without a write (a session writes every few seconds).
SYNC_IDLE_SECONDS = 30.0


class Journal:
    """The one session that the year files of history/ may not have caught up with yet.

    The main thread writes it; the history writer thread removes it once its year file holds
    the same state. One lock keeps the removal from deleting a newer session's journal.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._current: SessionRecord | None = None
        self._sync_wanted = threading.Event()
        self._sync_lock = threading.Lock()
        self._syncer: threading.Thread | None = None

    def read(self) -> SessionRecord | None:
        """The session left by the last run, None if there is none; CorruptFileError if bad."""
        try:
            raw = read_bytes(self.path, FileKind.JOURNAL)
        except FileNotFoundError:
            return None
        except NotRegularFileError as error:  # set aside like a corrupt file: renaming is safe
            raise CorruptFileError(error.strerror) from error
        except OSError as error:
            raise HistoryError(f"Cannot read {self.path}: {error.strerror or error}.") from error
        try:
            doc = safe_json.loads(raw)
        except JSONContentError as error:
            raise CorruptFileError(str(error)) from error
        except ValueError as error:  # a crash cannot cause this: it is written atomically
            raise CorruptFileError("it is not valid JSON") from error
        if not isinstance(doc, dict) or doc.get("schema") != JOURNAL_SCHEMA:
            raise CorruptFileError("it is not a session journal this version can read")
        record = session_from_doc(doc.get("session"))
        start_timestamp(record)  # CorruptFileError now, while the file can still be set aside
        return record

    def write(self, record: SessionRecord) -> None:
        """Make `record` safe from a crash or kill now, and on disk moments later.

        The file is replaced at once (a small write and a rename: well under a millisecond);
        its fsyncs run on a thread of their own, because behind a long year-file write
        they can wait tens of milliseconds, and the timer's event loop must not.
        """
        data = json.dumps({"schema": JOURNAL_SCHEMA, "session": session_to_doc(record)})
        with self._lock:
            try:
                atomic_write(self.path, [data.encode("ascii")], sync=False)
            except OSError as error:
                raise HistoryError(
                    f"Cannot save the running session to {self.path}: {error.strerror or error}."
                ) from error
            self._current = record
        self._request_sync()

    def _request_sync(self) -> None:
        with self._sync_lock:
            self._sync_wanted.set()
            if self._syncer is None:
                self._syncer = threading.Thread(
                    target=self._sync_loop, name="journal-sync", daemon=True
                )
                self._syncer.start()

    def _sync_loop(self) -> None:
        """fsync the journal whenever asked; end after a while with nothing to do."""
        while True:
            if not self._sync_wanted.wait(SYNC_IDLE_SECONDS):
                with self._sync_lock:
                    if not self._sync_wanted.is_set():  # nothing came in meanwhile
                        self._syncer = None
                        return
                continue
            self._sync_wanted.clear()
            # Best effort: the rename already made the hold safe from a crash; a disk that
            # fails fsync fails the year files' writer too, and that one is reported.
            with contextlib.suppress(OSError):
                sync_file(self.path)

    def holds(self, session_id: str) -> bool:
        """Whether the journal currently holds this session."""
        with self._lock:
            return self._current is not None and self._current.id == session_id

    def discard_if(self, record: SessionRecord) -> None:
        """Remove the journal if it holds exactly `record`, which its year file now has."""
        with self._lock:
            if self._current == record:
                self._remove()

    def remove(self) -> None:
        """Remove the journal whatever it holds (its content was merged into the year files)."""
        with self._lock:
            self._remove()

    def _remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise HistoryError(f"Cannot remove {self.path}: {error.strerror or error}.") from error
        self._current = None
