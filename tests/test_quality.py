"""The code's own rules: ruff and mypy --strict pass, and core/ stays free of Textual."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_passes_with_the_project_configuration():
    folders = [
        name for name in ("lowback_tui", "tests", "devkit", "benchmarks") if (ROOT / name).is_dir()
    ]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *folders], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    folders = [
        name for name in ("lowback_tui", "tests", "devkit", "benchmarks") if (ROOT / name).is_dir()
    ]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "lowback_tui", "devkit", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.fail("lint-imports is not installed: pip install '.[test]'")
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_importing_core_loads_no_textual():
    probe = (
        "import sys, pkgutil, importlib, lowback_tui.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module("
        "'lowback_tui.core.' + m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_tests_that_drive_real_terminals_share_the_serial_group():
    """A new test module running lowback in a pseudo-terminal, or killing it, must be marked
    TERMINAL (tests/terminal_run.py) so that `pytest -n auto` runs it on the one serial worker."""
    drivers = ("run_in_terminal(", "PtyProcess(", "pty.openpty(", "SIGKILL", "TmuxPane(")
    unmarked = [
        path.name
        for path in sorted((ROOT / "tests").glob("test_*.py"))
        if any(driver in path.read_text() for driver in drivers)
        and "TERMINAL" not in path.read_text()
    ]
    assert unmarked == []
