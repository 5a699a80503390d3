"""`lowback history import`: another device's history merged in by session id, idempotently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..core.records import IN_PROGRESS, SessionRecord
from .codec import session_from_doc
from .errors import CorruptFileError
from .index import HISTORY_DIR, year_files, year_of

EXPECTED = (
    "expected a lowback history: a history.json of the first layout, a history/ folder of "
    "YEAR.json files, or a file written by `lowback export --format json`"
)


class NotAHistoryError(Exception):
    """The path is not a history lowback can import; the message says what was expected."""


@dataclass
class Incoming:
    """What an import brings, read and checked in full before anything is written."""

    sessions: dict[str, SessionRecord] = field(default_factory=dict)
    rest_days: set[dt.date] = field(default_factory=set)


@dataclass
class ImportReport:
    added: int = 0
    same: int = 0
    rest_days: int = 0
    kept_incoming: list[str] = field(default_factory=list)
    kept_ours: list[str] = field(default_factory=list)

    def text(self, source: Path) -> str:
        lines = [
            f"Imported {self.added} new session{'s' if self.added != 1 else ''} and "
            f"{self.rest_days} rest day{'s' if self.rest_days != 1 else ''} from {source}; "
            f"{self.same} {'was' if self.same == 1 else 'were'} here already."
        ]
        conflicts = len(self.kept_incoming) + len(self.kept_ours)
        if conflicts:
            lines.append(
                f"{conflicts} session{'s' if conflicts != 1 else ''} differed (same id, "
                "different content); the more complete one was kept:"
            )
            lines += [f"  {sid}: the imported one" for sid in self.kept_incoming]
            lines += [f"  {sid}: this device's" for sid in self.kept_ours]
        return "\n".join(lines)


def completeness(record: SessionRecord) -> tuple[int, int, int, int]:
    """More holds, then ended, then pain given, then a note: what "more complete" means."""
    ended = record.ended_at is not None and record.status != IN_PROGRESS
    pain = (record.pain_before is not None) + (record.pain_after is not None)
    return (len(record.holds), int(ended), pain, int(bool(record.note)))


def read_source(path: Path) -> Incoming:
    """Every session and rest day of `path`; NotAHistoryError (nothing read) if it is not one."""
    if path.is_dir():
        return _read_folder(path)
    from lowback_tui import safe_json
    from lowback_tui.safe_files import FileKind, read_bytes

    try:
        raw = read_bytes(path, FileKind.IMPORT)  # a regular file, bounded: never a FIFO
    except OSError as error:
        raise NotAHistoryError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        data = safe_json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise NotAHistoryError(f"{path} is not JSON lowback reads ({error}); {EXPECTED}") from None
    incoming = Incoming()
    if isinstance(data, dict) and isinstance(data.get("sessions"), list):
        # `lowback export --format json`: {"sessions": [...], "rest_days": ["2026-03-01"]}
        for position, doc in enumerate(data["sessions"]):
            _add(incoming, doc, f"{path}: session {position + 1}")
        for day in data.get("rest_days", []):
            try:
                incoming.rest_days.add(dt.date.fromisoformat(day))
            except (TypeError, ValueError):
                raise NotAHistoryError(f"{path}: rest day {day!r} is not a date") from None
        return incoming
    if isinstance(data, list):  # an export of an earlier lowback: the sessions alone
        for position, doc in enumerate(data):
            _add(incoming, doc, f"{path}: item {position + 1}")
        return incoming
    if isinstance(data, dict) and ("meta" in data or "sessions" in data):
        from .loading import decode_history

        try:
            loaded = decode_history(data)
        except CorruptFileError as error:
            raise NotAHistoryError(f"{path}: {error}; {EXPECTED}") from None
        incoming.sessions.update(loaded.sessions)
        incoming.rest_days |= set(loaded.rest_day_doc_ids)
        _check_starts(incoming, path)
        return incoming
    raise NotAHistoryError(f"{path} holds JSON of another shape; {EXPECTED}")


def _read_folder(path: Path) -> Incoming:
    from .years import read_year

    folder = path / HISTORY_DIR if (path / HISTORY_DIR).is_dir() else path
    files = year_files(folder)
    if not files:
        raise NotAHistoryError(f"{folder} holds no YEAR.json files; {EXPECTED}")
    incoming = Incoming()
    for year_path in files.values():
        try:
            history = read_year(year_path)
        except CorruptFileError as error:
            raise NotAHistoryError(f"{year_path} could not be read: {error}") from None
        try:
            for record in history.records():
                incoming.sessions[record.id] = record
            incoming.rest_days |= history.rest_days()
        finally:
            history.close()
    _check_starts(incoming, folder)
    return incoming


def _add(incoming: Incoming, doc: object, where: str) -> None:
    try:
        record = session_from_doc(doc)
        year_of(record.started_at)
    except CorruptFileError as error:
        raise NotAHistoryError(f"{where}: {error}; {EXPECTED}") from None
    if record.id in incoming.sessions and incoming.sessions[record.id] != record:
        raise NotAHistoryError(f"{where}: session {record.id!r} appears twice, differently")
    incoming.sessions[record.id] = record


def _check_starts(incoming: Incoming, where: Path) -> None:
    for record in incoming.sessions.values():
        try:
            year_of(record.started_at)
        except CorruptFileError as error:
            raise NotAHistoryError(f"{where}: session {record.id!r}: {error}") from None


def import_into(home: Path, incoming: Incoming) -> ImportReport:
    """Merge `incoming` into the history of `home` (whose lock the caller holds)."""
    from .repository import HistoryRepository

    repository = HistoryRepository(home, sync=True)
    repository.open()
    try:
        report = ImportReport()
        years = {row.id: row.year for row in repository.summaries()}
        chosen: list[SessionRecord] = []
        moved: list[tuple[str, int]] = []
        for session_id, record in incoming.sessions.items():
            if session_id not in years:
                chosen.append(record)
                report.added += 1
                continue
            ours = repository.get(session_id, years[session_id])
            if ours == record:
                report.same += 1
            elif ours is not None and completeness(record) > completeness(ours):
                chosen.append(record)
                report.kept_incoming.append(session_id)
                if year_of(record.started_at) != years[session_id]:
                    moved.append((session_id, years[session_id]))
            else:
                report.kept_ours.append(session_id)
        new_days = incoming.rest_days - repository.rest_days()
        report.rest_days = len(new_days)
        repository.put_many(chosen, new_days, moved)
    finally:
        repository.close()
    return report
