"""Replace a file atomically: a reader or a crash only ever sees the old or the new content."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from lowback_tui.base.safe_files import open_private, write_target

TEMP_SUFFIX = ".tmp"
#: Buffers per writev call: the POSIX limit where the system says, else Linux's.
IOV_MAX = os.sysconf("SC_IOV_MAX") if "SC_IOV_MAX" in os.sysconf_names else 1024


def is_read_only(path: Path) -> bool:
    """True when `path` exists and must not be replaced.

    os.replace only needs a writable directory, so a file the user made read-only would be
    silently replaced; the mode bits are checked too because root passes every os.access test.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def atomic_write(
    path: Path,
    chunks: Iterable[bytes | memoryview],
    *,
    sync: bool = True,
    inside: Path | None = None,
    anywhere: bool = False,
) -> None:
    """Write `chunks` to a temporary file next to `path`, fsync it, rename it over `path`.

    The new file is private (0600: history is health data). If `path` is a symbolic link, the
    file it leads to is replaced, so the link keeps pointing where it did; but only when that
    file is within `inside` (default: `path`'s folder), unless `anywhere` (a file the caller
    read and recognised as its own). A link out of it, or a FIFO, device or folder at `path`,
    raises UnsafeFileError (an OSError) and nothing is written.
    With `sync=False` the fsyncs are left to the caller (see `sync_file`): the rename still
    makes the new content whole and visible at once, so a crash or kill of the process loses
    nothing; only a power failure before the data reaches the disk could.
    Raises PermissionError for a read-only `path` (never touched) and any OSError of the
    filesystem (a full disk: ENOSPC); the temporary file is removed on failure.
    """
    target = write_target(path, inside=None if anywhere else (inside or path.parent))
    if is_read_only(target):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    # The pid in the name lets a later start remove temp files of crashed processes only.
    temp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
    fd = open_private(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        try:
            os.fchmod(fd, 0o600)  # whatever the umask, and whatever the old file's mode was
            _write_all(fd, chunks)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if sync:
        fsync_directory(target.parent)


def sync_file(path: Path) -> None:
    """fsync a file written with `sync=False`, and its folder; a file gone since is fine."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_directory(path.parent)


def _write_all(fd: int, pieces: Iterable[bytes | memoryview]) -> None:
    """Write every piece, many per system call, none joined first (the kernel copies them)."""
    # No memoryview per piece: tens of thousands of short-lived objects would wake the
    # garbage collector, whose full pass over a large history holds the GIL for long.
    views = list(pieces)
    index = 0
    while index < len(views):
        group = views[index : index + IOV_MAX]
        written = os.writev(fd, group)
        if not written and any(group):
            raise OSError(errno.EIO, "the write made no progress")
        for view in group:
            if written < len(view):  # a short write (signal, full disk): resume mid-piece
                views[index] = memoryview(view)[written:]
                break
            written -= len(view)
            index += 1


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (some filesystems cannot fsync a directory)."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def remove_stale_temps(directory: Path, *names: str) -> None:
    """Remove temp files of these names left by processes that died mid-write (they can be
    large). One look at the directory however many names: a year file each, over decades."""
    prefixes = tuple(f".{name}." for name in names)
    try:
        entries = os.listdir(directory)
    except OSError:
        return  # no directory, no leftovers
    for entry in entries:
        if not entry.endswith(TEMP_SUFFIX) or not entry.startswith(prefixes):
            continue
        prefix = max((p for p in prefixes if entry.startswith(p)), key=len)
        pid_text = entry[len(prefix) :].split(".", 1)[0]
        if not pid_text.isdigit() or _process_alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):  # housekeeping only: a leftover harms nothing
            (directory / entry).unlink()


def _process_alive(pid: int) -> bool:
    """Whether a process with this pid exists (it may belong to another user)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
