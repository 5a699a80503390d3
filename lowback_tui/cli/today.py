"""`lowback today [--json] [--ics -o FILE]`: the day's plan, read from the history's index."""

from __future__ import annotations

import datetime as dt
import json
import sys
import zoneinfo
from collections.abc import Callable
from pathlib import Path

from lowback_tui.base.terminal_text import safe
from lowback_tui.cli.errors import CliError
from lowback_tui.core.today import DayPlan
from lowback_tui.services.settings import Settings, load_settings


def wall_now(tz: str) -> dt.datetime:
    """Now in the user's zone. Tests replace `clock` below, never the real date."""
    return dt.datetime.now(zoneinfo.ZoneInfo(tz))


#: The clock every day command reads (a test sets a fixed one).
clock: Callable[[str], dt.datetime] = wall_now


def zone_name() -> str:
    from lowback_tui.core.zone import resolve_zone

    return resolve_zone().name


def settings_of(home: Path) -> Settings:
    settings, problems = load_settings(home / "settings.toml")
    for problem in problems:
        print(f"lowback: {safe(problem)}", file=sys.stderr)
    return settings


def current_plan(home: Path) -> tuple[DayPlan, dt.datetime]:
    """Today's plan for `home` (a folder that does not exist yet: nothing done), and now."""
    from lowback_tui.services.coach import Coach
    from lowback_tui.services.day import DayTimes, NoHistory, read_plan
    from lowback_tui.store.library import RoutineLibrary

    settings = settings_of(home)
    times = DayTimes.from_settings(settings)
    tz = zone_name()
    now = clock(tz)
    routines = [e.routine for e in RoutineLibrary.for_home(home).entries() if e.routine]
    if not home.is_dir():
        empty = NoHistory()
        coach = Coach(lambda: empty, lambda: now.date(), lambda: tz)
        return read_plan(empty, coach, routines, times, now=now, tz=tz), now
    from lowback_tui.cli.history import reader
    from lowback_tui.store.errors import HistoryError

    with reader() as repository:
        coach = Coach(lambda: repository, lambda: now.date(), lambda: tz)
        try:
            return read_plan(repository, coach, routines, times, now=now, tz=tz), now
        except HistoryError as error:
            raise CliError(str(error)) from None


def show_today(*, as_json: bool, ics: bool, output: str | None, force: bool) -> int:
    """`lowback today`: the plan as text, JSON, or an iCalendar file."""
    from lowback_tui.base.paths import home_dir

    plan, now = current_plan(home_dir())
    if ics:
        from lowback_tui.cli.progress import write_file
        from lowback_tui.core.ics import calendar_text

        if output is None and sys.stdout.isatty():
            raise CliError("--ics writes a calendar file: give it one with -o FILE")
        write_file(calendar_text(plan, now).encode("utf-8"), output, force=force)
        if output is not None:
            print(f"wrote {safe(output)}: a daily morning and evening event, each with an alarm")
        return 0
    if output is not None:
        raise CliError("-o FILE goes with --ics (the calendar file)")
    from lowback_tui.core.today_text import plan_json, plan_text

    if as_json:
        print(json.dumps(plan_json(plan), ensure_ascii=False))
    else:
        print(safe(plan_text(plan), multiline=True))
    return 0
