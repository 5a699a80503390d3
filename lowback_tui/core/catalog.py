"""All routines a user can pick: built-in ones, custom ones (which may shadow them), bad files."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from lowback_tui.core.routine import Problem, Routine


@dataclass(frozen=True)
class CatalogEntry:
    """One routine file: its routine if it is valid, its problems if not."""

    id: str
    path: Path
    builtin: bool
    routine: Routine | None
    problems: tuple[Problem, ...] = ()
    shadows_builtin: bool = False
    """A custom routine with the id of a built-in one, which it replaces."""

    @property
    def name(self) -> str:
        return self.routine.name if self.routine else self.id

    @property
    def ok(self) -> bool:
        return self.routine is not None


def merge_catalog(
    builtin_entries: list[CatalogEntry], custom_entries: list[CatalogEntry]
) -> list[CatalogEntry]:
    """Every routine, custom ones replacing built-in ones of the same id; bad files included."""
    builtin = {entry.id: entry for entry in builtin_entries}
    entries: dict[tuple[str, bool], CatalogEntry] = {(e.id, True): e for e in builtin.values()}
    for entry in custom_entries:
        if entry.id in builtin:
            # A good custom file replaces the built-in routine; a broken one must not hide
            # it: both are listed, the broken one with its errors.
            if entry.ok:
                del entries[(entry.id, True)]
            entry = CatalogEntry(entry.id, entry.path, False, entry.routine, entry.problems, True)
        entries[(entry.id, False)] = entry
    return sorted(entries.values(), key=lambda entry: (not entry.builtin, entry.name.lower()))


def find(
    entries: list[CatalogEntry], routine_id: str, *, custom: bool = False
) -> CatalogEntry | None:
    """The entry with this id that can run (or the custom file of that id, if `custom`)."""
    matches = [entry for entry in entries if entry.id == routine_id]
    if custom:
        matches = [entry for entry in matches if not entry.builtin]
    return next((entry for entry in matches if entry.ok), matches[0] if matches else None)


def close_matches(entries: list[CatalogEntry], wanted: str) -> list[str]:
    """Ids that look like a mistyped one (by id or name)."""
    ids = [entry.id for entry in entries]
    by_name = {entry.name.lower(): entry.id for entry in entries}
    hits = difflib.get_close_matches(wanted.lower(), ids, n=3, cutoff=0.5)
    names = difflib.get_close_matches(wanted.lower(), by_name, n=3, cutoff=0.5)
    hits += [by_name[name] for name in names]
    hits += [i for i in ids if wanted.lower() in i and len(wanted) >= 3]
    return list(dict.fromkeys(hits))[:3]
