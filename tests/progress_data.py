"""Histories for the progress tests: sessions with planks, push-ups, pain and hurt stops."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lowback_tui.core.records import COMPLETED, DONE, HURT, SKIPPED, HoldRecord, SessionRecord
from lowback_tui.store.repository import HistoryRepository


def stretch(index: int = 0, held: float = 9.25, outcome: str = DONE) -> HoldRecord:
    return HoldRecord(
        index=index,
        step_number=1,
        step_name="Knee to chest",
        kind="stretch",
        side="left",
        rep=1,
        reps=1,
        planned="8-10s",
        planned_min_seconds=8.0,
        planned_max_seconds=10.0,
        target_count=None,
        held_seconds=held,
        count_done=None,
        outcome=outcome,
        finished_at="2026-04-02T08:01:00+02:00",
    )


def plank(seconds: float, index: int = 1, outcome: str = DONE) -> HoldRecord:
    return HoldRecord(
        index=index,
        step_number=2,
        step_name="Plank test",
        kind="hold",
        side=None,
        rep=1,
        reps=1,
        planned="30s+",
        planned_min_seconds=30.0,
        planned_max_seconds=30.0,
        target_count=None,
        held_seconds=seconds,
        count_done=None,
        outcome=outcome,
        finished_at="2026-04-02T08:02:00+02:00",
    )


def pushups(done: int, target: int = 20, index: int = 2, outcome: str = DONE) -> HoldRecord:
    return HoldRecord(
        index=index,
        step_number=3,
        step_name="Push-ups",
        kind="reps",
        side=None,
        rep=1,
        reps=1,
        planned=f"{target} reps",
        planned_min_seconds=None,
        planned_max_seconds=None,
        target_count=target,
        held_seconds=None,
        count_done=done,
        outcome=outcome,
        finished_at="2026-04-02T08:03:00+02:00",
    )


def session(
    number: int,
    day: dt.date,
    *,
    routine: tuple[str, str] = ("core-strength", "Core strength"),
    status: str = COMPLETED,
    holds: tuple[HoldRecord, ...] = (),
    pain: tuple[object, object] = (None, None),
    hurt: tuple[str, int] | None = None,
    note: str = "",
    active: float = 600.0,
    hour: int = 8,
) -> SessionRecord:
    start = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)
    return SessionRecord(
        id=f"s{number:04d}",
        routine_id=routine[0],
        routine_name=routine[1],
        started_at=start.isoformat(),
        status=HURT if hurt else status,
        ended_at=(start + dt.timedelta(seconds=active)).isoformat(),
        active_seconds=active,
        holds=holds,
        planned_holds=max(len(holds), 1),
        pain_before=pain[0],  # type: ignore[arg-type]
        pain_after=pain[1],  # type: ignore[arg-type]
        hurt_step=hurt[0] if hurt else None,
        hurt_level=hurt[1] if hurt else None,
        note=note,
    )


FLOOR = ("floor-five", "Floor five")


def sample(today: dt.date) -> list[SessionRecord]:
    """Eight sessions over the last three weeks, a year-old one, and one hurt stop."""
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    return [
        session(1, ago(400), holds=(plank(20.0),), pain=(6, 6), note="Long ago"),
        session(2, ago(20), holds=(stretch(), plank(35.5), pushups(12)), pain=(5, 4)),
        session(3, ago(18), holds=(stretch(), plank(41.0), pushups(15)), pain=(5, 3)),
        session(4, ago(15), holds=(plank(38.0), pushups(18)), pain=(4, 3), note="=1+1 felt ok"),
        session(
            5,
            ago(12),
            holds=(plank(0.0, outcome=SKIPPED), pushups(9)),
            pain=(4, None),
            hurt=("Push-ups", 6),
        ),
        session(6, ago(8), routine=FLOOR, holds=(stretch(),), pain=(3, 2), note="Café, calm"),
        session(7, ago(5), routine=FLOOR, holds=(), pain=(None, 2)),
        session(8, ago(2), holds=(plank(52.25), pushups(21)), pain=(3, 1)),
        session(9, today, routine=FLOOR, holds=(stretch(held=8.75),), pain=(2, 2)),
    ]


def store(home: Path, sessions: list[SessionRecord], rest_days: tuple[dt.date, ...] = ()) -> None:
    """Write sessions and rest days into LOWBACK_HOME through the repository."""
    repository = HistoryRepository(home, sync=True)
    repository.open()
    for record in sessions:
        repository.start_session(record)
    for day in rest_days:
        repository.toggle_rest_day(day)
    repository.close()
