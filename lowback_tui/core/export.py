"""The rows of `lowback export`: one CSV row per hold, one JSON object per session."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from lowback_tui.core.records import HoldRecord, SessionRecord
from lowback_tui.core.tally import counts_as_done
from lowback_tui.terminal_text import safe

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


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return neutralise(safe(str(value), multiline=True))  # a cell shown runs no escape


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
    head = [
        _text(session.id),
        _text(session.routine_id),
        _text(session.routine_name),
        _text(session.started_at),
        _text(session.ended_at),
        _text(session.status),
        number_text(session.active_seconds),
        _text(session.pain_before),
        _text(session.pain_after),
        _text(session.hurt_step),
        _text(session.hurt_level),
        _text(session.note),
    ]
    if excel:
        head += _local(session.started_at, tz or dt.UTC)
    if not session.holds:
        return [head + [""] * len(HOLD_COLUMNS)]
    return [head + _hold_cells(hold) for hold in session.holds]


def _hold_cells(hold: HoldRecord) -> list[str]:
    return [
        _text(hold.index),
        _text(hold.step_number),
        _text(hold.step_name),
        _text(hold.kind),
        _text(hold.side),
        _text(hold.rep),
        _text(hold.planned),
        number_text(hold.held_seconds),
        _text(hold.count_done),
        _text(hold.outcome),
        "yes" if counts_as_done(hold) else "no",
        _text(hold.finished_at),
    ]


def _rounded(value: Any) -> Any:
    """Floats to 0.1 (seconds held, active time): the stored precision is noise, not data."""
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value


def session_json(session: SessionRecord) -> dict[str, Any]:
    """A session as the JSON export writes it: every field, floats rounded to 0.1."""
    return dict(_rounded(dataclasses.asdict(session)))


def export_json(sessions: list[dict[str, Any]], rest_days: list[dt.date]) -> dict[str, Any]:
    """The whole JSON export: sessions (newest first) and rest days (oldest first)."""
    return {
        "sessions": sessions,
        "rest_days": [day.isoformat() for day in sorted(rest_days)],
    }
