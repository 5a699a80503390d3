"""`lowback history` (list, import): the history read-only, a year at a time, or merged into."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lowback_tui.base.paths import home_dir
from lowback_tui.base.terminal_text import cell_width, fit, pad, safe_json_text
from lowback_tui.cli.errors import CliError

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
    import pendulum

    from lowback_tui.cli import clock as cli_clock
    from lowback_tui.core.describe import summary_row
    from lowback_tui.core.routine import printable

    with reader() as opened:
        now = pendulum.instance(cli_clock.now_in(_zone(opened.tz)))
        today = now.date()
        start = parse_since(since, today) if since else None
        limit = None if (show_all or start is not None) else DEFAULT_COUNT
        if as_json:
            from lowback_tui.cli.batch_progress import with_progress

            total = opened.session_count() if start is None else None
            if limit is not None:
                total = min(limit, total or limit)
            records = with_progress(opened.iter_sessions(start), total, "Listing sessions")
            written = _stream_json(records, sys.stdout, limit=limit)
            if limit is not None and written == limit:  # a full page: there may be more
                _say_cap(written, opened.session_count())
            return 0
        total = opened.session_count()
        shown = [
            summary_row(row, now)
            for row in itertools.islice(opened.summaries(_since_datetime(start, opened.tz)), limit)
        ]
        if not shown:
            if total:
                print(f"No sessions since {start}.")
            else:
                print("No sessions yet. Run `lowback` and pick a routine.")
            return 0
        _print_table(shown, printable)
        if limit is not None:
            _say_cap(len(shown), total)
    return 0


def _say_cap(shown: int, total: int) -> None:
    """On stderr, so a table or JSON on stdout stays whole: only the newest were given."""
    if total > shown:
        print(
            f"({shown} newest of {total:,} sessions; --all shows every one, "
            "--since 4w the last four weeks)",
            file=sys.stderr,
        )


def _print_table(rows: list[SessionRow], printable: Callable[[str], str]) -> None:
    # Columns as wide as their longest cell ("a few seconds ago" is 17 wide), measured in
    # terminal cells (a CJK character or an emoji takes two), so nothing runs into its
    # neighbour.
    when_w = max(cell_width("WHEN"), *(cell_width(row.when) for row in rows))
    names = [fit(printable(row.routine), 28) for row in rows]
    name_w = max(cell_width("ROUTINE"), *(cell_width(name) for name in names))
    done_w = max(cell_width("DONE"), *(cell_width(row.completion) for row in rows))
    pain_w = max(cell_width("PAIN"), *(cell_width(row.pain) for row in rows))
    print(
        f"{pad('WHEN', when_w)}  {pad('ROUTINE', name_w)}  {'TIME':>7}  {pad('DONE', done_w)}  "
        f"{pad('PAIN', pain_w)}  STATUS"
    )
    for row, name in zip(rows, names, strict=True):
        print(
            f"{pad(row.when, when_w)}  {pad(name, name_w)}  {pad(row.duration, 7, right=True)}  "
            f"{pad(row.completion, done_w)}  {pad(row.pain, pain_w)}  {row.status}"
        )


def _zone(tz: str) -> dt.tzinfo:
    from lowback_tui.store.index import zone_of

    return zone_of(tz)


def _stream_json(records: Iterator[object], out: IO[str], *, limit: int | None = None) -> int:
    """A JSON list written a few hundred sessions at a time (how many were written): memory
    stays flat however long the list. msgspec encodes and indents them in C (json.dumps with
    an indent runs in Python, forty times slower); the text is json.dumps(..., indent=2,
    ensure_ascii=False)'s."""
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
    return count


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
    except NotAHistoryError as error:
        raise CliError(f"nothing was imported: {error}") from None
    except HistoryError as error:  # each year file is whole, old or new: run it again
        raise CliError(
            f"{error} The import stopped there: nothing saved before was lost, and importing "
            "the same file again adds what did not get in."
        ) from None
    print(report.text(path))
    return 0
