"""The first layout (one history.json) to one file per year, once, safe against a kill anywhere.

Year files are written first (each atomically; a rerun merges the same sessions again and
changes nothing), then history.json is renamed to history.v1.json: that rename is the commit
point. Killed before it, the next start converts again; after it, the year files hold all.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from lowback_tui.base.atomic import fsync_directory
from lowback_tui.base.terminal_text import safe

from ..core.records import SessionRecord
from .codec import session_key
from .errors import CorruptFileError, HistoryError
from .history_file import HistoryFile
from .index import year_of
from .loading import keep_aside, make_private
from .merge import copy_id, merge
from .years import read_year, unreadable

V1_NAME = "history.json"
V1_KEPT = "history.v1.json"


def kept_name(home: Path) -> Path:
    """history.v1.json, or history.v1-2.json… if an earlier one is there (never replaced)."""
    kept = home / V1_KEPT
    number = 2
    while kept.exists():
        kept = home / f"history.v1-{number}.json"
        number += 1
    return kept


def migrate_v1(home: Path, directory: Path) -> list[str]:
    """Convert home/history.json if it is there; messages for the person (empty if nothing)."""
    v1 = home / V1_NAME
    if not v1.exists():
        return []
    history = HistoryFile(v1)
    try:
        loaded = history.load()
        rest_days = history.rest_days()
    except CorruptFileError as error:
        aside = keep_aside(v1, str(error))
        return [
            f"{v1} could not be read: {error}. It was kept aside as {aside.name}; "
            "starting a new history."
        ]
    finally:
        history.close()
    warnings = merge_into_years(directory, loaded.sessions.values(), rest_days)
    kept = kept_name(home)
    try:
        os.rename(v1, kept)  # the commit point
        make_private(kept)
        fsync_directory(home)
    except OSError as error:
        raise HistoryError(
            f"Cannot rename {v1} to {kept.name}: {error.strerror or error}. Your history is "
            "safe in both; the conversion is finished at the next start."
        ) from error
    count = len(loaded.sessions)
    if not count and not rest_days:
        return warnings  # an empty history.json: nothing to tell
    warnings.append(
        f"Your history ({count:,} session{'s' if count != 1 else ''}) now has one file per year "
        f"in {directory}. The original is kept as {kept}."
    )
    return warnings


def merge_into_years(
    directory: Path, sessions: Iterable[SessionRecord], rest_days: set[dt.date]
) -> list[str]:
    """Put sessions and rest days into their year files (a union: a rerun changes nothing)."""
    by_year: dict[int, list[SessionRecord]] = defaultdict(list)
    for record in sessions:
        by_year[year_of(record.started_at)].append(record)
    days_by_year: dict[int, list[dt.date]] = defaultdict(list)
    for day in rest_days:
        days_by_year[day.year].append(day)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise HistoryError(f"Cannot create {directory}: {error.strerror or error}.") from error
    warnings = []
    for year in sorted(set(by_year) | set(days_by_year)):
        path = directory / f"{year}.json"
        try:
            target = read_year(path)
        except CorruptFileError as error:
            warnings.append(unreadable(path, error, set_aside=True))
            target = read_year(path)
        try:
            with target.batch():
                keys = {session_key(r.id): r.id for r in target.records()}
                for record in by_year.get(year, []):
                    warnings += _merge_one(target, keys, record, path)
                for day in days_by_year.get(year, []):
                    target.put_rest_day(day, True)
        finally:
            target.close()
    return warnings


def _merge_one(
    target: HistoryFile, keys: dict[str, str], record: SessionRecord, path: Path
) -> list[str]:
    """Put one session of history.json into its year file by the merge rule: a year file's
    copy that knows more is never replaced, and where they truly differ both are kept.
    `keys`: the year file's ids as compared (session_key), kept up to date here."""
    mine = target.get(keys.get(session_key(record.id), record.id))
    if mine is None:
        target.put_session(record)
        keys[session_key(record.id)] = record.id
        return []
    merged = merge(mine, record) if mine.id == record.id else None
    if merged is not None:
        if merged != mine:
            target.put_session(merged)
        return []

    def busy(candidate: str) -> bool:
        there = target.get(keys.get(session_key(candidate), candidate))
        return there is not None and there != replace(record, id=candidate)

    copy = replace(record, id=copy_id(record.id, busy))
    if target.get(copy.id) == copy:
        return []  # kept on an earlier, interrupted run
    target.put_session(copy)
    keys[session_key(copy.id)] = copy.id
    return [
        safe(
            f"Session {record.id!r} differed in history.json and in {path.name}; both are "
            f"kept, the copy from history.json as {copy.id!r}."
        )
    ]
