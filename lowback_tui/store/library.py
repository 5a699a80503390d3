"""RoutineLibrary: the one owner of routine files (list, find, ids, save, rename, delete,
import, export). core/ only turns TOML text into routines and back."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from lowback_tui.base.atomic import atomic_write
from lowback_tui.base.paths import builtin_routines_dir, custom_routines_dir
from lowback_tui.base.safe_files import FileKind, make_private_folder, read_bytes, read_text
from lowback_tui.core.catalog import CatalogEntry, find, merge_catalog
from lowback_tui.core.routine import (
    MAX_FILE_BYTES,
    Problem,
    Routine,
    RoutineError,
    check_routine_name,
    routine_from_bytes,
)


def load_routine(path: Path, *, builtin: bool = False) -> Routine:
    """Read one routine file; unreadable, huge, binary or invalid files raise RoutineError."""
    source = str(path)
    try:
        # Never blocks (a FIFO or device named x.toml is refused), never reads past 1 MiB.
        raw = read_bytes(path, FileKind.ROUTINE, limit=MAX_FILE_BYTES)
    except OSError as error:
        if error.errno == errno.EFBIG:
            message = "is larger than 1 MiB, expected a routine file"
            raise RoutineError([Problem(source, message)]) from None
        reason = error.strerror or str(error)
        raise RoutineError([Problem(source, f"cannot be read ({reason})")]) from None
    return routine_from_bytes(raw, routine_id=path.stem, source=source, builtin=builtin)


def read_folder(folder: Path, *, builtin: bool) -> list[CatalogEntry]:
    """Every `*.toml` in `folder`, each with its routine or its problems (never raises)."""
    entries = []
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError:
        return []
    for path in paths:
        try:
            routine = load_routine(path, builtin=builtin)
            entries.append(CatalogEntry(path.stem, path, builtin, routine))
        except RoutineError as error:
            entries.append(CatalogEntry(path.stem, path, builtin, None, error.problems))
    return entries


def _text_or_none(path: Path) -> str | None:
    try:
        return read_text(path, FileKind.ROUTINE)
    except (OSError, UnicodeDecodeError):
        return None


class RoutineLibrary:
    """The built-in routines (read-only) and the user's own, one TOML file each."""

    def __init__(self, custom_dir: Path, builtin_dir: Path | None = None) -> None:
        self.custom_dir = custom_dir
        """LOWBACK_HOME/routines: where new, duplicated, renamed and imported routines go."""
        self.builtin_dir = builtin_dir or builtin_routines_dir()
        self._entries: list[CatalogEntry] | None = None

    @classmethod
    def for_home(cls, home: Path) -> RoutineLibrary:
        return cls(custom_routines_dir(home))

    # -- reading -------------------------------------------------------------------------

    def reload(self) -> list[CatalogEntry]:
        """Read every routine file again (after a change here or in $EDITOR)."""
        self._entries = merge_catalog(
            read_folder(self.builtin_dir, builtin=True),
            read_folder(self.custom_dir, builtin=False),
        )
        return self._entries

    def entries(self) -> list[CatalogEntry]:
        """Every routine, as last read (read now if never read): custom ones replace built-in
        ones of the same id; files with errors are listed with their problems."""
        return self._entries if self._entries is not None else self.reload()

    def find(self, routine_id: str, *, custom: bool = False) -> CatalogEntry | None:
        """The entry with this id that can run (or the custom file of that id, if `custom`)."""
        return find(self.entries(), routine_id, custom=custom)

    def find_by_name(self, name: str) -> CatalogEntry | None:
        """A routine that can run whose display name is `name`, in any case."""
        wanted = name.casefold().strip()
        return next((e for e in self.entries() if e.ok and e.name.casefold() == wanted), None)

    def builtin_ids(self) -> frozenset[str]:
        """Ids a new routine should not take: it would replace (shadow) the built-in one."""
        try:
            shipped = {path.stem for path in self.builtin_dir.glob("*.toml")}
        except OSError:
            shipped = set()
        return frozenset(shipped)

    def names(self, *, besides: str | None = None) -> set[str]:
        """Display names in use (case-folded), but that of the user's routine `besides`: a
        new, copied or renamed routine takes another one."""
        return {
            entry.name.casefold()
            for entry in self.entries()
            if entry.ok and not (entry.id == besides and not entry.builtin)
        }

    def path_of(self, routine_id: str) -> Path:
        """Where the user's routine of this id is (or would be) saved."""
        return self.custom_dir / f"{routine_id}.toml"

    def text_of(self, routine_id: str) -> str | None:
        """The user's routine file of this id as text, or None if there is none (or it
        cannot be read as text)."""
        return _text_or_none(self.path_of(routine_id))

    def new_id(self, name: str, *, keep: str | None = None) -> str:
        """A file id for `name` that no custom file and no built-in routine has (`keep`, the
        routine's own id, may be reused)."""
        from lowback_tui.core.routine_toml import routine_id_for  # tomlkit: only when needed

        try:
            taken = {path.stem for path in self.custom_dir.glob("*.toml")}
        except OSError:
            taken = set()
        return routine_id_for(name, taken | self.builtin_ids(), keep=keep)

    # -- writing -------------------------------------------------------------------------

    def save(
        self,
        routine_id: str,
        routine: Routine,
        *,
        base_text: str | None = None,
        origins: Sequence[int | None] | None = None,
    ) -> str:
        """Write the routine as `routine_id` (updating `base_text`, the file as it was read,
        in place so its comments stay); returns the text written. OSError if it cannot be
        written, ValueError if the text would not read back as the routine (nothing written)."""
        from lowback_tui.core.routine_toml import routine_to_toml

        text = routine_to_toml(routine, base_text, origins)
        self.write_text(routine_id, text)
        return text

    def write_text(self, routine_id: str, text: str) -> Path:
        """Replace the user's routine file of this id with `text`, atomically (0600)."""
        path = self.path_of(routine_id)
        make_private_folder(self.custom_dir)
        atomic_write(path, [text.encode("utf-8")])
        self._entries = None
        return path

    def rename(self, routine_id: str, new_name: str) -> str:
        """Give a custom routine a new name and the id that goes with it; returns the new id.

        The name is checked as the file format checks it (RoutineError). The file is updated in
        place (comments kept) and written under its new id before the old one is removed, so a
        failure leaves at least one good copy.
        """
        from lowback_tui.core.routine_toml import routine_to_toml

        path = self.path_of(routine_id)
        routine = load_routine(path)
        check_routine_name(new_name, source=path.name)
        if new_name.strip().casefold() in self.names(besides=routine_id):
            taken = f"another routine is called {new_name.strip()!r} already"
            raise RoutineError([Problem(path.name, f"{taken}, expected a name of its own", "name")])
        renamed = replace(routine, name=new_name.strip())
        new_id = self.new_id(renamed.name, keep=routine_id)
        text = routine_to_toml(renamed, _text_or_none(path), list(range(len(routine.steps))))
        self.write_text(new_id, text)
        if new_id != routine_id:
            path.unlink()
        return new_id

    def delete(self, routine_id: str) -> None:
        """Remove the user's routine file of this id (a built-in one it replaced comes back)."""
        self.path_of(routine_id).unlink(missing_ok=True)
        self._entries = None

    def import_file(self, source: Path, *, force: bool = False) -> tuple[Routine, Path, bool]:
        """Copy a checked routine file into the library under its file name's id.

        Returns the routine, where it went and whether it replaces a built-in routine.
        RoutineError if the file has errors; FileExistsError if it would replace a built-in
        routine or an existing file and `force` is not set (its message says which).
        """
        routine = load_routine(source)
        routine_id = source.stem
        shadows = routine_id in self.builtin_ids()
        if shadows and not force:
            raise FileExistsError(
                f"{routine_id!r} is the id of a built-in routine; use --force to replace it "
                "with yours (the built-in one comes back when you delete your file), or "
                "rename the file"
            )
        target = self.path_of(routine_id)
        if target.exists() and not force:
            raise FileExistsError(f"{target} exists already; use --force to replace it")
        # The bytes just checked, through the atomic writer: private (0600), never written
        # through a link in routines/ that leads out of it.
        make_private_folder(self.custom_dir)
        atomic_write(target, [read_bytes(source, FileKind.ROUTINE, limit=MAX_FILE_BYTES)])
        self._entries = None
        return routine, target, shadows

    def export_text(self, entry: CatalogEntry) -> str:
        """A routine's file as it is on disk (OSError or UnicodeDecodeError if unreadable)."""
        return read_text(entry.path, FileKind.ROUTINE)

    def own_files(self) -> list[Path]:
        """The user's routine files (for `lowback routines check` with no path)."""
        try:
            return sorted(self.custom_dir.glob("*.toml"))
        except OSError:
            return []
