"""`lowback history` (list, import): the history read-only, a year at a time, or merged into."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lowback_tui.errors import CliError
from lowback_tui.paths import home_dir
from lowback_tui.terminal_text import safe_json_text

if TYPE_CHECKING:
    from lowback_tui.core.describe import SessionRow
    from lowback_tui.store.repository import HistoryRepository

#: Sessions `lowback history` lists without --all.
DEFAULT_COUNT = 20
#: Sessions encoded at a time by `lowback history --json`.
JSON_BATCH = 500


def parse_since(text: str, today: dt.date) -> dt.date:
    """`4w`, `10d`, a date…: the same periods as export, insights and report accept."""
    from lowback_tui.core.period import PeriodError
    from lowback_tui.core.period import parse_since as parse

    try:
        return parse(text, today)
    except PeriodError as error:
        raise CliError(str(error)) from None


@contextmanager
def reader() -> Iterator[HistoryRepository]:
    """The history opened read-only (either layout), or a CliError saying what is wrong.

    An unreadable file is an error here (exit 1), so that a script piping `lowback export`
    never takes a partial list for the truth; the file is left as it is.
    """
    from lowback_tui.store.errors import HistoryError
    from lowback_tui.store.repository import HistoryRepository

    home = home_dir()
    if not home.is_dir():
        raise CliError(f"no lowback data in {home} (set LOWBACK_HOME, or run `lowback` first)")
    _batch_collector()
    repository = HistoryRepository(home, sync=True, read_only=True)
    try:
        repository.open()
        if repository.warning:
            raise CliError(repository.warning)
        yield repository
    except HistoryError as error:
        raise CliError(str(error)) from None
    finally:
        repository.close()


def _batch_collector() -> None:
    """Tune the cycle collector for a command that reads the whole history and exits.

    Such a command makes and drops millions of small objects (records, cells, rows), which
    reference counting frees; the collector, run every 700 allocations by default, would also
    walk everything alive again and again (a fifth of an export's time, measured). What is
    loaded by now lives as long as the process (frozen: never walked again), and the
    collector runs now and then, not never: memory stays flat either way.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 1_000)


def _since_datetime(since: dt.date | None, tz: str) -> dt.datetime | None:
    if since is None:
        return None
    from lowback_tui.store.index import zone_of

    return dt.datetime.combine(since, dt.time(), tzinfo=zone_of(tz))


def show_history(*, as_json: bool, show_all: bool, since: str | None) -> int:
    """`lowback history`: the latest sessions (or --all, or --since), as a table or JSON."""
    from lowback_tui.core.describe import summary_row
    from lowback_tui.core.routine import printable

    with reader() as opened:
        today = dt.datetime.now(_zone(opened.tz)).date()
        start = parse_since(since, today) if since else None
        limit = None if (show_all or start is not None) else DEFAULT_COUNT
        if as_json:
            from lowback_tui.batch_progress import with_progress

            total = opened.session_count() if start is None else None
            if limit is not None:
                total = min(limit, total or limit)
            records = with_progress(opened.iter_sessions(start), total, "Listing sessions")
            _stream_json(records, sys.stdout, limit=limit)
            return 0
        total = opened.session_count()
        shown = [
            summary_row(row)
            for row in itertools.islice(opened.summaries(_since_datetime(start, opened.tz)), limit)
        ]
        if not shown:
            if total:
                print(f"No sessions since {start}.")
            else:
                print("No sessions yet. Run `lowback` and pick a routine.")
            return 0
        _print_table(shown, printable)
        if limit is not None and total > len(shown):
            print(
                f"({len(shown)} newest of {total:,} sessions; --all shows every one, "
                "--since 4w the last four weeks)",
                file=sys.stderr,
            )
    return 0


def _print_table(rows: list[SessionRow], printable: Callable[[str], str]) -> None:
    # Columns as wide as their longest cell ("a few seconds ago" is 17 wide), so nothing
    # runs into its neighbour.
    when_w = max(len("WHEN"), *(len(row.when) for row in rows))
    name_w = min(28, max(len("ROUTINE"), *(len(printable(row.routine)) for row in rows)))
    done_w = max(len("DONE"), *(len(row.completion) for row in rows))
    pain_w = max(len("PAIN"), *(len(row.pain) for row in rows))
    print(
        f"{'WHEN':<{when_w}}  {'ROUTINE':<{name_w}}  {'TIME':>7}  {'DONE':<{done_w}}  "
        f"{'PAIN':<{pain_w}}  STATUS"
    )
    for row in rows:
        name = printable(row.routine)
        if len(name) > name_w:
            name = name[: name_w - 1] + "…"
        print(
            f"{row.when:<{when_w}}  {name:<{name_w}}  {row.duration:>7}  "
            f"{row.completion:<{done_w}}  {row.pain:<{pain_w}}  {row.status}"
        )


def _zone(tz: str) -> dt.tzinfo:
    from lowback_tui.store.index import zone_of

    return zone_of(tz)


def _stream_json(records: Iterator[object], out: IO[str], *, limit: int | None = None) -> None:
    """A JSON list written a few hundred sessions at a time: memory stays flat however long
    the list. msgspec encodes and indents them in C (json.dumps with an indent runs in Python,
    forty times slower); the text is json.dumps(..., indent=2, ensure_ascii=False)'s."""
    import msgspec

    out.write("[")
    count = 0
    wanted = itertools.islice(records, limit)
    for batch in iter(lambda: list(itertools.islice(wanted, JSON_BATCH)), []):
        text = msgspec.json.format(msgspec.json.encode(batch), indent=2).decode("utf-8")
        # "[\n  {...},\n  {...}\n]": the items as the whole list indents them.
        text = safe_json_text(text[2:-2])  # names and notes shown safely in a terminal
        out.write(("\n" if not count else ",\n") + text)
        count += len(batch)
    out.write("\n]\n" if count else "]\n")


def import_history(source: str) -> int:
    """`lowback history import PATH`: merge another device's history, by session id."""
    from lowback_tui.store.errors import HistoryError
    from lowback_tui.store.importer import NotAHistoryError, import_into, read_source
    from lowback_tui.store.lock import HomeLock

    path = Path(source)
    try:
        incoming = read_source(path)  # everything checked before anything is written
    except NotAHistoryError as error:
        raise CliError(f"nothing was imported: {error}") from None
    home = home_dir()
    try:
        with HomeLock(home):
            report = import_into(home, incoming)
    except HistoryError as error:
        raise CliError(f"{error} Nothing was imported.") from None
    print(report.text(path))
    return 0
