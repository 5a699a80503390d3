"""Open lowback's own files safely: regular files only, never blocking, bounded, no link escape."""

from __future__ import annotations

import errno
import os
import stat
from enum import StrEnum
from pathlib import Path

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
MIB = 1024 * 1024


class FileKind(StrEnum):
    """What a file is to lowback; each kind has its own size limit."""

    LOCK = "lock file"
    HISTORY = "history file"
    JOURNAL = "running-session journal"
    SETTINGS = "settings file"
    ROUTINE = "routine file"
    IMPORT = "history import"


#: The largest file of each kind lowback reads: a settings or routine file is a few KiB, a
#: journal one session (a few hundred KiB at most); a history of 20,000 sessions is about 40 MiB.
LIMITS: dict[FileKind, int] = {
    FileKind.LOCK: 64,
    FileKind.HISTORY: 512 * MIB,
    FileKind.JOURNAL: 16 * MIB,
    FileKind.SETTINGS: 1 * MIB,
    FileKind.ROUTINE: 1 * MIB,
    FileKind.IMPORT: 512 * MIB,
}


class UnsafeFileError(OSError):
    """A file lowback must not read or write as it is: `strerror` says what it is instead.

    An OSError, so that every place that already reports an OSError (naming the file and
    `strerror`) reports this one too.
    """

    def __init__(self, path: Path, reason: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, reason, str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


class NotRegularFileError(UnsafeFileError):
    """A FIFO, device, socket or folder where lowback expects a file of its own."""


def what_it_is(mode: int) -> str:
    """A file's type in words, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def size_text(size: int) -> str:
    """A byte count as a person reads it (1 MiB, 16 MiB, 300 KiB)."""
    if size >= MIB:
        return f"{size / MIB:.0f} MiB"
    return f"{size / 1024:.0f} KiB" if size >= 1024 else f"{size} bytes"


def not_regular(path: Path, mode: int, kind: FileKind) -> NotRegularFileError:
    return NotRegularFileError(path, f"is {what_it_is(mode)}, expected a {kind} (a regular file)")


def too_large(path: Path, kind: FileKind, limit: int) -> UnsafeFileError:
    return UnsafeFileError(
        path, f"is larger than {size_text(limit)}, more than a {kind} can be", errno.EFBIG
    )


def read_bytes(path: Path, kind: FileKind, *, limit: int | None = None) -> bytes:
    """The whole file, if it is a regular file within the kind's size limit.

    Never blocks: a FIFO or a device is opened non-blocking and refused after fstat. Links
    are followed (reading harms nothing); what they lead to must be a regular file too.
    Raises FileNotFoundError for a missing file, UnsafeFileError for a file of the wrong
    type or size, and any other OSError of the system.
    """
    bound = LIMITS[kind] if limit is None else limit
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY | _CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(path, info.st_mode, kind)
        if info.st_size > bound:
            raise too_large(path, kind, bound)
        chunks, total = [], 0
        # Read to the bound, not to st_size: a file may grow, and /proc files claim size 0.
        while total <= bound:
            chunk = os.read(fd, min(bound + 1 - total, 4 * MIB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > bound:
            raise too_large(path, kind, bound)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path, kind: FileKind, *, limit: int | None = None) -> str:
    """`read_bytes` as UTF-8 (UnicodeDecodeError otherwise), without a byte-order mark."""
    return read_bytes(path, kind, limit=limit).decode("utf-8").removeprefix("\ufeff")


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` (resolved) is `folder` (resolved) or within it."""
    return path.resolve().is_relative_to(folder.resolve())


def write_target(path: Path, *, inside: Path | None, kind: FileKind | None = None) -> Path:
    """The file a write to `path` must replace: `path` itself, or where its links lead.

    A symbolic link is followed only to a place within `inside` (None: anywhere, for a file
    the caller has read and recognised as its own): replacing what it leads to keeps the link
    pointing where it did. A link leading out of `inside`, or an existing file that is not a
    regular file (a FIFO, a device, a folder), raises UnsafeFileError and nothing is written.
    """
    what = kind or "file"
    target = path
    if path.is_symlink():
        target = path.resolve()
        if inside is not None and not is_inside(target, inside):
            raise UnsafeFileError(
                path,
                f"is a link to {target}, outside {inside}; lowback writes only inside its "
                "data folder (replace the link with the file, or set LOWBACK_HOME)",
                errno.EPERM,
            )
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise UnsafeFileError(
            path, f"is {what_it_is(mode)}; lowback replaces only a regular {what}", errno.EPERM
        )
    return target


def open_private(path: Path, flags: int) -> int:
    """Open (creating with mode 0600) a file lowback owns, never following a link at its name."""
    return os.open(path, flags | _NOFOLLOW | _NONBLOCK | _NOCTTY | _CLOEXEC, 0o600)


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) as 0700 if missing; an existing one is left as it is."""
    if folder.is_dir():
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkdir's mode is cut by the umask; a umask of 0o777 would make it unusable, 0 too open.
    os.chmod(folder, 0o700)
