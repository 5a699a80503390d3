"""`lowback history`, `streak` and `export`: what they print and write, and what they never do."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pendulum
import pytest
from pinned import PINNED_NOW

from lowback_tui.core.records import COMPLETED, DONE, STOPPED, HoldRecord, SessionRecord
from lowback_tui.store.repository import HistoryRepository

MARKUP_NAME = "Morning [bold]back[/] care"


def hold(index: int, name: str, side: str | None) -> HoldRecord:
    return HoldRecord(
        index=index,
        step_number=index + 1,
        step_name=name,
        kind="stretch",
        side=side,
        rep=1,
        reps=1,
        planned="8-10s",
        planned_min_seconds=8.0,
        planned_max_seconds=10.0,
        target_count=None,
        held_seconds=9.5,
        count_done=None,
        outcome=DONE,
        finished_at="2026-04-02T08:01:00+02:00",
    )


def seed(home: Path) -> None:
    """Two sessions: one just now with three holds and pain 5 → 3, one yesterday, stopped."""
    now = pendulum.instance(PINNED_NOW)
    repository = HistoryRepository(home, sync=True)
    repository.open()
    for session_id, started, name, status, holds, pain in (
        ("old", now.subtract(days=1), "Floor five", STOPPED, (), (None, None)),
        (
            "new",
            now,
            MARKUP_NAME,
            COMPLETED,
            (
                hold(0, "Pelvic tilt", None),
                hold(1, "Knee to chest", "left"),
                hold(2, "Knee to chest", "right"),
            ),
            (5, 3),
        ),
    ):
        repository.start_session(
            SessionRecord(
                id=session_id,
                routine_id="floor-five",
                routine_name=name,
                started_at=started.isoformat(),
                planned_holds=3,
                pain_before=pain[0],
            )
        )
        for record in holds:
            repository.record_hold(session_id, record, active_seconds=30.0)
        repository.finish_session(
            session_id,
            status=status,
            ended_at=started.isoformat(),
            active_seconds=545.0,
            pain_after=pain[1],
        )
    repository.close()


def test_history_table_newest_first_with_names_as_typed(home, cli):
    seed(home)
    code, out, err = cli("history")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3  # the header, then one line per session
    assert lines[0].split() == ["WHEN", "ROUTINE", "TIME", "DONE", "PAIN", "STATUS"]
    assert MARKUP_NAME in lines[1] and "5 → 3" in lines[1] and "3/3 holds" in lines[1]
    assert "completed" in lines[1] and "9:05" in lines[1]
    assert "Floor five" in lines[2] and "stopped" in lines[2] and "day ago" in lines[2]


def test_history_json_has_every_session_and_hold(home, cli):
    seed(home)
    code, out, _ = cli("history", "--json")
    sessions = json.loads(out)
    assert code == 0
    assert [s["id"] for s in sessions] == ["new", "old"]
    assert sessions[0]["routine_name"] == MARKUP_NAME
    assert (sessions[0]["pain_before"], sessions[0]["pain_after"]) == (5, 3)
    assert [h["side"] for h in sessions[0]["holds"]] == [None, "left", "right"]


def test_streak_is_one_short_line(home, cli):
    seed(home)
    code, out, _ = cli("streak", "--ascii")
    assert code == 0
    assert re.fullmatch(r"streak 1d, best 1d, week \d/3, today done\n", out)
    code, out, _ = cli("streak")
    assert code == 0 and out.count("\n") == 1 and len(out) < 60
    assert "1 day" in out and "✓ today" in out


def test_export_csv_has_a_row_per_hold(home, cli):
    seed(home)
    code, out, _ = cli("export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:3] == ["session_id", "routine_id", "routine_name"]
    assert [(r["session_id"], r["step_name"], r["side"]) for r in rows] == [
        ("new", "Pelvic tilt", ""),
        ("new", "Knee to chest", "left"),
        ("new", "Knee to chest", "right"),
        ("old", "", ""),  # a session without holds still has its row
    ]
    assert rows[0]["routine_name"] == MARKUP_NAME and rows[0]["held_seconds"] == "9.5"


def test_export_json_to_a_file(home, tmp_path, cli):
    seed(home)
    target = tmp_path / "export.json"
    code, out, err = cli("export", "--format", "json", "-o", str(target))
    assert (code, out) == (0, "")
    assert str(target) in err
    sessions = json.loads(target.read_text(encoding="utf-8"))["sessions"]
    assert [s["id"] for s in sessions] == ["new", "old"]
    assert len(sessions[0]["holds"]) == 3


def test_empty_history(home, cli):
    home.mkdir()  # a data folder with no history yet (a missing one is an error)
    assert cli("history") == (0, "No sessions yet. Run `lowback` and pick a routine.\n", "")
    assert json.loads(cli("history", "--json")[1]) == []
    code, out, _ = cli("streak", "--ascii")
    assert code == 0 and out.startswith("streak 0d, best 0d, week 0/3, today pending")
    code, out, _ = cli("export", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 1  # the header alone
    assert not (home / "history.json").exists()  # reading never creates the file


@pytest.mark.parametrize(
    "argv", [("history",), ("history", "--json"), ("streak",), ("export", "--format", "csv")]
)
def test_a_corrupt_history_is_said_and_left_alone(home, cli, argv):
    home.mkdir()
    corrupt = b'{"sessions": {"1": {"id": '
    (home / "history.json").write_bytes(corrupt)
    code, _, err = cli(*argv)
    assert "history.json" in err and "could not be read" in err
    assert "Traceback" not in err
    assert (home / "history.json").read_bytes() == corrupt
    assert [path.name for path in home.iterdir()] == ["history.json"]  # nothing set aside
    assert code == 1  # an empty answer would look like the truth to a script
