"""What the cues say: a whole routine's transcript from the engine's events (pure, no app)."""

from __future__ import annotations

from lowback_tui.core.announce import announce, seconds_in_words, spoken_text
from lowback_tui.core.clock import FakeClock
from lowback_tui.core.routine import parse_routine
from lowback_tui.core.session import Phase, SessionEngine

EVERYTHING = """name = "Everything"
prepare = "5s"
rest = "3s"
[[step]]
name = "Knee to chest"
hold = "8-10s"
sides = "both"
[[step]]
name = "Plank"
kind = "hold"
hold = "30s+"
[[step]]
name = "Rest"
kind = "rest"
hold = "30s"
[[step]]
name = "Push-ups"
kind = "reps"
target = 20
[[step]]
name = "Static back"
kind = "relax"
hold = "11m"
"""


def transcript(body: str, plank_seconds: int = 42) -> list[tuple[int, str | None, str]]:
    """Run the routine second by second (releasing the plank, counting the push-ups) and
    note (second, tone, words) for each cue."""
    routine = parse_routine(body, routine_id="e", source="e.toml")
    clock = FakeClock()
    engine = SessionEngine(routine, clock, tz="UTC")
    said: list[tuple[int, str | None, str]] = []
    second = 0

    def note(events: list) -> None:
        for cue in announce(events, engine.plan, engine.current):
            said.append((second, cue.tone.value if cue.tone else None, cue.words))

    note(engine.start())
    while not engine.ended and second < 5000:
        hold = engine.current
        plank = engine.phase is Phase.HOLD and hold and hold.step.name == "Plank"
        if plank and engine.elapsed() >= plank_seconds:
            note(engine.release())
            continue
        if engine.phase is Phase.COUNT:
            engine.set_count(20)
            note(engine.release())
            continue
        clock.advance(1)
        second += 1
        note(engine.tick())
    return said


def test_a_whole_routine_gives_an_exact_transcript():
    assert transcript(EVERYTHING) == [
        (0, None, "Knee to chest, left side"),
        (2, "tick", "3, 2, 1"),
        (5, "start", "hold"),
        (13, "soft", "you may release"),
        (15, "strong", "release. Right side"),  # the side, then the countdown after it
        (15, "tick", "3, 2, 1"),
        (18, "start", "hold"),
        (26, "soft", "you may release"),
        (28, "strong", "release. Plank, at least 30 seconds"),
        (30, "tick", "3, 2, 1"),
        (33, "start", "hold"),
        (63, "soft", "target reached"),
        (75, None, "Plank, 42 seconds. rest, 30 seconds"),
        (105, "strong", "Push-ups, 20 reps"),
        (107, "tick", "3, 2, 1"),
        (110, "start", "20 reps"),
        (110, None, "Push-ups, 20 done. Static back"),
        (112, "tick", "3, 2, 1"),
        (115, "start", "hold"),
        (415, "tick", "6 minutes left"),
        (715, "tick", "1 minute left"),
        (775, "strong", "release. routine complete, well done"),
    ]


def test_a_twenty_minute_relax_hold_says_the_minutes_left_every_five():
    body = 'name = "R"\nprepare = "15s"\n[[step]]\nname = "Static back"\n'
    body += 'kind = "relax"\nhold = "20m"\n'
    said = [words for _, _, words in transcript(body)]
    assert said[-4:] == [
        "15 minutes left",
        "10 minutes left",
        "5 minutes left",
        "release. routine complete, well done",
    ]


def test_text_from_files_is_made_safe_to_speak():
    assert spoken_text("-rf  Knee\x1b[31m\n to\tchest\x07") == "rf Knee [31m to chest"
    assert spoken_text("x" * 500) == "x" * 120
    assert seconds_in_words(42.9) == "42 seconds"
    assert seconds_in_words(61) == "1 minute 1 second"
    assert seconds_in_words(120) == "2 minutes"
