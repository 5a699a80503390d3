"""RoutineLibrary: the one owner of routine files, and nothing else opens one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lowback_tui.base.paths import builtin_routines_dir
from lowback_tui.core.routine import RoutineError, parse_routine
from lowback_tui.core.routine_toml import lost_comments
from lowback_tui.store.library import RoutineLibrary, load_routine

ROOT = Path(__file__).resolve().parent.parent

EVENING = """\
# My evening routine: written by hand.
name = "Evening"  # short and sweet

[[step]]
name = "Pelvic tilt"
hold = "8s"
"""


@pytest.fixture
def library(tmp_path: Path) -> RoutineLibrary:
    return RoutineLibrary(tmp_path / "routines", builtin_routines_dir())


def evening() -> object:
    return parse_routine(EVENING, routine_id="evening", source="evening.toml")


def test_save_writes_a_private_file_that_reads_back_and_leaves_no_temp_files(library):
    routine = evening()
    text = library.save("evening", routine)
    path = library.path_of("evening")
    assert path.read_text() == text and load_routine(path) == routine
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in library.custom_dir.iterdir()] == ["evening.toml"]
    assert library.find("evening").routine == routine  # the listing is read again


def test_a_failed_write_keeps_the_old_file(library, monkeypatch):
    library.write_text("evening", "old")

    def broken_fsync(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        library.write_text("evening", "new")
    assert library.text_of("evening") == "old"
    assert [p.name for p in library.custom_dir.iterdir()] == ["evening.toml"]


def test_new_ids_avoid_custom_files_and_built_in_routines(library):
    library.write_text("evening", EVENING)
    assert library.new_id("Evening") == "evening-2"
    assert library.new_id("Floor five") == "floor-five-2"  # would shadow the built-in one
    assert library.new_id("Evening", keep="evening") == "evening"


def test_rename_moves_the_file_and_keeps_comments(library):
    library.write_text("evening", EVENING)
    assert library.rename("evening", "Late evening") == "late-evening"
    assert not library.path_of("evening").exists()
    assert load_routine(library.path_of("late-evening")).name == "Late evening"
    assert lost_comments(EVENING, library.text_of("late-evening") or "") == []


def test_rename_refuses_a_bad_name_and_leaves_the_file(library):
    library.write_text("evening", EVENING)
    with pytest.raises(RoutineError, match="name: is empty"):
        library.rename("evening", "   ")
    assert library.text_of("evening") == EVENING


def test_delete_brings_back_the_built_in_routine_it_replaced(library):
    library.write_text("floor-five", EVENING)
    assert library.find("floor-five").routine.name == "Evening"
    library.delete("floor-five")
    assert library.find("floor-five").routine.name == "Floor five"


def test_import_refuses_a_built_in_id_or_an_existing_file_without_force(library, tmp_path):
    source = tmp_path / "floor-five.toml"
    source.write_text(EVENING)
    with pytest.raises(FileExistsError, match="built-in routine"):
        library.import_file(source)
    routine, target, shadows = library.import_file(source, force=True)
    assert shadows and target == library.path_of("floor-five") and routine.name == "Evening"
    mine = tmp_path / "evening.toml"
    mine.write_text(EVENING)
    library.import_file(mine)
    with pytest.raises(FileExistsError, match="exists already"):
        library.import_file(mine)


def test_import_refuses_a_file_with_errors_and_writes_nothing(library, tmp_path):
    source = tmp_path / "broken.toml"
    source.write_text('name = "B"\n[[step]]\nname = "X"\nhodl = 3\n')
    with pytest.raises(RoutineError, match="hold"):
        library.import_file(source)
    assert not library.path_of("broken").exists()


def test_export_gives_the_file_as_it_is_on_disk(library):
    library.write_text("evening", EVENING)
    assert library.export_text(library.find("evening")) == EVENING
    builtin = library.find("floor-five")
    assert library.export_text(builtin) == builtin.path.read_text(encoding="utf-8")


def test_find_by_name_ignores_case(library):
    assert library.find_by_name("  FLOOR five ").id == "floor-five"
    assert library.find_by_name("nothing like it") is None


def opens_routine_files(path: Path) -> list[str]:
    """Calls in a module that read or write a routine file directly."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else None
            name = name or (function.id if isinstance(function, ast.Name) else None)
            if name in {"load_routine", "read_folder", "atomic_write", "unlink", "glob"}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}()")
    return found


def test_only_the_library_opens_routine_files():
    checked = [
        *sorted((ROOT / "lowback_tui" / "core").glob("*.py")),
        *sorted((ROOT / "lowback_tui" / "ui").rglob("*.py")),
        ROOT / "lowback_tui" / "cli" / "commands.py",
    ]
    found = [hit for path in checked for hit in opens_routine_files(path)]
    # commands.py checks files the user names (`routines check PATH`) through the library's
    # own reader, which is the one place that opens them.
    assert [hit for hit in found if not hit.endswith("load_routine()")] == []
    assert all(hit.startswith("lowback_tui/cli/commands.py") for hit in found)
