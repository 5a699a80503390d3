"""The routine format: durations, kinds and defaults, validation messages, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.catalog import find
from lowback_tui.core.durations import Duration, DurationError, format_duration, parse_duration
from lowback_tui.core.plan import estimate_seconds, expand
from lowback_tui.core.routine import RoutineError, parse_routine
from lowback_tui.store.library import RoutineLibrary, load_routine


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8s", Duration(8, 8)),
        ("8-10s", Duration(8, 10)),
        ("90s", Duration(90, 90)),
        ("1m30s", Duration(90, 90)),
        ("20m", Duration(1200, 1200)),
        ("30s+", Duration(30, 30, open=True)),
        ("1-2m", Duration(60, 120)),
        (45, Duration(45, 45)),
        ("12", Duration(12, 12)),
    ],
)
def test_every_duration_form(text, expected):
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("0s", "zero"),
        ("-5s", "negative"),
        ("99999h", "at most 4h"),
        ("ten", "expected"),
        ("1h30", "not a duration"),
        ("1m30", "not a duration"),
        ("10-8s", "shorter time first"),
        ("", "empty"),
        (True, "expected"),
    ],
)
def test_bad_durations_say_what_was_expected(text, says):
    with pytest.raises(DurationError, match=says):
        parse_duration(text)


def one_step(step: str, head: str = "") -> str:
    return f'name = "R"\n{head}\n[[step]]\nname = "S"\n{step}\n'


@pytest.mark.parametrize(
    ("kind", "hold"),
    [
        ("stretch", Duration(8, 10)),
        ("pressure", Duration(20, 30)),
        ("relax", Duration(1200, 1200)),
        ("hold", Duration(30, 30, open=True)),
        ("rest", Duration(30, 30)),
    ],
)
def test_each_kind_has_its_default_hold(kind, hold):
    routine = parse_routine(one_step(f'kind = "{kind}"'), routine_id="r", source="r.toml")
    assert routine.steps[0].hold == hold


def test_reps_kind_counts_to_a_target_instead_of_holding():
    step = parse_routine(
        one_step('kind = "reps"\ntarget = 20'), routine_id="r", source="r.toml"
    ).steps[0]
    assert (step.hold, step.target) == (None, 20)
    default = parse_routine(one_step('kind = "reps"'), routine_id="r", source="r").steps[0]
    assert default.target == 10


def test_defaults_for_prepare_rest_sides_reps():
    routine = parse_routine(one_step(""), routine_id="r", source="r.toml")
    assert (routine.prepare.minimum, routine.rest.minimum) == (5, 3)
    assert (routine.steps[0].sides, routine.steps[0].reps, routine.steps[0].kind) == (
        "none",
        1,
        "stretch",
    )


def test_expansion_walks_steps_reps_and_sides():
    routine = parse_routine(one_step('reps = 2\nsides = "both"'), routine_id="r", source="r")
    assert [(h.rep, h.side) for h in expand(routine)] == [
        (1, "left"),
        (1, "right"),
        (2, "left"),
        (2, "right"),
    ]
    # 5 s get-ready, then four 10 s holds with three 3 s rests between them
    assert estimate_seconds(routine) == 5 + 4 * 10 + 3 * 3


def errors_of(text: str) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, routine_id="bad", source="bad.toml")
    return [str(problem) for problem in caught.value.problems]


def test_problem_names_file_step_field_and_expectation():
    errors = errors_of('name = "R"\n[[step]]\nname = "Ok"\n[[step]]\nname = "Knee"\nhold = "0s"\n')
    assert errors == [
        "bad.toml: step 2 \"Knee\": hold: '0s' is zero, expected a duration longer than 0s"
    ]


def test_misspelt_key_gets_did_you_mean():
    errors = errors_of(one_step('hodl = "8s"\nsied = "both"', head='sumary = "x"'))
    assert 'bad.toml: sumary: unknown key, did you mean "summary"?' in errors
    assert 'bad.toml: step 1 "S": hodl: unknown key, did you mean "hold"?' in errors
    assert 'bad.toml: step 1 "S": sied: unknown key, did you mean "sides"?' in errors


def test_every_problem_of_a_file_is_reported_at_once():
    errors = errors_of(one_step('kind = "strech"\nreps = 0\nsides = "middle"'))
    assert len(errors) == 3
    assert any('did you mean "stretch"' in error for error in errors)
    assert any("reps: is 0, expected a whole number from 1 to 100" in error for error in errors)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "name: is missing"),
        ('name = "R"', "no steps"),
        ('name = "R"\nstep = 3', "expected [[step]] tables"),
        ('name = "R\n', "is not valid TOML"),
        (one_step('kind = "reps"\nhold = "8s"'), 'not used by kind "reps"'),
        (one_step("target = 5"), 'only used by kind "reps"'),
        (one_step('kind = "rest"\nsides = "both"'), "a rest has no sides"),
        (one_step("", head='prepare = "5s+"'), "open-ended"),
        ('name = "bell\\u0007"\n[[step]]\nname = "S"', "control characters"),
        ("[[[[[[[[[[", "is not valid TOML"),
    ],
)
def test_bad_routines_give_clear_errors(text, says):
    assert any(says in error for error in errors_of(text))


def test_markup_and_wide_characters_in_names_are_kept_literally():
    routine = parse_routine(
        one_step("", head="").replace('"R"', '"[bold]背中[/] שלום"'), routine_id="r", source="r"
    )
    assert routine.name == "[bold]背中[/] שלום"


def test_binary_huge_and_missing_files(tmp_path: Path):
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\x00\xff\xfe" * 10)
    huge = tmp_path / "huge.toml"
    huge.write_text("# " + "x" * (10 * 1024 * 1024))
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "caf\xe9"'.encode("latin-1"))
    for path, says in [
        (binary, "binary"),
        (huge, "larger than 1 MiB"),
        (latin, "not UTF-8"),
        (tmp_path / "gone.toml", "cannot be read"),
    ]:
        with pytest.raises(RoutineError, match=says):
            load_routine(path)


def test_deeply_nested_toml_is_a_routine_error():
    with pytest.raises(RoutineError):
        parse_routine("a = " + "[" * 100_000 + "]" * 100_000, routine_id="r", source="r")


def test_builtin_routines_all_load_and_bad_custom_files_are_listed(tmp_path: Path):
    (tmp_path / "floor-five.toml").write_text(one_step(""))
    (tmp_path / "broken.toml").write_text("name = ")
    entries = RoutineLibrary(tmp_path, builtin_routines_dir()).entries()
    builtin = [e for e in entries if e.builtin]
    assert len(builtin) >= 5 and all(e.ok for e in builtin)  # floor-five is shadowed
    shadow = next(e for e in entries if e.id == "floor-five")
    assert shadow.shadows_builtin and not shadow.builtin and shadow.routine.name == "R"
    broken = next(e for e in entries if e.id == "broken")
    assert not broken.ok and "is not valid TOML" in str(broken.problems[0])


# -- never any other exception ---------------------------------------------------------------

toml_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        ["8-10s", "30s+", "20m", "0s", "-5s", "stretch", "reps", "both", "1m30s", "99999h"]
    ),
)
keys = st.sampled_from(
    [
        "name",
        "kind",
        "hold",
        "reps",
        "target",
        "sides",
        "instructions",
        "summary",
        "caution",
        "prepare",
        "rest",
        "step",
        "nmae",
        "x",
    ]
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=20,
)
documents = st.dictionaries(
    keys,
    st.one_of(toml_values, st.lists(st.dictionaries(keys, toml_values, max_size=7), max_size=4)),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_gives_a_routine_or_a_routine_error(text):
    try:
        parse_routine(text, routine_id="r", source="r.toml")
    except RoutineError as error:
        assert error.problems and all(str(p).startswith("r.toml") for p in error.problems)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_arbitrary_toml_documents_give_a_routine_or_a_routine_error(document):
    text = tomlkit.dumps(document)
    try:
        parse_routine(text, routine_id="r", source="r.toml")
    except RoutineError as error:
        assert error.problems and all(str(p).startswith("r.toml") for p in error.problems)


def test_a_broken_custom_file_does_not_hide_the_builtin_of_its_id(tmp_path: Path):
    (tmp_path / "floor-five.toml").write_text('name = "Mine"\n[[step]]\nname = "X"\nhold = "zz"\n')
    entries = RoutineLibrary(tmp_path, builtin_routines_dir()).entries()
    same_id = [entry for entry in entries if entry.id == "floor-five"]
    assert [(e.builtin, e.ok) for e in same_id] == [(True, True), (False, False)]
    assert find(entries, "floor-five").routine.name == "Floor five"  # what `run` starts
    assert not find(entries, "floor-five", custom=True).ok  # what $EDITOR reports on


def test_the_fast_text_check_refuses_exactly_what_the_character_rule_refuses() -> None:
    """Routine texts are checked with one regular expression; it must agree with the rule
    stated per character (categories Cc and Cs, bidi controls; names refuse tab and newline)."""
    import unicodedata

    from lowback_tui.base.terminal_text import BIDI_CONTROLS
    from lowback_tui.core.routine import has_refused

    def _refused(char: str, single_line: bool) -> bool:
        if char in "\n\t":
            return single_line
        return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS

    for code in [*range(0x0, 0x3000), *range(0xD7F0, 0xE010), 0xFEFF, 0x1F600, 0x10FFFF]:
        char = chr(code)
        for single_line in (True, False):
            assert has_refused(f"a{char}b", single_line) == _refused(char, single_line), (
                hex(code),
                single_line,
            )
