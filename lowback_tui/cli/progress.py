"""`lowback export`, `insights` and `report`: the history turned into files and figures."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import json
import os
import stat
import sys
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from lowback_tui.base.terminal_text import safe, safe_json_text
from lowback_tui.cli import clock as cli_clock
from lowback_tui.cli.errors import CliError
from lowback_tui.core.period import PeriodError, parse_since
from lowback_tui.services.history_source import since, zone_name


def today_in(tz: str) -> dt.date:
    """Today in `tz`, on the command line's clock (main's)."""
    return cli_clock.today_in(zoneinfo.ZoneInfo(tz))


#: Sessions turned into text at a time by `lowback export` (JSON and CSV): a batch in memory.
JSON_BATCH = 500


class _Period:
    """The period a command covers, in the user's zone: from `first_day` (None: all) to today."""

    def __init__(self, since_text: str | None, default_since: str | None = None) -> None:
        self.tz = zone_name()
        self.today = today_in(self.tz)
        text = since_text if since_text is not None else default_since
        try:
            self.first_day = None if text is None else parse_since(text, self.today)
        except PeriodError as error:
            raise CliError(str(error)) from None


def write_file(data: bytes, output: str | None, *, force: bool = False) -> None:
    """To stdout, or to `output` (refused when it exists, unless `force`)."""
    with output_stream(output, force=force) as handle:
        handle.write(data)


@contextmanager
def output_stream(output: str | None, *, force: bool = False) -> Iterator[BinaryIO]:
    """A binary stream to stdout, or to `output` (refused when it exists, unless `force`);
    what is written goes out as it comes (an export never holds the whole history)."""
    if output is None:
        sys.stdout.flush()
        if sys.stdout.isatty():  # data for a file or pipe as it is; a terminal sees no escapes
            yield _TerminalSafe()  # type: ignore[misc]
        else:
            yield sys.stdout.buffer
        sys.stdout.flush()
        return
    path = Path(output)
    if not force and (path.exists() or path.is_symlink()):
        raise CliError(f"{output} exists already; use --force to replace it")
    if not path.is_symlink() and (not path.exists() or path.is_file()):
        with _replaced_whole(path, output) as handle:
            yield handle
        print(f"wrote {output}", file=sys.stderr)
        return
    try:  # a device or a pipe (/dev/stdout, a FIFO), or a link: written to where it is
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if force else os.O_EXCL)
        descriptor = os.open(path, flags, 0o600)  # health data: readable by the user alone
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fchmod(descriptor, 0o600)  # a file replaced with --force keeps no wider mode
    except FileExistsError:
        raise CliError(f"{output} exists already; use --force to replace it") from None
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    print(f"wrote {output}", file=sys.stderr)


@contextmanager
def _replaced_whole(path: Path, output: str) -> Iterator[BinaryIO]:
    """A private temp file beside `path`, put in its place only once all is written: a full
    disk or an error midway leaves `path` as it was (an older export is never cut short)."""
    from lowback_tui.base.safe_files import open_private

    temp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        descriptor = open_private(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        os.fchmod(descriptor, 0o600)  # health data, whatever the umask
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):  # ENOTDIR too: the folder may be what failed
            temp.unlink()
        said = f"; {output} was left as it was" if path.exists() else ""
        raise CliError(f"cannot write {output}: {error.strerror or error}{said}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


class _TerminalSafe:
    """stdout for a person at a terminal: what is written is shown, never run as escapes."""

    def write(self, data: bytes) -> int:
        text = safe(data.decode("utf-8", "replace"), multiline=True)
        return sys.stdout.buffer.write(text.encode("utf-8"))

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def flush(self) -> None:
        sys.stdout.buffer.flush()

    @property
    def closed(self) -> bool:
        return False


def export_history(
    fmt: str,
    output: str | None,
    *,
    since_text: str | None = None,
    excel: bool = False,
    force: bool = False,
) -> int:
    """`lowback export`: JSON (sessions and rest days) or CSV (one row per hold), written as
    the history is read, one year file at a time: memory stays flat however long it is."""
    from lowback_tui.cli.batch_progress import with_progress
    from lowback_tui.cli.history import reader
    from lowback_tui.core.export import csv_header, csv_rows_of, rounded

    if excel and fmt != "csv":
        raise CliError("--excel goes with --format csv (JSON has no spreadsheet form)")
    tz = zone_name()
    try:
        first_day = None if since_text is None else parse_since(since_text, today_in(tz))
    except PeriodError as error:
        raise CliError(str(error)) from None
    with reader() as repository, output_stream(output, force=force) as out:
        total = repository.session_count() if first_day is None else None
        read = with_progress(
            repository.iter_sessions(), total, "Exporting sessions", to_stdout=output is None
        )
        sessions = since(read, first_day, tz)
        if fmt == "json":
            import msgspec

            out.write(b'{\n  "sessions": [')
            written = False
            for batch in iter(lambda: list(itertools.islice(sessions, JSON_BATCH)), []):
                # Made into dicts, encoded and indented in C (json.dumps with an indent, and
                # dataclasses.asdict, run in Python); core/export.py rounds the floats.
                docs = {"sessions": [rounded(msgspec.to_builtins(s)) for s in batch]}
                text = msgspec.json.format(msgspec.json.encode(docs), indent=2)
                # '{\n  "sessions": [\n    {...},\n    {...}\n  ]\n}': the sessions alone.
                # The same data, shown safely wherever it goes (names and notes).
                chunk = safe_json_text(text[18:-6].decode("utf-8")).encode("utf-8")
                out.write((b",\n" if written else b"\n") + chunk)
                written = True
            days = sorted(d for d in repository.rest_days() if first_day is None or d >= first_day)
            rest = json.dumps([day.isoformat() for day in days])
            out.write(f'\n  ],\n  "rest_days": {rest}\n}}\n'.encode())
            return 0
        text_out = io.TextIOWrapper(
            out, encoding="utf-8-sig" if excel else "utf-8", newline="", write_through=True
        )
        try:
            # Lines end in \n alone: every spreadsheet reads it, and a terminal gets no \r.
            writer = csv.writer(text_out, lineterminator="\n")
            writer.writerow(csv_header(excel=excel))
            zone = zoneinfo.ZoneInfo(tz)
            for batch in iter(lambda: list(itertools.islice(sessions, JSON_BATCH)), []):
                writer.writerows(csv_rows_of(batch, excel=excel, tz=zone))
        finally:
            text_out.detach()  # the stream stays open for its owner
    return 0


def _indented(text: str, spaces: int) -> bytes:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.splitlines()).encode("utf-8")


def show_insights(*, as_json: bool, since_text: str | None = None) -> int:
    """`lowback insights`: per routine, sessions, the pain change, and "this hurts" stops."""
    from lowback_tui.cli.history import reader
    from lowback_tui.core.insights import MIN_PAIN_PAIRS, insights_as_json, what_helps
    from lowback_tui.services.history_source import basics_since

    history = _Period(since_text)
    with reader() as repository:  # the index's rows: no session is read in full
        insights = what_helps(basics_since(repository, history.first_day, history.tz))
    if as_json:
        print(safe_json_text(json.dumps(insights_as_json(insights), indent=2, ensure_ascii=False)))
        return 0
    if not insights:
        if history.first_day is not None:
            print(f"No finished sessions since {history.first_day}: nothing to tell yet.")
        else:
            print("No finished sessions yet: nothing to tell. Run `lowback` and pick a routine.")
        return 0
    from lowback_tui.core.routine import printable

    for insight in insights:
        sessions = f"{insight.sessions} session" + ("" if insight.sessions == 1 else "s")
        print(f"{printable(insight.routine_name)} ({printable(insight.routine_id)}): {sessions}")
        print(f"  {printable(insight.change_text())}")
        print(f"  {printable(insight.hurt_text())}")
    print(
        f"\nPain change = pain after − pain before; an average needs at least {MIN_PAIN_PAIRS} "
        "sessions with both."
    )
    return 0


def make_report(
    *, since_text: str | None, fmt: str, output: str | None, force: bool, weekly_goal: int
) -> int:
    """`lowback report`: one page for a physiotherapist, HTML (printable) or Markdown."""
    from lowback_tui.cli.batch_progress import with_progress
    from lowback_tui.cli.history import reader
    from lowback_tui.core.report import build_report
    from lowback_tui.core.report_html import report_html
    from lowback_tui.core.report_md import report_markdown
    from lowback_tui.services.history_source import iter_sessions_since

    history = _Period(since_text, default_since="4w")
    assert history.first_day is not None
    with reader() as repository:
        # The period's sessions in full (their year files alone); streaks over the index's
        # rows of every session, which hold what they need.
        period = iter_sessions_since(repository, history.first_day, history.tz)
        report = build_report(
            list(with_progress(period, None, "Reading sessions", to_stdout=output is None)),
            repository.summaries(),
            repository.rest_days(),
            first_day=history.first_day,
            today=history.today,
            tz=history.tz,
            weekly_goal=weekly_goal,
            generated=cli_clock.now_in(zoneinfo.ZoneInfo(history.tz)),
        )
    text = report_html(report) if fmt == "html" else report_markdown(report)
    write_file(text.encode("utf-8"), output, force=force)
    return 0
