"""`lowback export`, `insights` (and their --since): what lands on stdout and on disk."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from progress_data import sample, store


@pytest.fixture
def seeded(home, today):
    rest = (today - dt.timedelta(days=3), today - dt.timedelta(days=100))
    store(home, sample(today), rest_days=rest)
    return home


def test_insights_text_says_what_helps_and_what_is_too_little(seeded, cli):
    code, out, err = cli("insights")
    assert (code, err) == (0, "")
    assert "Core strength (core-strength): 6 sessions" in out
    assert "pain 1.2 down on average (-1.2, on 5 sessions)" in out
    assert "“this hurts” at: Push-ups" in out
    assert "Floor five (floor-five): 3 sessions" in out
    assert "too little data to tell: 2 of the 3 sessions" in out
    assert "at least 3 sessions with both" in out


def test_insights_json_and_since(seeded, cli):
    code, out, _ = cli("insights", "--json")
    data = {item["routine_id"]: item for item in json.loads(out)}
    assert code == 0
    assert data["core-strength"]["average_pain_change"] == -1.2
    assert data["core-strength"]["sessions_with_pain_before_and_after"] == 5
    assert data["core-strength"]["hurt_stops"] == [{"step": "Push-ups", "count": 1}]
    assert data["floor-five"]["enough_data"] is False
    _, out, _ = cli("insights", "--json", "--since", "2w")
    data = {item["routine_id"]: item for item in json.loads(out)}
    assert data["core-strength"]["sessions"] == 2  # 12 and 2 days ago


def test_insights_without_history(home, today, cli):
    home.mkdir()  # a data folder with no sessions yet (a missing one is said, see test_cli)
    code, out, _ = cli("insights")
    assert code == 0 and "No finished sessions yet" in out
    assert cli("insights", "--json")[1] == "[]\n"


def test_export_csv_since_has_note_pain_and_hurt(seeded, cli, today):
    code, out, _ = cli("export", "--format", "csv", "--since", "2w")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["session_id"] for row in rows} == {"s0005", "s0006", "s0007", "s0008", "s0009"}
    hurt = next(row for row in rows if row["session_id"] == "s0005")
    assert (hurt["status"], hurt["hurt_step"], hurt["hurt_level"]) == ("hurt", "Push-ups", "6")
    assert (hurt["pain_before"], hurt["pain_after"]) == ("4", "")
    notes = {row["session_id"]: row["note"] for row in rows}
    assert notes["s0006"] == "Café, calm"
    assert not out.startswith("\ufeff")
    assert "start_date" not in rows[0]


def test_export_csv_neutralises_formulas(seeded, cli):
    _, out, _ = cli("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert next(r["note"] for r in rows if r["session_id"] == "s0004") == "'=1+1 felt ok"


def test_export_excel_has_bom_and_local_columns(seeded, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # 08:00 UTC is 17:00 there
    target = tmp_path / "history.csv"
    code, out, _err = cli("export", "--format", "csv", "--excel", "-o", str(target))
    assert (code, out) == (0, "")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["start_time"] == "17:00:00"
    assert rows[0]["started_at"].endswith("08:00:00+00:00")
    assert "Café, calm" in data.decode("utf-8-sig")
    assert target.stat().st_mode & 0o777 == 0o600


def test_export_json_has_rest_days_and_since(seeded, cli, today):
    code, out, _ = cli("export", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["rest_days"] == [
        (today - dt.timedelta(days=100)).isoformat(),
        (today - dt.timedelta(days=3)).isoformat(),
    ]
    assert len(document["sessions"]) == 9
    assert document["sessions"][0]["holds"][0]["held_seconds"] == 8.8  # 8.75, no noise
    _, out, _ = cli("export", "--format", "json", "--since", "1w")
    document = json.loads(out)
    assert [s["id"] for s in document["sessions"]] == ["s0009", "s0008", "s0007"]
    assert document["rest_days"] == [(today - dt.timedelta(days=3)).isoformat()]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("export", "--format", "csv", "--since", "soon"), "expected a length back from today"),
        (("export", "--format", "json", "--since", "2999-01-01"), "is in the future"),
        (("insights", "--since", "3x"), "expected a length back"),
        (("export", "--format", "json", "--excel"), "--excel goes with --format csv"),
    ],
)
def test_bad_since_is_a_clear_error(seeded, cli, argv, said):
    code, out, err = cli(*argv)
    assert code != 0 and out == ""
    assert said in err and "Traceback" not in err


def test_an_empty_period_exports_only_the_header(home, cli, today):
    store(home, sample(today)[:1])  # one session, 400 days ago
    code, out, _ = cli("export", "--format", "csv", "--since", "4w")
    assert code == 0 and len(out.splitlines()) == 1
    code, out, _ = cli("insights", "--since", "4w")
    since = (today - dt.timedelta(days=27)).isoformat()
    assert code == 0 and out == f"No finished sessions since {since}: nothing to tell yet.\n"


@pytest.mark.parametrize(
    "argv", [("insights",), ("report", "--format", "md"), ("export", "--format", "csv")]
)
def test_a_non_numeric_pain_on_disk_is_a_clear_message(seeded, cli, argv):
    path = sorted((seeded / "history").glob("[0-9][0-9][0-9][0-9].json"))[-1]  # a year file
    data = json.loads(path.read_text(encoding="utf-8"))
    next(iter(data["sessions"].values()))["pain_before"] = "five"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = cli(*argv)
    assert code == 1 and out == ""
    assert "'pain_before' should be an integer or null, not str" in err
    assert "Traceback" not in err
