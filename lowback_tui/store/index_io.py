"""The index's files on disk: written atomically with a check of their content at the end,
read only if the check holds, and kept in a folder of lowback's own (never through a link)."""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable
from pathlib import Path

from lowback_tui.base.safe_files import make_private_folder

from .errors import CorruptFileError, HistoryError, OutdatedIndexError

#: Names that look like a year file and are not one lowback reads (0000.json, -1.json, ٢٠٢٦.json).
_LIKE_A_YEAR = re.compile(r"^[-+]?\d+\.json$")


_CHECK = b',"check":"'


def read_json(path: Path) -> object:
    """An index file's content; None if missing, CorruptFileError if unreadable or if its
    content does not match its check (edited by hand: the index is derived, so rebuilt)."""
    from lowback_tui.base.safe_files import FileKind, NotRegularFileError, read_bytes

    try:
        raw = read_bytes(path, FileKind.HISTORY)
    except FileNotFoundError:
        return None
    except NotRegularFileError as error:  # set aside like a corrupt file: renaming is safe
        raise CorruptFileError(error.strerror) from error
    except OSError as error:
        raise HistoryError(f"Cannot read {path}: {error.strerror or error}.") from error
    body, found, check = raw.rpartition(_CHECK)
    if not found:
        _parse(raw)  # damaged (CorruptFileError), or whole but from an earlier lowback:
        raise OutdatedIndexError("it was written before index files were checked")
    if check != b'%08x"}' % zlib.crc32(body):
        raise CorruptFileError("its content does not match its check (changed by hand?)")
    return _parse(body + b"}")


def _parse(raw: bytes) -> object:
    from lowback_tui.base import safe_json

    try:
        return safe_json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise CorruptFileError(f"it is not valid JSON ({error})") from error


def write_json(path: Path, data: object) -> None:
    """An index file, atomically, with its check at the end; never through a link."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    body = text.encode("ascii")[:-1]  # the object without its closing brace
    try:
        from lowback_tui.base.atomic import atomic_write  # only when writing: `streak` never does

        make_private_folder(path.parent)
        atomic_write(path, [body, _CHECK, b'%08x"}' % zlib.crc32(body)])
    except OSError as error:
        raise HistoryError(f"Cannot write {path}: {error.strerror or error}.") from error


def own_folder(folder: Path) -> None:
    """`folder` as a real folder of lowback's (0700): a link there (to a folder outside, say)
    or a file is renamed aside, never written or deleted through."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        from .loading import keep_aside

        keep_aside(folder, "it is not a folder of lowback's own")
    try:
        make_private_folder(folder)
    except OSError as error:
        raise HistoryError(f"Cannot create {folder}: {error.strerror or error}.") from error


def odd_year_files(directory: Path, is_year: Callable[[str], bool]) -> list[str]:
    """Sentences about files in history/ named like a year file that lowback does not read."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return [
        f"{directory / name} is not a year file lowback reads (a year from 1900 to 9998 in "
        "ASCII digits, like 2026.json); it was left as it is."
        for name in sorted(names)
        if _LIKE_A_YEAR.match(name) and not is_year(name)
    ]
