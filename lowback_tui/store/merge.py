"""Two copies of one session (an import, a conversion beside year files): one rule that never
drops what either copy knows, and keeps both where they truly disagree."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..core.records import IN_PROGRESS, INTERRUPTED, SessionRecord

#: What moves as a session runs on: the copy with more holds is a later state of the other.
_PROGRESS = ("holds", "status", "ended_at", "active_seconds")
#: Suffix of the id a conflicting imported copy is kept under, beside this device's copy.
COPY_SUFFIX = "-imported"


def _empty(value: object) -> bool:
    return value is None or value == "" or value == ()


def _ahead(record: SessionRecord) -> tuple[int, int, float]:
    """How far a session went: holds, then how it stands (running, cut off by a crash,
    ended), then time spent."""
    standing = 0 if record.status == IN_PROGRESS else 1 if record.status == INTERRUPTED else 2
    return (len(record.holds), standing + (record.ended_at is not None), record.active_seconds)


def merge(ours: SessionRecord, theirs: SessionRecord) -> SessionRecord | None:
    """One session knowing all both copies know, or None for a real conflict.

    Progress (holds, status, end, time): one copy's holds must begin with the other's, and
    the copy further on wins it whole. Everything else (the start, the routine, pain, the
    note, the plan): equal, or known on one side only (then that side's value is kept).
    """
    if ours == theirs:
        return ours
    short, long = sorted((ours, theirs), key=_ahead)
    if long.holds[: len(short.holds)] != short.holds:
        return None  # the holds went different ways
    if _ahead(short) == _ahead(long) and any(
        getattr(short, name) != getattr(long, name) for name in _PROGRESS
    ):
        return None  # as far on, ended differently
    values: dict[str, object] = {name: getattr(long, name) for name in _PROGRESS}
    for field in dataclasses.fields(SessionRecord):
        if field.name in _PROGRESS:
            continue
        mine, other = getattr(ours, field.name), getattr(theirs, field.name)
        if mine == other or _empty(other):
            values[field.name] = mine
        elif _empty(mine):
            values[field.name] = other
        else:
            return None  # two different notes, pains, starts or routines
    return dataclasses.replace(ours, **values)  # type: ignore[arg-type]


def copy_id(session_id: str, taken: Callable[[str], bool]) -> str:
    """The id a conflicting copy is kept under: ID-imported, ID-imported-2, …, the first one
    `taken` says is free."""
    candidate = f"{session_id}{COPY_SUFFIX}"
    number = 2
    while taken(candidate):
        candidate = f"{session_id}{COPY_SUFFIX}-{number}"
        number += 1
    return candidate
