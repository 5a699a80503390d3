"""history/: one TinyDB file per year, the derived index, the first layout's conversion, import."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st
from pinned import PINNED_NOW
from terminal_run import TERMINAL
from test_store import make_hold, make_session

from devkit.seed import seed_v1
from lowback_tui.core.records import COMPLETED, DONE, HURT, INTERRUPTED
from lowback_tui.store.index import INDEX_SCHEMA
from lowback_tui.store.repository import HistoryRepository

REPO = Path(__file__).resolve().parent.parent

TZ = "Europe/Berlin"


def open_repo(home: Path, **options: object) -> HistoryRepository:
    repo = HistoryRepository(home, sync=True, tz=TZ, **options)  # type: ignore[arg-type]
    repo.open()
    return repo


def finished(session_id: str, started_at: str, holds: int = 2) -> object:
    return dataclasses.replace(
        make_session(session_id, started_at),
        status=COMPLETED,
        ended_at=started_at,
        holds=tuple(make_hold(index) for index in range(holds)),
        pain_before=4,
        pain_after=2,
    )


def two_years(home: Path) -> None:
    repo = open_repo(home)
    repo.put_many(
        [
            finished("old", "2025-06-01T08:00:00+02:00"),  # type: ignore[list-item]
            finished("new", "2026-06-01T08:00:00+02:00"),  # type: ignore[list-item]
        ],
        {dt.date(2025, 6, 2)},
    )
    repo.close()


def year_sessions(home: Path, year: int) -> list[str]:
    data = json.loads((home / "history" / f"{year}.json").read_text())
    return [doc["id"] for doc in data["sessions"].values()]


def files(home: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file()
    }


# One file per year, and the index ------------------------------------------------------------


def test_each_session_goes_to_the_file_of_its_local_start_year(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    # 23:30 on New Year's Eve in New York is already 2026 in UTC: its own date says 2025.
    repo.start_session(make_session("eve", "2025-12-31T23:30:00-05:00"))
    repo.start_session(make_session("day", "2026-01-01T09:00:00+01:00"))
    repo.toggle_rest_day(dt.date(2024, 3, 1))  # a rest day on any date, in its own year
    repo.close()
    assert year_sessions(tmp_path, 2025) == ["eve"]
    assert year_sessions(tmp_path, 2026) == ["day"]
    rest = json.loads((tmp_path / "history" / "2024.json").read_text())["rest_days"]
    assert list(rest.values()) == [{"day": "2024-03-01"}]
    assert (tmp_path / "history").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "history" / "index.json").stat().st_mode & 0o777 == 0o600


def test_a_hold_touches_only_the_journal_and_its_year_file(tmp_path: Path) -> None:
    two_years(tmp_path)
    repo = open_repo(tmp_path)
    repo.start_session(make_session("s1", "2026-11-21T10:00:00+01:00"))
    before = files(tmp_path)
    repo.record_hold("s1", make_hold(0), 10.0)
    after = files(tmp_path)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["history/2026.json", "session.json"]
    repo.finish_session(
        "s1", status=COMPLETED, ended_at="2026-11-21T10:20:00+01:00", active_seconds=10.0
    )
    index = json.loads((tmp_path / "history" / "index.json").read_text())
    assert index["years"]["2026"]["sessions"] == 2 and index["open_session"] is None
    assert ["2026-11-21", "2026-11-21"] in index["spans"]
    assert index["bests"]["floor-five"]["Bird dog"] == [10.25, None]
    summary = repo.streak_summary(today=dt.date(2026, 11, 21), weekly_goal=3)
    assert (summary.current, summary.today_done) == (1, True)
    repo.close()


def test_the_index_is_read_not_the_years_and_the_detail_comes_from_its_year(
    tmp_path: Path,
) -> None:
    two_years(tmp_path)
    (tmp_path / "history" / "index" / "2025.json").unlink()  # would be rebuilt if read
    repo = open_repo(tmp_path)
    assert repo.warning is None
    assert repo.session_count() == 2
    assert [row.id for row in repo.recent(1)] == ["new"]
    assert not (tmp_path / "history" / "index" / "2025.json").exists()  # not needed yet
    assert [row.id for row in repo.summaries()] == ["new", "old"]
    record = repo.get("old", 2025)
    assert record is not None and len(record.holds) == 2
    assert [record.id for record in repo.iter_sessions(dt.date(2026, 1, 1))] == ["new"]


@pytest.mark.parametrize(
    "damage",
    ["missing", "corrupt", "stale"],
)
def test_a_missing_corrupt_or_stale_index_is_rebuilt_and_said(tmp_path: Path, damage: str) -> None:
    two_years(tmp_path)
    index = tmp_path / "history" / "index.json"
    if damage == "missing":
        index.unlink()
    elif damage == "corrupt":
        index.write_bytes(b'{"kind": "lowback history index", "schema": 1, "years": ')
    else:  # another device's 2025 synced in: one more session there
        other = open_repo(tmp_path / "other")
        other.put_many([finished("synced", "2025-07-01T08:00:00+02:00")], set())  # type: ignore[list-item]
        other.close()
        two = json.loads((tmp_path / "history" / "2025.json").read_text())
        two["sessions"]["2"] = json.loads((tmp_path / "other/history/2025.json").read_text())[
            "sessions"
        ]["1"]
        (tmp_path / "history" / "2025.json").write_text(json.dumps(two))
    repo = open_repo(tmp_path)
    assert repo.warning is not None and "index was rebuilt" in repo.warning
    if damage == "corrupt":
        assert list((tmp_path / "history").glob("index.corrupt-*.json"))
    expected = 3 if damage == "stale" else 2
    assert repo.session_count() == expected
    assert len(list(repo.summaries())) == expected
    assert repo.rest_days() == {dt.date(2025, 6, 2)}
    repo.close()
    assert open_repo(tmp_path).warning is None  # rebuilt once, then fresh


BAD_YEAR = {
    "truncated": b'{"meta": {"1": {"schema": 1}}, "sessions": {"1": {"id": "x", "rou',
    "newer schema": b'{"meta": {"1": {"schema": 2}}, "sessions": {}}',
    "not TinyDB": b"[1, 2, 3]",
}


@pytest.mark.parametrize("content", BAD_YEAR.values(), ids=BAD_YEAR.keys())
def test_a_bad_year_file_is_set_aside_alone_and_the_others_stay(
    tmp_path: Path, content: bytes
) -> None:
    two_years(tmp_path)
    (tmp_path / "history" / "2025.json").write_bytes(content)
    repo = open_repo(tmp_path)
    [aside] = (tmp_path / "history").glob("2025.corrupt-*.json")
    assert aside.read_bytes() == content  # byte for byte
    assert repo.warning is not None
    assert "2025.json could not be read" in repo.warning and aside.name in repo.warning
    assert [row.id for row in repo.summaries()] == ["new"]  # 2026 is untouched
    assert year_sessions(tmp_path, 2026) == ["new"]
    repo.close()


def test_a_reader_leaves_a_bad_year_file_and_a_stale_index_alone(tmp_path: Path) -> None:
    two_years(tmp_path)
    (tmp_path / "history" / "2025.json").write_bytes(b"{broken")
    before = files(tmp_path)
    reader = open_repo(tmp_path, read_only=True)
    assert reader.warning is not None and "left as it is" in reader.warning
    assert [row.id for row in reader.summaries()] == ["new"]
    reader.close()
    assert files(tmp_path) == before


# The first layout's history.json -------------------------------------------------------------


def test_the_first_start_converts_history_json_and_keeps_it(tmp_path: Path) -> None:
    seed_v1(tmp_path, 1500, newest=dt.datetime(2026, 5, 1, 8, tzinfo=dt.UTC))
    original = (tmp_path / "history.json").read_bytes()
    reader = open_repo(tmp_path, read_only=True)  # read-only commands read it as it is
    assert reader.session_count() == 1500
    reader.close()
    assert files(tmp_path) == {"history.json": original}

    repo = open_repo(tmp_path)
    assert repo.warning is not None and str(tmp_path / "history.v1.json") in repo.warning
    assert not (tmp_path / "history.json").exists()
    assert (tmp_path / "history.v1.json").read_bytes() == original
    assert sorted(p.name for p in (tmp_path / "history").glob("20*.json")) == [
        "2024.json",
        "2025.json",
        "2026.json",
    ]
    ids = [row.id for row in repo.summaries()]
    assert len(ids) == len(set(ids)) == 1500
    repo.close()
    assert open_repo(tmp_path).warning is None  # once only


MIGRATE = (
    "import sys; from pathlib import Path; "
    "from lowback_tui.store.repository import HistoryRepository; "
    "HistoryRepository(Path(sys.argv[1]), sync=True, tz='UTC').open()"
)


def year_temps(home: Path, pid: int) -> list[Path]:
    folder = home / "history"
    return list(folder.glob(f".20*.json.{pid}.*.tmp")) if folder.is_dir() else []


@TERMINAL
def test_killed_during_conversion_again_and_again_every_session_is_found_once(
    tmp_path: Path,
) -> None:
    seed_v1(tmp_path, 2200, newest=dt.datetime(2026, 5, 1, 8, tzinfo=dt.UTC))  # 4 years
    original = (tmp_path / "history.json").read_bytes()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    mid_write = 0
    for _ in range(4):  # each kill lands on the second year file written by that run
        process = subprocess.Popen([sys.executable, "-c", MIGRATE, str(tmp_path)], env=env)
        seen: set[str] = set()
        give_up = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < give_up:
            temps = year_temps(tmp_path, process.pid)
            seen |= {temp.name.split(".")[1] for temp in temps}
            if len(seen) >= 2 and temps:
                os.kill(process.pid, signal.SIGSTOP)  # freeze it mid-write, then kill it
                mid_write += bool(year_temps(tmp_path, process.pid))
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.0005)
        process.wait(10)
        if not (tmp_path / "history.json").exists():
            break  # this run got through to the commit point
        for path in (tmp_path / "history").glob("20*.json"):
            json.loads(path.read_bytes())  # every year file written so far is whole
    assert mid_write >= 1, "no kill landed in the middle of the conversion"
    repo = open_repo(tmp_path)
    ids = [row.id for row in repo.summaries()]
    assert len(ids) == len(set(ids)) == 2200  # every session, exactly once
    assert (tmp_path / "history.v1.json").read_bytes() == original
    assert not (tmp_path / "history.json").exists()
    repo.close()


# Import ----------------------------------------------------------------------------------------


def test_import_merges_by_id_idempotently_and_reports_conflicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lowback_tui.cli.main import main

    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    repo = open_repo(mine)
    repo.put_many(
        [
            finished("shared", "2026-03-01T08:00:00+01:00"),  # type: ignore[list-item]
            dataclasses.replace(finished("fuller-there", "2026-03-02T08:00:00+01:00"), holds=()),  # type: ignore[type-var]
            finished("fuller-here", "2026-03-03T08:00:00+01:00", holds=3),  # type: ignore[list-item]
        ],
        set(),
    )
    repo.close()
    repo = open_repo(theirs)
    repo.put_many(
        [
            finished("shared", "2026-03-01T08:00:00+01:00"),  # type: ignore[list-item]
            finished("fuller-there", "2026-03-02T08:00:00+01:00", holds=4),  # type: ignore[list-item]
            finished("fuller-here", "2026-03-03T08:00:00+01:00", holds=1),  # type: ignore[list-item]
            finished("only-there", "2025-12-24T08:00:00+01:00"),  # type: ignore[list-item]
        ],
        {dt.date(2026, 3, 4)},
    )
    repo.close()
    monkeypatch.setenv("LOWBACK_HOME", str(mine))
    monkeypatch.setenv("TZ", TZ)  # the zone the index was written in: no recount on open
    assert main(["history", "import", str(theirs / "history")]) == 0
    out = capsys.readouterr().out
    assert "Imported 1 new session and 1 rest day" in out and "2 were here already" in out
    assert "1 session here had less in it than the imported copy" in out
    assert "  fuller-there\n" in out and "fuller-here" not in out  # ours held more already
    repo = open_repo(mine)
    assert len(repo.get("fuller-there").holds) == 4  # type: ignore[union-attr]
    assert len(repo.get("fuller-here").holds) == 3  # type: ignore[union-attr]
    assert repo.rest_days() == {dt.date(2026, 3, 4)}
    assert repo.session_count() == 4
    repo.close()
    before = files(mine)

    assert main(["history", "import", str(theirs / "history")]) == 0  # again: nothing new
    assert "Imported 0 new sessions and 0 rest days" in capsys.readouterr().out
    assert files(mine) == before

    # An export of the other device, as JSON, brings the same sessions: nothing new either.
    monkeypatch.setenv("LOWBACK_HOME", str(theirs))
    assert main(["export", "--format", "json", "-o", str(tmp_path / "export.json")]) == 0
    monkeypatch.setenv("LOWBACK_HOME", str(mine))
    capsys.readouterr()
    assert main(["history", "import", str(tmp_path / "export.json")]) == 0
    assert "Imported 0 new sessions" in capsys.readouterr().out


def test_import_of_a_first_layout_file(tmp_path: Path, cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    seed_v1(tmp_path / "laptop", 30, newest=dt.datetime(2026, 5, 1, 8, tzinfo=dt.UTC))
    code, out, _ = cli("history", "import", str(tmp_path / "laptop" / "history.json"))
    assert code == 0 and "Imported 30 new sessions" in out
    assert cli("history", "--all")[1].count("Floor five") == 10


@pytest.mark.parametrize(
    "content",
    [b"not json at all", b'{"name": "a routine?"}', b'[{"id": "x"}]', b""],
    ids=["text", "other JSON", "bad session", "empty"],
)
def test_import_of_something_else_says_what_it_expected_and_changes_nothing(
    tmp_path: Path,
    cli,
    home: Path,
    content: bytes,  # type: ignore[no-untyped-def]
) -> None:
    two_years(home)
    before = files(home)
    source = tmp_path / "thing.json"
    source.write_bytes(content)
    code, out, err = cli("history", "import", str(source))
    assert code == 1 and out == ""
    assert "nothing was imported" in err and "expected a lowback history" in err
    assert "Traceback" not in err
    assert files(home) == before


# The command line ------------------------------------------------------------------------------


def test_history_lists_the_latest_twenty_unless_told(tmp_path: Path, cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    now = PINNED_NOW
    repo = open_repo(home)
    repo.put_many(
        [finished(f"s{n}", (now - dt.timedelta(days=n)).isoformat()) for n in range(30)],  # type: ignore[misc]
        set(),
    )
    repo.close()
    code, out, err = cli("history")
    assert code == 0 and len(out.splitlines()) == 21  # the header and 20 sessions
    assert "20 newest of 30 sessions" in err
    assert len(cli("history", "--all")[1].splitlines()) == 31
    assert len(cli("history", "--since", "10d")[1].splitlines()) in (11, 12)  # that day too
    since = (now - dt.timedelta(days=4)).date().isoformat()
    assert len(cli("history", "--since", since)[1].splitlines()) in (6, 7)
    assert len(json.loads(cli("history", "--json")[1])) == 20
    code, _, err = cli("history", "--since", "last week")
    assert code == 1 and "or a date such as 2026-03-01" in err


def test_streak_json_and_format(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    now = PINNED_NOW
    repo = HistoryRepository(home, sync=True)
    repo.open()
    repo.put_many([finished("today", now.isoformat())], set())  # type: ignore[list-item]
    repo.close()
    code, out, _ = cli("streak", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["current"] == 1 and figures["best"] == 1
    assert figures["today"] == "done" and figures["goal"] == 3 and figures["week"] == 1
    code, out, _ = cli("streak", "--format", "{fire}{current} {best} {week}/{goal} {today}")
    assert (code, out) == (0, "🔥1 1 1/3 done\n")
    code, _, err = cli("streak", "--format", "{streak}")
    assert code == 1 and "unknown field {streak}" in err and "current, best" in err


def test_streak_loads_nothing_heavy(home: Path) -> None:
    two_years(home)
    probe = (
        "import sys; from lowback_tui.cli.main import main; main(['streak']); "
        "heavy = sorted(({m.split('.')[0] for m in sys.modules} & "
        "{'tinydb', 'pendulum', 'textual', 'rich', 'platformdirs', 'dataclasses', 'argparse', "
        "'inspect', 'secrets'}) | ({m for m in sys.modules} & "
        "{'lowback_tui.services.cues.service', 'lowback_tui.services.settings', "
        "'lowback_tui.core.records'})); print(heavy)"
    )
    # These cost a prompt line as much as its own work (dataclasses pulls in inspect, atomic
    # writes pull in secrets); benchmarks/streak.py measures the time itself.
    (home / "settings.toml").write_text("weekly_goal = 4\n")
    env = {**os.environ, "LOWBACK_HOME": str(home), "TZ": TZ}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_interrupted_session_in_an_old_year_is_recovered(tmp_path: Path) -> None:
    repo = open_repo(tmp_path)
    repo.start_session(make_session("eve", "2025-12-31T22:00:00+01:00"))
    repo.record_hold("eve", make_hold(0), 5.0)
    # The process dies here.
    again = HistoryRepository(tmp_path, sync=True, tz=TZ)
    [record] = again.open()
    assert (record.id, record.status, len(record.holds)) == ("eve", INTERRUPTED, 1)
    assert again.newest() is not None and again.newest().status == INTERRUPTED  # type: ignore[union-attr]


def test_the_index_counts_the_statuses_the_records_store() -> None:
    from lowback_tui.core.records import Outcome, Status
    from lowback_tui.store import index

    assert (index.COMPLETED, index.SKIPPED) == (Status.COMPLETED, Outcome.SKIPPED)


def test_an_index_from_an_earlier_lowback_is_built_anew_quietly(tmp_path: Path) -> None:
    """Schema 1 rows had no step facts: the index is derived, so an upgrade rebuilds it
    without a warning and without setting anything aside."""
    two_years(tmp_path)
    history = tmp_path / "history"
    top = json.loads((history / "index.json").read_text())
    top["schema"] = 1
    (history / "index.json").write_text(json.dumps(top))
    for rows_file in (history / "index").glob("*.json"):
        rows = json.loads(rows_file.read_text())
        rows["schema"], rows["rows"] = 1, [row[:-1] for row in rows["rows"]]
        rows_file.write_text(json.dumps(rows))
    repo = open_repo(tmp_path)
    assert repo.warning is None
    assert not list(history.glob("index.corrupt-*"))
    assert json.loads((history / "index.json").read_text())["schema"] == INDEX_SCHEMA
    first = next(iter(repo.progress_facts({"floor-five"})), None)
    assert first is not None and first[1].steps  # each row has its steps' facts again
    repo.close()


PUSH_LADDER = (
    'name = "T"\nprepare = "5s"\nrest = "3s"\n'
    '[[step]]\nname = "Push-ups"\nkind = "reps"\ntarget = [20, 30, 40]\nadvance_after = 2\n'
    '[[step]]\nname = "Plank"\nkind = "hold"\nhold = "30s+"\n'
)


# Filed under 2026 (local New Year at UTC+14) yet earlier than two 2025 sessions at UTC-5:
# read a year file at a time, the hurt would come last and undo the climb it precedes.
CROSSING = [(35, 14, 30, True, "t"), (42, -5, 30, False, "t"), (44, -5, 30, False, "t")]


@hypothesis.settings(max_examples=40, deadline=None)
@hypothesis.example(CROSSING)
@hypothesis.given(
    st.lists(
        st.tuples(
            st.integers(0, 48),  # hours after 2025-12-30 00:00 UTC: around New Year
            st.sampled_from([-11, -5, 0, 1, 9, 14]),  # the offset it was started at
            st.integers(15, 45),  # push-ups done
            st.booleans(),  # "this hurts" at the push-ups
            st.sampled_from(["t", "other"]),  # the routine
        ),
        max_size=14,
    )
)
def test_the_index_streams_targets_equal_to_reading_every_session(draws) -> None:  # type: ignore[no-untyped-def]
    """Coaching reads step facts from the index, oldest first across year files (a session's
    year is its own local one); the targets must be those of the sessions in full."""
    from lowback_tui.core.progression import today
    from lowback_tui.core.routine import parse_routine
    from lowback_tui.services.coach import Coach

    ladder = parse_routine(PUSH_LADDER, routine_id="t", source="t.toml")
    with tempfile.TemporaryDirectory() as folder:
        repo = open_repo(Path(folder))
        base = dt.datetime(2025, 12, 30, tzinfo=dt.UTC)
        records = []
        for number, (hours, offset, count, hurt, routine_id) in enumerate(draws):
            start = (base + dt.timedelta(hours=hours)).astimezone(
                dt.timezone(dt.timedelta(hours=offset))
            )
            record = dataclasses.replace(
                make_session(f"s{number:02d}", start.isoformat()),
                routine_id=routine_id,
                status=HURT if hurt else COMPLETED,
                hurt_step="Push-ups" if hurt else None,
                holds=(
                    dataclasses.replace(make_hold(0), step_name="Push-ups", kind="reps",
                                        held_seconds=None, count_done=count, outcome=DONE),
                    dataclasses.replace(make_hold(1), step_name="Plank", kind="hold",
                                        held_seconds=float(count)),
                ),
            )  # fmt: skip
            records.append(record)
        repo.put_many(records, set())
        coach = Coach(lambda: repo, lambda: dt.date(2026, 1, 2), lambda: "UTC")
        assert coach.targets(ladder).progress == today(ladder, repo.sessions())
        repo.close()


def test_the_index_top_copies_every_field_all_the_way_down() -> None:
    """A change of the index is made on a copy: every field is in it (a field added later
    too), and changing the copy leaves the top the app reads as it was."""
    from lowback_tui.store.index import IndexTop, YearEntry

    day = dt.date(2026, 3, 2)
    top = IndexTop(
        tz="Europe/Paris",
        years={2026: YearEntry((1, 2, 3), 4)},
        open_session=("s1", 2026),
        rest_days={day},
        spans=[(day, day)],
        recent={day: 1},
        bests={"floor-five": {"Plank": [30.0, None]}},
        best_days={"floor-five": {"Plank": ["2026-03-02T08:00:00+01:00", None]}},
    )
    copy = top.copy()
    assert {name: getattr(copy, name) for name in IndexTop.__slots__} == {
        name: getattr(top, name) for name in IndexTop.__slots__
    }
    copy.years[2027] = YearEntry(None, 0)
    copy.rest_days.add(day + dt.timedelta(days=1))
    copy.spans.append((day, day))
    copy.recent[day] = 2
    copy.bests["floor-five"]["Plank"][0] = 60.0
    copy.best_days["floor-five"]["Plank"][0] = None
    assert top.years == {2026: YearEntry((1, 2, 3), 4)}
    assert top.rest_days == {day} and top.spans == [(day, day)] and top.recent == {day: 1}
    assert top.bests == {"floor-five": {"Plank": [30.0, None]}}
    assert top.best_days == {"floor-five": {"Plank": ["2026-03-02T08:00:00+01:00", None]}}
