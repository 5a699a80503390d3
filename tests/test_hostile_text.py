"""Hostile cases: text from files never reaches a terminal or a report raw (issue 24, part 1).

One hostile history and one hostile settings.toml go through every command (stdout, stderr
and the files they write) and the screens that show file text: nothing arrives but printable
text, newlines and tabs (no ESC, no OSC 52, no C1 CSI, no bidi override, no line separator)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FIXED_TODAY, screen_text, wait_for
from pinned import PINNED_NOW
from test_history_screen import make_app, open_history
from test_store import make_hold
from test_trends_screen import Host, ListSource, chart_text, counted, texts
from textual.widgets import DataTable

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.records import COMPLETED, HURT, SessionRecord
from lowback_tui.services.settings import load_settings
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.keymap import unknown_id_problems
from lowback_tui.ui.screens.history import SessionDetail
from lowback_tui.ui.screens.trends import TrendsScreen
from lowback_tui.ui.widgets.trend_charts import TrendChart

Cli = Callable[..., tuple[int, str, str]]
#: OSC 52 (clipboard), clear screen, C1 CSI, bidi override, NEL, NUL, line separator, DEL, BEL.
EVIL = "A\x1b]52;c;ZXZpbA==\x07B\x1b[2JC\x9b31mD\u202eE\x85F\x00G\u2028H\x7f"
SETTINGS = (
    'weekly_goal = "x\\u001b[2J"\n'
    '"unknown\\u001b]52;c;ZZ\\u0007key" = 1\n'
    "[keymap]\n"
    '"quit\\u009b31m\\u202e" = "x"\n'
    'foo = "\\u001b]52;c;ZZ\\u0007"\n'
)


def clean(text: str) -> bool:
    """Nothing in `text` but what a terminal only prints (and newlines and tabs)."""
    return safe(text, multiline=True) == text


def hostile_sessions(today: dt.date = FIXED_TODAY) -> list[SessionRecord]:
    out = []
    for number in range(4):
        day = today - dt.timedelta(days=3 * number + 1)
        start = f"{day.isoformat()}T08:00:00+00:00"
        holds = tuple(
            dataclasses.replace(
                make_hold(index, finished_at=start),
                step_name="Plank" + EVIL,
                planned="30s+" + EVIL,
                kind="hold",
            )
            for index in range(2)
        )
        out.append(
            SessionRecord(
                id=f"s{number}" + EVIL,
                routine_id="r" + EVIL,
                routine_name="Name" + EVIL,
                started_at=start,
                status=HURT if number == 0 else COMPLETED,
                ended_at=start,
                active_seconds=60.0,
                holds=holds,
                pain_before=5,
                pain_after=3,
                hurt_step="Step" + EVIL if number == 0 else None,
                hurt_level=4 if number == 0 else None,
                note="Note" + EVIL + "\nsecond line",
            )
        )
    return out


def seed(home: Path) -> None:
    repo = HistoryRepository(home, sync=True, tz="UTC")
    repo.open()
    day = PINNED_NOW.date()  # the command line's pinned day: never the machine's
    repo.put_many(hostile_sessions(day), {day})
    repo.close()
    (home / "settings.toml").write_text(SETTINGS)


COMMANDS = {
    "history": ("history", "--all"),
    "history --json": ("history", "--all", "--json"),
    "export json": ("export", "--format", "json"),
    "export csv": ("export", "--format", "csv"),
    "streak": ("streak",),
    "streak --json": ("streak", "--json"),
    "streak --format": ("streak", "--format", "{current} {best}"),
    "insights": ("insights",),
    "insights --json": ("insights", "--json"),
    "report md": ("report", "--format", "md", "--since", "8w"),
    "report html": ("report", "--format", "html", "--since", "8w"),
    "routines": ("routines",),
    "history import": ("history", "import", "OTHER"),
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_every_command_shows_file_text_safely(
    tmp_path: Path, cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    seed(home)
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps({"sessions": [{"id": "x" + EVIL, "routine_id": "r", "routine_name": "n"}]})
    )
    command = tuple(str(other) if part == "OTHER" else part for part in command)
    code, out, err = cli(*command)
    assert code in (0, 1) and "Traceback" not in err
    assert clean(out) and clean(err), (out, err)
    assert out or err  # it said something
    if "-o" not in command and command[0] in ("report", "export"):
        written = tmp_path / f"written.{command[2]}"
        assert cli(*command, "-o", str(written))[0] == 0
        assert clean(written.read_text(encoding="utf-8-sig"))


def test_settings_warnings_are_shown_safely(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(SETTINGS)
    _, problems = load_settings(path)
    assert len(problems) >= 2 and all(clean(problem) for problem in problems)
    unknown = unknown_id_problems({"quit\x9b31m\u202e": "x"}, path, known={"picker.quit"})
    assert unknown and all(clean(problem) for problem in unknown)
    many = unknown_id_problems({f"x{n}\x1b[2J": "x" for n in range(5000)}, path, known={"a.b"})
    assert len(many) == 6 and "4,995 more ids" in many[-1]  # said once, not 5,000 times
    assert all(clean(problem) for problem in many)


async def test_the_history_list_and_a_sessions_detail_show_file_text_safely(
    tmp_path: Path,
) -> None:
    repo = HistoryRepository(tmp_path, sync=True)
    repo.open()
    repo.put_many(hostile_sessions(dt.date(2026, 4, 20)), set())
    repo.close()
    (tmp_path / "settings.toml").write_text("")
    app = make_app(tmp_path, dt.date(2026, 4, 20))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        assert clean(screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionDetail), "the detail")
        shown = screen_text(app)
        assert "Note" in shown and clean(shown), shown
        table = app.screen.query_one(DataTable)
        cells = [cell.plain for row in range(table.row_count) for cell in table.get_row_at(row)]
        assert any("Plank" in cell for cell in cells) and all(clean(cell) for cell in cells)


async def test_trends_show_file_text_safely() -> None:
    screen = TrendsScreen(ListSource(hostile_sessions(FIXED_TODAY)), tz="UTC", today=FIXED_TODAY)
    app = Host(screen)
    async with app.run_test(size=(100, 40)) as pilot:
        await counted(pilot, screen)
        for tab in "12345":
            await pilot.press(tab)
            await pilot.pause()
            assert clean(texts(screen)), texts(screen)
            for chart in screen.query(TrendChart):
                if chart.display:
                    assert clean(chart_text(chart))
        assert "Name" in texts(screen)  # the What helps tab names the routine
