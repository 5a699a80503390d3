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
    SessionSummary,
    YearRows,
    fingerprint,
    summary_of,
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
    newest = newest or dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=1)
    return _write_years(home, _fast_years(count, newest), tz=tz)


def _fast_years(count: int, newest: dt.datetime) -> Iterator[tuple[int, list[str], YearRows]]:
    """The same sessions as `seeded_session` makes, straight to JSON text and index rows:
    the records and their dataclasses are skipped (a million holds would take minutes)."""
    counted = summary_of(seeded_session(0, newest))  # done and planned, as lowback counts
    sample = session_to_doc(seeded_session(0, newest))
    hold_docs = sample.pop("holds")
    head_keys = [key for key in sample if key not in ("id", "routine_id", "routine_name")]
    holds_text = []
    for parity in (0, 1):
        texts = []
        for index, doc in enumerate(hold_docs):
            doc = dict(doc, held_seconds=9.0 + (parity + index) % 2, finished_at="@@")
            texts.append(json.dumps(doc).replace('"@@"', f'"{{{index}}}"'))
        holds_text.append("[" + ", ".join(texts) + "]")
    year: int | None = None
    docs: list[str] = []
    rows: list[SessionSummary] = []
    for number in range(1, count + 1):
        days, slot = divmod(number - 1, PER_DAY)
        start = newest - dt.timedelta(days=days, hours=9 * slot)
        if start.year != year:
            if year is not None:
                yield year, docs, _rows(year, rows)
            year, docs, rows = start.year, [], []
        routine_id, name = ROUTINES[number % len(ROUTINES)]
        started = start.isoformat()
        ended = (start + dt.timedelta(minutes=9)).isoformat()
        fields = dict(sample, started_at=started, ended_at=ended)
        head = json.dumps({key: fields[key] for key in head_keys})[1:-1]
        finished = [
            (start + dt.timedelta(seconds=20 * i)).isoformat() for i in range(len(hold_docs))
        ]
        holds = holds_text[number % 2]
        for index, moment in enumerate(finished):
            holds = holds.replace(f"{{{index}}}", moment, 1)
        session_id = f"seed-{number:06d}"
        docs.append(
            f'{{"id": "{session_id}", "routine_id": "{routine_id}", '
            f'"routine_name": "{name}", {head}, "holds": {holds}}}'
        )
        rows.append(
            SessionSummary(
                session_id,
                started,
                routine_id,
                name,
                COMPLETED,
                540.0,
                counted.holds_done,
                counted.planned_holds,
                4,
                2,
                None,
                None,
                ended,
                HOLDS_PER_SESSION,
                counted.steps,  # the same in every seeded session (one released early)
                year,
            )
        )
    if year is not None:
        yield year, docs, _rows(year, rows)


def _rows(year: int, rows: list[SessionSummary]) -> YearRows:
    routines = {row.routine_id for row in rows}
    bests: dict[str, dict[str, list[float | None]]] = {
        routine: {"Knee to chest": [10.0, None]} for routine in sorted(routines)
    }
    return YearRows(year, None, rows, bests, set())


def _write_years(
    home: Path, years: Iterable[tuple[int, list[str], YearRows]], *, tz: str | None
) -> Path:
    from lowback_tui.store.repository import default_tz
    from lowback_tui.store.years import rebuild

    directory = home / HISTORY_DIR
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    files = IndexFiles(directory)
    for year, docs, rows in years:
        path = directory / f"{year}.json"
        body = ", ".join(f'"{number}": {doc}' for number, doc in enumerate(docs, start=1))
        path.write_text(f'{{"meta": {{"1": {{"schema": 1}}}}, "sessions": {{{body}}}}}')
        os.chmod(path, 0o600)
        rows.source = fingerprint(path)
        files.write_rows(rows)
    rebuild(directory, tz or default_tz(), write=True)  # rows are fresh: only the top is made
    return directory


def write_history(home: Path, records: Iterable[SessionRecord], *, tz: str | None = None) -> Path:
    """history/ holding `records` (grouped by year, e.g. newest first), and its index."""

    def years() -> Iterator[tuple[int, list[str], YearRows]]:
        year: int | None = None
        batch: list[SessionRecord] = []
        for record in [*records, None]:
            record_year = None if record is None else year_of(record.started_at)
            if record_year != year and year is not None:
                docs = [json.dumps(session_to_doc(item)) for item in batch]
                yield year, docs, YearRows.build(year, None, batch, set())
            if record_year != year:
                year, batch = record_year, []
            if record is not None:
                batch.append(record)

    return _write_years(home, years(), tz=tz)


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
