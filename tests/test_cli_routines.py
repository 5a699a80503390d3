"""`lowback routines import` and `export`: validated copies in, exact files out, clear errors."""

from __future__ import annotations

from pathlib import Path

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.cli.main import main
from lowback_tui.store.library import load_routine

GOOD = """# my comment survives the import
name = "Evening"
[[step]]
name = "Pelvic tilt"
hold = "8-10s"
"""
OTHER = GOOD.replace('"Evening"', '"Evening, second take"')
BAD = """name = "Broken"
[[step]]
name = "Tilt"
hodl = "8s"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_validates_and_copies_the_file_as_it_is(home, tmp_path, capsys):
    source = write(tmp_path, "evening.toml", GOOD)
    assert main(["routines", "import", str(source)]) == 0
    target = home / "routines" / "evening.toml"
    assert target.read_text(encoding="utf-8") == GOOD
    assert load_routine(target).name == "Evening"
    assert "imported Evening as evening" in capsys.readouterr().out


def test_import_refuses_to_overwrite_without_force(home, tmp_path, capsys):
    source = write(tmp_path, "evening.toml", GOOD)
    assert main(["routines", "import", str(source)]) == 0
    write(tmp_path, "evening.toml", OTHER)
    capsys.readouterr()
    assert main(["routines", "import", str(source)]) == 1
    err = capsys.readouterr().err
    assert "exists already" in err and "--force" in err
    assert (home / "routines" / "evening.toml").read_text(encoding="utf-8") == GOOD


def test_import_with_force_replaces_the_routine(home, tmp_path):
    source = write(tmp_path, "evening.toml", GOOD)
    assert main(["routines", "import", str(source)]) == 0
    write(tmp_path, "evening.toml", OTHER)
    assert main(["routines", "import", "--force", str(source)]) == 0
    assert load_routine(home / "routines" / "evening.toml").name == "Evening, second take"


def test_import_of_a_bad_file_fails_with_its_errors_on_stderr(home, tmp_path, capsys):
    source = write(tmp_path, "broken.toml", BAD)
    assert main(["routines", "import", str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "not imported" in captured.err
    assert f'{source}: step 1 "Tilt": hodl: unknown key, did you mean "hold"?' in captured.err
    assert "Traceback" not in captured.err
    assert not (home / "routines" / "broken.toml").exists()


def test_import_of_a_missing_file_fails_cleanly(home, tmp_path, capsys):
    assert main(["routines", "import", str(tmp_path / "nope.toml")]) == 1
    err = capsys.readouterr().err
    assert "cannot be read" in err and "Traceback" not in err


def test_export_writes_a_builtin_routine_to_stdout_exactly(home, capsys):
    assert main(["routines", "export", "floor-five"]) == 0
    expected = (builtin_routines_dir() / "floor-five.toml").read_text(encoding="utf-8")
    assert capsys.readouterr().out == expected


def test_export_to_a_file_keeps_a_custom_routine_as_written(home, tmp_path, capsys):
    source = write(tmp_path, "evening.toml", GOOD)
    assert main(["routines", "import", str(source)]) == 0
    output = tmp_path / "out" / "copy.toml"
    output.parent.mkdir()
    assert main(["routines", "export", "evening", "-o", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == GOOD
    assert f"wrote {output}" in capsys.readouterr().err


def test_export_of_an_unknown_id_suggests_close_ones(home, capsys):
    assert main(["routines", "export", "flor-five"]) == 1
    err = capsys.readouterr().err
    assert "no routine 'flor-five'" in err and "floor-five" in err


def test_export_of_a_routine_with_errors_fails_with_them(home, capsys):
    (home / "routines").mkdir(parents=True)
    write(home / "routines", "broken.toml", BAD)
    assert main(["routines", "export", "broken"]) == 1
    assert "hodl: unknown key" in capsys.readouterr().err


def test_export_to_an_unwritable_place_fails_cleanly(home, tmp_path, capsys):
    assert main(["routines", "export", "floor-five", "-o", str(tmp_path / "no" / "x.toml")]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err
