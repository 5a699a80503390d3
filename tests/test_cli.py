"""The command line: --version, --help, routines listing and checking, clear errors, the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_version_and_help(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("lowback ")
    code, out, _ = cli("--help")
    assert code == 0 and "routines" in out and "history" in out and "LOWBACK_HOME" in out
    for command in ("run", "routines", "history", "streak", "export"):
        code, out, _ = cli(command, "--help")
        assert code == 0 and "usage: lowback" in out


def test_routines_lists_builtin_and_custom_with_errors(home, cli):
    (home / "routines").mkdir(parents=True)
    (home / "routines" / "mine.toml").write_text('name = "Mine"\n[[step]]\nname = "Tilt"\n')
    (home / "routines" / "bad.toml").write_text('name = "Bad"\n[[step]]\nname = "X"\nhodl = 3\n')
    code, out, err = cli("routines")
    assert code == 0
    assert "floor-five" in out and "static-back" in out and "core-strength" in out
    assert "Mine (custom)" in out
    assert 'bad.toml: step 1 "X": hodl: unknown key, did you mean "hold"?' in err


def test_routines_check_exit_codes(tmp_path, cli):
    good = tmp_path / "good.toml"
    good.write_text('name = "Good"\n[[step]]\nname = "Tilt"\nreps = 5\n')
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Bad"\n[[step]]\nname = "Knee"\nhold = "-5s"\n')
    code, out, _ = cli("routines", "check", str(good))
    assert code == 0 and "good.toml: ok, 1 step" in out
    code, out, err = cli("routines", "check", str(good), str(bad))
    assert code == 1
    assert f"{bad}: step 1 \"Knee\": hold: '-5s' is negative" in err


def test_unknown_routine_gives_close_matches_and_no_traceback(home, cli):
    code, _, err = cli("run", "flor-five")
    assert code == 1
    assert "no routine 'flor-five'; did you mean floor-five" in err
    assert "Traceback" not in err


def test_bad_time_scale_is_a_clear_error(home, cli, monkeypatch):
    monkeypatch.setenv("LOWBACK_TIME_SCALE", "fast")
    code, _, err = cli("run", "floor-five")
    assert code == 1 and "LOWBACK_TIME_SCALE='fast' is not usable" in err


def test_builtin_routines_travel_inside_the_wheel(tmp_path: Path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("lowback_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "lowback_tui/routines/floor-five.toml" in names
    assert "lowback_tui/ui/app.tcss" in names
    # Run the unpacked wheel from elsewhere: the source tree is nowhere on the path.
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = {
        "PYTHONPATH": str(unpacked),
        "LOWBACK_HOME": str(tmp_path / "home"),
        "PATH": "/usr/bin:/bin",
    }
    listed = subprocess.run(
        [sys.executable, "-m", "lowback_tui", "routines"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0, listed.stderr
    assert "floor-five" in listed.stdout and "pelvis-loosening" in listed.stdout
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import lowback_tui.base.paths as p; print(p.builtin_routines_dir())",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip().startswith(str(unpacked))
