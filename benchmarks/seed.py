"""Histories of any size, written straight to the year files and index lowback keeps.

Generating goes through the same codec and index code as the app, but writes each year file
once (no TinyDB, no repository): 100,000 sessions take seconds, not minutes. `seed_v1` writes
the first layout's single history.json instead (for the migration's tests).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from lowback_tui.core.records import COMPLETED, DONE, RELEASED_EARLY, HoldRecord, SessionRecord
from lowback_tui.store.codec import session_to_doc
from lowback_tui.store.index import (
    HISTORY_DIR,
    IndexFiles,
    YearRows,
    fingerprint,
    year_of,
)

#: Holds per seeded session: between a static-back session (1) and floor five (40).
HOLDS_PER_SESSION = 10
#: Sessions per day, going back from yesterday: twice a day, as the issue's figures assume.
PER_DAY = 2
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


def _sessions(count: int, newest: dt.datetime | None) -> Iterator[SessionRecord]:
    newest = newest or dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=1)
    for number in range(1, count + 1):
        days, slot = divmod(number - 1, PER_DAY)
        start = newest - dt.timedelta(days=days, hours=9 * slot)
        yield seeded_session(number, start)


def seed_history(
    home: Path, count: int, *, newest: dt.datetime | None = None, tz: str | None = None
) -> Path:
    """history/ with `count` finished sessions (two a day back from `newest`), and its index.

    Returns the history folder. The index is written for `tz` (the zone the app will run in;
    by default the machine's), so the app opens it as it is, without a rebuild.
    """
    return write_history(home, _sessions(count, newest), tz=tz)


def write_history(home: Path, records: Iterable[SessionRecord], *, tz: str | None = None) -> Path:
    """history/ holding `records` (given newest first, or at least grouped by year)."""
    from lowback_tui.store.repository import default_tz

    directory = home / HISTORY_DIR
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    files = IndexFiles(directory)
    tz = tz or default_tz()
    year: int | None = None
    batch: list[SessionRecord] = []

    def write_year() -> None:
        if year is None:
            return
        path = directory / f"{year}.json"
        docs = ", ".join(
            f'"{number}": {json.dumps(session_to_doc(record))}'
            for number, record in enumerate(batch, start=1)
        )
        path.write_text(f'{{"meta": {{"1": {{"schema": 1}}}}, "sessions": {{{docs}}}}}')
        os.chmod(path, 0o600)
        rows = YearRows.build(year, fingerprint(path), batch, set())
        files.write_rows(rows)

    for record in records:
        record_year = year_of(record.started_at)
        if record_year != year:
            write_year()
            year, batch = record_year, []
        batch.append(record)
    write_year()
    from lowback_tui.store.years import rebuild

    rebuild(directory, tz, write=True)  # every row file is fresh: only the top is derived
    return directory


def copy_history(seeded: Path, home: Path) -> None:
    """A history of `seeded` under `home` as hard links: the app replaces files, never edits
    them in place, so the seed stays as it was (and copying 100,000 sessions is instant)."""
    target = home / HISTORY_DIR
    (target / "index").mkdir(parents=True, exist_ok=True)
    for path in seeded.rglob("*.json"):
        os.link(path, target / path.relative_to(seeded))


def seed_v1(home: Path, count: int, *, newest: dt.datetime | None = None) -> Path:
    """The first layout: history.json with `count` finished sessions."""
    sessions = {
        str(number): session_to_doc(record)
        for number, record in enumerate(_sessions(count, newest), start=1)
    }
    home.mkdir(parents=True, exist_ok=True)
    path = home / "history.json"
    with path.open("w", encoding="ascii") as handle:
        json.dump({"meta": {"1": {"schema": 1}}, "sessions": sessions}, handle)
    return path
