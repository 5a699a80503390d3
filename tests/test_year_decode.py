"""The fast year-file decoder: the same records as the careful path, for files the index
vouches for; every other file, and anything msgspec refuses, goes the careful way."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

import msgspec

from devkit.seed import seeded_session, write_history
from lowback_tui.store import year_decode
from lowback_tui.store.index import fingerprint
from lowback_tui.store.years import read_year

START = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def _year(tmp_path: Path) -> Path:
    records = [seeded_session(n, START + dt.timedelta(hours=n)) for n in range(1, 6)]
    write_history(tmp_path, reversed(records), tz="UTC")
    return tmp_path / "history" / "2026.json"


def _careful(path: Path) -> list[object]:
    history = read_year(path)
    try:
        return sorted(history.records(), key=lambda r: r.id)
    finally:
        history.close()


def test_a_vouched_file_decodes_to_the_careful_paths_records(tmp_path, monkeypatch):
    path = _year(tmp_path)
    used: list[bool] = []
    decode = year_decode.decode_known
    monkeypatch.setattr(year_decode, "decode_known", lambda raw: used.append(True) or decode(raw))
    fast = sorted(year_decode.year_records(path, fingerprint(path)), key=lambda r: r.id)
    assert used == [True]
    assert fast == _careful(path)
    assert [msgspec.json.encode(r) for r in fast] == [
        msgspec.json.encode(r) for r in _careful(path)
    ]


def test_keys_an_older_file_lacks_take_their_defaults_in_the_record_itself(tmp_path):
    path = _year(tmp_path)
    data = json.loads(path.read_text())
    for doc in data["sessions"].values():
        del doc["note"]
        for hold in doc["holds"]:
            del hold["reason"]  # written before holds had a reason
    path.write_text(json.dumps(data))
    [first, *_] = year_decode.year_records(path, fingerprint(path))
    # In the record, not only the class: anything that lists its fields finds them.
    assert vars(first)["note"] == "" and vars(first.holds[0])["reason"] is None
    assert json.loads(msgspec.json.encode(first))["holds"][0]["reason"] is None
    assert dataclasses.asdict(first)["note"] == ""


def test_a_file_changed_since_the_index_was_made_goes_the_careful_way(tmp_path):
    path = _year(tmp_path)
    known = fingerprint(path)
    data = json.loads(path.read_text())
    next(iter(data["sessions"].values()))["holds"][0]["held_seconds"] = -5.0  # damage
    path.write_text(json.dumps(data))
    os.utime(path, ns=(1, 1))
    assert fingerprint(path) != known
    # The careful path refuses the negative duration: the year reads as unreadable ([]),
    # as it always has; the fast decoder would have taken the number.
    assert year_decode.year_records(path, known) == []
    assert year_decode.year_records(path, fingerprint(path)) != []  # vouched: trusted


def test_what_msgspec_refuses_is_left_to_the_careful_path(tmp_path):
    path = _year(tmp_path)
    data = json.loads(path.read_text())
    next(iter(data["sessions"].values()))["pain_before"] = True  # a bool is no pain score
    raw = json.dumps(data).encode()
    assert year_decode.decode_known(raw) is None
    unknown_table = json.dumps({**json.loads(raw), "junk": 5}).encode()
    assert year_decode.decode_known(unknown_table) is None
    assert year_decode.decode_known(b'{"meta": {"1": {"schema": 2}}, "sessions": {}}') is None


def test_a_start_lowback_cannot_place_makes_the_year_unreadable_either_way(tmp_path):
    path = _year(tmp_path)
    data = json.loads(path.read_text())
    next(iter(data["sessions"].values()))["started_at"] = "1899-12-31T20:00:00+00:00"
    path.write_text(json.dumps(data))
    # The careful way refuses the file (the app sets it aside; the command line skips it)…
    assert year_decode.year_records(path, None) == []
    # …and so does the fast one, even for a file the index vouches for.
    assert year_decode.year_records(path, fingerprint(path)) == []
