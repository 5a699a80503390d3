"""Hostile cases: a full disk (a real 256 KiB tmpfs) under an import, an export, a report and
the first layout's conversion (issue 24, part 5): each ends with a sentence, leaves no temp
file, and loses nothing already saved; with room again, the same command finishes the job."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from test_faults_disk import fill, seeded, small_disk  # noqa: F401 - the fixture
from test_hostile_import import export_file, finished, sessions_of

from lowback_tui.store.errors import HistoryError
from lowback_tui.store.repository import HistoryRepository

Cli = Callable[..., tuple[int, str, str]]


def temps(folder: Path) -> list[str]:
    return [path.name for path in folder.rglob("*.tmp")]


@pytest.fixture
def full_home(small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    monkeypatch.setenv("LOWBACK_HOME", str(small_disk))
    monkeypatch.setenv("TZ", "UTC")
    seeded(small_disk, sessions=60)
    repo = HistoryRepository(small_disk, sync=True, tz="UTC")
    repo.open()  # converted to a year file while there is room
    repo.close()
    return small_disk


def test_an_import_on_a_full_disk_says_so_and_finishes_when_there_is_room(
    tmp_path: Path, cli: Cli, full_home: Path
) -> None:
    before = set(sessions_of(full_home))
    source = export_file(
        tmp_path / "t.json",
        [finished(f"n{n}", f"20{20 + n % 6}-03-01T08:00:00+00:00") for n in range(80)],
    )
    filler = fill(full_home)
    code, _, err = cli("history", "import", str(source))
    assert code == 1 and "No space left on device" in err and "Traceback" not in err
    assert "importing the same file again adds what did not get in" in err
    assert before <= set(sessions_of(full_home)) and temps(full_home) == []
    filler.unlink()
    code, _, _ = cli("history", "import", str(source))
    assert code == 0
    assert set(sessions_of(full_home)) == before | {f"n{n}" for n in range(80)}


@pytest.mark.parametrize(
    "command",
    [("export", "--format", "json"), ("export", "--format", "csv"), ("report", "--format", "md")],
    ids=["export json", "export csv", "report md"],
)
def test_an_export_or_report_on_a_full_disk_leaves_the_older_file_whole(
    cli: Cli, full_home: Path, command: tuple[str, ...]
) -> None:
    target = full_home.parent / "out"
    assert cli(*command, "-o", str(target))[0] == 0
    older = target.read_bytes()
    filler = fill(full_home)
    code, _, err = cli(*command, "-o", str(target), "--force")
    assert code == 1 and "No space left on device" in err and "was left as it was" in err
    assert target.read_bytes() == older and temps(full_home.parent) == []
    filler.unlink()


def test_the_conversion_on_a_full_disk_keeps_history_json_and_says_so(
    small_disk: Path,  # noqa: F811
) -> None:
    raw = seeded(small_disk, sessions=150)
    filler = fill(small_disk)
    repo = HistoryRepository(small_disk, sync=True, tz="UTC")
    with pytest.raises(HistoryError, match="No space left on device"):
        repo.open()
    assert (small_disk / "history.json").read_bytes() == raw and temps(small_disk) == []
    reader = HistoryRepository(small_disk, sync=True, tz="UTC", read_only=True)
    reader.open()
    assert reader.session_count() == 150  # every session readable meanwhile
    reader.close()
    filler.unlink()
    repo = HistoryRepository(small_disk, sync=True, tz="UTC")
    repo.open()
    assert repo.session_count() == 150 and not (small_disk / "history.json").exists()
    assert json.loads((small_disk / "history" / "index.json").read_text())["years"]
    repo.close()
