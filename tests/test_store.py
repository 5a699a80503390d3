"""Unit tests for lowback_tui.store.HistoryRepository: year files, the journal, recovery."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from lowback_tui.core.records import (
    COMPLETED,
    DONE,
    HURT,
    IN_PROGRESS,
    INTERRUPTED,
    RELEASED_EARLY,
    HoldRecord,
    SessionRecord,
)
from lowback_tui.store import storage as storage_module
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.journal import Journal
from lowback_tui.store.repository import HistoryRepository

STARTED = "2026-11-21T10:00:00+01:00"
YEAR = "history/2026.json"
"""The year file of every session started in 2026."""


def make_hold(index: int, **changes: object) -> HoldRecord:
    hold = HoldRecord(
        index=index,
        step_number=index // 2 + 1,
        step_name="Bird dog",
        kind="hold",
        side="left" if index % 2 == 0 else "right",
        rep=1,
        reps=10,
        planned="8-10s",
        planned_min_seconds=8.0,
        planned_max_seconds=10.0,
        target_count=None,
        held_seconds=9.25 + index,
        count_done=None,
        outcome=DONE,
        finished_at=f"2026-11-21T10:{index % 60:02d}:30+01:00",
    )
    return dataclasses.replace(hold, **changes)


def make_session(session_id: str = "s1", started_at: str = STARTED, **changes: object):
    record = SessionRecord(
        id=session_id,
        routine_id="floor-five",
        routine_name="Floor five",
        started_at=started_at,
        planned_holds=12,
    )
    return dataclasses.replace(record, **changes)


def open_repo(home: Path, *, sync: bool = True) -> HistoryRepository:
    repo = HistoryRepository(home, sync=sync)
    repo.open()
    return repo


def on_disk(home: Path) -> dict:
    return json.loads((home / YEAR).read_bytes())


def run_session(repo: HistoryRepository, session_id: str = "s1", holds: int = 3) -> SessionRecord:
    repo.start_session(make_session(session_id))
    for index in range(holds):
        repo.record_hold(session_id, make_hold(index), active_seconds=10.0 * (index + 1))
    return repo.get(session_id)  # type: ignore[return-value]


# Round trip, format, schema -----------------------------------------------------------------


def test_round_trip_of_a_session_with_holds_to_disk(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    run_session(repo, holds=2)
    repo.set_pain_before("s1", 3)
    finished = repo.finish_session(
        "s1",
        status=HURT,
        ended_at="2026-11-21T10:20:00+01:00",
        active_seconds=42.5,
        pain_after=6,
        hurt_step="Bird dog",
        hurt_level=6,
    )
    repo.set_note("s1", "twinge on the left — Ärger")
    repo.close()

    data = on_disk(tmp_path)
    assert data["meta"] == {"1": {"schema": 1}}
    assert list(data["sessions"]) == ["1"]
    doc = data["sessions"]["1"]
    assert doc["status"] == "hurt"
    assert doc["active_seconds"] == 42.5
    assert (doc["pain_before"], doc["pain_after"], doc["hurt_level"]) == (3, 6, 6)
    assert doc["note"] == "twinge on the left — Ärger"
    assert doc["holds"][1] == {
        "index": 1,
        "step_number": 1,
        "step_name": "Bird dog",
        "kind": "hold",
        "side": "right",
        "rep": 1,
        "reps": 10,
        "planned": "8-10s",
        "planned_min_seconds": 8.0,
        "planned_max_seconds": 10.0,
        "target_count": None,
        "held_seconds": 10.25,
        "count_done": None,
        "outcome": "done",
        "finished_at": "2026-11-21T10:01:30+01:00",
        "reason": None,
    }
    assert not (tmp_path / "session.json").exists()

    reopened = open_repo(tmp_path)
    assert reopened.get("s1") == dataclasses.replace(
        finished, note="twinge on the left — Ärger", pain_before=3
    )
    assert reopened.sessions() == [reopened.get("s1")]
    assert reopened.warning is None


def test_the_file_is_valid_json_after_every_write(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    repo.start_session(make_session())
    assert on_disk(tmp_path)["sessions"]["1"]["status"] == IN_PROGRESS
    for index in range(4):
        repo.record_hold("s1", make_hold(index), active_seconds=index)
        assert len(on_disk(tmp_path)["sessions"]["1"]["holds"]) == index + 1
    repo.toggle_rest_day(dt.date(2026, 11, 20))
    assert on_disk(tmp_path)["rest_days"] == {"1": {"day": "2026-11-20"}}
    repo.finish_session("s1", status=COMPLETED, ended_at=STARTED, active_seconds=4.0)
    assert on_disk(tmp_path)["sessions"]["1"]["status"] == COMPLETED
    # No temporary file is left behind by the atomic replacements.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["history"]
    assert sorted(p.name for p in (tmp_path / "history").iterdir()) == [
        "2026.json",
        "index",
        "index.json",
    ]


def test_a_new_history_stores_its_schema_version(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    assert not (tmp_path / YEAR).exists()  # nothing written before there is data
    repo.toggle_rest_day(dt.date(2026, 1, 2))
    assert on_disk(tmp_path)["meta"] == {"1": {"schema": 1}}


def test_sessions_are_newest_first_by_instant_not_by_text(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    # 01:30 UTC is later than 02:30+02:00 (00:30 UTC), although its text sorts first.
    repo.start_session(make_session("utc", started_at="2026-03-29T01:30:00+00:00"))
    repo.start_session(make_session("cest", started_at="2026-03-29T02:30:00+02:00"))
    repo.start_session(make_session("old", started_at="2025-01-01T08:00:00+01:00"))
    assert [record.id for record in repo.sessions()] == ["utc", "cest", "old"]
    assert [record.id for record in open_repo(tmp_path).sessions()] == ["utc", "cest", "old"]


def test_rest_days_toggle_and_persist(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    day, other = dt.date(2026, 11, 20), dt.date(2026, 11, 21)
    assert repo.toggle_rest_day(day) is True
    assert repo.toggle_rest_day(other) is True
    assert repo.toggle_rest_day(day) is False
    assert repo.rest_days() == {other}
    assert list(on_disk(tmp_path)["rest_days"].values()) == [{"day": "2026-11-21"}]
    assert open_repo(tmp_path).rest_days() == {other}


def test_unknown_session_and_final_status_are_refused(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    with pytest.raises(KeyError, match="nope"):
        repo.record_hold("nope", make_hold(0), 1.0)
    repo.start_session(make_session())
    with pytest.raises(ValueError, match="in progress"):
        repo.finish_session("s1", status=IN_PROGRESS, ended_at=STARTED, active_seconds=0)


# Journal and recovery -------------------------------------------------------------------------


def test_journal_recovery_marks_interrupted_and_keeps_every_finished_hold(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    run_session(repo, holds=3)
    assert json.loads((tmp_path / "session.json").read_bytes())["session"]["id"] == "s1"
    # The process dies here: no finish, no close.

    again = HistoryRepository(tmp_path, sync=True)
    interrupted = again.open()
    assert [record.id for record in interrupted] == ["s1"]
    assert interrupted[0].status == INTERRUPTED
    assert [hold.index for hold in interrupted[0].holds] == [0, 1, 2]
    assert interrupted[0].resume_index == 3
    assert again.get("s1") == interrupted[0]
    assert on_disk(tmp_path)["sessions"]["1"]["status"] == INTERRUPTED
    assert not (tmp_path / "session.json").exists()
    assert HistoryRepository(tmp_path, sync=True).open() == []  # reported once only


def test_crash_before_history_caught_up_recovers_every_hold_from_the_journal(
    tmp_path: Path,
) -> None:
    repo = open_repo(tmp_path)
    repo.start_session(make_session())
    only_the_start = (tmp_path / YEAR).read_bytes()
    for index in range(5):
        repo.record_hold("s1", make_hold(index), active_seconds=index)
    # What a crash leaves when the background writer had written only the start.
    (tmp_path / YEAR).write_bytes(only_the_start)
    assert on_disk(tmp_path)["sessions"]["1"]["holds"] == []

    interrupted = HistoryRepository(tmp_path, sync=True).open()
    assert [hold.index for hold in interrupted[0].holds] == [0, 1, 2, 3, 4]
    assert interrupted[0].active_seconds == 4
    assert len(on_disk(tmp_path)["sessions"]["1"]["holds"]) == 5
    assert not (tmp_path / "session.json").exists()


def test_journal_of_a_session_missing_from_history_is_inserted(tmp_path: Path) -> None:
    open_repo(tmp_path).start_session(make_session("older", started_at="2026-11-20T09:00:00+01:00"))
    Journal(tmp_path / "session.json").write(
        make_session("lost", holds=(make_hold(0),), status=IN_PROGRESS)
    )
    interrupted = HistoryRepository(tmp_path, sync=True).open()
    # Both were left in progress; the newest comes first, for the app to offer resuming it.
    assert [record.id for record in interrupted] == ["lost", "older"]
    assert {doc["id"] for doc in on_disk(tmp_path)["sessions"].values()} == {"older", "lost"}


def test_a_finished_session_in_the_journal_keeps_its_status(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    record = run_session(repo, holds=1)
    done = dataclasses.replace(record, status=COMPLETED, ended_at=STARTED)
    Journal(tmp_path / "session.json").write(done)  # crash after the journal, before history

    again = HistoryRepository(tmp_path, sync=True)
    assert again.open() == []
    assert again.get("s1") == done
    assert on_disk(tmp_path)["sessions"]["1"]["status"] == COMPLETED


def test_in_progress_session_without_journal_is_marked_interrupted(tmp_path: Path) -> None:
    run_session(open_repo(tmp_path), holds=2)
    (tmp_path / "session.json").unlink()
    interrupted = HistoryRepository(tmp_path, sync=True).open()
    assert [(r.id, r.status, len(r.holds)) for r in interrupted] == [("s1", INTERRUPTED, 2)]


def test_resuming_an_interrupted_session_continues_its_holds(tmp_path: Path) -> None:
    run_session(open_repo(tmp_path), holds=2)
    repo = HistoryRepository(tmp_path, sync=True)
    [interrupted] = repo.open()
    repo.start_session(dataclasses.replace(interrupted, status=IN_PROGRESS))
    repo.record_hold("s1", make_hold(interrupted.resume_index), active_seconds=30.0)
    repo.finish_session("s1", status=COMPLETED, ended_at=STARTED, active_seconds=30.0)
    assert [h["index"] for h in on_disk(tmp_path)["sessions"]["1"]["holds"]] == [0, 1, 2]
    assert len(on_disk(tmp_path)["sessions"]) == 1


def test_a_corrupt_journal_is_kept_aside_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "session.json").write_bytes(b'{"schema": 1, "session": {"id"')
    repo = HistoryRepository(tmp_path, sync=True)
    assert repo.open() == []
    [aside] = tmp_path.glob("session.corrupt-*.json")
    assert aside.read_bytes() == b'{"schema": 1, "session": {"id"'
    assert repo.warning is not None and aside.name in repo.warning
    assert not (tmp_path / "session.json").exists()


def test_stale_temp_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / ".history.json.999999999.abcd1234.tmp"
    ours = tmp_path / f".history.json.{os.getpid()}.abcd1234.tmp"
    dead.write_bytes(b"partial")
    ours.write_bytes(b"in use")
    open_repo(tmp_path)
    assert not dead.exists()
    assert ours.exists()


def test_stale_temps_of_year_files_and_the_index_are_removed_in_one_pass(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    run_session(repo)
    repo.close()
    history = tmp_path / "history"
    dead_year = history / ".2026.json.999999999.abcd1234.tmp"
    dead_index = history / ".index.json.999999999.abcd1234.tmp"
    ours = history / f".2026.json.{os.getpid()}.abcd1234.tmp"
    not_a_temp = history / ".2026.json.notes.tmp"  # no pid: not ours to remove
    someone_elses = history / ".other.json.999999999.abcd1234.tmp"
    for path in (dead_year, dead_index, ours, not_a_temp, someone_elses):
        path.write_bytes(b"partial")
    open_repo(tmp_path).close()
    assert not dead_year.exists() and not dead_index.exists()
    assert ours.exists() and not_a_temp.exists() and someone_elses.exists()
    assert open_repo(tmp_path).get("s1") is not None


# Unreadable files ----------------------------------------------------------------------------

VALID_SESSION = json.dumps(dataclasses.asdict(make_session()))
UNREADABLE = {
    "truncated": b'{"meta": {"1": {"schema": 1}}, "sessions": {"1": {"id": "s1", "rou',
    "binary": bytes(range(256)) * 4,
    "not json": b"history: yes\n",
    "blank": b"  \n\n",
    "a list": b"[]",
    "null": b"null",
    "newer schema": b'{"meta": {"1": {"schema": 2}}, "sessions": {}}',
    "schema not a number": b'{"meta": {"1": {"schema": "1"}}}',
    "no schema": b'{"sessions": {"1": ' + VALID_SESSION.encode() + b"}}",
    "table not an object": b'{"meta": {"1": {"schema": 1}}, "sessions": []}',
    "bad document id": b'{"meta": {"1": {"schema": 1}}, "sessions": {"x": {}}}',
    "wrong type": b'{"meta": {"1": {"schema": 1}}, "sessions": {"1": '
    + VALID_SESSION.replace('"active_seconds": 0.0', '"active_seconds": "ten"').encode()
    + b"}}",
    "missing required key": b'{"meta": {"1": {"schema": 1}}, "sessions": {"1": {"id": "x"}}}',
    "bad start time": b'{"meta": {"1": {"schema": 1}}, "sessions": {"1": '
    + VALID_SESSION.replace(STARTED, "yesterday").encode()
    + b"}}",
}


@pytest.mark.parametrize("content", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_an_unreadable_history_is_kept_aside_byte_identical_and_the_app_carries_on(
    tmp_path: Path, content: bytes
) -> None:
    (tmp_path / "history.json").write_bytes(content)
    repo = HistoryRepository(tmp_path, sync=True)
    assert repo.open() == []

    [aside] = tmp_path.glob("history.corrupt-*.json")
    assert aside.read_bytes() == content
    assert repo.warning is not None
    assert str(tmp_path / "history.json") in repo.warning
    assert f"kept aside as {aside.name}; starting a new history" in repo.warning
    assert repo.sessions() == []

    run_session(repo, holds=1)
    assert [doc["id"] for doc in on_disk(tmp_path)["sessions"].values()] == ["s1"]
    assert aside.read_bytes() == content


def test_a_newer_schema_is_named_in_the_warning(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text('{"meta": {"1": {"schema": 7}}}')
    repo = open_repo(tmp_path)
    assert repo.warning is not None and "schema version 7" in repo.warning


def test_an_earlier_corrupt_copy_is_never_replaced(tmp_path: Path) -> None:
    for content in (b"first", b"second"):
        (tmp_path / "history.json").write_bytes(content)
        open_repo(tmp_path)
    kept = sorted(path.read_bytes() for path in tmp_path.glob("history.corrupt-*.json"))
    assert kept == [b"first", b"second"]


def test_an_empty_file_is_a_new_history_without_warning(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_bytes(b"")
    repo = open_repo(tmp_path)
    assert repo.warning is None
    assert list(tmp_path.glob("*.corrupt-*")) == []
    run_session(repo, holds=1)
    assert on_disk(tmp_path)["meta"] == {"1": {"schema": 1}}


def test_missing_optional_keys_and_unknown_keys_load(tmp_path: Path) -> None:
    session = dataclasses.asdict(make_session(holds=(make_hold(0),)))
    for key in ("note", "pain_before", "pain_after", "hurt_step", "hurt_level", "ended_at"):
        del session[key]
    del session["holds"][0]["target_count"]
    session["mood"] = "from a newer version"
    data = {"meta": {"1": {"schema": 1}}, "sessions": {"1": session}}
    (tmp_path / "history.json").write_text(json.dumps(data))
    repo = open_repo(tmp_path)
    assert repo.warning is not None and "history.v1.json" in repo.warning
    record = repo.get("s1")
    assert record is not None
    assert (record.note, record.pain_before, record.holds[0].target_count) == ("", None, None)


# Read-only readers (the command line beside a running app) ----------------------------------


def snapshot(home: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file()
    }


def test_a_read_only_reader_sees_the_running_session_and_changes_nothing(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    repo.start_session(make_session())
    only_the_start = (tmp_path / YEAR).read_bytes()
    repo.record_hold("s1", make_hold(0), 10.0)
    repo.record_hold("s1", make_hold(1), 20.0)
    (tmp_path / YEAR).write_bytes(only_the_start)  # history.json is behind
    before = snapshot(tmp_path)

    reader = HistoryRepository(tmp_path, sync=True, read_only=True)
    assert reader.open() == []
    record = reader.get("s1")
    assert record is not None
    assert (record.status, len(record.holds)) == (IN_PROGRESS, 2)
    with pytest.raises(HistoryError, match="read-only"):
        reader.set_note("s1", "x")
    with pytest.raises(HistoryError, match="read-only"):
        reader.toggle_rest_day(dt.date(2026, 1, 1))
    reader.close()
    assert reader.get("s1") == record
    assert snapshot(tmp_path) == before


def test_a_read_only_reader_leaves_a_corrupt_file_where_it_is(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_bytes(b"{broken")
    reader = HistoryRepository(tmp_path, sync=True, read_only=True)
    assert reader.open() == []
    assert reader.warning is not None and "left as it is" in reader.warning
    assert snapshot(tmp_path) == {"history.json": b"{broken"}


def test_a_read_only_reader_does_not_create_the_home(tmp_path: Path) -> None:
    reader = HistoryRepository(tmp_path / "none", sync=True, read_only=True)
    assert reader.open() == []
    assert reader.sessions() == []
    assert not (tmp_path / "none").exists()


# The filesystem refuses --------------------------------------------------------------------


def make_read_only(path: Path) -> None:
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def test_a_read_only_history_raises_at_write_time_and_stays_unchanged(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    repo.start_session(make_session("old"))
    repo.finish_session("old", status=COMPLETED, ended_at=STARTED, active_seconds=1.0)
    repo.close()
    before = (tmp_path / YEAR).read_bytes()
    make_read_only(tmp_path / YEAR)

    repo = open_repo(tmp_path, sync=False)
    assert repo.warning is None
    assert [record.id for record in repo.sessions()] == ["old"]
    with pytest.raises(HistoryError, match="read-only"):
        repo.start_session(make_session("new"))
    with pytest.raises(HistoryError, match="read-only"):  # said again when closing
        repo.close()
    assert (tmp_path / YEAR).read_bytes() == before
    # the session the history could not take is safe in the journal, for the next start
    assert json.loads((tmp_path / "session.json").read_text())["session"]["id"] == "new"


def test_a_failed_background_write_is_reported_then_retried(tmp_path: Path) -> None:
    repo = open_repo(tmp_path, sync=False)
    repo.start_session(make_session())
    repo.flush()
    before = (tmp_path / YEAR).read_bytes()
    make_read_only(tmp_path / YEAR)
    repo.record_hold("s1", make_hold(0), 10.0)  # durable in the journal all the same
    with pytest.raises(HistoryError, match=r"2026\.json was left unchanged"):
        repo.flush()
    assert (tmp_path / YEAR).read_bytes() == before
    assert len(json.loads((tmp_path / "session.json").read_bytes())["session"]["holds"]) == 1

    (tmp_path / YEAR).chmod(0o644)
    repo.flush()  # the pending change is written at the next chance
    assert len(on_disk(tmp_path)["sessions"]["1"]["holds"]) == 1
    repo.close()


def test_recovery_that_cannot_be_written_keeps_the_journal(tmp_path: Path) -> None:
    run_session(open_repo(tmp_path), holds=2)
    before = (tmp_path / YEAR).read_bytes()
    journal = (tmp_path / "session.json").read_bytes()
    make_read_only(tmp_path / YEAR)
    with pytest.raises(HistoryError, match=r"stays in session\.json"):
        HistoryRepository(tmp_path, sync=True).open()
    assert (tmp_path / YEAR).read_bytes() == before
    assert (tmp_path / "session.json").read_bytes() == journal


def test_a_home_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    with pytest.raises(HistoryError, match="Cannot create LOWBACK_HOME"):
        HistoryRepository(tmp_path / "a-file" / "home", sync=True).open()
    assert (tmp_path / "a-file").read_text() == "not a directory"


def test_the_file_mode_survives_the_atomic_replacement(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    repo.start_session(make_session())
    (tmp_path / YEAR).chmod(0o600)
    repo.record_hold("s1", make_hold(0), 1.0)
    assert stat.S_IMODE((tmp_path / YEAR).stat().st_mode) == 0o600


# The background writer and large histories ---------------------------------------------------


def test_the_writer_thread_coalesces_pending_holds_into_one_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writing, release = threading.Event(), threading.Event()
    writes: list[bytes] = []
    real_write = storage_module.atomic_write

    def slow_first_write(path: Path, chunks: list[bytes]) -> None:
        writes.append(b"".join(chunks))
        if len(writes) == 1:
            writing.set()
            assert release.wait(10)
        real_write(path, chunks)

    monkeypatch.setattr(storage_module, "atomic_write", slow_first_write)
    repo = open_repo(tmp_path, sync=False)
    repo.start_session(make_session())
    assert writing.wait(10)  # the writer is busy with the start
    for index in range(40):
        repo.record_hold("s1", make_hold(index, outcome=RELEASED_EARLY), float(index))
    assert repo.get("s1").holds[-1].index == 39  # type: ignore[union-attr]
    release.set()
    repo.flush(timeout=10)

    assert len(writes) == 2  # the start, then all 40 holds at once
    holds = on_disk(tmp_path)["sessions"]["1"]["holds"]
    assert [hold["index"] for hold in holds] == list(range(40))
    repo.close()
    assert (tmp_path / "session.json").exists()  # still running: the next start recovers it


def test_a_late_write_of_a_finished_session_keeps_the_next_sessions_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writing, release = threading.Event(), threading.Event()
    real_write = storage_module.atomic_write

    def blocking_write(path: Path, chunks: list[bytes]) -> None:
        if not release.is_set():
            writing.set()
            assert release.wait(10)
        real_write(path, chunks)

    repo = open_repo(tmp_path, sync=False)
    run_session(repo, "first", holds=1)
    repo.flush()
    monkeypatch.setattr(storage_module, "atomic_write", blocking_write)
    repo.finish_session("first", status=COMPLETED, ended_at=STARTED, active_seconds=1.0)
    assert writing.wait(10)  # the writer holds the finished "first", not yet on disk
    repo.start_session(make_session("second"))  # the journal now belongs to "second"
    release.set()
    repo.flush(timeout=10)
    journal = json.loads((tmp_path / "session.json").read_bytes())
    assert journal["session"]["id"] == "second"
    repo.close()


def test_finishing_in_background_mode_removes_the_journal_after_the_write(tmp_path: Path) -> None:
    repo = open_repo(tmp_path, sync=False)
    run_session(repo, holds=2)
    repo.finish_session("s1", status=COMPLETED, ended_at=STARTED, active_seconds=20.0)
    repo.flush()
    assert not (tmp_path / "session.json").exists()
    assert on_disk(tmp_path)["sessions"]["1"]["status"] == COMPLETED
    repo.close()
    with pytest.raises(RuntimeError, match="not open"):
        repo.record_hold("s1", make_hold(3), 1.0)


def synthetic_history(count: int) -> dict:
    """A schema-1 history of `count` finished sessions of three holds each, built directly."""
    holds = [dataclasses.asdict(make_hold(index)) for index in range(3)]
    sessions = {}
    for number in range(1, count + 1):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=number)
        doc = dataclasses.asdict(make_session(f"old-{number}", f"{day}T08:00:00+01:00"))
        doc.update(status=COMPLETED, holds=holds, active_seconds=float(number))
        sessions[str(number)] = doc
    return {"meta": {"1": {"schema": 1}}, "sessions": sessions}


def test_a_large_first_layout_history_converts_and_stays_correct(tmp_path: Path) -> None:
    data = synthetic_history(2000)
    (tmp_path / "history.json").write_text(json.dumps(data))
    repo = open_repo(tmp_path, sync=False)
    assert repo.warning is not None and "history.v1.json" in repo.warning
    assert repo.session_count() == 2000
    years = sorted(path.name for path in (tmp_path / "history").glob("*.json"))
    assert years == [
        "2000.json",
        "2001.json",
        "2002.json",
        "2003.json",
        "2004.json",
        "2005.json",
        "index.json",
    ]

    new = run_session(repo, "new", holds=4)
    repo.set_note("old-1000", "a note on an old session")
    repo.record_hold("new", make_hold(4), 50.0)
    repo.flush()
    expected = repo.sessions()
    assert len(expected) == 2001
    assert repo.get("old-1000").note == "a note on an old session"  # type: ignore[union-attr]
    repo.close()

    reopened = HistoryRepository(tmp_path, sync=True)
    assert [record.id for record in reopened.open()] == ["new"]
    assert [r.id for r in reopened.sessions()] == [r.id for r in expected]
    assert reopened.sessions()[1:] == expected[1:]
    assert reopened.get("new") == dataclasses.replace(
        expected[0], status=INTERRUPTED, holds=(*new.holds, make_hold(4)), active_seconds=50.0
    )
