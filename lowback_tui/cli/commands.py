"""What each `lowback` subcommand does; the parsing lives in __main__.py."""

from __future__ import annotations

import sys
from pathlib import Path

from lowback_tui.base.paths import HomeError, home_dir
from lowback_tui.base.terminal_text import cell_width, pad, safe
from lowback_tui.cli.errors import CliError
from lowback_tui.core.catalog import CatalogEntry, close_matches, find
from lowback_tui.core.plan import estimate_seconds
from lowback_tui.core.routine import RoutineError, printable
from lowback_tui.core.words import about, count_text
from lowback_tui.store.library import RoutineLibrary, load_routine


def _home(create: bool = False) -> Path:
    from lowback_tui.base.paths import ensure_home

    home = home_dir()
    if create:
        try:
            ensure_home(home)
        except HomeError as error:
            raise CliError(str(error)) from None
    return home


def catalog(home: Path) -> list[CatalogEntry]:
    """Every routine the user can pick, built-in and custom."""
    return RoutineLibrary.for_home(home).entries()


def resolve_routine(entries: list[CatalogEntry], routine_id: str) -> CatalogEntry:
    """The routine a command line names (by id, or by display name in any case), or a
    CliError with the close matches."""
    entry = find(entries, routine_id)
    if entry is None:
        wanted = routine_id.casefold().strip()
        named = [e for e in entries if e.ok and e.name.casefold() == wanted]
        entry = named[0] if named else None
    if entry is None:
        matches = close_matches(entries, routine_id)
        hint = f"; did you mean {', '.join(matches)}?" if matches else ""
        raise CliError(f"no routine {routine_id!r}{hint} (`lowback routines` lists them)")
    if not entry.ok:
        problems = "\n".join(str(problem) for problem in entry.problems)
        raise CliError(f"routine {routine_id!r} has errors:\n{problems}")
    return entry


def open_app(routine_id: str | None, *, plain: bool = False) -> int:
    """Open the app (on the picker, or straight into a routine's timer); in plain mode (asked
    for, or `display = "plain"`) the session as lines of text instead."""
    from lowback_tui.core.clock import TimeScaleError, time_scale_from_env

    try:
        scale = time_scale_from_env()
    except TimeScaleError as error:
        raise CliError(str(error)) from None
    home = _home()
    if routine_id is not None:
        routine_id = resolve_routine(catalog(home), routine_id).id
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Checked before the lock is taken or anything is written: a pipe or a cron job
        # gets one line, not a screen of escape codes.
        raise CliError(
            "lowback needs a terminal (stdin and stdout are not both a terminal); "
            "from a script use `lowback history`, `lowback streak` or `lowback export`",
            code=2,
        )
    home = _home(create=True)
    from lowback_tui.store.errors import HistoryError

    if plain or _display_is_plain(home):
        from lowback_tui.plain.run import run_plain

        entry = resolve_routine(catalog(home), routine_id) if routine_id else None
        try:
            return run_plain(home, entry.routine if entry else None, scale)
        except HistoryError as error:  # another lowback holds the lock
            raise CliError(str(error)) from None
    from lowback_tui.ui.app import build_app

    try:
        app = build_app(home=home, time_scale=scale, start_routine=routine_id)
    except HistoryError as error:  # another lowback holds the lock, or it cannot be taken
        raise CliError(str(error)) from None
    app.run()
    return app.return_code or 0


def _display_is_plain(home: Path) -> bool:
    from lowback_tui.services.settings import Display, load_settings

    return load_settings(home / "settings.toml")[0].display is Display.PLAIN


def list_routines() -> int:
    """`lowback routines`: a table of routines, then every bad file with its errors."""
    entries = catalog(_home())
    good = [entry for entry in entries if entry.ok]
    bad = [entry for entry in entries if not entry.ok]
    # Measured in terminal cells: an id in CJK or with an emoji is two columns a character.
    width = max([cell_width(safe(entry.id)) for entry in good] + [2])
    print(f"{pad('ID', width)}  {'STEPS':>5}  {'ABOUT':>9}  NAME")
    for entry in good:
        assert entry.routine is not None
        where = "built-in" if entry.builtin else "custom"
        if entry.shadows_builtin:
            where = "custom, replaces the built-in one"
        length = about(estimate_seconds(entry.routine))
        print(
            f"{pad(safe(entry.id), width)}  {len(entry.routine.steps):>5}  {length:>9}  "
            f"{printable(entry.routine.name)} ({where})"
        )
    from lowback_tui.services.coach import TIME_OF_DAY

    print(f"\n{TIME_OF_DAY}")
    if bad:
        print(f"\n{len(bad)} routine file(s) with errors:", file=sys.stderr)
        for entry in bad:
            for problem in entry.problems:
                print(f"  {safe(problem)}", file=sys.stderr)
    return 0


def check_routines(paths: list[str]) -> int:
    """`lowback routines check`: every problem of every file (with no path, of the user's own
    routines); exit 1 if any."""
    failed = 0
    files = [Path(name) for name in paths]
    if not paths:
        library = RoutineLibrary.for_home(_home())
        folder, files = library.custom_dir, library.own_files()
        if not files:
            print(f"no routines of your own in {folder} (built-in ones are checked by tests)")
            return 0
    for path in files:
        try:
            routine = load_routine(path)
        except RoutineError as error:
            failed += 1
            for problem in error.problems:
                print(safe(problem), file=sys.stderr)
            continue
        length = about(estimate_seconds(routine))
        print(f"{safe(path)}: ok, {count_text(len(routine.steps), 'step')}, {length}")
    return 1 if failed else 0


def import_routine(source: str, *, force: bool) -> int:
    """`lowback routines import`: validate, then copy into LOWBACK_HOME/routines/."""
    path = Path(source)
    library = RoutineLibrary.for_home(_home(create=True))
    try:
        routine, target, shadows = library.import_file(path, force=force)
    except RoutineError as error:
        raise CliError(f"not imported, the file has errors:\n{error}") from None
    except FileExistsError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        target = library.path_of(path.stem)
        raise CliError(f"cannot write {target}: {error.strerror or error}") from None
    note = " (replaces the built-in routine of that id)" if shadows else ""
    print(safe(f"imported {routine.name} as {path.stem}{note}: {target}"))
    return 0


def export_routine(routine_id: str, output: str | None, *, force: bool = False) -> int:
    """`lowback routines export`: the routine's TOML file, as it is on disk."""
    entry = resolve_routine(catalog(_home()), routine_id)
    try:
        text = RoutineLibrary.for_home(_home()).export_text(entry)
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"cannot read {entry.path}: {_reason(error)}") from None
    from lowback_tui.cli.progress import write_file

    write_file(text.encode("utf-8"), output, force=force)
    return 0


def _reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def print_completion(shell: str) -> int:
    """`lowback completion SHELL`: the code that makes SHELL complete lowback's arguments."""
    from argcomplete.shell_integration import shellcode

    sys.stdout.write(shellcode(["lowback"], shell=shell))
    return 0
