"""Hostile cases, class by class: the year files and the index under damage, odd names, links
and copies (issue 24, part 4). Each class is one test, run over every surface that reads the
history: no traceback, nothing written through a link, nothing lost, a sentence naming the file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_store import make_hold, make_session

from lowback_tui.core.records import COMPLETED, SessionRecord
from lowback_tui.store.index_io import write_json
from lowback_tui.store.repository import HistoryRepository

Cli = Callable[..., tuple[int, str, str]]
TZ = "UTC"
SESSIONS = {
    "a25": "2025-06-01T08:00:00+00:00",
    "b26": "2026-03-01T08:00:00+00:00",
    "c26": "2026-03-02T08:00:00+00:00",
}

SURFACES = {
    "history": ("history", "--all"),
    "history --json": ("history", "--all", "--json"),
    "export json": ("export", "--format", "json"),
    "export csv": ("export", "--format", "csv"),
    "streak": ("streak", "--json"),
    "insights": ("insights", "--json"),
    "report md": ("report", "--format", "md", "--since", "2020-01-01"),
    "the app": (),
}


def finished(session_id: str, started_at: str, **changes: object) -> SessionRecord:
    record = make_session(
        session_id,
        started_at,
        status=COMPLETED,
        ended_at=started_at,
        holds=(make_hold(0), make_hold(1)),
        active_seconds=20.0,
        note=f"note of {session_id}",
    )
    return dataclasses.replace(record, **changes)  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", TZ)


def seed(home: Path) -> None:
    repo = HistoryRepository(home, sync=True, tz=TZ)
    repo.open()
    repo.put_many([finished(sid, start) for sid, start in SESSIONS.items()], {dt.date(2026, 3, 3)})
    repo.close()


def open_app(home: Path) -> HistoryRepository:
    repo = HistoryRepository(home, sync=True, tz=TZ)
    repo.open()
    return repo


def run(cli: Cli, home: Path, surface: tuple[str, ...]) -> tuple[int, str, str]:
    if surface:
        return cli(*surface)
    repo = open_app(home)  # what the app does when it starts, and its history list
    try:
        ids = [row.id for row in repo.summaries()]
        assert len(ids) == len(set(ids)), ids
        return 0, "\n".join(ids), repo.warning or ""
    finally:
        repo.close()


def year_doc(home: Path, year: int) -> dict:  # type: ignore[type-arg]
    return json.loads((home / "history" / f"{year}.json").read_text())  # type: ignore[no-any-return]


def put_year_doc(home: Path, year: int, doc: object) -> None:
    (home / "history" / f"{year}.json").write_text(json.dumps(doc))


def all_ids(home: Path) -> list[str]:
    repo = open_app(home)
    try:
        return sorted(record.id for record in repo.iter_sessions())
    finally:
        repo.close()


def surfaces(test: Callable[..., None]) -> Callable[..., None]:
    return pytest.mark.parametrize("surface", SURFACES.values(), ids=SURFACES.keys())(test)


def clean(code: int, err: str, *names: str) -> None:
    """No traceback; a refusal names the file it is about."""
    assert code in (0, 1) and "Traceback" not in err, err
    if code == 1:
        assert any(name in err for name in names), (names, err)


# Class: a folder inside history/ that is a link out of the home --------------------------------


@surfaces
def test_a_link_out_of_the_home_inside_history_is_never_written_or_deleted_through(
    tmp_path: Path, cli: Cli, home: Path, surface: tuple[str, ...]
) -> None:
    seed(home)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for name in ("2024.json", "2030.json", "notes.txt"):
        (outside / name).write_text(f"someone else's {name}")
    before = {path.name: path.read_bytes() for path in outside.iterdir()}
    shutil.rmtree(home / "history" / "index")
    (home / "history" / "index").symlink_to(outside)
    os.unlink(home / "history" / "index.json")  # the index must be rebuilt: rows are written
    code, _, err = run(cli, home, surface)
    clean(code, err, "history")
    code, _, err = run(cli, home, ())  # and the app, after it
    assert {path.name: path.read_bytes() for path in outside.iterdir()} == before
    assert all_ids(home) == sorted(SESSIONS)


# Class: one id in two year files, a session in the wrong year's file ----------------------------


@pytest.mark.parametrize("content", ["same", "more", "other"])
@surfaces
def test_one_session_in_two_year_files_is_shown_once_and_nothing_is_lost(
    cli: Cli, home: Path, surface: tuple[str, ...], content: str
) -> None:
    seed(home)
    copy = year_doc(home, 2026)["sessions"]["1"]
    if content == "more":
        copy["holds"].append(dict(copy["holds"][-1], index=2))
    elif content == "other":
        copy["note"] = "a different note"
    doc = year_doc(home, 2025)
    doc["sessions"]["9"] = copy
    put_year_doc(home, 2025, doc)
    code, out, err = run(cli, home, surface)
    clean(code, err, "2025.json")
    if code == 0 and surface in (SURFACES["history --json"], SURFACES["export json"]):
        assert out.count(f'"id": "{copy["id"]}"') == 1
    run(cli, home, ())  # the app puts it right, and says so
    repo = open_app(home)
    records = {record.id: record for record in repo.iter_sessions()}
    repo.close()
    kept = records[copy["id"]]
    assert kept.started_at.startswith("2026")
    if content == "more":
        assert len(kept.holds) == 3 and set(records) == set(SESSIONS)
    elif content == "other":
        assert records[f"{copy['id']}-imported"].note == "a different note"
    else:
        assert set(records) == set(SESSIONS)
    assert copy["id"] not in {doc["id"] for doc in year_doc(home, 2025)["sessions"].values()}


@surfaces
def test_a_session_in_the_wrong_years_file_is_moved_and_stays_deleted(
    cli: Cli, home: Path, surface: tuple[str, ...]
) -> None:
    seed(home)
    doc26 = year_doc(home, 2026)
    moved = doc26["sessions"].pop("1")
    put_year_doc(home, 2026, doc26)
    doc25 = year_doc(home, 2025)
    doc25["sessions"]["5"] = moved
    put_year_doc(home, 2025, doc25)
    code, _, err = run(cli, home, surface)
    clean(code, err, "2025.json")
    assert all_ids(home) == sorted(SESSIONS)
    repo = open_app(home)
    repo.delete_session(moved["id"])
    repo.close()
    assert all_ids(home) == sorted(set(SESSIONS) - {moved["id"]})  # it does not come back


# Class: document ids that TinyDB reads as one --------------------------------------------------


@surfaces
def test_document_ids_007_and_7_keep_both_sessions_through_a_write(
    cli: Cli, home: Path, surface: tuple[str, ...]
) -> None:
    seed(home)
    doc = year_doc(home, 2026)
    first, second = doc["sessions"].values()
    doc["sessions"] = {"007": first, "7": second}
    put_year_doc(home, 2026, doc)
    code, _, err = run(cli, home, surface)
    clean(code, err, "2026.json")
    repo = open_app(home)
    repo.toggle_rest_day(dt.date(2026, 3, 9))  # a write of 2026.json
    repo.close()
    assert all_ids(home) == sorted(SESSIONS)


# Class: index values of the wrong type, edited by hand, odd index names -------------------------

INDEX_DAMAGE = {
    "bests a string": lambda top: {**top, "bests": "fast"},
    "bests a number": lambda top: {**top, "bests": 7},
    "a best a string": lambda top: {**top, "bests": {"floor-five": {"Bird dog": "10"}}},
    "years a list": lambda top: {**top, "years": [2026]},
    "sessions a string": lambda top: {
        **top,
        "years": {y: {**e, "sessions": "3"} for y, e in top["years"].items()},
    },
    "spans edited": lambda top: {**top, "spans": [["2026-01-01", "2026-03-02"]]},
    "a year missing": lambda top: {
        **top,
        "years": {y: e for y, e in top["years"].items() if y != "2025"},
    },
    "a year too many": lambda top: {
        **top,
        "years": {**top["years"], "2031": {"source": [1, 2, 3], "sessions": 4}},
    },
}


@pytest.mark.parametrize("signed", [True, False], ids=["check recomputed", "check left"])
@pytest.mark.parametrize("damage", INDEX_DAMAGE.values(), ids=INDEX_DAMAGE.keys())
@surfaces
def test_an_index_that_is_wrong_is_rebuilt_never_believed(
    cli: Cli,
    home: Path,
    surface: tuple[str, ...],
    damage: Callable[[dict], dict],  # type: ignore[type-arg]
    signed: bool,
) -> None:
    seed(home)
    path = home / "history" / "index.json"
    top = json.loads(path.read_text())
    del top["check"]
    if signed:
        write_json(path, damage(top))
    else:
        path.write_text(json.dumps(damage(top)))
    code, out, err = run(cli, home, surface)
    clean(code, err, "index")
    if surface == SURFACES["streak"]:
        assert code == 0 and json.loads(out)["current"] == 0  # no streak from invented spans
    assert all_ids(home) == sorted(SESSIONS)


@pytest.mark.parametrize("name", ["²⁰²⁶.json", "٢٠٢٦.json", "0000.json", "-1.json", "2026.json.x"])
@surfaces
def test_odd_names_in_the_rows_folder_change_nothing(
    cli: Cli, home: Path, surface: tuple[str, ...], name: str
) -> None:
    seed(home)
    (home / "history" / "index" / name).write_text("{}")
    code, _, err = run(cli, home, surface)
    clean(code, err, name)
    assert all_ids(home) == sorted(SESSIONS)


# Class: files named like year files that are not ones ------------------------------------------


@pytest.mark.parametrize("name", ["0000.json", "-1.json", "٢٠٢٦.json", "1.json", "99999.json"])
@surfaces
def test_a_file_named_like_a_year_is_named_the_same_way_on_every_surface(
    cli: Cli, home: Path, surface: tuple[str, ...], name: str
) -> None:
    seed(home)
    odd = home / "history" / name
    shutil.copy(home / "history" / "2026.json", odd)
    code, _, err = run(cli, home, surface)
    assert "Traceback" not in err
    if surface == SURFACES["streak"]:  # the prompt line shows its figures, never the files
        assert code == 0
    else:
        assert str(odd) in err and "is not a year file lowback reads" in err
    assert odd.exists()  # left as it is: it may be the person's own copy
    assert all_ids(home) == sorted(SESSIONS)


# Class: leftovers, FIFOs and links where year files are ----------------------------------------


@pytest.mark.parametrize("kind", ["temp leftover", "FIFO", "link out", "empty", "truncated"])
@surfaces
def test_a_year_file_that_is_not_one_is_said_and_the_rest_is_kept(
    tmp_path: Path, cli: Cli, home: Path, surface: tuple[str, ...], kind: str
) -> None:
    seed(home)
    year = home / "history" / "2025.json"
    if kind == "temp leftover":
        (home / "history" / ".2026.json.999999999.abcd1234.tmp").write_text('{"half')
    elif kind == "FIFO":
        year.unlink()
        os.mkfifo(year)
    elif kind == "link out":
        target = tmp_path / "theirs.json"
        target.write_text("not a history")
        year.unlink()
        year.symlink_to(target)
    elif kind == "empty":
        year.write_bytes(b"")
    else:
        year.write_bytes(year.read_bytes()[:40])
    code, _, err = run(cli, home, surface)
    clean(code, err, "2025.json")
    if kind == "link out":
        assert (tmp_path / "theirs.json").read_text() == "not a history"
    ids = all_ids(home)
    assert {"b26", "c26"} <= set(ids)
    if kind == "temp leftover":
        assert ids == sorted(SESSIONS)


# Class: the journal truncated, or from the future ---------------------------------------------


@pytest.mark.parametrize("kind", ["truncated", "newer schema", "empty", "a list"])
@surfaces
def test_a_bad_journal_is_said_and_loses_no_saved_session(
    cli: Cli, home: Path, surface: tuple[str, ...], kind: str
) -> None:
    seed(home)
    journal = home / "session.json"
    good = json.dumps({"schema": 1, "session": {"id": "run", "routine_id": "x"}})
    journal.write_text(
        {
            "truncated": good[: len(good) // 2],
            "newer schema": json.dumps({"schema": 9, "session": {}}),
            "empty": "",
            "a list": "[]",
        }[kind]
    )
    code, _, err = run(cli, home, surface)
    clean(code, err, "session.json")
    assert all_ids(home) == sorted(SESSIONS)
