"""Every command that writes output, run as a real process: a closed pipe ends quietly with 0,
a full disk or an unwritable output ends with one sentence and 1, never a traceback; long
batch work shows progress on stderr only when a person sees it there."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit.seed import seed_history
from devkit.terminal import PtyProcess, base_env
from tests.terminal_run import TERMINAL

NEWEST = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)

#: Every command that writes to stdout, with what makes it write.
WRITERS = [
    ("streak",),
    ("history",),
    ("history", "--json", "--all"),
    ("export", "--format", "csv"),
    ("export", "--format", "csv", "--excel"),
    ("export", "--format", "json"),
    ("report",),
    ("report", "--format", "md"),
    ("insights",),
    ("insights", "--json"),
    ("routines",),
    ("routines", "export", "floor-five"),
    ("completion", "bash"),
]
#: Every command that can write to a file (-o).
FILE_WRITERS = [
    ("export", "--format", "csv"),
    ("export", "--format", "json"),
    ("report",),
    ("routines", "export", "floor-five"),
]


@pytest.fixture(scope="module")
def history_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with 2,000 sessions: `history --json --all` writes about 10 MB, far more than a
    pipe holds, so a reader that stops early really does close it on a writer."""
    home = tmp_path_factory.mktemp("output") / "home"
    seed_history(home, 2000, newest=NEWEST, tz="UTC")
    return home


def _env(home: Path) -> dict[str, str]:
    return base_env(LOWBACK_HOME=str(home), TZ="UTC")


def _lowback(*args: str) -> list[str]:
    return [sys.executable, "-m", "lowback_tui", *args]


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_a_pipe_closed_before_anything_is_written_ends_quietly(history_home, args):
    reader, writer = os.pipe()
    os.close(reader)  # `| head` that has already gone
    try:
        done = subprocess.run(
            _lowback(*args), stdout=writer, stderr=subprocess.PIPE, env=_env(history_home)
        )
    finally:
        os.close(writer)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


@pytest.mark.parametrize(
    "args", [("history", "--json", "--all"), ("export", "--format", "csv")], ids=" ".join
)
def test_head_1_reads_a_line_and_lowback_ends_quietly(history_home, args):
    process = subprocess.Popen(
        _lowback(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(history_home)
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does, with megabytes still to come
    code = process.wait(timeout=120)
    assert first.strip()
    assert code == 0
    assert process.stderr.read() == b""


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_a_full_disk_ends_with_one_sentence(history_home, args):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            _lowback(*args), stdout=full, stderr=subprocess.PIPE, env=_env(history_home), text=True
        )
    assert done.returncode == 1
    _no_traceback(done.stderr)
    assert done.stderr.splitlines() == [
        "lowback: cannot write the output: No space left on device; it is incomplete."
    ]


@pytest.mark.parametrize("args", FILE_WRITERS, ids=" ".join)
def test_an_unwritable_output_file_ends_with_one_sentence(history_home, tmp_path, args):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    target = blocker / "out"  # a file is no folder (root may write anywhere else)
    done = subprocess.run(
        _lowback(*args, "-o", str(target)),
        capture_output=True,
        env=_env(history_home),
        text=True,
    )
    assert done.returncode == 1
    _no_traceback(done.stderr)
    assert done.stderr.splitlines() == [f"lowback: cannot write {target}: Not a directory"]
    done = subprocess.run(
        _lowback(*args, "-o", "/dev/full", "--force"),
        capture_output=True,
        env=_env(history_home),
        text=True,
    )
    assert done.returncode == 1
    _no_traceback(done.stderr)
    assert done.stderr.splitlines() == ["lowback: cannot write /dev/full: No space left on device"]


@pytest.fixture
def pty_run(history_home: Path) -> Iterator[list[PtyProcess]]:
    started: list[PtyProcess] = []
    yield started
    for process in started:
        process.stop()


@TERMINAL
def test_progress_is_drawn_on_a_terminal_and_erased(history_home, tmp_path, pty_run):
    out = tmp_path / "all.csv"
    process = PtyProcess(_lowback("export", "--format", "csv", "-o", str(out)), _env(history_home))
    pty_run.append(process.start())
    assert process.wait_exit(timeout=120) == 0
    drawn = process.text()
    assert "Exporting sessions" in drawn and "/2000" in drawn
    assert f"wrote {out}" in drawn
    assert out.read_text(encoding="utf-8").count("\n") == 2000 * 10 + 1


def test_no_progress_when_stderr_is_a_pipe(history_home, tmp_path):
    out = tmp_path / "all.json"
    done = subprocess.run(
        _lowback("export", "--format", "json", "-o", str(out)),
        capture_output=True,
        env=_env(history_home),
        text=True,
    )
    assert done.returncode == 0
    assert done.stderr == f"wrote {out}\n"  # not a byte of a bar


@TERMINAL
def test_no_bar_between_the_lines_of_output_on_the_same_terminal(history_home, pty_run):
    process = PtyProcess(_lowback("history", "--json", "--since", "4w"), _env(history_home))
    pty_run.append(process.start())
    assert process.wait_exit(timeout=120) == 0
    assert "Listing sessions" not in process.text()
    assert '"id": "seed-000001"' in process.text()
