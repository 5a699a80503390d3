"""The command line's conventions: a terminal is required, --force, names, completion, help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_without_a_terminal_lowback_says_so_exits_2_and_writes_nothing(home, cli):
    # pytest's stdin is not a terminal: exactly the cron job or pipe this is for.
    code, out, err = cli()
    assert code == 2
    assert "lowback needs a terminal" in err
    assert out == "" and "\x1b" not in err
    assert not home.exists()  # no lock taken, no folder made
    code, _, err = cli("run", "floor-five")
    assert code == 2 and "needs a terminal" in err and not home.exists()


def test_run_accepts_a_display_name_in_any_case(home, cli, monkeypatch):
    opened: list[str | None] = []
    from lowback_tui.cli import commands

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)

    class FakeApp:
        return_code = 0

        def run(self) -> None:
            pass

    def fake_build_app(**kwargs: object) -> FakeApp:
        opened.append(kwargs["start_routine"])  # type: ignore[arg-type]
        return FakeApp()

    monkeypatch.setattr("lowback_tui.ui.app.build_app", fake_build_app)
    assert commands.open_app("FLOOR FIVE") == 0
    assert commands.open_app("static-back") == 0
    assert opened == ["floor-five", "static-back"]
    code, _, err = cli("run", "Floor Fiv")
    assert code == 1 and "did you mean floor-five" in err


def test_routines_check_without_a_path_checks_your_own(home, cli):
    assert cli("routines", "check")[0] == 0  # none yet: says so, not an error
    (home / "routines").mkdir(parents=True)
    (home / "routines" / "mine.toml").write_text('name = "Mine"\n[[step]]\nname = "Tilt"\n')
    (home / "routines" / "bad.toml").write_text('name = "Bad"\n[[step]]\nname = "X"\nhodl = 3\n')
    code, out, err = cli("routines", "check")
    assert code == 1
    assert "mine.toml: ok, 1 step" in out
    assert 'bad.toml: step 1 "X": hodl: unknown key, did you mean "hold"?' in err


def test_import_refuses_to_replace_a_builtin_routine_without_force(home, tmp_path, cli):
    source = tmp_path / "floor-five.toml"
    source.write_text('name = "My floor"\n[[step]]\nname = "Tilt"\n')
    code, _, err = cli("routines", "import", str(source))
    assert code == 1 and "built-in routine" in err and "--force" in err
    assert not (home / "routines" / "floor-five.toml").exists()
    code, out, _ = cli("routines", "import", str(source), "--force")
    assert code == 0 and "replaces the built-in routine" in out


@pytest.mark.parametrize(
    "argv", [("routines", "export", "floor-five"), ("export", "--format", "json")]
)
def test_exports_refuse_to_overwrite_a_file_without_force(home, tmp_path, cli, argv):
    home.mkdir()
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    code, _, err = cli(*argv, "-o", str(target))
    assert code == 1 and "exists already; use --force" in err
    assert target.read_text() == "keep me"
    code, _, _ = cli(*argv, "-o", str(target), "--force")
    assert code == 0 and target.read_text() != "keep me"
    fresh = tmp_path / "fresh.txt"
    assert cli(*argv, "-o", str(fresh))[0] == 0
    assert fresh.stat().st_mode & 0o777 == 0o600  # health data stays private


@pytest.mark.parametrize(
    "argv", [("history",), ("history", "--json"), ("streak",), ("export", "--format", "csv")]
)
def test_read_only_commands_on_a_missing_home_say_so(home, cli, argv):
    code, out, err = cli(*argv)
    assert code == 1 and out == ""
    assert f"no lowback data in {home}" in err
    assert not home.exists()


def test_help_names_the_data_folder_in_use(home, cli):
    code, out, _ = cli("--help")
    assert code == 0 and f"data folder in use: {home} ($LOWBACK_HOME)" in out
    code, out, _ = cli("history", "--help")
    assert code == 0 and f"data folder in use: {home}" in out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_code_for_each_shell(cli, shell):
    code, out, _ = cli("completion", shell)
    assert code == 0 and "lowback" in out and "_ARGCOMPLETE" in out


def test_bash_completion_really_completes_subcommands(tmp_path):
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "COMP_LINE": "lowback hi",
        "COMP_POINT": str(len("lowback hi")),
        "_ARGCOMPLETE_SHELL": "bash",
    }
    out = tmp_path / "completions"
    env["_ARGCOMPLETE_STDOUT_FILENAME"] = str(out)
    subprocess.run(
        [sys.executable, "-m", "lowback_tui"], env=env, cwd=ROOT, capture_output=True, timeout=30
    )
    assert out.read_text().split() == ["history"]


def test_a_platform_without_fcntl_gets_a_sentence(tmp_path):
    probe = (
        "import sys; sys.modules['fcntl'] = None\n"
        "from lowback_tui.store.errors import HistoryError\n"
        "from lowback_tui.store.lock import HomeLock\n"
        f"try: HomeLock(__import__('pathlib').Path({str(tmp_path / 'h')!r})).acquire()\n"
        "except HistoryError as error: print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert "lowback runs on Linux and macOS" in result.stdout, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "h").exists()


def test_license_ships_in_the_wheel_and_the_sdist(tmp_path):
    import tarfile
    import zipfile

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("lowback_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.endswith("licenses/LICENSE") for name in names)
    # The helpers tests and benchmarks share are for developers: not installed with the app.
    assert not any(name.startswith(("devkit/", "benchmarks/", "tests/")) for name in names)
    metadata = next(n for n in names if n.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Classifier: Operating System :: POSIX :: Linux" in text
    assert "Classifier: Programming Language :: Python :: 3.11" in text
    sdist = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "-o", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert sdist.returncode == 0, sdist.stderr
    [archive] = tmp_path.glob("lowback_tui-*.tar.gz")
    with tarfile.open(archive) as sdist_file:
        sdist_names = sdist_file.getnames()
    assert any(name.endswith("/LICENSE") for name in sdist_names)
    # The tests in the sdist run: the helpers they import travel with them.
    assert any(name.endswith("/devkit/terminal.py") for name in sdist_names)
