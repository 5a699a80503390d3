"""TinyDB storage that writes atomically and re-serializes only the documents that changed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import Storage

from lowback_tui.base import safe_json
from lowback_tui.base.atomic import atomic_write, is_read_only
from lowback_tui.base.safe_files import FileKind, NotRegularFileError, read_bytes
from lowback_tui.base.safe_json import JSONContentError

from .errors import CorruptFileError, HistoryError

Tables = dict[str, dict[str, Any]]


class AtomicJSONStorage(Storage):
    """The whole database as one JSON file, replaced atomically on every write.

    Every document's serialized `"id": {...}` fragment is cached, so a write re-serializes only
    new documents, replaced ones, and those the single writer marked with `mark_dirty` (TinyDB
    updates documents in place, which no cache can see). A write of a large history is then a
    walk over cached fragments that the kernel copies to disk, not a json.dumps of everything.
    Not thread-safe: one thread at a time, which the repository's writer guarantees.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._data: Tables | None = None
        self._loaded = False
        self._fragments: dict[str, dict[str, tuple[dict[str, Any], bytes]]] = {}
        self._dirty: dict[str, set[str]] = {}
        self._deferred = 0
        self._unsaved = False
        self._own_link = False

    def load(self) -> Tables | None:
        """Read and check the file: None if missing or empty, CorruptFileError if unreadable."""
        try:
            raw = read_bytes(self.path, FileKind.HISTORY)
        except FileNotFoundError:
            raw = b""
        except NotRegularFileError as error:  # set aside like a corrupt file: renaming is safe
            raise CorruptFileError(error.strerror) from error
        except OSError as error:
            raise HistoryError(
                f"Cannot read {self.path}: {error.strerror or error}. Nothing was changed."
            ) from error
        if raw and not raw.strip():
            raise CorruptFileError("it contains only blank space")
        self._data = _parse(raw) if raw else None
        self._loaded = True
        # A link the user made to their history elsewhere (a synced folder): it read as a
        # history, so replacing what it leads to is replacing lowback's own file.
        self._own_link = self._data is not None and self.path.is_symlink()
        return self._data

    def reset(self) -> None:
        """Forget the file's content: start from an empty database."""
        self._data, self._loaded, self._fragments, self._dirty = None, True, {}, {}
        self._own_link = False

    def read(self) -> Tables | None:
        if not self._loaded:
            self.load()
        # A new outer dict, so TinyDB swapping in a table does not touch ours before write().
        return None if self._data is None else dict(self._data)

    def write(self, data: Tables) -> None:
        self._data = data
        self._unsaved = True
        if not self._deferred:
            self.save()

    def mark_dirty(self, table: str, doc_id: int | str) -> None:
        """Say that a document is about to change in place, so its cached fragment is stale."""
        self._dirty.setdefault(table, set()).add(str(doc_id))

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Within this block writes only change memory; `save()` puts them on disk."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many TinyDB operations, one file write at the end (none if the block fails)."""
        with self.deferred():
            yield
        self.save()

    @property
    def unsaved(self) -> bool:
        """Whether memory holds changes the file does not have yet."""
        return self._unsaved

    def save(self) -> None:
        """Write memory to the file if it changed; HistoryError if the filesystem refuses."""
        if not self._unsaved:
            return
        chunks = self.render()
        try:
            if self._own_link:
                atomic_write(self.path, chunks, anywhere=True)
            else:
                atomic_write(self.path, chunks)
        except OSError as error:
            raise HistoryError(
                f"Cannot save history to {self.path}: {error.strerror or error}. "
                f"{self.path.name} was left unchanged."
            ) from error
        self._unsaved = False

    def check_writable(self) -> None:
        """HistoryError now, rather than later from the writer thread, for a read-only file."""
        if is_read_only(self.path):
            raise HistoryError(
                f"Cannot save history: {self.path} is read-only. It was left unchanged; "
                "make it writable to record sessions."
            )

    def render(self) -> list[bytes | memoryview]:
        """The file's bytes as pieces for writev, serializing only documents not cached.

        No join: the pieces go to the kernel as they are, which copies them without the GIL.
        Each fragment starts with ", " so no separator pieces are needed; a table's first
        fragment is written without it, through a memoryview (no copy).
        """
        pieces: list[bytes | memoryview] = [b"{"]
        fragments: dict[str, dict[str, tuple[dict[str, Any], bytes]]] = {}
        for name, table in (self._data or {}).items():
            old = self._fragments.get(name, {})
            dirty = self._dirty.get(name, ())
            new: dict[str, tuple[dict[str, Any], bytes]] = {}
            pieces.append(f"{', ' if fragments else ''}{json.dumps(name)}: {{".encode("ascii"))
            first = len(pieces)
            for doc_id, doc in table.items():
                cached = old.get(doc_id)
                # `is not doc`: a document TinyDB replaced rather than updated in place.
                if cached is None or cached[0] is not doc or doc_id in dirty:
                    text = f", {json.dumps(str(doc_id))}: {json.dumps(doc)}"
                    cached = (doc, text.encode("ascii"))
                new[doc_id] = cached
                pieces.append(cached[1])
            if len(pieces) > first:
                pieces[first] = memoryview(pieces[first])[2:]
            pieces.append(b"}")
            fragments[name] = new
        pieces.append(b"}")
        self._fragments, self._dirty = fragments, {}
        return pieces


def _parse(raw: bytes) -> Tables:
    """The file's JSON, checked to have TinyDB's shape: {table: {"1": {...}, ...}, ...}."""
    try:
        data = safe_json.loads(raw)
    except JSONContentError as error:
        raise CorruptFileError(str(error)) from error
    except ValueError as error:  # UnicodeDecodeError is a ValueError too
        raise CorruptFileError(f"it is not valid JSON ({_short(error)})") from error
    return check_tables(data)


def check_tables(data: object) -> Tables:
    """`data` if it has TinyDB's shape (CorruptFileError saying where it has not).

    Document ids are numbers written as text: "007" and "7" would both be document 7 to
    TinyDB, one replacing the other. The ids mean nothing to lowback (a session is found by
    its own id), so ids not written as TinyDB writes them are numbered afresh: nothing is lost.
    """
    if not isinstance(data, dict):
        raise CorruptFileError(f"it holds a JSON {type(data).__name__}, not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFileError(
                f"its table {name!r} is a JSON {type(table).__name__}, not an object"
            )
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()) or not isinstance(doc, dict):
                raise CorruptFileError(f"its table {name!r} has a malformed entry {doc_id!r}")
        if any(str(int(doc_id)) != doc_id for doc_id in table):
            data[name] = _renumbered(table)
    return data


def _renumbered(table: dict[str, Any]) -> dict[str, Any]:
    """The table with every document id canonical and unique, its documents all kept."""
    out = {doc_id: doc for doc_id, doc in table.items() if str(int(doc_id)) == doc_id}
    free = max((int(doc_id) for doc_id in out), default=0) + 1
    for doc_id, doc in table.items():
        if doc_id not in out or out[doc_id] is not doc:
            if str(int(doc_id)) in out:
                out[str(free)], free = doc, free + 1
            else:
                out[str(int(doc_id))] = doc
                free = max(free, int(doc_id) + 1)
    return out


def _short(error: Exception) -> str:
    """An exception's message, cut to one readable line."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
