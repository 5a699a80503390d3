"""Routine → TOML: exact round trips, comments kept through edits, safe ids, atomic saves."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.durations import Duration, parse_duration
from lowback_tui.core.routine import (
    KINDS,
    MAX_NAME,
    SIDES,
    Routine,
    Step,
    parse_routine,
)
from lowback_tui.core.routine_toml import (
    comments,
    duration_text,
    lost_comments,
    routine_id_for,
    routine_to_toml,
    slug,
)
from lowback_tui.store.library import RoutineLibrary, load_routine

HAND_WRITTEN = """\
# My evening routine: written by hand.
name = "Evening"  # short and sweet
summary = "Three moves"
prepare = "5s"

# Warm up first.
[[step]]
name = "Pelvic tilt"   # the gentle one
hold = "8-10s"
# five is plenty
reps = 5

# The plank test.
[[step]]
name = "Plank"
kind = "hold"
hold = "30s+"

[[step]]
name = "Push-ups"
kind = "reps"
target = 12
# end of file
"""


def load_text(text: str, routine_id: str = "r") -> Routine:
    return parse_routine(text, routine_id=routine_id, source=f"{routine_id}.toml")


# -- strategies: any routine the file format accepts -----------------------------------------

printable = st.characters(codec="utf-8").filter(str.isprintable)
multiline = st.characters(codec="utf-8").filter(lambda c: c.isprintable() or c in "\n\t")
names = st.text(printable, min_size=1, max_size=MAX_NAME).map(str.strip).filter(bool)
texts = st.text(multiline, max_size=200)
tenths = st.integers(min_value=1, max_value=4 * 36000).map(lambda n: n / 10)


@st.composite
def durations(draw, *, allow_open: bool = True, allow_range: bool = True) -> Duration:
    low = draw(tenths)
    form = draw(st.sampled_from(["fixed"] + ["range"] * allow_range + ["open"] * allow_open))
    if form == "range":
        high = draw(tenths.filter(lambda value: value > low))
        return Duration(low, high)
    return Duration(low, low, open=form == "open")


@st.composite
def steps(draw) -> Step:
    kind = draw(st.sampled_from(KINDS))
    hold = None if kind == "reps" else draw(durations(allow_open=kind != "rest"))
    target = draw(st.integers(1, 1000)) if kind == "reps" else None
    sides = "none" if kind == "rest" else draw(st.sampled_from(SIDES))
    return Step(draw(names), kind, hold, draw(st.integers(1, 100)), target, sides, draw(texts))


@st.composite
def routines(draw) -> Routine:
    pause = st.one_of(st.just(Duration(0, 0)), durations(allow_open=False, allow_range=False))
    return Routine(
        "r",
        draw(names),
        tuple(draw(st.lists(steps(), min_size=1, max_size=6))),
        draw(texts),
        draw(texts),
        draw(pause),
        draw(pause),
    )


# -- round trips --------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines())
def test_saving_then_loading_any_valid_routine_gives_the_same_routine(routine):
    with tempfile.TemporaryDirectory() as folder:
        library = RoutineLibrary(Path(folder))
        library.save("r", routine)
        assert load_routine(library.path_of("r")) == routine


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines(), routines())
def test_updating_a_file_in_place_gives_exactly_the_new_routine(before, after):
    existing = routine_to_toml(before) + "# a comment of the user\n"
    assert load_text(routine_to_toml(after, existing)) == after


def test_builtin_files_come_back_byte_for_byte_when_nothing_changed():
    for path in sorted(builtin_routines_dir().glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        assert routine_to_toml(load_routine(path), text) == text, path.name


def test_durations_are_written_exactly_even_past_tenths():
    for duration in (Duration(8.55, 8.55), Duration(0.05, 10.25), Duration(30.01, 30.01, True)):
        assert parse_duration(duration_text(duration)) == duration
    assert duration_text(Duration(8, 10)) == "8-10s"


# -- comments ----------------------------------------------------------------------------------


def test_changing_values_keeps_every_comment_and_the_untouched_spelling():
    routine = load_text(HAND_WRITTEN)
    tilt = replace(routine.steps[0], hold=parse_duration("12s"))
    changed = replace(routine, name="Evening two", steps=(tilt, *routine.steps[1:]))
    text = routine_to_toml(changed, HAND_WRITTEN)
    assert load_text(text) == changed
    assert lost_comments(HAND_WRITTEN, text) == []
    assert 'name = "Evening two"  # short and sweet' in text
    assert 'hold = "12s"' in text
    assert 'hold = "30s+"' in text  # untouched values keep their spelling


def test_a_comment_above_a_step_moves_with_the_step():
    routine = load_text(HAND_WRITTEN)
    reordered = replace(routine, steps=(routine.steps[1], routine.steps[0], routine.steps[2]))
    text = routine_to_toml(reordered, HAND_WRITTEN, [1, 0, 2])
    assert load_text(text) == reordered
    assert lost_comments(HAND_WRITTEN, text) == []
    assert (
        text.index("# The plank test.")
        < text.index('name = "Plank"')
        < text.index("# Warm up first.")
        < text.index('name = "Pelvic tilt"')
    )
    assert text.rstrip().endswith("# end of file")


def test_steps_are_matched_by_content_without_origins():
    routine = load_text(HAND_WRITTEN)
    reordered = replace(routine, steps=(routine.steps[2], routine.steps[0]))
    text = routine_to_toml(reordered, HAND_WRITTEN)
    assert load_text(text) == reordered
    assert text.index("# Warm up first.") < text.index("# five is plenty")
    assert lost_comments(HAND_WRITTEN, text) == ["# The plank test."]


def test_a_removed_step_loses_its_comments_and_says_which():
    routine = load_text(HAND_WRITTEN)
    shorter = replace(routine, steps=routine.steps[1:])
    text = routine_to_toml(shorter, HAND_WRITTEN, [1, 2])
    assert load_text(text) == shorter
    assert lost_comments(HAND_WRITTEN, text) == [
        "# Warm up first.",
        "# the gentle one",
        "# five is plenty",
    ]


def test_kind_changes_drop_the_key_the_new_kind_does_not_use():
    routine = load_text(HAND_WRITTEN)
    reps = replace(routine.steps[0], kind="reps", hold=None, target=15)
    changed = replace(routine, steps=(reps, *routine.steps[1:]))
    text = routine_to_toml(changed, HAND_WRITTEN, [0, 1, 2])
    assert load_text(text) == changed
    assert text.count("hold =") == 1


def test_a_file_that_cannot_be_updated_is_written_afresh_and_its_comments_reported():
    inline = 'name = "Inline"\nstep = [{ name = "One" }]  # inline steps\n'
    routine = load_text(inline)
    text = routine_to_toml(replace(routine, name="Other"), inline)
    assert load_text(text).name == "Other"
    assert lost_comments(inline, text) == ["# inline steps"]


def test_comments_are_found_outside_strings_only():
    text = 'a = "not # a comment"  # one\nb = """x\n# not one either\n"""\n# two\nc = \'#\'\n'
    assert comments(text) == ["# one", "# two"]


# -- ids, saving, renaming --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Floor five (mine)", "floor-five-mine"),
        ("Étirements du soir", "etirements-du-soir"),
        ("  !!  ", "routine"),
        ("CON", "con-routine"),
        ("a/b\\c..d", "a-b-c-d"),
        ("Растяжка", "растяжка"),
        ("x" * 100, "x" * 48),
        ("snake_case name", "snake-case-name"),
    ],
)
def test_slug_makes_a_safe_kebab_case_id(name, expected):
    assert slug(name) == expected


def test_routine_id_avoids_the_ids_taken_in_any_case():
    taken = {"evening", "Evening-2", "floor-five"}
    assert routine_id_for("Evening", taken) == "evening-3"
    assert routine_id_for("Floor five", taken) == "floor-five-2"
    assert routine_id_for("Evening", taken, keep="evening") == "evening"
