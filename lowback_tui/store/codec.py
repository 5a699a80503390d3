"""SessionRecord and HoldRecord to and from the JSON-ready dicts, checked on the way in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple, TypeVar

from ..core.records import HoldRecord, SessionRecord
from .errors import CorruptFileError
from .limits import YEARS

Record = TypeVar("Record", HoldRecord, SessionRecord)


def session_to_doc(record: SessionRecord) -> dict[str, Any]:
    """A JSON-ready dict, equal to dataclasses.asdict's but with a list of holds (as JSON has).

    Built field by field: asdict deep-copies every value and is five times slower, which
    counts when the whole running session is serialized after every hold.
    """
    doc = {name: getattr(record, name) for name in _field_names(SessionRecord)}
    hold_names = _field_names(HoldRecord)
    doc["holds"] = [{name: getattr(hold, name) for name in hold_names} for hold in record.holds]
    return doc


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


def session_from_doc(doc: object) -> SessionRecord:
    """A SessionRecord from a stored dict; CorruptFileError names the bad field."""
    where = f"session {doc.get('id')!r}" if isinstance(doc, dict) else "a session"
    return _decode(SessionRecord, doc, where)


def hold_from_doc(doc: object, where: str = "a hold") -> HoldRecord:
    """A HoldRecord from a stored dict; CorruptFileError names the bad field."""
    return _decode(HoldRecord, doc, where)


class _Field(NamedTuple):
    """How one field is read back; computed once per class from its type hints."""

    name: str
    types: tuple[type, ...]
    """Exact types accepted (so a bool is not an int)."""
    wanted: str
    """The types in words, for the error message."""
    missing: str
    """What an absent key means: required, the field's default, or None."""
    to_float: bool = False
    holds: bool = False
    check: Callable[[object, str, str], None] | None = None
    """Checks a value of the right type (range, format); CorruptFileError if it is wrong."""
    choices: type[StrEnum] | None = None
    """A field with a fixed set of values (a status, an outcome): the text must be one."""


_REQUIRED, _DEFAULT, _NONE = "required", "default", "none"
_ABSENT = object()


def _decode(cls: type[Record], doc: object, where: str) -> Record:
    """Missing keys take the field's default (or None when allowed): older and newer files load.

    Unknown keys are ignored for the same reason; a value of the wrong type is an error.
    """
    if type(doc) is not dict:
        raise CorruptFileError(f"{where} is a {type(doc).__name__}, not an object")
    values: dict[str, Any] = {}
    for field in _FIELDS[cls]:
        value = doc.get(field.name, _ABSENT)
        if type(value) in field.types:
            if value is not None and field.check is not None:
                field.check(value, where, field.name)
            if value is not None and field.choices is not None:
                value = _member(field.choices, value, where, field.name)
            values[field.name] = float(value) if field.to_float and value is not None else value
        elif value is _ABSENT:
            if field.missing == _REQUIRED:
                raise CorruptFileError(f"{where} has no {field.name!r}")
            if field.missing == _NONE:
                values[field.name] = None
        elif field.holds and type(value) is list:
            values[field.name] = tuple(
                hold_from_doc(item, f"{where}: 'holds'[{index}]")
                for index, item in enumerate(value)
            )
        else:
            raise CorruptFileError(
                f"{where}: {field.name!r} should be {field.wanted}, not {type(value).__name__}"
            )
    return cls(**values)


def _member(choices: type[StrEnum], value: object, where: str, name: str) -> StrEnum:
    try:
        return choices(value) if isinstance(value, str) else choices(str(value))
    except ValueError:
        allowed = ", ".join(repr(str(member)) for member in choices)
        raise CorruptFileError(
            f"{where}: {name!r} is {value!r}, expected one of {allowed}"
        ) from None


#: The types the records use, as stored in JSON.
_ACCEPTED: dict[object, tuple[tuple[type, ...], str]] = {
    str: ((str,), "a string"),
    int: ((int,), "an integer"),
    float: ((float, int), "a number"),
    tuple[HoldRecord, ...]: ((), "a list of holds"),
}


def _fields(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        nullable = type(None) in args
        [base] = [arg for arg in args if arg is not type(None)]
        choices = base if isinstance(base, type) and issubclass(base, StrEnum) else None
        if choices is not None:
            base = str
        if base not in _ACCEPTED:
            raise TypeError(f"no decoder for {hint!r}")  # a new field type needs one here
        accepted, wanted = _ACCEPTED[base]
        if choices is not None:  # a record made in memory holds the member itself
            accepted = (*accepted, choices)
        has_default = (
            field.default is not dataclasses.MISSING
            or field.default_factory is not dataclasses.MISSING
        )
        missing = _DEFAULT if has_default else _NONE if nullable else _REQUIRED
        out.append(
            _Field(
                name=field.name,
                types=(*accepted, type(None)) if nullable else accepted,
                wanted=f"{wanted} or null" if nullable else wanted,
                missing=missing,
                to_float=base is float,
                holds=base == tuple[HoldRecord, ...],
                check=_checker(field.name, base),
                choices=choices,
            )
        )
    return tuple(out)


_FIELDS: dict[type, tuple[_Field, ...]] = {}
"""The fields of each record class, computed once (below, after the checks are defined)."""

# -- value checks: what a stored value must be, beyond its JSON type -------------------------

#: Every number lowback stores is a count or a duration in seconds: never negative, and far
#: below this (31 years); above it a number is damage, and a float could not even hold it.
MAX_NUMBER = 1_000_000_000
#: The one timestamp form lowback writes (datetime.isoformat): a date, a time, an offset.
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?|Z)?",
    re.ASCII,
)


def _checker(name: str, base: object) -> Callable[[object, str, str], None] | None:
    if base in (int, float):
        return _check_number
    if base is str and name.endswith("_at"):
        return _check_timestamp
    return None


def _check_number(value: object, where: str, name: str) -> None:
    assert isinstance(value, int | float)
    # A float is finite here (the JSON reader refuses NaN and infinities), but check anyway:
    # a record may come from elsewhere.
    if not (isinstance(value, int) or math.isfinite(value)) or not 0 <= value <= MAX_NUMBER:
        shown = str(value) if len(str(value)) <= 24 else f"{str(value)[:20]}..."
        raise CorruptFileError(
            f"{where}: {name!r} is {shown}, expected a number from 0 to {MAX_NUMBER:,}"
        )


def _check_timestamp(value: object, where: str, name: str) -> None:
    assert isinstance(value, str)
    parse_timestamp(value, f"{where}: {name!r}")


def parse_timestamp(value: str, where: str) -> dt.datetime:
    """A stored timestamp as a datetime, if it is one lowback can place on a local day.

    Only the form lowback writes is accepted (2026-05-31T08:00:00+02:00): a date alone, an ISO
    week date or an ordinal date would be a guess about the time, and a year next to the ends
    of the calendar (1, 9999) cannot be moved into every time zone.
    """
    moment: dt.datetime | None = None
    if _TIMESTAMP.fullmatch(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
    if moment is None or moment.year not in YEARS:
        shown = value if len(value) <= 40 else f"{value[:37]}..."
        raise CorruptFileError(
            f"{where} is {shown!r}, expected a date and time like 2026-05-31T08:00:00+02:00"
        )
    return moment


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_day(value: object) -> dt.date:
    """A stored calendar day (2026-11-21): ValueError for anything else, week dates included."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise ValueError(f"not a day like 2026-11-21: {value!r}")
    day = dt.date.fromisoformat(value)
    if day.year not in YEARS:
        raise ValueError(f"the year of {value!r} is out of range")
    return day


def session_key(session_id: str) -> str:
    """A session id as compared for sameness: two ids that differ only in Unicode form or in
    case name the same session, so a file holding both is corrupt, not merged."""
    return unicodedata.normalize("NFC", session_id).casefold()


_FIELDS.update({cls: _fields(cls) for cls in (HoldRecord, SessionRecord)})
