"""The rows of `lowback export`: one CSV row per hold, one JSON object per session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import operator
import re
import typing
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.records import HoldRecord, SessionRecord
from lowback_tui.core.tally import counts_as_done

_PLAIN = re.compile(r"[\x20-\x7e]*")
"""Text that `safe` leaves as it is, whatever its length."""

SESSION_COLUMNS = (
    "session_id",
    "routine_id",
    "routine_name",
    "started_at",
    "ended_at",
    "status",
    "active_seconds",
    "pain_before",
    "pain_after",
    "hurt_step",
    "hurt_level",
    "note",
)
LOCAL_COLUMNS = ("start_date", "start_time")
"""With --excel: the session's start in the user's zone, as spreadsheets read dates."""
HOLD_COLUMNS = (
    "hold_index",
    "step_number",
    "step_name",
    "kind",
    "side",
    "rep",
    "planned",
    "held_seconds",
    "count_done",
    "outcome",
    "done",
    "finished_at",
)
"""`done` is yes or no by the rule every count of holds done uses (core/tally.py): a stretch
released before its minimum is "released early" and not done; an open hold or a reps set
that was started is."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is run as a formula by spreadsheet programs."""


def neutralise(cell: str) -> str:
    """Text a spreadsheet shows as text: a leading ' before anything it would run as a formula.

    Applied to every text cell (names, notes, steps), never to the numbers lowback formats,
    which are never negative and so never start with one of these.
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def number_text(value: float | int | None, places: int = 1) -> str:
    """A number without float noise: 9.25 → "9.2"… rounded to `places`, "12" for 12.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    rounded = round(float(value), places)
    return f"{rounded:.{places}f}".rstrip("0").rstrip(".") if places else str(int(rounded))


def csv_header(*, excel: bool = False) -> list[str]:
    return [*SESSION_COLUMNS, *(LOCAL_COLUMNS if excel else ()), *HOLD_COLUMNS]


def _local(iso_timestamp: str, tz: dt.tzinfo) -> tuple[str, str]:
    """("2026-04-02", "08:01:00") in the user's zone; blanks when the timestamp is unreadable."""
    try:
        moment = dt.datetime.fromisoformat(iso_timestamp)
    except (TypeError, ValueError):
        return "", ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(tz)
    return local.date().isoformat(), local.strftime("%H:%M:%S")


def csv_rows(
    session: SessionRecord, *, excel: bool = False, tz: dt.tzinfo | None = None
) -> list[list[str]]:
    """A session's rows: one per hold, or one with blank hold columns when it has none.

    With `excel`, the local start date and time follow the ISO columns (`tz`: the user's zone).
    """
    return csv_rows_of([session], excel=excel, tz=tz)


def csv_rows_of(
    sessions: Sequence[SessionRecord], *, excel: bool = False, tz: dt.tzinfo | None = None
) -> list[list[str]]:
    """`csv_rows` of each session, in order: what an export writes for a few hundred at once.

    A cell is its value as text: none blank, a whole number as digits, seconds by
    `number_text`, text by `neutralise`. Worked out a column at a time with built-ins, which
    run in C: a history has ten holds for every session, and a call per cell was most of an
    export's time.
    """
    heads = list(map(list, zip(*_session_columns(sessions, excel, tz), strict=True)))
    holds = [hold for session in sessions for hold in session.holds]
    cells = map(list, _hold_cells(holds))
    rows: list[list[str]] = []
    for head, session in zip(heads, sessions, strict=True):
        if session.holds:
            rows.extend(map(head.__add__, itertools.islice(cells, len(session.holds))))
        else:
            rows.append(head + [""] * len(HOLD_COLUMNS))
    return rows


_SESSION_VALUES = operator.attrgetter("id", *SESSION_COLUMNS[1:])


def _session_columns(
    sessions: Sequence[SessionRecord], excel: bool, tz: dt.tzinfo | None
) -> list[Iterable[str]]:
    if not sessions:
        return []
    values: list[tuple[Any, ...]] = list(zip(*map(_SESSION_VALUES, sessions), strict=True))
    ids, routines, names, starts, ends, statuses, active, before, after, step, level, notes = values
    columns = [
        _texts(ids),
        _texts(routines),
        _texts(names),
        _texts(starts),
        _texts(_blank_none(ends)),
        _texts(list(map(str, statuses))),
        _number_texts(active),
        _whole_numbers(before),
        _whole_numbers(after),
        _texts(_blank_none(step)),
        _whole_numbers(level),
        _texts(notes),
    ]
    if excel:
        local = [_local(start, tz or dt.UTC) for start in starts]
        columns += [[day for day, _ in local], [time for _, time in local]]
    return columns


# The hold fields in column order: `hold_index` is the field `index`; `done` is worked out by
# the one rule (counts_as_done), not stored.
_HOLD_VALUES = operator.attrgetter("index", *(c for c in HOLD_COLUMNS[1:] if c != "done"))


def _hold_cells(holds: Sequence[HoldRecord]) -> Iterator[tuple[str, ...]]:
    """The hold columns' cells, row by row, each by the type its field is declared with."""
    if not holds:
        return iter(())
    columns: list[tuple[Any, ...]] = list(zip(*map(_HOLD_VALUES, holds), strict=True))
    index, step, name, kind, side, rep, planned, held, count, outcome, finished = columns
    return zip(
        map(str, index),
        map(str, step),
        _texts(name),
        _texts(kind),
        _texts(_blank_none(side)),
        map(str, rep),
        _texts(planned),
        _number_texts(held),
        _whole_numbers(count),
        _texts(list(map(str, outcome))),
        ["yes" if counts_as_done(hold) else "no" for hold in holds],  # the one rule
        _texts(finished),
        strict=True,
    )


_FIRST = operator.itemgetter(slice(0, 1))
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def _texts(column: Sequence[str]) -> Iterable[str]:
    """`safe` then `neutralise` over a column: a cell shown in a terminal runs no escape, and
    a spreadsheet runs no formula. As it is when every cell is plain printable ASCII and none
    starts like a formula (both checked in C)."""
    if not _PLAIN.fullmatch("".join(column)):
        column = [safe(value, multiline=True) for value in column]
    if _FORMULA_FIRST.isdisjoint(map(_FIRST, column)):
        return column
    return map(neutralise, column)


def _blank_none(column: Sequence[str | None]) -> list[str]:
    return ["" if value is None else value for value in column]


def _whole_numbers(column: Sequence[int | None]) -> list[str]:
    return ["" if value is None else str(value) for value in column]


def _number_texts(column: Sequence[float | None]) -> Iterable[str]:
    """`number_text` over a column of floats, its steps mapped over the column in C."""
    if None in column or bool in map(type, column):
        return map(number_text, column)
    rounded = map(round, map(float, column), repeat(1))  # type: ignore[arg-type]
    texts = map(format, rounded, repeat(".1f"))
    return map(str.rstrip, map(str.rstrip, texts, repeat("0")), repeat("."))


def _float_fields(cls: type) -> tuple[str, ...]:
    """The fields of a record class that hold seconds as floats (float, or float or None)."""
    hints = typing.get_type_hints(cls)
    return tuple(
        field.name
        for field in dataclasses.fields(cls)
        if hints[field.name] is float or float in typing.get_args(hints[field.name])
    )


_SESSION_FLOATS = _float_fields(SessionRecord)
_HOLD_FLOATS = _float_fields(HoldRecord)
_SESSION_FIELDS = tuple(field.name for field in dataclasses.fields(SessionRecord))
_HOLD_FIELDS = tuple(field.name for field in dataclasses.fields(HoldRecord))


def rounded(doc: dict[str, Any]) -> dict[str, Any]:
    """A session as a JSON-ready dict (its holds a list of dicts), its floats rounded to 0.1
    in place (seconds held, active time): the stored precision is noise, not data."""
    for names, part in ((_SESSION_FLOATS, doc), *((_HOLD_FLOATS, hold) for hold in doc["holds"])):
        for name in names:
            value = part[name]
            if type(value) is float:
                part[name] = round(value, 1)
    return doc


def session_json(session: SessionRecord) -> dict[str, Any]:
    """A session as the JSON export writes it: every field, floats rounded to 0.1."""
    doc = {name: getattr(session, name) for name in _SESSION_FIELDS}
    doc["holds"] = [{name: getattr(hold, name) for name in _HOLD_FIELDS} for hold in session.holds]
    return rounded(doc)


def export_json(sessions: list[dict[str, Any]], rest_days: list[dt.date]) -> dict[str, Any]:
    """The whole JSON export: sessions (newest first) and rest days (oldest first)."""
    return {
        "sessions": sessions,
        "rest_days": [day.isoformat() for day in sorted(rest_days)],
    }
