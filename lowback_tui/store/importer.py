"""`lowback history import`: another device's history merged in by session id, idempotently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sized
from dataclasses import dataclass, field, replace
from pathlib import Path

from lowback_tui.base.terminal_text import safe

from ..core.records import SessionRecord
from .codec import parse_day, parse_timestamp, session_from_doc, session_key
from .errors import CorruptFileError
from .index import HISTORY_DIR, YEARS, year_files, year_of
from .merge import COPY_SUFFIX, copy_id, merge
from .storage import check_tables
from .years import read_year

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
    keys: dict[str, str] = field(default_factory=dict)
    """Each id as lowback compares them (session_key), to the id as stored."""


@dataclass
class ImportReport:
    added: int = 0
    same: int = 0
    rest_days: int = 0
    merged: list[str] = field(default_factory=list)
    kept_both: list[tuple[str, str]] = field(default_factory=list)
    """(id, the id the imported copy is kept under) of each real conflict."""
    notices: list[str] = field(default_factory=list)
    """What opening the history did first (a conversion to year files, a rebuilt index)."""

    def text(self, source: Path) -> str:
        shown = safe(str(source))
        lines = [*self.notices]
        lines.append(
            f"Imported {self.added} new session{'s' if self.added != 1 else ''} and "
            f"{self.rest_days} rest day{'s' if self.rest_days != 1 else ''} from {shown}; "
            f"{self.same} {'was' if self.same == 1 else 'were'} here already."
        )
        if self.merged:
            lines.append(
                f"{_count(self.merged)} here had less in {_them(self.merged)} than the imported "
                "copy; what it adds (holds, a note, pain answers) was merged in:"
            )
            lines += _listed(f"  {safe(sid)}" for sid in self.merged)
        if self.kept_both:
            lines.append(
                f"{_count(self.kept_both)} differed here and in {shown} (same id, different "
                "holds, note or answers); both copies are kept, the imported one under a new id:"
            )
            lines += _listed(
                f"  {safe(sid)}: the imported copy is {safe(new)}" for sid, new in self.kept_both
            )
        return "\n".join(lines)


def _count(items: Sized) -> str:
    return f"{len(items)} session{'s' if len(items) != 1 else ''}"


def _them(items: Sized) -> str:
    return "it" if len(items) == 1 else "them"


def _listed(lines: Iterable[str], most: int = 50) -> list[str]:
    """At most `most` lines, then how many more."""
    out = list(lines)
    if len(out) <= most:
        return out
    return [*out[:most], f"  ... and {len(out) - most:,} more"]


def read_source(path: Path) -> Incoming:
    """Every session and rest day of `path`; NotAHistoryError (nothing read) if it is not one.

    The whole file is checked before anything is written: its shape, every session, every
    rest day (a day like 2026-03-01 within the years lowback shows), and its ids (no two that
    lowback would read as one session).
    """
    try:
        if path.is_dir():
            return _read_folder(path)
    except OSError as error:
        raise NotAHistoryError(f"cannot read {path}: {error.strerror or error}") from None
    from lowback_tui.base import safe_json
    from lowback_tui.base.safe_files import FileKind, read_bytes

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
        days = data.get("rest_days", [])
        if not isinstance(days, list):
            raise NotAHistoryError(
                f"{path}: 'rest_days' is a JSON {_kind(days)}, expected a list of days like "
                f"2026-03-01; {EXPECTED}"
            )
        for position, day in enumerate(days):
            incoming.rest_days.add(_day(day, f"{path}: rest day {position + 1}"))
        return incoming
    if isinstance(data, list):  # an export of an earlier lowback: the sessions alone
        for position, doc in enumerate(data):
            _add(incoming, doc, f"{path}: item {position + 1}")
        return incoming
    if isinstance(data, dict) and ("meta" in data or "sessions" in data):
        _add_history(incoming, data, path)
        return incoming
    raise NotAHistoryError(f"{path} holds JSON of another shape; {EXPECTED}")


def _kind(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")


def _day(value: object, where: str) -> dt.date:
    try:
        return parse_day(value)
    except ValueError:
        shown = safe(repr(value)[:40])
        raise NotAHistoryError(
            f"{where} is {shown}, expected a day like 2026-03-01 in the years "
            f"{YEARS.start}-{YEARS.stop - 1}; {EXPECTED}"
        ) from None


def _add_history(incoming: Incoming, data: object, where: Path) -> None:
    """A history file's tables (the first layout, or a year file), checked whole."""
    from .loading import decode_history

    try:
        loaded = decode_history(check_tables(data))
    except CorruptFileError as error:
        raise NotAHistoryError(safe(f"{where}: {error}; {EXPECTED}")) from None
    for record in loaded.sessions.values():
        _add(incoming, record, f"{where}")
    incoming.rest_days |= set(loaded.rest_day_doc_ids)


def _read_folder(path: Path) -> Incoming:
    from lowback_tui.base import safe_json
    from lowback_tui.base.safe_files import FileKind, read_bytes

    folder = path / HISTORY_DIR if (path / HISTORY_DIR).is_dir() else path
    files = year_files(folder)
    if not files:
        raise NotAHistoryError(f"{folder} holds no YEAR.json files; {EXPECTED}")
    incoming = Incoming()
    for year_path in files.values():
        try:
            data = safe_json.loads(read_bytes(year_path, FileKind.IMPORT))
        except OSError as error:
            raise NotAHistoryError(f"cannot read {year_path}: {error.strerror or error}") from None
        except (ValueError, RecursionError) as error:
            raise NotAHistoryError(f"{year_path} is not JSON lowback reads ({error})") from None
        _add_history(incoming, data, year_path)
    return incoming


def _add(incoming: Incoming, doc: object, where: str) -> None:
    try:
        record = doc if isinstance(doc, SessionRecord) else session_from_doc(doc)
        parse_timestamp(record.started_at, f"session {record.id!r}: 'started_at'")
    except CorruptFileError as error:
        raise NotAHistoryError(safe(f"{where}: {error}; {EXPECTED}")) from None
    known = incoming.keys.setdefault(session_key(record.id), record.id)
    if known != record.id:
        raise NotAHistoryError(safe(f"{where}: {_alike(record.id, known)}"))
    if record.id in incoming.sessions and incoming.sessions[record.id] != record:
        raise NotAHistoryError(safe(f"{where}: session {record.id!r} appears twice, differently"))
    incoming.sessions[record.id] = record


def _alike(one: str, other: str) -> str:
    return (
        f"session ids {one!r} and {other!r} differ only in case, in how accents are encoded "
        "or as ß and ss, and lowback reads them as one session; give one of them another id"
    )


def import_into(home: Path, incoming: Incoming) -> ImportReport:
    """Merge `incoming` into the history of `home` (whose lock the caller holds), one pass
    over each year file concerned. NotAHistoryError (nothing imported) for an id that would
    read as one with an id already here."""
    from .repository import HistoryRepository

    repository = HistoryRepository(home, sync=True)
    repository.open()
    try:
        report = ImportReport()
        if repository.warning:
            report.notices.append(safe(repository.warning))
        where: dict[str, int] = {}
        for row in repository.summaries():
            where.setdefault(row.id, row.year)
        keys = {session_key(sid): sid for sid in where}
        for session_id in incoming.sessions:
            known = keys.get(session_key(session_id), session_id)
            if known != session_id:
                raise NotAHistoryError(
                    safe(f"{_alike(session_id, known)} (the first is imported, the second here)")
                )
        ours = _ours(repository.directory, incoming, where)
        chosen, moved = _decide(incoming, ours, where, keys, report)
        new_days = incoming.rest_days - repository.rest_days()
        report.rest_days = len(new_days)
        repository.put_many(chosen, new_days, moved)
    finally:
        repository.close()
    return report


def _copies_of(session_id: str) -> str:
    return session_id.rpartition(COPY_SUFFIX)[0]


def _ours(directory: Path, incoming: Incoming, where: dict[str, int]) -> dict[str, SessionRecord]:
    """This device's copies of the incoming ids (and of earlier imported copies), reading each
    year file concerned once."""
    wanted = {sid for sid in incoming.sessions if sid in where}
    wanted |= {sid for sid in where if _copies_of(sid) in incoming.sessions}
    found: dict[str, SessionRecord] = {}
    for year in sorted({where[sid] for sid in wanted}):
        try:
            history = read_year(directory / f"{year}.json")
        except CorruptFileError:
            continue  # opening set it aside or said so; its sessions are not here to merge
        try:
            found.update({r.id: r for r in history.records() if r.id in wanted})
        finally:
            history.close()
    return found


def _decide(
    incoming: Incoming,
    ours: dict[str, SessionRecord],
    where: dict[str, int],
    keys: dict[str, str],
    report: ImportReport,
) -> tuple[list[SessionRecord], list[tuple[str, int]]]:
    """What to write: new sessions, merged ones, and conflicting copies under new ids."""
    chosen: list[SessionRecord] = []
    moved: list[tuple[str, int]] = []
    taken = set(where) | set(incoming.sessions)
    for session_id, theirs in incoming.sessions.items():
        mine = ours.get(session_id)
        if mine is None:
            chosen.append(theirs)
            report.added += 1
            continue
        merged = merge(mine, theirs)
        if merged == mine:
            report.same += 1
        elif merged is not None:
            chosen.append(merged)
            report.merged.append(session_id)
            if year_of(merged.started_at) != where[session_id]:
                moved.append((session_id, where[session_id]))
        else:
            _keep_both(theirs, ours, taken, keys, chosen, report)
    return chosen, moved


def _keep_both(
    theirs: SessionRecord,
    ours: dict[str, SessionRecord],
    taken: set[str],
    keys: dict[str, str],
    chosen: list[SessionRecord],
    report: ImportReport,
) -> None:
    """A real conflict: the imported copy goes in under ID-imported (or is already there)."""

    def busy(candidate: str) -> bool:
        if candidate in ours and ours[candidate] == replace(theirs, id=candidate):
            return False  # imported before: the same copy
        return candidate in taken or session_key(candidate) in keys

    new_id = copy_id(theirs.id, busy)
    if new_id in ours:
        report.same += 1
        return
    taken.add(new_id)
    keys[session_key(new_id)] = new_id
    chosen.append(replace(theirs, id=new_id))
    report.kept_both.append((theirs.id, new_id))
