"""Year files that disagree with each other (edited, copied or merged by hand): a session in
another year's file, one id in two year files. Found while the index is rebuilt; each session
goes to its own year's file, and copies of one id become one by the merge rule, or stay two
(the other under a new id) where they truly differ. Nothing is dropped, and it is said."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from lowback_tui.base.terminal_text import safe

from ..core.records import SessionRecord
from .codec import session_key
from .errors import CorruptFileError
from .history_file import read_year
from .index import SessionSummary, year_of
from .merge import copy_id, merge


class Placement:
    """Where each session id was found, while the index is rebuilt year by year."""

    def __init__(self) -> None:
        self._years: dict[str, list[int]] = defaultdict(list)
        self.wrong: set[str] = set()

    def add(self, year: int, rows: list[SessionSummary]) -> None:
        for row in rows:
            self._years[row.id].append(year)
            if year_of(row.started_at) != year:
                self.wrong.add(row.id)

    def ids(self) -> set[str]:
        return set(self._years)

    def problems(self) -> dict[str, list[int]]:
        """Each misplaced or repeated id, with the years whose files hold it."""
        return {
            sid: years for sid, years in self._years.items() if len(years) > 1 or sid in self.wrong
        }


def repair(directory: Path, problems: dict[str, list[int]], taken: set[str]) -> list[str]:
    """Put each problem session in its own year's file, once (or twice, under a new id, where
    its copies truly differ). New copies are written before old ones are removed, so a kill
    at any moment leaves every session readable. `taken`: every id in the history."""
    copies: dict[str, list[tuple[int, SessionRecord]]] = defaultdict(list)
    for year in sorted({year for years in problems.values() for year in years}):
        history = read_year(directory / f"{year}.json")
        try:
            for record in history.records():
                if record.id in problems:
                    copies[record.id].append((year, record))
        finally:
            history.close()
    puts: dict[int, list[SessionRecord]] = defaultdict(list)
    removals: dict[int, set[str]] = defaultdict(set)
    keys = {session_key(sid) for sid in taken}
    messages = []
    for session_id, found in copies.items():
        # The copy already in its own year's file keeps the id where copies differ.
        found.sort(key=lambda item: item[0] != year_of(item[1].started_at))
        kept = _one_or_more([record for _, record in found], keys)
        for record in kept:
            puts[year_of(record.started_at)].append(record)
        for year, _ in found:
            if year not in {year_of(r.started_at) for r in kept if r.id == session_id}:
                removals[year].add(session_id)
        where = ", ".join(f"{year}.json" for year, _ in found)
        if len(kept) == 1:
            messages.append(
                f"Session {session_id!r} was found in {where}; it is now in "
                f"{year_of(kept[0].started_at)}.json alone, with all its copies held."
            )
        else:
            others = ", ".join(repr(r.id) for r in kept[1:])
            messages.append(
                f"Session {session_id!r} was found in {where}, with different content; "
                f"every copy is kept, the others as {others}."
            )
    _write(directory, puts, removals)
    return [safe(message) for message in messages]


def _one_or_more(records: list[SessionRecord], keys: set[str]) -> list[SessionRecord]:
    """The copies merged into as few as the merge rule allows; the first keeps the id."""
    kept: list[SessionRecord] = []
    for record in records:
        for position, other in enumerate(kept):
            merged = merge(other, replace(record, id=other.id))
            if merged is not None:
                kept[position] = merged
                break
        else:
            if kept:
                new_id = copy_id(record.id, lambda candidate: session_key(candidate) in keys)
                keys.add(session_key(new_id))
                record = replace(record, id=new_id)
            kept.append(record)
    return kept


def _write(
    directory: Path, puts: dict[int, list[SessionRecord]], removals: dict[int, set[str]]
) -> None:
    for year in sorted(puts):  # first every copy where it belongs…
        _change(directory / f"{year}.json", puts[year], set())
    for year in sorted(removals):  # …then out of where it does not
        keep = {record.id for record in puts.get(year, [])}
        _change(directory / f"{year}.json", [], removals[year] - keep)


def _change(path: Path, puts: list[SessionRecord], removals: set[str]) -> None:
    try:
        history = read_year(path)
    except CorruptFileError:
        return  # already said when it was read for the index
    try:
        with history.batch():
            for record in puts:
                history.put_session(record)
            for session_id in removals:
                history.remove_session(session_id)
    finally:
        history.close()
