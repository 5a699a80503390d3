"""SessionRecord and HoldRecord to and from the JSON-ready dicts, checked on the way in."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, NamedTuple, TypeVar

from ..core.records import HoldRecord, SessionRecord
from .errors import CorruptFileError

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


_REQUIRED, _DEFAULT, _NONE = "required", "default", "none"
_ABSENT = object()


def _decode(cls: type[Record], doc: object, where: str) -> Record:
    """Missing keys take the field's default (or None when allowed): older and newer files load.

    Unknown keys are ignored for the same reason; a value of the wrong type is an error.
    """
    if type(doc) is not dict:
        raise CorruptFileError(f"{where} is a {type(doc).__name__}, not an object")
    values: dict[str, object] = {}
    for field in _fields(cls):
        value = doc.get(field.name, _ABSENT)
        if type(value) in field.types:
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


#: The types the records use, as stored in JSON.
_ACCEPTED: dict[object, tuple[tuple[type, ...], str]] = {
    str: ((str,), "a string"),
    int: ((int,), "an integer"),
    float: ((float, int), "a number"),
    tuple[HoldRecord, ...]: ((), "a list of holds"),
}


@cache
def _fields(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        nullable = type(None) in args
        [base] = [arg for arg in args if arg is not type(None)]
        if base not in _ACCEPTED:
            raise TypeError(f"no decoder for {hint!r}")  # a new field type needs one here
        accepted, wanted = _ACCEPTED[base]
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
            )
        )
    return tuple(out)
