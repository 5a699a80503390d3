"""A year file read straight into records, at the speed of the JSON decoder, when lowback
already knows it to be sound.

The careful path (storage.py, codec.py) checks every key, type, range and timestamp in
Python: right for a file nobody has vouched for, and about twenty times slower than decoding
the JSON. A year file whose fingerprint (size, mtime, inode) is the one the history index
recorded was read by that path, or written by lowback from records it had checked, when the
index was made: it is decoded here by msgspec, which builds the records in C and still
checks every type, required field and status; every session's start is checked again here
(it is sorted on and placed on a day). Anything refused, and any file the index does not vouch
for, goes the careful way, which says what is wrong and where.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Annotated

import msgspec

from lowback_tui.base.safe_files import FileKind, read_bytes

from ..core.records import HoldRecord, SessionRecord
from .codec import parse_day, parse_timestamp
from .errors import CorruptFileError
from .index import Fingerprint, fingerprint
from .loading import SCHEMA_VERSION

DocId = Annotated[str, msgspec.Meta(pattern=r"^[0-9]+$")]


class _Meta(msgspec.Struct):
    schema: int


class _RestDay(msgspec.Struct):
    day: str


class _YearFile(msgspec.Struct, forbid_unknown_fields=True):
    """TinyDB's layout of a year file: tables of documents keyed by their ids."""

    meta: dict[DocId, _Meta] = {}
    sessions: dict[DocId, SessionRecord] = {}
    rest_days: dict[DocId, _RestDay] = {}


_DECODER = msgspec.json.Decoder(_YearFile)


def decode_known(raw: bytes) -> tuple[list[SessionRecord], set[dt.date]] | None:
    """A vouched-for year file's sessions (in file order) and rest days; None when msgspec
    finds something it cannot take (the careful path then names it); CorruptFileError for a
    start lowback cannot place."""
    try:
        data = _DECODER.decode(raw)
        days = {parse_day(doc.day) for doc in data.rest_days.values()}
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
        return None
    schemas = [doc.schema for doc in data.meta.values()]
    if schemas != [SCHEMA_VERSION] and (schemas or data.sessions or data.rest_days):
        return None
    records = list(data.sessions.values())
    for record in records:
        # Every start is sorted on and placed on a day: one lowback cannot place (a year out
        # of range, a date that is not one) makes the file unreadable, as the careful way has it.
        parse_timestamp(record.started_at, f"session {record.id!r}: 'started_at'")
        _complete(record, _SESSION)
        for hold in record.holds:
            _complete(hold, _HOLD)
    return records, days


def _defaults(cls: type) -> tuple[int, tuple[tuple[str, object], ...]]:
    fields = dataclasses.fields(cls)
    return len(fields), tuple(
        (field.name, field.default) for field in fields if field.default is not dataclasses.MISSING
    )


_SESSION, _HOLD = _defaults(SessionRecord), _defaults(HoldRecord)


def _complete(record: object, defaults: tuple[int, tuple[tuple[str, object], ...]]) -> None:
    """Give a record the defaults of the fields its document left out: msgspec leaves them to
    the class's defaults, and code that lists a record's own attributes (msgspec encoding it
    again, copy) would miss them. A frozen record: set in its __dict__, as dataclasses do."""
    own = record.__dict__
    count, values = defaults
    if len(own) != count:
        for name, value in values:
            own.setdefault(name, value)


def year_records(path: Path, known: Fingerprint | None) -> list[SessionRecord]:
    """The sessions of a year file (unordered), read for showing or exporting; [] when it is
    missing or unreadable (the index reports an unreadable year when the history opens).

    `known`: the file's fingerprint as the index recorded it; the fast decoder is used only
    when the file is still exactly that file, before and after it is read.
    """
    if known is not None and fingerprint(path) == known:
        try:
            raw = read_bytes(path, FileKind.HISTORY)
        except OSError:
            raw = None
        if raw is not None and fingerprint(path) == known:
            try:
                decoded = decode_known(raw)
            except CorruptFileError:
                return []  # as the careful way ends for it
            if decoded is not None:
                return decoded[0]
    return _careful(path)


def _careful(path: Path) -> list[SessionRecord]:
    from .years import read_year

    if not path.exists():
        return []
    try:
        history = read_year(path)
    except CorruptFileError:
        return []
    try:
        return history.records()
    finally:
        history.close()
