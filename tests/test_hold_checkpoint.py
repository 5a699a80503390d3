"""A hold under way survives the terminal: checkpointed in the journal every 15 s of hold,
carried on by a resume after a kill, and recorded as `q` records it at SIGTERM/SIGHUP."""

from __future__ import annotations

import json
from pathlib import Path

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.clock import FakeClock
from lowback_tui.core.records import INTERRUPTED, RELEASED_EARLY
from lowback_tui.core.session import HoldFinished, MinutesLeft, Phase
from lowback_tui.services.runner import CHECKPOINT_SECONDS, SessionRunner
from lowback_tui.store.library import load_routine
from lowback_tui.store.repository import HistoryRepository

STATIC_BACK = load_routine(builtin_routines_dir() / "static-back.toml", builtin=True)


def journal(home: Path) -> dict:
    return json.loads((home / "session.json").read_text())["session"]


def run_until(runner: SessionRunner, clock: FakeClock, seconds_of_hold: float) -> list:
    """Tick the session a second at a time (checkpointing as the timer screen does)."""
    events = runner.handle(runner.engine.start())
    while runner.engine.phase is not Phase.HOLD or runner.engine.elapsed() < seconds_of_hold:
        clock.advance(1.0)
        events += runner.handle(runner.engine.tick())
        runner.checkpoint()
        runner.settle()  # written on a thread of its own
    return events


def test_a_kill_loses_at_most_one_checkpoint_and_the_resume_goes_on_from_there(tmp_path: Path):
    clock = FakeClock()
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()
    runner = SessionRunner.begin(STATIC_BACK, clock, repository, tz="UTC")
    run_until(runner, clock, 7 * 60)
    saved = journal(tmp_path)
    assert saved["hold_in_progress"] == 0
    assert 7 * 60 - CHECKPOINT_SECONDS <= saved["held_in_progress"] <= 7 * 60
    # A kill: nothing more is written. The next start marks the session interrupted.
    repository.close()
    repository = HistoryRepository(tmp_path, sync=True)
    [left] = repository.open()
    assert left.status == INTERRUPTED and left.holds == ()
    assert left.held_in_progress == saved["held_in_progress"]
    resumed = SessionRunner.begin(STATIC_BACK, clock, repository, tz="UTC", resume=left)
    resumed.handle(resumed.engine.start())
    clock.advance(STATIC_BACK.prepare.minimum)
    events = resumed.handle(resumed.engine.tick())
    assert resumed.engine.phase is Phase.HOLD
    remaining = resumed.engine.remaining()
    assert remaining is not None and 13 * 60 <= remaining <= 13 * 60 + CHECKPOINT_SECONDS
    clock.advance(remaining - 1)
    events = resumed.handle(resumed.engine.tick())
    # "15 minutes left" passed before the kill and is not said again; the others are.
    assert [e.minutes for e in events if isinstance(e, MinutesLeft)] == [10, 5]
    clock.advance(1.0)
    resumed.handle(resumed.engine.tick())
    assert resumed.engine.ended
    record = repository.get(left.id)
    assert record is not None
    [hold] = record.holds  # one hold of the whole time, not two pieces
    assert hold.held_seconds == 20 * 60 and hold.outcome == "done"
    assert record.status == "completed" and record.hold_in_progress is None
    # The active time counts the 7 minutes once.
    assert 20 * 60 + 15 <= record.active_seconds <= 20 * 60 + 2 * 15 + 1
    repository.close()


def test_a_signal_records_the_part_held_as_q_does_and_leaves_it_resumable(tmp_path: Path):
    clock = FakeClock()
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()
    runner = SessionRunner.begin(STATIC_BACK, clock, repository, tz="UTC")
    run_until(runner, clock, 6 * 60)
    clock.advance(0.5)
    events = runner.handle(runner.engine.stop(INTERRUPTED))
    [finished] = [e.record for e in events if isinstance(e, HoldFinished)]
    assert finished.outcome == RELEASED_EARLY and finished.held_seconds == 6 * 60 + 0.5
    record = repository.get(runner.session_id)
    assert record is not None and record.status == INTERRUPTED
    assert record.holds == (finished,) and record.hold_in_progress is None
    repository.close()


def test_no_checkpoint_before_15_seconds_of_hold_nor_while_paused(tmp_path: Path):
    clock = FakeClock()
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()
    runner = SessionRunner.begin(STATIC_BACK, clock, repository, tz="UTC")
    run_until(runner, clock, CHECKPOINT_SECONDS - 1)
    assert journal(tmp_path)["hold_in_progress"] is None
    runner.engine.toggle_pause()
    clock.advance(60)
    runner.checkpoint()
    runner.settle()
    assert journal(tmp_path)["hold_in_progress"] is None
    repository.close()


def test_a_checkpoint_written_after_its_hold_ended_changes_nothing(tmp_path: Path):
    clock = FakeClock()
    repository = HistoryRepository(tmp_path, sync=True)
    repository.open()
    runner = SessionRunner.begin(STATIC_BACK, clock, repository, tz="UTC")
    run_until(runner, clock, 60)
    runner.handle(runner.engine.stop(INTERRUPTED))
    ended = repository.get(runner.session_id)
    repository.checkpoint(runner.session_id, 0, 75.0, 90.0)  # late, from its thread
    assert repository.get(runner.session_id) == ended
    repository.close()
