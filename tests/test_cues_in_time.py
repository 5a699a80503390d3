"""Speech that is heard: every built-in routine, run on a fake clock with a fake speaker that
takes as long as real speech (0.42 s a word), through the cue service's own queue. No phrase
naming a side, a target, a result or a question is ever cut; "3, 2, 1" gives way instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devkit.fake_cues import FakeSpeaker, Utterance
from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.announce import cues_for
from lowback_tui.core.announcement import Announcement, Priority, Tone
from lowback_tui.core.clock import FakeClock
from lowback_tui.core.session import Phase, SessionEngine
from lowback_tui.services.cues.queue import CueQueue
from lowback_tui.services.cues.service import Cues
from lowback_tui.store.library import load_routine

STEP = 0.05
ROUTINES = sorted(builtin_routines_dir().glob("*.toml"))
#: The only phrases a later cue may cut: they say when, never what.
TIMING = re.compile(r"(release\. )?(hold|rest|3, 2, 1|2, 1|you may release|target reached)")


def run(path: Path, *, fall_short: bool = False) -> tuple[SessionEngine, list[Utterance]]:
    """The routine from start to end: reps sets counted, open holds released 3 s after their
    minimum (or, `fall_short`, a gate 5 s before it, then "go on"), one pause of 5 s."""
    clock = FakeClock()
    speaker = FakeSpeaker(inline=False, clock=clock)
    playback = Cues(path.parent, lambda times: None, speaker=speaker, clock=clock).playback()
    engine = SessionEngine(load_routine(path, builtin=True), clock, tz="UTC")
    paused_once = False

    def react(events: list) -> None:
        playback.offer(cues_for(events, engine, engine.active_seconds()))

    react(engine.start())
    while not engine.ended:
        hold = engine.current
        assert hold is not None and clock.monotonic() < 1_000_000
        if engine.pending_gate is not None:
            react(engine.answer_gate(True))
        elif engine.phase is Phase.COUNT:
            engine.set_count(hold.step.target or 0)
            react(engine.release())
        elif engine.phase is Phase.HOLD and hold.duration and hold.duration.open:
            short = fall_short and hold.step.gate
            if engine.elapsed() >= hold.duration.minimum + (-5 if short else 3):
                react(engine.release())
        if engine.phase is Phase.HOLD and not paused_once and engine.elapsed() >= 4:
            paused_once = True
            react(engine.toggle_pause())
            for _ in range(int(5 / STEP)):
                clock.advance(STEP)
                playback.poll()
            react(engine.toggle_pause())
        clock.advance(STEP)
        react(engine.tick())
        playback.poll()
    for _ in range(int(30 / STEP)):  # the last words to their end
        clock.advance(STEP)
        playback.poll()
    return engine, speaker.said


def side_changes(engine: SessionEngine) -> int:
    plan = engine.plan
    return sum(
        1
        for before, hold in zip((None, *plan), plan, strict=False)
        if hold.side and (before is None or (before.step, before.side) != (hold.step, hold.side))
    )


@pytest.mark.parametrize("path", ROUTINES, ids=[path.stem for path in ROUTINES])
def test_no_phrase_that_carries_information_is_cut(path: Path):
    for fall_short in (False, True):
        engine, said = run(path, fall_short=fall_short)
        cut = [u.text for u in said if u.cut_at is not None]
        assert all(TIMING.fullmatch(text) for text in cut), cut
        assert re.search(r"routine (complete|over)", said[-1].text)
        assert re.search(r"\d+ of \d+ holds, (\d+ minutes?|under a minute)$", said[-1].text)
        sides = [u for u in said if " side" in u.text]
        assert len(sides) == side_changes(engine)  # every side is said, none dropped
        for side in sides:  # and "3, 2, 1" (or "2, 1") after it, before the hold begins
            after = said[said.index(side) + 1]
            assert after.text in ("3, 2, 1", "2, 1") and after.cut_at is None, after
            assert after.started >= side.ends
        assert any(u.text == "paused" for u in said) and any(u.text == "go on" for u in said)
        questions = [u for u in said if "?" in u.text]
        if fall_short and any(hold.step.gate for hold in engine.plan):
            assert questions and "Plank ended before its target" in questions[0].text
        assert not [u for u in questions if u.cut_at is not None]


def test_with_the_default_get_ready_step_side_and_the_whole_countdown_fit():
    """Floor five (5 s get-ready, 3 s rests): after each step and side, all of "3, 2, 1"
    before the hold starts."""
    _, said = run(builtin_routines_dir() / "floor-five.toml")
    sides = [u for u in said if " side" in u.text]
    assert sides and all(said[said.index(u) + 1].text == "3, 2, 1" for u in sides)
    holds = [u for u in said if u.text == "hold"]
    for side in sides:
        countdown = said[said.index(side) + 1]
        next_hold = next(u for u in holds if u.started >= countdown.started)
        assert countdown.ends <= next_hold.started


def phrase(words: str, priority: Priority, countdown_to: float | None = None) -> Announcement:
    return Announcement(Tone.TICK, words, priority, countdown_to)


def test_the_queue_keeps_information_and_lets_timing_give_way():
    queue = CueQueue()
    side = phrase("release. Right side", Priority.PHASE)
    assert not queue.add([side], None)
    assert queue.take(0.0, 1.0) == side
    # While the side is said: "3, 2, 1" waits (it does not cut the side) ...
    assert not queue.add([phrase("3, 2, 1", Priority.TIMING, countdown_to=3.0)], side)
    # ... and is shortened when it comes late, dropped when too late.
    assert queue.take(1.5, 1.0) == phrase("2, 1", Priority.TIMING, 3.0)
    queue.add([phrase("3, 2, 1", Priority.TIMING, countdown_to=3.0)], None)
    assert queue.take(2.2, 1.0) is None
    # A timing cue is cut by a later one; a newer place in the session replaces an older one
    # that has not begun; a message (a result, a question) is never dropped.
    assert queue.add([phrase("hold", Priority.TIMING)], phrase("3, 2, 1", Priority.TIMING))
    result = phrase("Plank, 42 seconds", Priority.MESSAGE)
    queue.add([phrase("Pelvic tilt", Priority.PHASE), result], None)
    queue.add([phrase("Knee to chest, left side", Priority.PHASE)], None)
    said = [queue.take(9.0, 1.0) for _ in range(3)]
    assert [cue.words if cue else None for cue in said] == [
        "Plank, 42 seconds",
        "Knee to chest, left side",
        None,
    ]


async def test_pause_stop_it_hurts_and_their_questions_are_spoken(tmp_path: Path):
    from helpers import advance, make_app, wait_for_screen
    from test_app_session import custom, start

    from lowback_tui.ui.screens.dialogs import ConfirmDialog, PainDialog
    from lowback_tui.ui.screens.summary import SummaryScreen
    from lowback_tui.ui.screens.timer import TimerScreen

    custom(tmp_path)
    speaker = FakeSpeaker()
    app, clock = make_app(tmp_path, pain_checkin=True, speaker=speaker)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, "short", pain="2")
        assert speaker.transcript[0] == (
            "Before you start: how is your back right now? Type 0 to 10, then Enter"
        )
        await advance(pilot, clock, 5 + 4)
        await pilot.press("space")
        await pilot.press("space")
        assert speaker.transcript[-2:] == ["paused", "go on"]
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmDialog)
        assert speaker.transcript[-2:] == [
            "paused",
            "Stop this session? Y stops; Enter keeps going",
        ]
        await pilot.press("n")
        await wait_for_screen(pilot, TimerScreen)
        await pilot.press("h")
        await wait_for_screen(pilot, PainDialog)
        assert speaker.transcript[-2:] == [
            "stopped",
            "Sorry it hurts. How bad is it? Type 0 to 10, then Enter",
        ]
        await pilot.press("7", "enter")
        await wait_for_screen(pilot, SummaryScreen)
