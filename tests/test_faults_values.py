"""Fault injection: values at the boundary, and nesting depth, in every file lowback reads.

A number, date or string that lowback cannot use makes the file corrupt where it is decoded:
the app sets it aside and says so, the commands report it (exit 1, no traceback). Nothing can
make a reader raise RecursionError.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lowback_tui.cli.main import main
from lowback_tui.core.routine import RoutineError
from lowback_tui.services.settings import Settings, load_settings
from lowback_tui.store.library import load_routine
from lowback_tui.store.repository import HistoryRepository

HOLD = {
    "index": 0,
    "step_number": 1,
    "step_name": "Cat cow",
    "kind": "hold",
    "side": None,
    "rep": 1,
    "reps": 1,
    "planned": "30s",
    "planned_min_seconds": 30.0,
    "planned_max_seconds": 30.0,
    "target_count": None,
    "held_seconds": 30.0,
    "count_done": None,
    "outcome": "done",
    "finished_at": "2026-05-31T08:01:00+02:00",
}
SESSION = {
    "id": "kept",
    "routine_id": "floor-five",
    "routine_name": "Floor five",
    "started_at": "2026-05-31T08:00:00+02:00",
    "status": "completed",
    "ended_at": "2026-05-31T08:09:00+02:00",
    "active_seconds": 540.0,
    "holds": [HOLD],
    "planned_holds": 40,
    "pain_before": 3,
}
MARK = '"@@"'
"""Where the bad raw JSON goes in a template."""

#: Raw JSON values that are numbers lowback must refuse.
BAD_NUMBERS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "-5",
    "-0.5",
    "1" + "0" * 400,  # an integer too big for a float
    "1" + "0" * 5000,  # more digits than Python converts
    "123456789012",
]
#: Raw JSON strings that are timestamps lowback cannot place on a local day.
BAD_TIMESTAMPS = [
    '"0001-01-01T00:00:00+05:00"',
    '"9999-12-31T23:59:59-05:00"',
    '"2026-05-31"',
    '"2026-W22-1T08:00:00+00:00"',
    '"2026W221T080000"',
    '"2026-151T08:00:00+00:00"',
    '"2026-02-30T08:00:00+00:00"',
    '"20260531T080000Z"',
    '"2026-05-31T25:00:00+00:00"',
    '"2026-05-31 08:00:00+00:00\\u0000"',
    '""',
]
NUMBER_FIELDS = [("session", "active_seconds"), ("session", "planned_holds")]
NUMBER_FIELDS += [("session", "pain_before"), ("hold", "held_seconds"), ("hold", "index")]
NUMBER_FIELDS += [("hold", "planned_min_seconds"), ("hold", "count_done")]
TIME_FIELDS = [("session", "started_at"), ("session", "ended_at"), ("hold", "finished_at")]


def template(where: str, field: str) -> str:
    """A valid history.json with MARK where `field` of the session or its hold is."""
    session = {**SESSION, "holds": [dict(HOLD)]}
    target = session if where == "session" else session["holds"][0]
    target[field] = "@@"
    return json.dumps({"meta": {"1": {"schema": 1}}, "sessions": {"1": session}})


@contextmanager
def home_with(files: dict[str, bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        for name, raw in files.items():
            (home / name).write_bytes(raw)
        yield home


def cli_history(home: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with mock.patch.dict(os.environ, {"LOWBACK_HOME": str(home)}):
        status = main(["history", "--json"])
    out, err = capsys.readouterr()
    return status, out, err


def assert_corrupt(files: dict[str, bytes], capsys: pytest.CaptureFixture[str]) -> str:
    """The command reports the file (exit 1), and the app's open sets it aside, saying so."""
    [(name, raw)] = files.items()
    with home_with(files) as home:
        status, out, err = cli_history(home, capsys)
        assert status == 1 and out == "", err
        assert str(home / name) in err and "Traceback" not in err
        assert (home / name).read_bytes() == raw
        repository = HistoryRepository(home, sync=True)
        repository.open()
        assert repository.warning and f"{home / name} could not be read" in repository.warning
        repository.close()
        [aside] = home.glob(f"{Path(name).stem}.corrupt-*")
        assert aside.read_bytes() == raw
        return err


@pytest.mark.parametrize(("where", "field"), NUMBER_FIELDS)
@pytest.mark.parametrize("raw", BAD_NUMBERS)
def test_a_number_lowback_cannot_use_makes_the_history_corrupt(where, field, raw, capsys):
    assert_corrupt({"history.json": template(where, field).replace(MARK, raw).encode()}, capsys)


@pytest.mark.parametrize(("where", "field"), TIME_FIELDS)
@pytest.mark.parametrize("raw", BAD_TIMESTAMPS)
def test_a_timestamp_that_is_not_on_a_local_day_makes_the_history_corrupt(
    where, field, raw, capsys
):
    err = assert_corrupt(
        {"history.json": template(where, field).replace(MARK, raw).encode()}, capsys
    )
    assert "expected a date and time like 2026-05-31T08:00:00+02:00" in err


@pytest.mark.parametrize("field", ["id", "routine_name", "note", "step_name"])
def test_a_lone_surrogate_makes_the_history_corrupt(field, capsys):
    where = "hold" if field == "step_name" else "session"
    raw = template(where, field).replace(MARK, '"bad \\udc80 text"').encode()
    assert "lone surrogate" in assert_corrupt({"history.json": raw}, capsys)


def test_a_key_given_twice_is_corruption_never_a_silent_merge(capsys):
    session = json.dumps(SESSION)
    two = '{"meta": {"1": {"schema": 1}}, "sessions": {"1": ' + f"{session}, " + '"1": '
    two += session + "}}"
    err = assert_corrupt({"history.json": two.encode()}, capsys)
    assert "the key '1' appears twice in one object" in err
    held = session.replace('"holds": [', '"holds": [], "holds": [')
    raw = '{"meta": {"1": {"schema": 1}}, "sessions": {"1": ' + held + "}}"
    assert "'holds' appears twice" in assert_corrupt({"history.json": raw.encode()}, capsys)


@pytest.mark.parametrize(("first", "second"), [("Abc", "abc"), ("caf\u00e9", "cafe\u0301")])
def test_session_ids_that_are_the_same_once_normalised_are_corruption(first, second, capsys):
    sessions = {"1": {**SESSION, "id": first}, "2": {**SESSION, "id": second}}
    raw = json.dumps({"meta": {"1": {"schema": 1}}, "sessions": sessions}).encode()
    assert "appears twice" in assert_corrupt({"history.json": raw}, capsys)


def test_bad_values_in_the_journal_are_corruption_too(capsys):
    for raw in ("NaN", "-5", '"2026-05-31"'):
        session = {**SESSION, "status": "in progress", "active_seconds": "@@"}
        text = json.dumps({"schema": 1, "session": session}).replace(MARK, raw)
        assert_corrupt({"session.json": text.encode()}, capsys)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TIME_FIELDS), st.text(max_size=40))
@example(("session", "started_at"), "2026-05-31T08:00:00+14:00")
@example(("hold", "finished_at"), "1900-01-01T00:00:00-23:59")
def test_any_text_as_a_timestamp_is_accepted_only_if_it_is_on_a_local_day(field, text):
    """Whatever a timestamp field holds, reading either works and the moment can be moved
    into any time zone, or the file is corrupt: never a traceback."""
    raw = template(*field).replace(MARK, json.dumps(text)).encode()
    with home_with({"history.json": raw}) as home:
        repository = HistoryRepository(home, sync=True, read_only=True)
        repository.open()
        if repository.warning is None:
            assert len(repository.sessions()) == 1
            moment = dt.datetime.fromisoformat(text)
            for zone in ("Pacific/Kiritimati", "Etc/GMT+12", "UTC"):
                moment.astimezone(zoneinfo.ZoneInfo(zone)).date()
        else:
            assert "could not be read" in repository.warning
        repository.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(NUMBER_FIELDS),
    st.one_of(st.integers(), st.floats(), st.sampled_from(BAD_NUMBERS), st.booleans(), st.none()),
)
def test_any_number_is_accepted_only_if_lowback_can_use_it(field, value):
    raw_value = value if isinstance(value, str) else json.dumps(value)
    raw = template(*field).replace(MARK, raw_value).encode()
    with home_with({"history.json": raw}) as home:
        repository = HistoryRepository(home, sync=True, read_only=True)
        repository.open()
        if repository.warning is None:
            [session] = repository.sessions()
            got = getattr(session if field[0] == "session" else session.holds[0], field[1])
            assert got is None or 0 <= got <= 1_000_000_000
        repository.close()


# Depth: no reader can raise RecursionError -----------------------------------------------------

NESTINGS = {
    "lists": ("[", "]"),
    "objects": ('{"a": ', "}"),
}


def nested(kind: str, depth: int) -> str:
    opening, closing = NESTINGS[kind]
    return opening * depth + "1" + closing * depth


@pytest.mark.parametrize("kind", list(NESTINGS))
@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_deep_json_in_history_and_journal_is_corruption(kind, depth, capsys):
    deep = nested(kind, depth)
    history = template("session", "note").replace(MARK, deep)
    err = assert_corrupt({"history.json": history.encode()}, capsys)
    assert "nested too deeply" in err or "should be" in err
    journal = json.dumps({"schema": 1, "session": {**SESSION, "note": "@@"}})
    assert_corrupt({"session.json": journal.replace(MARK, deep).encode()}, capsys)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(NESTINGS)), st.integers(1, 60_000))
def test_any_depth_of_json_gives_a_history_or_a_corrupt_file(kind, depth):
    raw = template("hold", "held_seconds").replace(MARK, nested(kind, depth)).encode()
    with home_with({"history.json": raw}) as home:
        repository = HistoryRepository(home, sync=True, read_only=True)
        repository.open()  # never RecursionError
        assert repository.warning is not None
        repository.close()


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_toml_in_settings_and_routines_is_a_message(tmp_path: Path, depth: int):
    deep = "x = " + "[" * depth + "1" + "]" * depth + "\n"
    (tmp_path / "settings.toml").write_text(deep)
    settings, problems = load_settings(tmp_path / "settings.toml")
    assert settings == Settings() and len(problems) == 1
    assert str(tmp_path / "settings.toml") in problems[0]
    inline = "x = " + "{a = " * depth + "1" + "}" * depth + "\n"
    (tmp_path / "routine.toml").write_text('name = "Deep"\n' + inline)
    with pytest.raises(RoutineError):
        load_routine(tmp_path / "routine.toml")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30_000), st.sampled_from(["[", "{a = "]))
def test_any_depth_of_toml_in_settings_gives_settings_or_a_message(depth, opening):
    closing = "]" if opening == "[" else "}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_text("mute = " + opening * depth + "true" + closing * depth + "\n")
        settings, problems = load_settings(path)  # never RecursionError
        assert settings == Settings() and len(problems) == 1
