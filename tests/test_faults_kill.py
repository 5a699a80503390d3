"""Fault injection: a real `lowback` killed with SIGKILL at chosen moments, including mid-write.

The harness (devkit/faults.py, shared with `python -m benchmarks faults`, which does 20
rounds) runs lowback in a pseudo-terminal at LOWBACK_TIME_SCALE=40 and checks after every kill
that both files are valid, every hold on disk before is still there, every hold the screen had
moved past is on disk, and that the next start offers to resume at the right hold.
"""

from __future__ import annotations

from pathlib import Path

from helpers import make_app, screen_text, wait_for, wait_for_screen
from terminal_run import TERMINAL

from devkit.faults import YEAR_FILE, KillCampaign, read_state, temp_files
from devkit.seed import seed_history
from lowback_tui.core.records import SessionRecord
from lowback_tui.store.repository import HistoryRepository
from lowback_tui.ui.screens.dialogs import ConfirmDialog


def prepared_home(home: Path, sessions: int = 600) -> Path:
    """Some history (so that a year file write takes a few ms), no pain check-in, muted."""
    seed_history(home, sessions)
    (home / "settings.toml").write_text("pain_checkin = false\nmute = true\n")
    return home


@TERMINAL
def test_three_kills_including_mid_write_lose_nothing_and_resume(tmp_path: Path):
    home = prepared_home(tmp_path)
    seeded = read_state(home).sessions
    campaign = KillCampaign(home, seed=5)
    rounds = campaign.run(["holds", "history-write", "journal-write"])  # raises on any fault
    # A write moment missed (its session ended first) is tried again: the last round of each
    # moment is the one that counts.
    last = {r.moment: r for r in rounds}
    assert list(last) == ["holds", "history-write", "journal-write"]
    # Frozen with SIGSTOP while the temp file was there, then killed: mid-write. The journal
    # (one session, a few kB) is replaced in well under a millisecond, so polling catches it
    # only sometimes; it goes through the same atomic_write as the year file, which is caught.
    assert last["history-write"].in_write
    # A kill mid-session leaves it in progress: the next start offers to resume it (the
    # campaign raises if it does not), unless no hold of it was left to do.
    assert not rounds[0].offer_expected, rounds
    assert rounds[1].offer_expected, rounds
    offered = [r for r in rounds if r.offer_expected]
    assert all(any(c.startswith("resume offered") for c in r.checks) for r in offered)
    assert last["holds"].holds_on_disk >= 1 and last["history-write"].holds_on_disk >= 1
    assert not any(r.problems for r in rounds)
    after = read_state(home)
    assert after.in_progress is None  # the final start marked it interrupted
    assert {key: after.sessions[key] for key in seeded} == seeded  # old history untouched
    started = sum(1 for r in rounds if r.answered != "resumed")
    assert len(after.sessions) == len(seeded) + started
    assert not temp_files(home, YEAR_FILE) and not temp_files(home, "session.json")


def in_progress_session(home: Path) -> None:
    """A session the last run left in progress (as a kill does)."""
    repository = HistoryRepository(home, sync=True)
    repository.open()
    repository.start_session(
        SessionRecord(
            id="left",
            routine_id="floor-five",
            routine_name="Floor five",
            started_at="2026-06-01T09:00:00+00:00",
            planned_holds=40,
        )
    )
    repository.close()


async def test_the_resume_question_is_asked_for_a_session_left_in_progress(tmp_path: Path):
    in_progress_session(tmp_path)
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Floor five was interrupted" in screen_text(app)


async def test_quitting_at_the_resume_question_asks_again_next_time(tmp_path: Path):
    in_progress_session(tmp_path)
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("ctrl+q")  # the user closes lowback without answering
    app, _ = make_app(tmp_path, pain_checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.history_ready.is_set, "history loaded")
        for _ in range(10):  # the question is pushed as the history is opened
            await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), "the question was not asked again"
