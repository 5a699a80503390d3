"""Hostile cases, class by class: `lowback history import` and the first layout's conversion
never lose a session (issue 24, part 3). Each test is one class, over every form found."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from terminal_run import TERMINAL
from test_store import make_hold, make_session

from devkit.seed import seed_v1
from lowback_tui.core.records import COMPLETED, SessionRecord
from lowback_tui.store import years as years_module
from lowback_tui.store.codec import session_to_doc
from lowback_tui.store.repository import HistoryRepository

Cli = Callable[..., tuple[int, str, str]]
TZ = "Europe/Berlin"
START = "2026-03-01T08:00:00+01:00"


def finished(
    session_id: str, started_at: str = START, holds: int = 2, **changes: object
) -> SessionRecord:
    record = make_session(
        session_id,
        started_at,
        status=COMPLETED,
        ended_at=started_at,
        holds=tuple(make_hold(index) for index in range(holds)),
        active_seconds=10.0 * holds,
    )
    return dataclasses.replace(record, **changes)  # type: ignore[no-any-return]


def seed(home: Path, records: list[SessionRecord], rest_days: set[dt.date] = set()) -> None:  # noqa: B006
    repo = HistoryRepository(home, sync=True, tz=TZ)
    repo.open()
    repo.put_many(records, set(rest_days))
    repo.close()


def sessions_of(home: Path) -> dict[str, SessionRecord]:
    repo = HistoryRepository(home, sync=True, tz=TZ, read_only=True)
    repo.open()
    try:
        return {record.id: record for record in repo.iter_sessions()}
    finally:
        repo.close()


def files(home: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file() and path.name != "lowback.lock"  # the lock is taken, then let go
    }


def export_file(path: Path, records: list[SessionRecord], rest_days: list[object] = []) -> Path:  # noqa: B006
    path.write_text(
        json.dumps({"sessions": [session_to_doc(r) for r in records], "rest_days": rest_days})
    )
    return path


@pytest.fixture(autouse=True)
def _zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", TZ)


def refused(cli: Cli, home: Path, source: Path, *words: str) -> str:
    before = files(home)
    code, out, err = cli("history", "import", str(source))
    assert code == 1 and out == "", (out, err)
    assert "nothing was imported" in err and "Traceback" not in err
    for word in words:
        assert word in err, (word, err)
    assert files(home) == before  # nothing touched
    return err


# Class: the right JSON, wrong shapes -------------------------------------------------------------

GOOD = session_to_doc(finished("theirs"))
SHAPES: dict[str, object] = {
    "sessions a string": {"meta": {"1": {"schema": 1}}, "sessions": "lots"},
    "sessions a number": {"meta": {"1": {"schema": 1}}, "sessions": 7},
    "meta a list": {"meta": [1, 2], "sessions": {"1": GOOD}},
    "meta a string": {"meta": "v1", "sessions": {"1": GOOD}},
    "doc id not digits": {"meta": {"1": {"schema": 1}}, "sessions": {"one": GOOD}},
    "doc id negative": {"meta": {"1": {"schema": 1}}, "sessions": {"-1": GOOD}},
    "session a list": {"meta": {"1": {"schema": 1}}, "sessions": {"1": [GOOD]}},
    "rest_days a number (history)": {"meta": {"1": {"schema": 1}}, "rest_days": 5},
    "rest day a table (history)": {
        "meta": {"1": {"schema": 1}},
        "rest_days": {"1": {"day": {"y": 2026}}},
    },
    "rest_days a number (export)": {"sessions": [GOOD], "rest_days": 5},
    "rest_days a string (export)": {"sessions": [GOOD], "rest_days": "2026-03-01"},
    "rest days tables (export)": {"sessions": [GOOD], "rest_days": [{"day": "2026-03-01"}]},
    "session a string (export)": {"sessions": ["theirs"]},
    "holds a string": {"sessions": [{**GOOD, "holds": "many"}]},
    "hold a number": {"sessions": [{**GOOD, "holds": [3]}]},
    "id a number": {"sessions": [{**GOOD, "id": 7}]},
    "start a week date": {"sessions": [{**GOOD, "started_at": "2026-W01-1T08:00:00"}]},
    "start in year 1": {"sessions": [{**GOOD, "started_at": "0001-01-01T08:00:00+00:00"}]},
    "a session twice, differently": {"sessions": [GOOD, {**GOOD, "note": "other"}]},
}


@pytest.mark.parametrize("content", SHAPES.values(), ids=SHAPES.keys())
def test_an_import_of_wrong_shapes_says_what_is_wrong_where_and_touches_nothing(
    tmp_path: Path, cli: Cli, home: Path, content: object
) -> None:
    seed(home, [finished("ours")], {dt.date(2026, 3, 2)})
    source = tmp_path / "other.json"
    source.write_text(json.dumps(content))
    refused(cli, home, source, str(source))


# Class: rest days in odd forms -----------------------------------------------------------------

ODD_DAYS = [
    "2026-W01-1",
    "2026-060",
    "0001-01-01",
    "1-01-01",
    "20260301",
    "2026-3-1",
    "9999-12-31",
    "2026-03-01T00:00:00",
    " 2026-03-01",
    "2026-02-30",
    "１２３４-01-01",
]


@pytest.mark.parametrize("day", ODD_DAYS)
def test_rest_days_are_plain_dates_in_the_years_lowback_shows_or_refused(
    tmp_path: Path, cli: Cli, home: Path, day: str
) -> None:
    seed(home, [finished("ours")])
    source = export_file(tmp_path / "days.json", [], ["2026-03-02", day])
    refused(cli, home, source, "rest day 2", "expected a day like 2026-03-01")
    assert sorted(p.name for p in (home / "history").glob("*.json")) == ["2026.json", "index.json"]
    # The same day in a first-layout file is refused too.
    v1 = tmp_path / "history.json"
    v1.write_text(json.dumps({"meta": {"1": {"schema": 1}}, "rest_days": {"1": {"day": day}}}))
    refused(cli, home, v1, str(v1))


# Class: colliding ids (the merge rule) ---------------------------------------------------------


def test_a_copy_with_one_more_hold_is_merged_and_keeps_our_note_and_pain(
    tmp_path: Path, cli: Cli, home: Path
) -> None:
    ours = finished("s", holds=5, note="left side tight", pain_before=4, pain_after=2)
    seed(home, [ours])
    theirs = finished("s", holds=6)  # the other device saw one more hold, no answers
    code, out, _ = cli("history", "import", str(export_file(tmp_path / "t.json", [theirs])))
    assert code == 0 and "merged in" in out and "  s\n" in out
    kept = sessions_of(home)["s"]
    assert len(kept.holds) == 6 and kept.note == "left side tight"
    assert (kept.pain_before, kept.pain_after) == (4, 2)


def test_a_real_conflict_keeps_both_copies_says_so_and_a_second_import_adds_nothing(
    tmp_path: Path, cli: Cli, home: Path
) -> None:
    seed(home, [finished("s", note="ours"), finished("t", pain_after=2)])
    source = export_file(
        tmp_path / "t.json", [finished("s", note="theirs"), finished("t", pain_after=5)]
    )
    code, out, _ = cli("history", "import", str(source))
    assert code == 0 and "2 sessions differed" in out and "both copies are kept" in out
    assert "s: the imported copy is s-imported" in out
    stored = sessions_of(home)
    assert stored["s"].note == "ours" and stored["s-imported"].note == "theirs"
    assert stored["t"].pain_after == 2 and stored["t-imported"].pain_after == 5
    before = files(home)
    code, out, _ = cli("history", "import", str(source))
    assert code == 0 and "Imported 0 new sessions" in out and "2 were here already" in out
    assert files(home) == before


@pytest.mark.parametrize(
    "ours_id, theirs_id",
    [
        ("Morning", "morning"),
        ("café", unicodedata.normalize("NFD", "café")),
        ("straße", "strasse"),
        ("ǅ", "ǆ"),
    ],
    ids=["case", "NFD", "sharp s", "titlecase"],
)
def test_ids_that_would_read_as_one_are_refused(
    tmp_path: Path, cli: Cli, home: Path, ours_id: str, theirs_id: str
) -> None:
    seed(home, [finished(ours_id)])
    source = export_file(tmp_path / "t.json", [finished(theirs_id)])
    refused(cli, home, source, "lowback reads them as one session")
    # Two of them in one file are refused as well, even with no history here.
    both = export_file(tmp_path / "both.json", [finished(ours_id), finished(theirs_id)])
    refused(cli, home, both, "lowback reads them as one session")
    # Exactly the same id is the same session: compared exactly as stored.
    code, out, _ = cli(
        "history", "import", str(export_file(tmp_path / "s.json", [finished(ours_id)]))
    )
    assert code == 0 and "1 was here already" in out


# Class: import of itself, twice, of what is not a file ----------------------------------------


@pytest.mark.parametrize("kind", ["itself", "its folder", "a FIFO", "a directory", "/dev/zero"])
def test_import_of_itself_or_of_no_file_loses_nothing(
    tmp_path: Path, cli: Cli, home: Path, kind: str
) -> None:
    seed(home, [finished("a"), finished("b", "2025-05-01T08:00:00+02:00")], {dt.date(2026, 3, 2)})
    before = sessions_of(home)
    if kind in ("itself", "its folder"):
        source = home / "history" / "2026.json" if kind == "itself" else home
        for _ in range(2):
            code, out, err = cli("history", "import", str(source))
            assert code == 0 and "Imported 0 new sessions and 0 rest days" in out, err
        assert sessions_of(home) == before
        return
    if kind == "a FIFO":
        source = tmp_path / "pipe"
        os.mkfifo(source)
    elif kind == "a directory":
        source = tmp_path / "empty-folder"
        source.mkdir()
    else:
        source = Path("/dev/zero")
    refused(cli, home, source, str(source))
    assert sessions_of(home) == before


# Class: an import is one pass per year file ------------------------------------------------------


def test_a_second_import_reads_each_year_file_once(
    tmp_path: Path, cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        finished(f"s{n}", f"{2020 + n % 5}-03-{1 + n % 28:02d}T08:00:00+01:00") for n in range(400)
    ]
    source = export_file(tmp_path / "t.json", records)
    assert cli("history", "import", str(source))[0] == 0
    reads: list[Path] = []
    original = years_module.read_year

    def counted(path: Path):  # type: ignore[no-untyped-def]
        reads.append(path)
        return original(path)

    monkeypatch.setattr("lowback_tui.store.importer.read_year", counted)
    code, out, _ = cli("history", "import", str(source))
    assert code == 0 and "400 were here already" in out
    assert len(reads) == len(set(reads)) == 5  # one read of each year file, not one per session


# Class: the first layout's conversion beside year files ---------------------------------------


def v1_file(home: Path, records: list[SessionRecord]) -> None:
    sessions = {str(n): session_to_doc(r) for n, r in enumerate(records, start=1)}
    (home / "history.json").write_text(
        json.dumps({"meta": {"1": {"schema": 1}}, "sessions": sessions})
    )


def test_an_older_history_json_never_replaces_a_newer_year_copy(tmp_path: Path) -> None:
    home = tmp_path / "home"
    seed(home, [finished("s", holds=6, note="felt good"), finished("c", note="year file")])
    v1_file(home, [finished("s", holds=2), finished("c", note="v1 file"), finished("new")])
    repo = HistoryRepository(home, sync=True, tz=TZ)
    repo.open()
    assert "'c' differed in history.json and in 2026.json" in (repo.warning or "")
    repo.close()
    stored = sessions_of(home)
    assert len(stored["s"].holds) == 6 and stored["s"].note == "felt good"
    assert stored["c"].note == "year file" and stored["c-imported"].note == "v1 file"
    assert "new" in stored and (home / "history.v1.json").exists()


def test_history_import_that_converts_first_says_so(tmp_path: Path, cli: Cli, home: Path) -> None:
    home.mkdir()
    v1_file(home, [finished("old-1"), finished("old-2")])
    code, out, _ = cli("history", "import", str(export_file(tmp_path / "t.json", [finished("x")])))
    assert code == 0
    assert out.index("now has one file per year") < out.index("Imported 1 new session")
    assert set(sessions_of(home)) == {"old-1", "old-2", "x"}


# Class: kills during the conversion and during an import ---------------------------------------

REPO = Path(__file__).resolve().parent.parent
CONVERT = (
    "import sys; from pathlib import Path; "
    "from lowback_tui.store.repository import HistoryRepository; "
    "HistoryRepository(Path(sys.argv[1]), sync=True, tz='UTC').open()"
)


def readable(home: Path) -> set[str]:
    """Every session a reader finds right after a kill (as `lowback history` would)."""
    repo = HistoryRepository(home, sync=True, tz="UTC", read_only=True)
    repo.open()
    try:
        ids = [row.id for row in repo.summaries()]
        assert len(ids) == len(set(ids))
        return set(ids)
    finally:
        repo.close()


def kill_mid_write(argv: list[str], home: Path) -> bool:
    """Run `argv`, freeze and kill it while a year file is being written; False if it ended."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC", "LOWBACK_HOME": str(home)}
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    give_up = time.monotonic() + 60
    try:
        while process.poll() is None and time.monotonic() < give_up:
            if list((home / "history").glob(f".*.json.{process.pid}.*.tmp")):
                os.kill(process.pid, signal.SIGSTOP)
                os.kill(process.pid, signal.SIGKILL)
                return True
            time.sleep(0.0005)
        return False
    finally:
        process.wait(10)


@TERMINAL
@pytest.mark.parametrize("what", ["conversion", "import"])
def test_kills_again_and_again_leave_every_session_readable_and_all_there_at_the_end(
    tmp_path: Path, what: str
) -> None:
    home = tmp_path / "home"
    newest = dt.datetime(2026, 5, 1, 8, tzinfo=dt.UTC)
    if what == "conversion":
        seed_v1(home, 2200, newest=newest)  # four years
        expected = readable(home)
        argv = [sys.executable, "-c", CONVERT, str(home)]
    else:
        seed(
            home, [finished(f"ours-{n}", f"2024-0{1 + n % 9}-01T08:00:00+01:00") for n in range(50)]
        )
        seed_v1(tmp_path / "laptop", 2200, newest=newest)
        incoming = readable(tmp_path / "laptop")
        argv = [
            sys.executable,
            "-m",
            "lowback_tui",
            "history",
            "import",
            str(tmp_path / "laptop" / "history.json"),
        ]
        expected = readable(home)
    assert len(expected) in (50, 2200)
    kills = 0
    for _ in range(6):
        if not kill_mid_write(argv, home):
            break
        kills += 1
        assert expected <= readable(home)  # after each kill: every session there before
    assert kills >= 2, "no kill landed in the middle of a write"
    env = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC", "LOWBACK_HOME": str(home)}
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)
    final = readable(home)
    if what == "conversion":
        assert final == expected and not (home / "history.json").exists()
    else:
        assert final == expected | incoming
