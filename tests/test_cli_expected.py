"""Conventions a command-line user expects: routine ids completed by the shell, tables that
keep their columns with CJK and emoji names, CSV as the export's default, a typo named."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from pinned import PINNED_NOW
from rich.cells import cell_len

from lowback_tui.core.records import COMPLETED, SessionRecord
from lowback_tui.store.repository import HistoryRepository

ROOT = Path(__file__).resolve().parent.parent
WIDE_NAME = "腰のストレッチ 🌙 night"
WIDE_ID = "腰-night"


def complete(line: str, home: Path, tmp_path: Path) -> list[str]:
    """What bash offers for `line` with the cursor at its end (argcomplete's own protocol)."""
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "LOWBACK_HOME": str(home),
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "_ARGCOMPLETE_SHELL": "bash",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
    }
    subprocess.run(
        [sys.executable, "-m", "lowback_tui"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=30,
    )
    # One sole completion ends in a space (the shell moves on to the next word).
    return [word.strip() for word in out.read_text().split("\n") if word.strip()]


def write_wide_routine(home: Path) -> None:
    (home / "routines").mkdir(parents=True)
    (home / "routines" / f"{WIDE_ID}.toml").write_text(
        f'name = "{WIDE_NAME}"\n[[step]]\nname = "Tilt"\nhold = 5\n', encoding="utf-8"
    )


def test_completion_offers_routine_ids_not_file_names(home, tmp_path):
    (tmp_path / "floor-notes.txt").write_text("a file the shell must not offer")
    write_wide_routine(home)
    assert complete("lowback run fl", home, tmp_path) == ["floor-five"]
    assert complete("lowback routines export st", home, tmp_path) == ["static-back"]
    assert complete("lowback routines card 腰", home, tmp_path) == [WIDE_ID]  # your own too
    offered = complete("lowback run ", home, tmp_path)
    assert {"floor-five", "core-strength", WIDE_ID} <= set(offered)
    assert not any(word.endswith((".txt", ".toml")) for word in offered)


def test_routines_table_keeps_its_columns_with_a_wide_id(home, cli):
    write_wide_routine(home)
    code, out, _ = cli("routines")
    assert code == 0
    table = [line for line in out.splitlines() if "(built-in)" in line or "(custom)" in line]
    wide = next(line for line in table if WIDE_NAME in line)
    # The STEPS column ends in the same terminal column on every line.
    ends = {cell_len(line[: line.index(" ~")].rstrip()) for line in table}
    assert len(ends) == 1, out
    assert wide.startswith(WIDE_ID + " ")


def test_history_table_keeps_its_columns_with_a_cjk_and_emoji_name(home, cli):
    now = pendulum.instance(PINNED_NOW)
    repository = HistoryRepository(home, sync=True)
    repository.open()
    for session_id, name, minutes in (("a", WIDE_NAME, 1), ("b", "Floor five", 2)):
        started = now.subtract(minutes=minutes)
        repository.start_session(
            SessionRecord(
                id=session_id,
                routine_id="floor-five",
                routine_name=name,
                started_at=started.isoformat(),
                planned_holds=0,
            )
        )
        repository.finish_session(
            session_id, status=COMPLETED, ended_at=started.isoformat(), active_seconds=65.0
        )
    repository.close()
    code, out, _ = cli("history")
    assert code == 0
    header, *rows = out.splitlines()
    assert any(WIDE_NAME in row for row in rows)
    # Each column starts in the same terminal column as its heading, on every line.
    for heading, cell in (("TIME", "1:05"), ("STATUS", "completed")):
        at = cell_len(header[: header.index(heading)])
        if heading == "TIME":  # right-aligned under its heading
            at += len(heading) - len(cell)
        assert {cell_len(row[: row.index(cell)]) for row in rows} == {at}, out


def test_export_without_format_writes_csv(home, cli):
    home.mkdir()
    code, out, _ = cli("export")
    assert code == 0
    assert next(csv.reader(io.StringIO(out)))[:3] == ["session_id", "routine_id", "routine_name"]


@pytest.mark.parametrize(
    ("argv", "named", "hint"),
    [
        (("export", "--sinse", "4w"), "lowback export", "--since"),
        (("export", "--format", "csv", "--sinse=4w"), "lowback export", "--since"),
        (("history", "--sinse", "4w"), "lowback history", "--since"),
        (("run", "--plian", "floor-five"), "lowback run", "--plain"),
        (
            ("routines", "export", "floor-five", "--ouput", "x"),
            "lowback routines export",
            "--output",
        ),
        (("routines", "card", "floor-five", "--frmat", "md"), "lowback routines card", "--format"),
        (("streak", "--jsn"), "lowback streak", "--json"),
        (("today", "--icss"), "lowback today", "--ics"),
        (("remind", "install", "--mroning", "07:00"), "lowback remind install", "--morning"),
        (("--verison",), "lowback", "--version"),
        (("report", "-o", "--x", "--zzzz"), "lowback report", None),
    ],
)
def test_a_mistyped_option_is_named(home, cli, argv, named, hint):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    typo = next(word for word in reversed(argv) if word.startswith("--")).split("=")[0]
    expected = f"{named}: error: unknown option {typo}"
    expected += f"; did you mean {hint}?" if hint else "\n"
    assert expected in err, err
    assert "Traceback" not in err
    assert not home.exists()  # nothing was run


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (("histroy",), "history"),
        (("routines", "exprot", "floor-five"), "export"),
        (("export", "--format", "jsno"), "json"),
        (("report", "--format", "pdf"), None),
    ],
)
def test_a_mistyped_command_or_choice_gets_the_close_one(home, cli, argv, hint):
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and "invalid choice" in err
    if hint:
        assert err.endswith(f"; did you mean {hint}?\n"), err
    else:
        assert "did you mean" not in err
    assert not home.exists()


def test_a_mistyped_option_in_a_real_process_exits_2_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lowback_tui", "export", "--sinse", "4w"],
        env={**os.environ, "LOWBACK_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.endswith(
        "lowback export: error: unknown option --sinse; did you mean --since?\n"
    )
    assert "Traceback" not in result.stderr
