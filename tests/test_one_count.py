"""Issue 19 §4: one count of what was done. One history with early releases, a skip, a redone
hold, reps and a rest gives the same "holds done" on every surface: the summary, the history
table, the CSV export's `done` column, the report; and `history --json` says its cap."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from lowback_tui.core.clock import iso_from_wall
from lowback_tui.core.describe import session_row
from lowback_tui.core.export import csv_header, csv_rows
from lowback_tui.core.records import (
    COMPLETED,
    DONE,
    RELEASED_EARLY,
    SKIPPED,
    HoldRecord,
    SessionRecord,
)
from lowback_tui.core.report import build_report
from lowback_tui.core.report_md import report_markdown
from lowback_tui.core.streaks import StreakSummary
from lowback_tui.core.tally import tally
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.screens.summary import summary_text

WALL = 1_780_308_000.0  # 2026-06-01 10:00 UTC
DAY = dt.date(2026, 6, 1)


def hold(index, name, kind, outcome, *, held=None, count=None, low=8.0, high=10.0, target=None):
    return HoldRecord(
        index, index + 1, name, kind, None, 1, 1, "", low, high, target, held, count, outcome,
        iso_from_wall(WALL + index, "UTC"),
    )  # fmt: skip


def mixed(session_id: str = "mixed", minutes: int = 0) -> SessionRecord:
    holds = (
        hold(0, "Tilt", "stretch", DONE, held=9.0),  # done
        hold(1, "Knee", "stretch", RELEASED_EARLY, held=5.7),  # let go at 5.7 s of 8-10 s
        hold(1, "Knee", "stretch", DONE, held=9.5),  # ... then redone (b): counts once, done
        hold(2, "Rotation", "stretch", RELEASED_EARLY, held=5.7),  # not done
        hold(3, "Bridge", "stretch", SKIPPED, held=0.0),  # not done
        hold(4, "Rest", "rest", DONE, held=30.0, low=30.0, high=30.0),  # not work
        hold(5, "Push-ups", "reps", RELEASED_EARLY, count=12, low=None, high=None, target=20),
        hold(6, "Sit-ups", "reps", RELEASED_EARLY, count=0, low=None, high=None, target=20),
        hold(7, "Plank", "hold", RELEASED_EARLY, held=12.0, low=30.0, high=None),
    )
    return SessionRecord(
        id=session_id,
        routine_id="t",
        routine_name="T",
        started_at=iso_from_wall(WALL + minutes * 60, "UTC"),
        status=COMPLETED,
        ended_at=iso_from_wall(WALL + minutes * 60 + 600, "UTC"),
        active_seconds=300.0,
        holds=holds,
        planned_holds=8,
        planned_rests=1,
    )


# Tilt, Knee (redone), Push-ups (12 of 20: a set that was done) and the plank (12 s: its time
# is its result): 4 of the 7 planned holds, rests aside.
DONE_COUNT, PLANNED = 4, 7


def test_the_rule_itself():
    counts = tally(mixed())
    assert (counts.done, counts.planned, counts.skipped) == (DONE_COUNT, PLANNED, 1)


def test_summary_history_csv_and_report_give_the_same_count(tmp_path: Path, cli, monkeypatch):
    record = mixed()
    streak = StreakSummary(0, 0, False, 0, 3, ())
    assert f"{DONE_COUNT} of {PLANNED} holds" in summary_text(record, streak).plain
    assert session_row(record).completion == f"{DONE_COUNT}/{PLANNED} holds"

    rows = list(csv.reader(io.StringIO(_csv(record))))
    header, body = rows[0], rows[1:]
    last = {row[header.index("hold_index")]: row for row in body}
    done = [row for row in last.values() if row[header.index("done")] == "yes"]
    assert len(done) == DONE_COUNT  # the redone hold counted once, the rest never

    report = build_report(
        [record], [record], set(), first_day=DAY - dt.timedelta(days=27), today=DAY, tz="UTC",
        weekly_goal=3, generated=dt.datetime(2026, 6, 1, 12, 0),
    )  # fmt: skip
    assert report.holds_done == DONE_COUNT
    assert f"active time · {DONE_COUNT} holds done" in report_markdown(report)
    assert "1 day (goal 12)" in report_markdown(report)  # not "1 of 12 days exercised"

    home = tmp_path / "home"
    monkeypatch.setenv("LOWBACK_HOME", str(home))
    repository = HistoryRepository(home, sync=True)
    repository.open()
    repository.start_session(record)
    repository.close()
    code, out, _err = cli("history")
    assert code == 0 and f"{DONE_COUNT}/{PLANNED} holds" in out


def _csv(record: SessionRecord) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_header())
    writer.writerows(csv_rows(record))
    return buffer.getvalue()


def test_history_json_says_its_cap_on_stderr(tmp_path: Path, cli, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("LOWBACK_HOME", str(home))
    repository = HistoryRepository(home, sync=True)
    repository.open()
    for number in range(23):
        repository.start_session(mixed(f"s{number:02d}", minutes=number))
    repository.close()
    code, out, err = cli("history", "--json")
    assert code == 0 and len(json.loads(out)) == 20
    assert "(20 newest of 23 sessions; --all shows every one" in err
    code, out, err = cli("history", "--json", "--all")
    assert code == 0 and len(json.loads(out)) == 23 and err == ""


def test_the_picker_card_and_summary_count_holds_alike_rests_aside():
    """Core strength: the summary says "of 6 holds"; the picker and the card said 11 (they
    counted its five rests)."""
    from lowback_tui.core.card import facts_line
    from lowback_tui.core.plan import expand, planned_work
    from lowback_tui.store.library import RoutineLibrary
    from lowback_tui.ui.screens.picker import preview

    entry = RoutineLibrary.for_home(Path("/nonexistent")).find("core-strength")
    assert entry is not None and entry.routine is not None
    assert planned_work(expand(entry.routine)) == 6
    assert "6 holds" in facts_line(entry.routine)
    assert "6 holds · " in "".join(str(part) for part in preview(entry))
