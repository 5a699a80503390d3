"""The history's derived index: a summary row per session, rest days, streak spans and bests.

history/index.json is small whatever the history's length (years with their files'
fingerprints, rest days, done-day spans, recent day counts, personal bests); history/index/
YEAR.json holds that year's summary rows, newest first. Both are derived from the year files
and rebuilt from them whenever they are missing, stale or unreadable. This module imports
neither TinyDB nor pendulum: `lowback streak` reads the index through it at prompt speed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from lowback_tui.core.dayspans import Span, add_day

from .errors import CorruptFileError, HistoryError, OutdatedIndexError
from .index_bests import SKIPPED as SKIPPED
from .index_bests import BestDays as BestDays
from .index_bests import Bests as Bests
from .index_bests import add_bests as add_bests
from .index_bests import best_days_from, known_days, number_or_none
from .index_bests import bests_from as bests_from
from .index_bests import merge_bests as merge_bests
from .index_io import own_folder, read_json, write_json
from .limits import YEARS as YEARS

if TYPE_CHECKING:
    from lowback_tui.core.progression import SessionFacts
    from lowback_tui.core.records import SessionRecord

# A status and an outcome as stored (records.Status.COMPLETED, records.Outcome.SKIPPED equal
# them; SKIPPED is in index_bests.py): `lowback streak` reads this module, and the record
# classes cost it time for nothing.
COMPLETED = "completed"

HISTORY_DIR = "history"
INDEX_NAME = "index.json"
ROWS_DIR = "index"
INDEX_SCHEMA = 3
"""2: each row keeps its steps' facts (core/progression.py), so targets never load sessions.
3: each file ends with a check of its content (a CRC-32): an index edited by hand is rebuilt."""
INDEX_KIND = "lowback history index"
#: Days of per-day counts kept for the heatmap (12 weeks and some), before the latest done day.
RECENT_DAYS = 120
_YEAR_FILE = re.compile(r"^(\d{4})\.json$", re.ASCII)

Fingerprint = tuple[int, int, int]
"""Size, mtime in ns and inode of a year file: an atomic replacement changes the inode."""


def fingerprint(path: Path) -> Fingerprint | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def year_files(directory: Path) -> dict[int, Path]:
    """The year files in history/, by year (set-aside copies and temp files do not match)."""
    try:
        names = os.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as error:
        raise HistoryError(f"Cannot read {directory}: {error.strerror or error}.") from error
    found = {}
    for name in names:
        match = _YEAR_FILE.match(name)
        if match and int(match.group(1)) in YEARS:
            found[int(match.group(1))] = directory / name
    return dict(sorted(found.items()))


def is_year_name(name: str) -> bool:
    """Whether `name` is a year file's: 2026.json, a year lowback shows, ASCII digits."""
    match = _YEAR_FILE.match(name)
    return match is not None and int(match.group(1)) in YEARS


def year_of(started_at: str) -> int:
    """The calendar year of a session's own local start date (its stored offset)."""
    try:
        return dt.datetime.fromisoformat(started_at).year
    except (TypeError, ValueError) as error:
        raise CorruptFileError(f"a start {started_at!r} is not ISO 8601") from error


def local_day(started_at: str, zone: dt.tzinfo) -> dt.date:
    """The calendar day of a start in `zone` (a start without an offset is UTC)."""
    moment = dt.datetime.fromisoformat(started_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).date()


def zone_of(tz: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


class SessionSummary(NamedTuple):
    """What lists, streaks and the resume question need of a session: one index row."""

    id: str
    started_at: str
    routine_id: str
    routine_name: str
    status: str
    active_seconds: float
    holds_done: int
    planned_holds: int
    """Holds planned, rests aside (core/tally.py): the "of N" of "12/35 holds"."""
    pain_before: int | None
    pain_after: int | None
    hurt_step: str | None
    hurt_level: int | None
    ended_at: str | None
    resume_index: int
    steps: list[list[object]]
    """[name, kind, holds, best, floor] per step: core.progression.StepFacts, as JSON keeps it."""
    year: int

    @property
    def timestamp(self) -> float:
        return dt.datetime.fromisoformat(self.started_at).timestamp()

    def to_row(self) -> list[object]:
        return list(self[:-1])

    @classmethod
    def from_row(cls, row: object, year: int) -> SessionSummary:
        if not isinstance(row, list) or len(row) != len(cls._fields) - 1:
            raise CorruptFileError("a row has the wrong shape")
        summary = cls._make([*row, year])
        if not all(isinstance(value, str) for value in summary[:5]) or not isinstance(
            summary.steps, list
        ):
            raise CorruptFileError(f"the row of {summary.id!r} is malformed")
        return summary

    def facts(self) -> SessionFacts:
        """What progression needs of this session (CorruptFileError if its steps are bad)."""
        from lowback_tui.core.progression import SessionFacts, StepFacts

        steps = {}
        for item in self.steps:
            if (
                not isinstance(item, list)
                or len(item) != 5
                or not all(isinstance(text, str) for text in item[:2])
                or type(item[2]) is not int
                or not all(number_or_none(value) for value in item[3:])
            ):
                raise CorruptFileError(f"the steps of {self.id!r} are malformed")
            name, kind, holds, best, floor = item
            steps[(str(name), str(kind))] = StepFacts(holds, best, floor)  # type: ignore[arg-type]
        return SessionFacts(
            self.id,
            self.started_at,
            self.status,
            self.hurt_step,
            self.pain_before,
            self.pain_after,
            steps,
        )


def summary_of(record: SessionRecord) -> SessionSummary:
    from lowback_tui.core.progression import step_facts  # not on `lowback streak`'s path
    from lowback_tui.core.tally import tally  # what counts as done, as everywhere else

    counts = tally(record)
    return SessionSummary(
        id=record.id,
        started_at=record.started_at,
        routine_id=record.routine_id,
        routine_name=record.routine_name,
        status=record.status,
        active_seconds=record.active_seconds,
        holds_done=counts.done,
        planned_holds=counts.planned,
        pain_before=record.pain_before,
        pain_after=record.pain_after,
        hurt_step=record.hurt_step,
        hurt_level=record.hurt_level,
        ended_at=record.ended_at,
        resume_index=record.resume_index,
        steps=[[name, kind, *facts] for (name, kind), facts in step_facts(record.holds).items()],
        year=year_of(record.started_at),
    )


def newest_first(rows: Iterable[SessionSummary]) -> list[SessionSummary]:
    return sorted(rows, key=lambda row: (row.timestamp, row.id), reverse=True)


class YearRows:
    """history/index/YEAR.json: a year's rows (newest first), bests, and the file they came from.

    A plain class, as IndexTop: `lowback streak` reads this module, and a dataclass would make
    it import `dataclasses` (and `inspect`), more than the prompt line's own work.
    """

    __slots__ = ("best_days", "bests", "rest_days", "rows", "source", "year")

    def __init__(
        self,
        year: int,
        source: Fingerprint | None,
        rows: list[SessionSummary],
        bests: Bests,
        rest_days: set[dt.date] | None = None,
        best_days: BestDays | None = None,
    ) -> None:
        self.year = year
        self.source = source
        self.rows = rows
        self.bests = bests
        self.rest_days: set[dt.date] = set() if rest_days is None else rest_days
        self.best_days: BestDays = {} if best_days is None else best_days

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": INDEX_SCHEMA,
            "year": self.year,
            "source": list(self.source) if self.source else None,
            "rows": [row.to_row() for row in self.rows],
            "bests": self.bests,
            "best_days": self.best_days,
            "rest_days": sorted(day.isoformat() for day in self.rest_days),
        }

    @classmethod
    def from_json(cls, data: object, year: int) -> YearRows:
        if not isinstance(data, dict) or data.get("schema") != INDEX_SCHEMA:
            raise CorruptFileError("it is not a year index this version can read")
        rows = data.get("rows")
        if data.get("year") != year or not isinstance(rows, list):
            raise CorruptFileError("it is not a year index this version can read")
        bests = bests_from(data.get("bests"))
        try:
            rest_days = {dt.date.fromisoformat(day) for day in data.get("rest_days", [])}
        except (TypeError, ValueError) as error:
            raise CorruptFileError("its rest days are malformed") from error
        rows_read = [SessionSummary.from_row(row, year) for row in rows]
        best_days = best_days_from(data.get("best_days"))
        return cls(year, _fingerprint(data.get("source")), rows_read, bests, rest_days, best_days)

    @classmethod
    def build(
        cls,
        year: int,
        source: Fingerprint | None,
        records: Iterable[SessionRecord],
        rest_days: set[dt.date],
    ) -> YearRows:
        bests: Bests = {}
        best_days: BestDays = {}
        rows = []
        for record in records:
            rows.append(summary_of(record))
            add_bests(bests, record, best_days)
        return cls(year, source, newest_first(rows), bests, set(rest_days), best_days)


def _fingerprint(value: object) -> Fingerprint | None:
    if value is None:
        return None
    if isinstance(value, list) and len(value) == 3 and all(type(v) is int for v in value):
        return (value[0], value[1], value[2])
    raise CorruptFileError("a file fingerprint is malformed")


class YearEntry(NamedTuple):
    source: Fingerprint | None
    """The year file's fingerprint when the index last caught up with it."""
    sessions: int


def _copied(value: Any) -> Any:
    """`value` with its dicts, lists and sets copied at every depth (their keys and other
    values are immutable: dates, numbers, strings, tuples)."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, set):
        return set(value)
    return value


class IndexTop:
    """history/index.json: everything streaks, the heatmap, the week and the prompt line need."""

    __slots__ = (
        "best_days",
        "bests",
        "open_session",
        "recent",
        "rest_days",
        "spans",
        "tz",
        "years",
    )

    def __init__(
        self,
        tz: str,
        years: dict[int, YearEntry] | None = None,
        open_session: tuple[str, int] | None = None,
        rest_days: set[dt.date] | None = None,
        spans: list[Span] | None = None,
        recent: dict[dt.date, int] | None = None,
        bests: Bests | None = None,
        best_days: BestDays | None = None,
    ) -> None:
        self.tz = tz
        self.years: dict[int, YearEntry] = {} if years is None else years
        self.open_session = open_session
        """A session running when this was written: its year file changes with every hold (the
        index catches up at its end), so a reader does not take that year for stale."""
        self.rest_days: set[dt.date] = set() if rest_days is None else rest_days
        self.spans: list[Span] = [] if spans is None else spans
        """Local days (in `tz`) with a completed session, as runs of consecutive days."""
        self.recent: dict[dt.date, int] = {} if recent is None else recent
        """Completed sessions per day for the last RECENT_DAYS days up to the latest done day."""
        self.bests: Bests = {} if bests is None else bests
        self.best_days: BestDays = {} if best_days is None else best_days

    def copy(self) -> IndexTop:
        """A copy to change without touching this one: every field (a new one too), its dicts,
        lists and sets copied all the way down."""
        return IndexTop(**{name: _copied(getattr(self, name)) for name in self.__slots__})

    @property
    def session_count(self) -> int:
        return sum(entry.sessions for entry in self.years.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": INDEX_SCHEMA,
            "kind": INDEX_KIND,
            "tz": self.tz,
            "years": {
                str(year): {
                    "source": list(entry.source) if entry.source else None,
                    "sessions": entry.sessions,
                }
                for year, entry in sorted(self.years.items())
            },
            "open_session": list(self.open_session) if self.open_session else None,
            "rest_days": sorted(day.isoformat() for day in self.rest_days),
            "spans": [[first.isoformat(), last.isoformat()] for first, last in self.spans],
            "recent": {day.isoformat(): count for day, count in sorted(self.recent.items())},
            "bests": self.bests,
            "best_days": self.best_days,
        }

    @classmethod
    def from_json(cls, data: object) -> IndexTop:
        if not isinstance(data, dict) or data.get("kind") != INDEX_KIND:
            raise CorruptFileError("it is not a lowback history index")
        schema = data.get("schema")
        if type(schema) is int and 0 < schema < INDEX_SCHEMA:
            raise OutdatedIndexError(f"an earlier lowback wrote it (schema {schema})")
        if schema != INDEX_SCHEMA:
            raise CorruptFileError(f"it has schema version {schema!r}")
        try:
            years = {
                int(year): YearEntry(_fingerprint(entry["source"]), int(entry["sessions"]))
                for year, entry in data["years"].items()
            }
            open_session = data.get("open_session")
            top = cls(
                tz=str(data["tz"]),
                years=years,
                open_session=(str(open_session[0]), int(open_session[1])) if open_session else None,
                rest_days={dt.date.fromisoformat(day) for day in data["rest_days"]},
                spans=[
                    (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
                    for first, last in data["spans"]
                ],
                recent={dt.date.fromisoformat(day): int(n) for day, n in data["recent"].items()},
                bests=bests_from(data["bests"]),
                best_days=best_days_from(data.get("best_days")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise CorruptFileError(f"it is malformed ({type(error).__name__}: {error})") from error
        return top

    def stale_reason(self, files: Mapping[int, Path], *, running_ok: bool) -> str | None:
        """Why this index does not describe `files` (None if it does).

        `running_ok`: a year whose file a running session keeps changing is not stale (a
        reader beside the app); the app itself, opening, must catch up with it.
        """
        if set(files) != {year for year, entry in self.years.items() if entry.source}:
            return "the year files on disk are not the ones it lists"
        for year, path in files.items():
            if running_ok and self.open_session and self.open_session[1] == year:
                continue
            if fingerprint(path) != self.years[year].source:
                return f"{path.name} changed since it was written"
        return None


class IndexFiles:
    """Reads and writes history/index.json and history/index/YEAR.json."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.top_path = directory / INDEX_NAME
        self.rows_dir = directory / ROWS_DIR

    def rows_path(self, year: int) -> Path:
        return self.rows_dir / f"{year}.json"

    def read_top(self) -> IndexTop | None:
        data = read_json(self.top_path)
        return None if data is None else IndexTop.from_json(data)

    def write_top(self, top: IndexTop) -> None:
        write_json(self.top_path, top.to_json())

    def read_rows(self, year: int) -> YearRows | None:
        data = read_json(self.rows_path(year))
        return None if data is None else YearRows.from_json(data, year)

    def write_rows(self, rows: YearRows) -> None:
        own_folder(self.rows_dir)  # a link there is renamed aside, never written through
        write_json(self.rows_path(rows.year), rows.to_json())

    def remove_rows(self, year: int) -> None:
        try:
            own_folder(self.rows_dir)
            self.rows_path(year).unlink(missing_ok=True)
        except OSError as error:
            raise HistoryError(f"Cannot remove {self.rows_path(year)}: {error}.") from error


def done_days(rows: Iterable[SessionSummary], zone: dt.tzinfo) -> Counter[dt.date]:
    return Counter(local_day(row.started_at, zone) for row in rows if row.status == COMPLETED)


def _recent(counts: Mapping[dt.date, int], spans: list[Span]) -> dict[dt.date, int]:
    if not spans:
        return {}
    cutoff = spans[-1][1] - dt.timedelta(days=RECENT_DAYS)
    return {day: n for day, n in sorted(counts.items()) if day >= cutoff}


def update_top(top: IndexTop, old: YearRows | None, new: YearRows) -> bool:
    """Bring `top` up to date with one year's new rows; False if only a full derive can.

    Adding done days and raising bests is incremental; a day that stops being done (a
    deleted session) or a best that falls needs every year again.
    """
    zone = zone_of(top.tz)
    before = done_days(old.rows if old else (), zone)
    after = done_days(new.rows, zone)
    for day, count in before.items():
        if after.get(day, 0) < count:
            return False
    raised: Bests = {}
    raised_days: BestDays = {}
    merge_bests(raised, old.bests if old else {}, raised_days, old.best_days if old else {})
    merge_bests(raised, new.bests, raised_days, new.best_days)
    if raised != new.bests or known_days(raised_days) != known_days(new.best_days):
        return False  # some best of this year fell, went away or was first reached later
    for day in after:
        if day not in before:
            top.spans = add_day(top.spans, day)
    cutoff = top.spans[-1][1] - dt.timedelta(days=RECENT_DAYS) if top.spans else dt.date.max
    for day, count in after.items():
        extra = count - before.get(day, 0)
        if extra and day >= cutoff:
            top.recent[day] = top.recent.get(day, 0) + extra
    top.recent = {day: n for day, n in top.recent.items() if day >= cutoff}
    merge_bests(top.bests, new.bests, top.best_days, new.best_days)
    top.years[new.year] = YearEntry(new.source, len(new.rows))
    return True
