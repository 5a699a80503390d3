"""Unit tests for the parts under the history repository: storage, codec, writer, home lock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from lowback_tui.core.records import OUTCOMES, STATUSES, HoldRecord, SessionRecord
from lowback_tui.store.codec import session_from_doc, session_to_doc
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.lock import HomeLock, HomeLockedError
from lowback_tui.store.storage import AtomicJSONStorage
from lowback_tui.store.writer import ThreadWriter

# AtomicJSONStorage ---------------------------------------------------------------------------


def read_with_tinydb(path: Path) -> dict:
    """The file as TinyDB's own JSONStorage reads it: the reference the format must meet."""
    with TinyDB(path, storage=JSONStorage, access_mode="r") as db:
        return {name: {d.doc_id: dict(d) for d in db.table(name).all()} for name in db.tables()}


def test_storage_writes_what_tinydb_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.table("sessions").insert_multiple([{"n": n, "t": [1, None, "ü"]} for n in range(3)])
        storage: AtomicJSONStorage = db.storage  # type: ignore[assignment]
        storage.mark_dirty("sessions", 2)
        db.table("sessions").update({"n": 20}, doc_ids=[2])
        db.table("sessions").remove(doc_ids=[1])
        db.table("empty").insert({})
        db.table("empty").truncate()
        db.table("other").insert({"nested": {"a": [{"b": 1.5}]}})
    assert json.loads(path.read_bytes()) == {
        "sessions": {"2": {"n": 20, "t": [1, None, "ü"]}, "3": {"n": 2, "t": [1, None, "ü"]}},
        "empty": {},
        "other": {"1": {"nested": {"a": [{"b": 1.5}]}}},
    }
    assert read_with_tinydb(path)["sessions"] == {
        2: {"n": 20, "t": [1, None, "ü"]},
        3: {"n": 2, "t": [1, None, "ü"]},
    }


@given(
    docs=st.lists(
        st.dictionaries(
            st.text(max_size=5),
            st.recursive(
                st.none()
                | st.booleans()
                | st.integers()
                | st.text(max_size=8)
                | st.floats(allow_nan=False, allow_infinity=False),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3)
                ),
                max_leaves=6,
            ),
            max_size=4,
        ),
        max_size=6,
    ),
    changed=st.sets(st.integers(min_value=1, max_value=6)),
)
def test_cached_fragments_always_give_the_state_in_memory(
    tmp_path_factory: pytest.TempPathFactory, docs: list[dict], changed: set[int]
) -> None:
    path = tmp_path_factory.mktemp("fragments") / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    table = db.table("t")
    table.insert_multiple(docs)
    for doc_id in changed & set(range(1, len(docs) + 1)):
        db.storage.mark_dirty("t", doc_id)  # type: ignore[attr-defined]
        table.update({"changed": doc_id}, doc_ids=[doc_id])
    expected = {"t": {str(doc.doc_id): dict(doc) for doc in table.all()}}
    assert json.loads(path.read_bytes()) == expected
    # A fresh storage (no cache) agrees with the cached one.
    assert json.loads(path.read_bytes()) == AtomicJSONStorage(path).load()


def test_storage_batch_writes_once_and_not_at_all_if_the_block_fails(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    storage: AtomicJSONStorage = db.storage  # type: ignore[assignment]
    with storage.batch():
        db.table("t").insert({"a": 1})
        db.table("t").insert({"a": 2})
        assert not path.exists()
    assert json.loads(path.read_bytes()) == {"t": {"1": {"a": 1}, "2": {"a": 2}}}
    with pytest.raises(ZeroDivisionError), storage.batch():
        db.table("t").insert({"a": 3})
        1 / 0  # noqa: B018
    assert json.loads(path.read_bytes()) == {"t": {"1": {"a": 1}, "2": {"a": 2}}}
    assert storage.unsaved


def test_a_document_replaced_under_a_reused_id_is_serialized_again(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table("t").insert({"a": "old"})
    with db.storage.batch():  # type: ignore[attr-defined]
        db.table("t").truncate()
        assert db.table("t").insert({"a": "new"}) == 1  # the same id, another document
    assert json.loads(path.read_bytes()) == {"t": {"1": {"a": "new"}}}


def test_short_writes_resume_where_they_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_writev = os.writev
    monkeypatch.setattr(os, "writev", lambda fd, buffers: real_writev(fd, [bytes(buffers[0])[:3]]))
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.table("t").insert_multiple([{"n": n, "text": "abcdefgh" * n} for n in range(5)])
    assert json.loads(path.read_bytes())["t"]["5"] == {"n": 4, "text": "abcdefgh" * 4}


def test_storage_refuses_a_read_only_file_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_text('{"t": {}}')
    path.chmod(0o444)
    db = TinyDB(path, storage=AtomicJSONStorage)
    with pytest.raises(HistoryError, match=r"db\.json was left unchanged"):
        db.table("t").insert({"a": 1})
    assert path.read_text() == '{"t": {}}'
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]  # no temp file left


# Codec ---------------------------------------------------------------------------------------

maybe_float = st.none() | st.floats(0, 1e9)
maybe_int = st.none() | st.integers(0, 10**9)
#: Timestamps as lowback writes them, in any year it accepts and with any offset.
timestamps = st.builds(
    lambda moment, minutes: moment.replace(
        tzinfo=dt.timezone(dt.timedelta(minutes=minutes))
    ).isoformat(),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9998, 12, 31)),
    st.integers(-23 * 60 - 59, 23 * 60 + 59),
)
holds = st.builds(
    HoldRecord,
    index=st.integers(0, 500),
    step_number=st.integers(0, 10**9),
    rep=st.integers(0, 10**9),
    reps=st.integers(0, 10**9),
    finished_at=timestamps,
    planned_min_seconds=maybe_float,
    planned_max_seconds=maybe_float,
    target_count=maybe_int,
    held_seconds=maybe_float,
    count_done=maybe_int,
    outcome=st.sampled_from(OUTCOMES),
)
sessions = st.builds(
    SessionRecord,
    status=st.sampled_from(STATUSES),
    started_at=timestamps,
    ended_at=st.none() | timestamps,
    planned_holds=st.integers(0, 10**9),
    active_seconds=st.floats(0, 1e6),
    holds=st.lists(holds, max_size=4).map(tuple),
    pain_before=st.none() | st.integers(0, 10),
)


@given(sessions)
def test_codec_round_trips_through_json(record: SessionRecord) -> None:
    doc = session_to_doc(record)
    assert doc == {
        **dataclasses.asdict(record),
        "holds": [dataclasses.asdict(h) for h in record.holds],
    }
    assert session_from_doc(json.loads(json.dumps(doc))) == record


def test_codec_names_the_field_of_the_wrong_type() -> None:
    doc = session_to_doc(SessionRecord("s1", "r", "R", "2026-01-01T00:00:00+00:00"))
    doc["holds"] = [{"index": 0, "held_seconds": "9"}]
    with pytest.raises(HistoryError, match=r"session 's1': 'holds'\[0\]"):
        session_from_doc(doc)
    doc["holds"], doc["pain_before"] = [], True
    with pytest.raises(HistoryError, match="'pain_before' should be an integer or null, not bool"):
        session_from_doc(doc)


def test_codec_reads_an_integer_where_a_float_is_stored_as_one() -> None:
    doc = session_to_doc(SessionRecord("s1", "r", "R", "2026-01-01T00:00:00+00:00"))
    doc["active_seconds"] = 12
    record = session_from_doc(doc)
    assert record.active_seconds == 12.0 and isinstance(record.active_seconds, float)


# Writer thread -------------------------------------------------------------------------------


def test_thread_writer_flush_raises_a_failed_write_and_times_out_while_blocked() -> None:
    gate = threading.Event()
    written: list[dict] = []

    def write_batch(batch: dict) -> None:
        if not gate.is_set():
            raise HistoryError("disk says no")
        written.append(batch)

    writer = ThreadWriter(write_batch)
    writer.submit("a", 1)
    with pytest.raises(HistoryError, match="disk says no"):
        writer.flush(timeout=10)
    assert writer.take_error() is None  # raised once
    writer.submit("a", 2)
    writer.submit("b", 3)
    gate.set()
    writer.flush(timeout=10)
    assert {**written[0]} == {"a": 2, "b": 3}  # the failed change was kept; the newest won
    writer.close(timeout=10)
    with pytest.raises(RuntimeError):
        writer.submit("c", 4)


def test_a_settling_writer_waits_before_writing_but_never_makes_a_flush_or_close_wait() -> None:
    written: list[dict] = []
    started = threading.Event()

    def write_batch(batch: dict) -> None:
        written.append(batch)
        started.set()

    writer = ThreadWriter(write_batch, settle=3600.0)  # an hour: only a flush can write it
    writer.submit("a", 1)
    # The screen draws first (a 50 ms look: a write without settling begins within it).
    assert not started.wait(0.05) and written == []
    writer.submit("a", 2)
    writer.flush(timeout=10)  # TimeoutError if the flush waited for the settle
    assert written == [{"a": 2}]
    writer.submit("b", 3)
    writer.close(timeout=10)  # writes what is pending at once
    assert written == [{"a": 2}, {"b": 3}]


# Home lock -----------------------------------------------------------------------------------


def test_a_second_lock_on_the_same_home_names_the_holder(tmp_path: Path) -> None:
    first = HomeLock(tmp_path / "home")
    first.acquire()
    second = HomeLock(tmp_path / "home")
    with pytest.raises(HomeLockedError, match=rf"another lowback \(pid {os.getpid()}\)"):
        second.acquire()
    assert isinstance(HomeLockedError("x"), HistoryError)  # the app shows it like the others
    first.release()
    with second:
        assert second.held
    assert not second.held


def test_a_lock_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(HistoryError, match=r"Cannot use .* as LOWBACK_HOME"):
        HomeLock(tmp_path / "file" / "home").acquire()


def test_the_journal_is_replaced_at_once_and_synced_by_its_own_thread(tmp_path, monkeypatch):
    import threading

    from lowback_tui.store import journal as journal_module

    synced = threading.Event()
    monkeypatch.setattr(journal_module, "sync_file", lambda path: synced.set())
    fsyncs = []
    monkeypatch.setattr("os.fsync", lambda fd: fsyncs.append(fd))
    record = session_from_doc(session_to_doc(_journal_session()))
    journal = journal_module.Journal(tmp_path / "session.json")
    journal.write(record)
    assert journal.read() == record  # whole and readable the moment write() returns
    assert fsyncs == []  # no fsync on the caller's (the timer's) thread
    assert synced.wait(10)  # ...the sync thread does it


def _journal_session():
    from lowback_tui.core.records import SessionRecord

    return SessionRecord(
        id="j", routine_id="r", routine_name="R", started_at="2026-06-01T10:00:00+00:00"
    )
