"""The year files of history/: reading them for the index, and rebuilding the index from them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.dayspans import spans_from_days

from ..core.records import IN_PROGRESS, SessionRecord
from .errors import CorruptFileError, HistoryError
from .history_file import HistoryFile as HistoryFile
from .history_file import read_year as read_year
from .index import (
    IndexFiles,
    IndexTop,
    YearEntry,
    YearRows,
    _recent,
    done_days,
    fingerprint,
    is_year_name,
    merge_bests,
    year_files,
    zone_of,
)
from .index_io import own_folder
from .loading import keep_aside


@dataclass
class Rebuilt:
    """An index rebuilt from the year files, and what was found on the way."""

    top: IndexTop
    rows: dict[int, YearRows]
    """Every year's rows: kept in memory only by a reader that cannot write them."""
    in_progress: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def unreadable(path: Path, error: CorruptFileError, *, set_aside: bool) -> str:
    """Set an unreadable year file aside (bytes untouched) and say so; or only say so."""
    if set_aside:
        aside = keep_aside(path, str(error))
        done = f"It was kept aside as {aside.name}; every other year is unaffected."
    else:
        done = "It was left as it is; every other year is shown."
    return f"{path} could not be read: {error}. {done}"


def rebuild(
    directory: Path,
    tz: str,
    *,
    write: bool,
    open_session: tuple[str, int] | None = None,
    repaired: bool = False,
) -> Rebuilt:
    """The index from the year files, one year in memory at a time (unless it cannot write).

    Sessions in another year's file, or in two, are put right first (store/repair.py) when it
    can write, else only said."""
    from .repair import Placement, repair

    placement = Placement()
    files = IndexFiles(directory)
    zone = zone_of(tz)
    top = IndexTop(tz=tz, open_session=open_session)
    counts: Counter[dt.date] = Counter()
    result = Rebuilt(top, {})
    for year, path in year_files(directory).items():
        rows = _fresh_rows(files, year, path)
        if rows is None:
            try:
                history = read_year(path)
            except CorruptFileError as error:
                result.warnings.append(unreadable(path, error, set_aside=write))
                continue
            try:
                rows = YearRows.build(
                    year, fingerprint(path), history.records(), history.rest_days()
                )
            finally:
                history.close()
            if write:
                files.write_rows(rows)
        if not write:
            result.rows[year] = rows
        placement.add(year, rows.rows)
        result.in_progress += [(row.id, year) for row in rows.rows if row.status == IN_PROGRESS]
        top.rest_days |= rows.rest_days
        top.years[year] = YearEntry(rows.source, len(rows.rows))
        counts.update(done_days(rows.rows, zone))
        merge_bests(top.bests, rows.bests, top.best_days, rows.best_days)
    problems = placement.problems()
    if problems and write and not repaired:
        messages = repair(directory, problems, placement.ids())
        again = rebuild(directory, tz, write=True, open_session=open_session, repaired=True)
        again.warnings[:0] = [*result.warnings, *messages]
        return again
    for session_id, years in problems.items():
        where = " and ".join(f"{directory / f'{year}.json'}" for year in years)
        result.warnings.append(
            safe(
                f"Session {session_id!r} is in {where}, which is not where lowback keeps it "
                "(once, in the file of the year it started); the app puts it right at its "
                "next start."
            )
        )
    if write:
        _remove_orphan_rows(files, set(top.years))
    top.spans = spans_from_days(counts)
    top.recent = _recent(counts, top.spans)
    if write:
        files.write_top(top)
    return result


def _fresh_rows(files: IndexFiles, year: int, path: Path) -> YearRows | None:
    """A year's row file if it describes the year file as it is now (no need to parse that)."""
    try:
        rows = files.read_rows(year)
    except (CorruptFileError, HistoryError):
        return None
    if rows is None or rows.source is None or rows.source != fingerprint(path):
        return None
    return rows


def rederive(files: IndexFiles, top: IndexTop) -> IndexTop:
    """Spans, recent counts and bests again from every year's rows (a day stopped being done,
    a best fell, or the time zone changed); the years and rest days stay."""
    zone = zone_of(top.tz)
    counts: Counter[dt.date] = Counter()
    new = IndexTop(
        tz=top.tz, years=dict(top.years), open_session=top.open_session, rest_days=top.rest_days
    )
    for year in top.years:
        rows = files.read_rows(year)
        if rows is None:
            raise CorruptFileError(f"{files.rows_path(year)} is missing")
        counts.update(done_days(rows.rows, zone))
        merge_bests(new.bests, rows.bests, new.best_days, rows.best_days)
    new.spans = spans_from_days(counts)
    new.recent = _recent(counts, new.spans)
    return new


def _remove_orphan_rows(files: IndexFiles, years: set[int]) -> None:
    own_folder(files.rows_dir)  # never a link: nothing is deleted through it
    for path in files.rows_dir.iterdir():
        if is_year_name(path.name) and int(path.stem) not in years:
            files.remove_rows(int(path.stem))


def iter_year_records(
    paths: Iterable[tuple[int, Path]], warnings: list[str] | None = None
) -> Iterator[tuple[int, list[SessionRecord], set[dt.date]]]:
    """Each readable year's sessions and rest days, one year in memory at a time."""
    for year, path in paths:
        try:
            history = read_year(path)
        except CorruptFileError as error:
            if warnings is not None:
                warnings.append(unreadable(path, error, set_aside=False))
            continue
        try:
            yield year, history.records(), history.rest_days()
        finally:
            history.close()
