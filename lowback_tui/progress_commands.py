"""`lowback export`, `insights` and `report`: the history turned into files and figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
import zoneinfo
from pathlib import Path

from lowback_tui.core.period import PeriodError, parse_since
from lowback_tui.core.records import SessionRecord
from lowback_tui.errors import CliError
from lowback_tui.progress_source import since, today_in, zone_name
from lowback_tui.terminal_text import safe


class _History:
    """The history as read for one command, with the user's zone and today."""

    def __init__(self, since_text: str | None, default_since: str | None = None) -> None:
        from lowback_tui.commands import _history

        self.tz = zone_name()
        self.today = today_in(self.tz)
        text = since_text if since_text is not None else default_since
        try:
            self.first_day = None if text is None else parse_since(text, self.today)
        except PeriodError as error:
            raise CliError(str(error)) from None
        sessions, rest_days = _history()
        self.all_sessions = sessions
        """Every session, newest first (streaks need all of them)."""
        self.sessions: list[SessionRecord] = list(since(sessions, self.first_day, self.tz))
        """The period's sessions, newest first."""
        self.all_rest_days = set(rest_days)
        self.rest_days = sorted(
            day for day in rest_days if self.first_day is None or day >= self.first_day
        )
        """The period's rest days, oldest first."""


def write_file(data: bytes, output: str | None, *, force: bool = False) -> None:
    """To stdout, or to `output` (refused when it exists, unless `force`)."""
    if output is None:
        sys.stdout.flush()
        if sys.stdout.isatty():  # data for a file or pipe as it is; a terminal sees no escapes
            data = safe(data.decode("utf-8", "replace"), multiline=True).encode("utf-8")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(output)
    if not force and (path.exists() or path.is_symlink()):
        raise CliError(f"{output} exists already; use --force to replace it")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if force else os.O_EXCL)
        descriptor = os.open(path, flags, 0o600)  # health data: readable by the user alone
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    except FileExistsError:
        raise CliError(f"{output} exists already; use --force to replace it") from None
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    print(f"wrote {output}", file=sys.stderr)


def export_history(
    fmt: str,
    output: str | None,
    *,
    since_text: str | None = None,
    excel: bool = False,
    force: bool = False,
) -> int:
    """`lowback export`: JSON (sessions and rest days) or CSV (one row per hold)."""
    from lowback_tui.core.export import csv_header, csv_rows, export_json, session_json

    if excel and fmt != "csv":
        raise CliError("--excel goes with --format csv (JSON has no spreadsheet form)")
    history = _History(since_text)
    if fmt == "json":
        document = export_json([session_json(s) for s in history.sessions], history.rest_days)
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        write_file(text.encode("utf-8"), output, force=force)
        return 0
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_header(excel=excel))
    zone = zoneinfo.ZoneInfo(history.tz)
    for session in history.sessions:
        writer.writerows(csv_rows(session, excel=excel, tz=zone))
    # Spreadsheet programs take a file without a BOM for their legacy code page.
    write_file(buffer.getvalue().encode("utf-8-sig" if excel else "utf-8"), output, force=force)
    return 0


def show_insights(*, as_json: bool, since_text: str | None = None) -> int:
    """`lowback insights`: per routine, sessions, the pain change, and "this hurts" stops."""
    from lowback_tui.core.insights import MIN_PAIN_PAIRS, insights_as_json, what_helps

    history = _History(since_text)
    insights = what_helps(history.sessions)
    if as_json:
        print(json.dumps(insights_as_json(insights), indent=2, ensure_ascii=False))
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
        print(f"{printable(insight.routine_name)} ({insight.routine_id}): {sessions}")
        print(f"  {insight.change_text()}")
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
    from lowback_tui.core.report import build_report
    from lowback_tui.core.report_html import report_html
    from lowback_tui.core.report_md import report_markdown

    history = _History(since_text, default_since="4w")
    assert history.first_day is not None
    report = build_report(
        history.sessions,
        history.all_sessions,
        history.all_rest_days,
        first_day=history.first_day,
        today=history.today,
        tz=history.tz,
        weekly_goal=weekly_goal,
        generated=dt.datetime.now(zoneinfo.ZoneInfo(history.tz)),
    )
    text = report_html(report) if fmt == "html" else report_markdown(report)
    write_file(text.encode("utf-8"), output, force=force)
    return 0
