"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pinned import PINNED_NOW

from lowback_tui.cli.main import main
from lowback_tui.core.clock import FakeClock

DATE_SENSITIVE = frozenset(
    {
        "test_cli",
        "test_cli_history",
        "test_coaching_core",
        "test_heatmap_shades",
        "test_history_corrections",
        "test_history_layout",
        "test_history_screen",
        "test_progress_cli",
        "test_progress_core",
        "test_report",
        "test_remind",
        "test_streaks",
        "test_today",
        "test_today_picker",
        "test_trends_loading",
        "test_trends_screen",
    }
)
"""Modules whose tests place sessions on days, weeks and years: marked `dates`, so
`faketime DATE python -m pytest -m dates` checks them as if it were another day (README)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__ in DATE_SENSITIVE:
            item.add_marker(pytest.mark.dates)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A LOWBACK_HOME that does not exist yet (the commands must cope, or create it)."""
    home = tmp_path / "home"
    monkeypatch.setenv("LOWBACK_HOME", str(home))
    return home


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The day the command line believes it is (PINNED_NOW), in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    return PINNED_NOW.date()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `lowback ARGS...` in-process at PINNED_NOW: (exit status, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv), clock=FakeClock(wall=PINNED_NOW.timestamp()))
        except SystemExit as leave:  # argparse's --help, --version and usage errors
            code = int(leave.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
