"""Histories of any size, written straight to history.json in the format lowback stores."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from lowback_tui.core.records import COMPLETED, DONE, RELEASED_EARLY, HoldRecord, SessionRecord
from lowback_tui.store.codec import session_to_doc

#: Holds per seeded session: between a static-back session (1) and floor five (40).
HOLDS_PER_SESSION = 10
ROUTINES = (
    ("floor-five", "Floor five"),
    ("pelvis-loosening", "Pelvis loosening"),
    ("trigger-point-release", "Trigger point release"),
)


def seeded_session(number: int, start: dt.datetime) -> SessionRecord:
    """A finished session like the ones a year of use leaves behind."""
    routine_id, name = ROUTINES[number % len(ROUTINES)]
    holds = tuple(
        HoldRecord(
            index=index,
            step_number=index // 2 + 1,
            step_name="Knee to chest",
            kind="stretch",
            side=("left", "right")[index % 2],
            rep=1,
            reps=1,
            planned="8-10s",
            planned_min_seconds=8.0,
            planned_max_seconds=10.0,
            target_count=None,
            held_seconds=9.0 + (number + index) % 2,
            count_done=None,
            outcome=RELEASED_EARLY if index == 3 else DONE,
            finished_at=(start + dt.timedelta(seconds=20 * index)).isoformat(),
        )
        for index in range(HOLDS_PER_SESSION)
    )
    return SessionRecord(
        id=f"seed-{number:06d}",
        routine_id=routine_id,
        routine_name=name,
        started_at=start.isoformat(),
        status=COMPLETED,
        ended_at=(start + dt.timedelta(minutes=9)).isoformat(),
        active_seconds=540.0,
        holds=holds,
        planned_holds=HOLDS_PER_SESSION,
        pain_before=4,
        pain_after=2,
    )


def seed_history(home: Path, count: int, *, newest: dt.datetime | None = None) -> Path:
    """history.json with `count` finished sessions, one a day back from `newest`."""
    newest = newest or dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=1)
    sessions = {
        str(number): session_to_doc(seeded_session(number, newest - dt.timedelta(days=number)))
        for number in range(1, count + 1)
    }
    home.mkdir(parents=True, exist_ok=True)
    path = home / "history.json"
    with path.open("w", encoding="ascii") as handle:
        json.dump({"meta": {"1": {"schema": 1}}, "sessions": sessions}, handle)
    return path
