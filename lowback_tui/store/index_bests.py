"""Personal bests in the history's index: per routine and step, the longest hold and the most
reps, and when each was first reached; raised session by session, merged year by year, and
checked when read from an index file. Like index.py, it imports neither TinyDB nor pendulum."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .errors import CorruptFileError

if TYPE_CHECKING:
    from lowback_tui.core.records import SessionRecord

# An outcome as stored (records.Outcome.SKIPPED equals it): the record classes would cost
# `lowback streak` time for nothing.
SKIPPED = "skipped"

Bests = dict[str, dict[str, list[float | None]]]
"""routine id → step name → [longest seconds held, most reps], None where never done."""
BestDays = dict[str, dict[str, list[str | None]]]
"""routine id → step name → [start of the session that first held longest, of the one that
first did most reps]: when a personal best was set. None where unknown (an index written
before the dates were kept; the value still counts)."""


def number_or_none(value: object) -> bool:
    return value is None or (type(value) in (int, float) and value == value)  # not NaN


def _raise_best(
    best: list[float | None], when: list[str | None], slot: int, value: float, at: str | None
) -> None:
    """Put `value` (reached at `at`) in `best[slot]` if higher; on a tie keep the first day."""
    current = best[slot]
    if current is None or value > current:
        best[slot], when[slot] = value, at
    elif value == current:
        from lowback_tui.core.trends import (
            earlier_start,
        )  # only when writing: not on `streak`'s path

        when[slot] = earlier_start(when[slot], at)


def add_bests(bests: Bests, record: SessionRecord, days: BestDays | None = None) -> None:
    """Raise `bests` to what the session's holds reached (skipped holds do not count), and
    note in `days` when each best was first reached."""
    steps = bests.setdefault(record.routine_id, {})
    step_days = {} if days is None else days.setdefault(record.routine_id, {})
    for hold in record.holds:
        if hold.outcome == SKIPPED:
            continue
        best = steps.setdefault(hold.step_name, [None, None])
        when = step_days.setdefault(hold.step_name, [None, None])
        if hold.held_seconds is not None:
            _raise_best(best, when, 0, hold.held_seconds, record.started_at)
        if hold.count_done is not None:
            _raise_best(best, when, 1, float(hold.count_done), record.started_at)
    if not steps:
        del bests[record.routine_id]
        if days is not None:
            del days[record.routine_id]


def merge_bests(
    into: Bests,
    other: Mapping[str, Mapping[str, list[float | None]]],
    into_days: BestDays | None = None,
    other_days: Mapping[str, Mapping[str, list[str | None]]] | None = None,
) -> None:
    """Raise `into` to `other`'s bests (and their days, when both are given)."""
    for routine, steps in other.items():
        mine = into.setdefault(routine, {})
        mine_days = {} if into_days is None else into_days.setdefault(routine, {})
        their_days = (other_days or {}).get(routine, {})
        for step, (seconds, reps) in steps.items():
            best = mine.setdefault(step, [None, None])
            when = mine_days.setdefault(step, [None, None])
            days = their_days.get(step, [None, None])
            for slot, value in enumerate((seconds, reps)):
                if value is not None:
                    _raise_best(best, when, slot, value, days[slot])


def bests_from(data: object) -> Bests:
    """The "bests" of an index file, checked: routine → step → [seconds, reps], each a
    number or null."""
    if isinstance(data, dict) and all(
        isinstance(steps, dict)
        and all(
            isinstance(best, list) and len(best) == 2 and all(number_or_none(v) for v in best)
            for best in steps.values()
        )
        for steps in data.values()
    ):
        return data
    raise CorruptFileError("its personal bests are malformed")


def best_days_from(data: object) -> BestDays:
    """The "best_days" of an index file: {} when absent (written before they were kept)."""
    if data is None:
        return {}
    if isinstance(data, dict) and all(
        isinstance(steps, dict)
        and all(
            isinstance(days, list)
            and len(days) == 2
            and all(day is None or isinstance(day, str) for day in days)
            for days in steps.values()
        )
        for steps in data.values()
    ):
        return data
    raise CorruptFileError("its personal-best days are malformed")


def known_days(days: BestDays) -> BestDays:
    """`days` without the steps whose days are all unknown (to compare what is known)."""
    return {
        routine: known
        for routine, steps in days.items()
        if (known := {step: when for step, when in steps.items() if when != [None, None]})
    }
