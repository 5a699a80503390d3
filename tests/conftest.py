"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lowback_tui.__main__ import main


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A LOWBACK_HOME that does not exist yet (the commands must cope, or create it)."""
    home = tmp_path / "home"
    monkeypatch.setenv("LOWBACK_HOME", str(home))
    return home


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `lowback ARGS...` in-process: (exit status, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as leave:  # argparse's --help, --version and usage errors
            code = int(leave.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
