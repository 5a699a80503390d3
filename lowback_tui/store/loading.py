"""Decoding a history file into records (a year file of history/, or the first layout's
history.json that is migrated), and keeping unreadable files aside."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lowback_tui.base.atomic import fsync_directory, remove_stale_temps
from lowback_tui.base.safe_files import make_private_folder

from ..core.records import IN_PROGRESS, INTERRUPTED, SessionRecord
from .codec import parse_day, parse_timestamp, session_from_doc, session_key
from .errors import CorruptFileError, HistoryError
from .storage import Tables

if TYPE_CHECKING:
    from .history_file import HistoryFile
    from .journal import Journal

SCHEMA_VERSION = 1
META, SESSIONS, REST_DAYS = "meta", "sessions", "rest_days"


@dataclass
class LoadedHistory:
    """What one history file holds, decoded, with the TinyDB document id of each entry."""

    sessions: dict[str, SessionRecord] = field(default_factory=dict)
    session_doc_ids: dict[str, int] = field(default_factory=dict)
    rest_day_doc_ids: dict[dt.date, int] = field(default_factory=dict)
    has_schema: bool = False


def decode_history(data: Tables | None) -> LoadedHistory:
    """Check the schema version and decode every document; CorruptFileError says what is wrong."""
    loaded = LoadedHistory()
    if not data:
        return loaded
    loaded.has_schema = _check_schema(data)
    keys: dict[str, str] = {}
    for doc_id, doc in data.get(SESSIONS, {}).items():
        record = session_from_doc(doc)
        same = keys.setdefault(session_key(record.id), record.id)
        if same != record.id or record.id in loaded.sessions:
            raise CorruptFileError(f"session {record.id!r} appears twice (as {same!r})")
        start_timestamp(record)  # a session that cannot be sorted would break the history list
        loaded.sessions[record.id] = record
        loaded.session_doc_ids[record.id] = int(doc_id)
    for doc_id, doc in data.get(REST_DAYS, {}).items():
        try:
            day = parse_day(doc["day"])
        except (KeyError, TypeError, ValueError) as error:
            raise CorruptFileError(f"rest day {doc_id} is not a date like 2026-11-21") from error
        loaded.rest_day_doc_ids[day] = int(doc_id)
    return loaded


def _check_schema(data: Tables) -> bool:
    """True if the meta table says schema 1; False for a file with no tables' content at all."""
    meta = data.get(META)
    if meta is None:
        if any(data.values()):
            raise CorruptFileError("it has no schema version (no 'meta' table)")
        return False
    versions = [doc.get("schema") for doc in meta.values()]
    if len(versions) != 1 or type(versions[0]) is not int:
        raise CorruptFileError(f"its schema version is malformed ({versions!r})")
    if versions[0] != SCHEMA_VERSION:
        raise CorruptFileError(
            f"it has schema version {versions[0]}, and this lowback reads version "
            f"{SCHEMA_VERSION} (was it written by a newer lowback?)"
        )
    return True


def start_timestamp(record: SessionRecord) -> float:
    """Sort key: the start as POSIX time, so sessions from both sides of a DST change compare."""
    return parse_timestamp(record.started_at, f"session {record.id!r}: 'started_at'").timestamp()


def keep_aside(path: Path, reason: str) -> Path:
    """Rename an unreadable file to NAME.corrupt-YYYYmmdd-HHMMSS.json, its bytes untouched."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    number = 2
    while aside.exists():  # never replace an earlier corrupt copy
        aside = path.with_name(f"{path.stem}.corrupt-{stamp}-{number}{path.suffix}")
        number += 1
    try:
        os.rename(path, aside)
        make_private(aside)  # a copy kept is health data too, whatever its mode was
        fsync_directory(path.parent)
    except OSError as error:
        raise HistoryError(
            f"{path} cannot be read ({reason}) and could not be kept aside: "
            f"{error.strerror or error}. Nothing was changed; move or fix the file, then retry."
        ) from error
    return aside


def make_private(path: Path) -> None:
    """A file lowback keeps (a copy set aside, the first layout's history) readable by its
    owner alone, whatever mode it had; a link is left as it is (what it leads to is not ours)."""
    if not path.is_symlink():
        os.chmod(path, 0o600)


def prepare_home(home: Path, file_names: tuple[str, ...]) -> None:
    """Create LOWBACK_HOME if needed and clear temp files that crashed writers left in it."""
    try:
        make_private_folder(home)
    except OSError as error:
        raise HistoryError(
            f"Cannot create LOWBACK_HOME {home}: {error.strerror or error}. Nothing was written."
        ) from error
    for name in file_names:
        remove_stale_temps(home, name)


def read_or_set_aside(
    history: HistoryFile, journal: Journal, *, set_aside: bool = True
) -> tuple[LoadedHistory, SessionRecord | None, list[str]]:
    """History and journal as far as readable, and warnings about the rest.

    An unreadable file is renamed aside, or with `set_aside=False` (a reader that must not
    write) left as it is; either way reading goes on without it.
    """
    warnings = []
    try:
        loaded = history.load()
    except CorruptFileError as error:
        if set_aside:
            aside = keep_aside(history.path, str(error))
            done = f"It was kept aside as {aside.name}; starting a new history."
        else:
            done = "It was left as it is."
        warnings.append(f"{history.path} could not be read: {error}. {done}")
        loaded = history.start_new()
    try:
        journal_record = journal.read()
    except CorruptFileError as error:
        if set_aside:
            done = f"It was kept aside as {keep_aside(journal.path, str(error)).name}."
        else:
            done = "It was left as it is."
        warnings.append(f"The running session in {journal.path} could not be read: {error}. {done}")
        journal_record = None
    return loaded, journal_record, warnings


def to_recover(
    sessions: dict[str, SessionRecord], journal_record: SessionRecord | None
) -> list[SessionRecord]:
    """The journal's session (newer than history's copy) and every other session left in
    progress, each with "in progress" turned into "interrupted"."""
    found = [journal_record] if journal_record is not None else []
    journal_id = journal_record.id if journal_record is not None else None
    found += [r for r in sessions.values() if r.status == IN_PROGRESS and r.id != journal_id]
    return [replace(r, status=INTERRUPTED) if r.status == IN_PROGRESS else r for r in found]
