"""`lowback streak`: the prompt line, from history/index.json alone (no TinyDB, pendulum, Textual).

A shell prompt runs this after every command, so its cost must not grow with the history:
it reads the index's small top file, checks the year files' fingerprints with a stat each,
and counts streaks over spans of days. Only when the index is missing or stale (another
device's files synced in, an app killed mid-write) does it read the year files, read-only.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from lowback_tui.cli.errors import CliError
from lowback_tui.core.streaks import StreakSummary

FIELDS = ("current", "best", "week", "goal", "today", "check", "fire")


def _home() -> Path:
    import os

    configured = os.environ.get("LOWBACK_HOME", "").strip()
    if configured:
        return Path(configured).expanduser()
    from lowback_tui.base.paths import home_dir  # platformdirs, only without LOWBACK_HOME

    return home_dir()


def _tz() -> str:
    from lowback_tui.core.clock import local_zone_name

    name = local_zone_name()
    if name is None:  # an unusual system: pendulum knows more ways to ask
        from lowback_tui.core.streaks import local_timezone

        name = local_timezone()
    return name


def streak_figures(home: Path, tz: str, today: dt.date, weekly_goal: int) -> StreakSummary:
    """The streaks from the index if it is fresh; else from the year files (read-only)."""
    from lowback_tui.core.dayspans import summarize_spans
    from lowback_tui.store.errors import HistoryError
    from lowback_tui.store.index import HISTORY_DIR, IndexFiles, year_files

    directory = home / HISTORY_DIR
    top = None
    if not (home / "history.json").exists():  # not the first layout, still to be converted
        try:
            top = IndexFiles(directory).read_top()
        except HistoryError:
            top = None
    if (
        top is not None
        and top.tz == tz
        and not top.stale_reason(year_files(directory), running_ok=True)
    ):
        return summarize_spans(
            top.spans, top.recent, top.rest_days, today=today, weekly_goal=weekly_goal
        )
    if top is None and not directory.exists() and not (home / "history.json").exists():
        return summarize_spans([], {}, (), today=today, weekly_goal=weekly_goal)
    return _slow_figures(home, tz, today, weekly_goal)


def _slow_figures(home: Path, tz: str, today: dt.date, weekly_goal: int) -> StreakSummary:
    from lowback_tui.store.errors import HistoryError
    from lowback_tui.store.repository import HistoryRepository

    repository = HistoryRepository(home, sync=True, read_only=True, tz=tz)
    try:
        repository.open()
        if repository.warning:
            raise CliError(repository.warning)
        return repository.streak_summary(today=today, weekly_goal=weekly_goal)
    except HistoryError as error:
        raise CliError(str(error)) from None
    finally:
        repository.close()


def fields(summary: StreakSummary, rest_today: bool) -> dict[str, object]:
    today = "done" if summary.today_done else "rest" if rest_today else "pending"
    return {
        "current": summary.current,
        "best": summary.longest,
        "week": summary.week_done,
        "goal": summary.weekly_goal,
        "today": today,
        "check": "✓" if summary.today_done else "",
        "fire": "🔥" if summary.current else "",
    }


def render(template: str, values: dict[str, object]) -> str:
    """`template` with {field} filled in; CliError naming an unknown field."""
    import string  # only for --format

    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        raise CliError(f"--format {template!r}: {error}") from None
    for name in names:
        if name not in values:
            known = ", ".join(FIELDS)
            raise CliError(f"--format: unknown field {{{name}}}; the fields are {known}")
    try:
        return template.format(**values)
    except (ValueError, IndexError, KeyError) as error:
        raise CliError(f"--format {template!r}: {error}") from None


def show_streak(*, ascii_only: bool, as_json: bool, template: str | None) -> int:
    from lowback_tui.base.settings_file import weekly_goal
    from lowback_tui.core.streaks import streak_line
    from lowback_tui.store.index import zone_of

    home = _home()
    if not home.is_dir():
        raise CliError(f"no lowback data in {home} (set LOWBACK_HOME, or run `lowback` first)")
    tz = _tz()
    from lowback_tui.cli import clock as cli_clock

    today = cli_clock.today_in(zone_of(tz))
    # A prompt redraws after every command: it says a settings problem only when its own line
    # depends on it (the weekly goal), never cue programs or other settings (the app does).
    goal = weekly_goal(home / "settings.toml")
    if goal is None:
        from lowback_tui.services.settings import load_settings  # the full reading, to say why

        settings, problems = load_settings(home / "settings.toml")
        goal = settings.weekly_goal
        for problem in problems:
            print(f"lowback: {problem}", file=sys.stderr)
    summary = streak_figures(home, tz, today, goal)
    if as_json or template is not None:  # only {today} can say "rest"; the plain line never
        values = fields(summary, _rest_today(home, today))
        print(json.dumps(values, ensure_ascii=False) if as_json else render(template or "", values))
    else:
        print(streak_line(summary, ascii=ascii_only))
    sys.stdout.flush()
    return 0


def _rest_today(home: Path, today: dt.date) -> bool:
    from lowback_tui.store.errors import HistoryError
    from lowback_tui.store.index import HISTORY_DIR, IndexFiles

    try:
        top = IndexFiles(home / HISTORY_DIR).read_top()
    except HistoryError:
        return False
    return top is not None and today in top.rest_days
