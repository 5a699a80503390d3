"""One lowback per LOWBACK_HOME: an advisory flock on LOWBACK_HOME/lowback.lock."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from types import TracebackType

from lowback_tui.base.safe_files import make_private_folder, open_private, what_it_is

from .errors import HistoryError

LOCK_NAME = "lowback.lock"


class HomeLockedError(HistoryError):
    """Another lowback process holds the lock of this LOWBACK_HOME."""


class HomeLock:
    """Held for the app's lifetime; the kernel releases it if the process dies."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.path = self.home / LOCK_NAME
        self._fd: int | None = None
        self.read_only: str | None = None
        """Why lowback must not write to this home (read-only, full), or None."""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock at once or raise HomeLockedError naming the process that holds it.

        The lock file is never a link (O_NOFOLLOW: a link would have the pid written into,
        and at release emptied, the file it leads to) and must be a regular file. On a
        read-only file system, or a disk too full to take the pid, the lock is still taken
        if it can be (so two apps still exclude each other) and `read_only` says why lowback
        must not write.
        """
        if self._fd is not None:
            return
        try:
            import fcntl  # POSIX only: imported here so another platform gets a sentence
        except ImportError:
            raise HistoryError(
                "lowback runs on Linux and macOS: this system has no fcntl, which lowback "
                f"needs to keep to one app per data folder ({self.home}). Nothing was written."
            ) from None
        try:
            make_private_folder(self.home)
            fd, created, on_file = self._open()
        except OSError as error:
            reason = _reason(error)
            raise HistoryError(f"Cannot use {self.home} as LOWBACK_HOME: {reason}.") from error
        try:
            info = os.fstat(fd)
            if on_file and not stat.S_ISREG(info.st_mode):
                raise HistoryError(
                    f"Cannot use {self.home} as LOWBACK_HOME: {self.path} is "
                    f"{what_it_is(info.st_mode)}, expected a regular file. Remove it and retry."
                )
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f"another lowback (pid {holder})" if holder else "another lowback"
            raise HomeLockedError(
                f"{who} is using {self.home}. Close it first, or set LOWBACK_HOME to "
                "another directory."
            ) from None
        except BaseException:
            os.close(fd)
            raise
        if self.read_only is None:
            # The pid is only information for the error above; the flock is what excludes.
            try:
                os.fchmod(fd, 0o600)  # written to: private, whatever mode it was left with
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            except OSError as error:
                if created:  # leave no empty lock behind a start that cannot write
                    with contextlib.suppress(OSError):
                        os.unlink(self.path)
                self.read_only = _read_only_reason(self.home, error)
        self._fd = fd

    def _open(self) -> tuple[int, bool, bool]:
        """A descriptor to flock, whether this call created the lock file, and whether the
        descriptor is the lock file's (on a read-only file system without one: the home's)."""
        try:
            try:
                return open_private(self.path, os.O_RDWR), False, True
            except FileNotFoundError:
                return open_private(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL), True, True
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise OSError(
                    errno.ELOOP,
                    f"{self.path} is a symbolic link; lowback never writes through it "
                    "(remove the link and retry)",
                ) from None
            if error.errno not in _CANNOT_WRITE:
                raise
            self.read_only = _read_only_reason(self.home, error)
            try:  # a flock needs no write access: two read-only apps still exclude each other
                return open_private(self.path, os.O_RDONLY), False, True
            except FileNotFoundError:
                flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
                return os.open(self.home, flags), False, False

    def release(self) -> None:
        """Let another lowback use this home (the file stays: unlinking it would race)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if self.read_only is None:
                os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing drops the flock

    close = release

    def __enter__(self) -> HomeLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    """The pid the holder wrote, or None if it has not written it yet."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


#: Errors that say the home can be read but not written.
_CANNOT_WRITE = (errno.EROFS, errno.ENOSPC, errno.EDQUOT)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _read_only_reason(home: Path, error: OSError) -> str:
    """The sentence the app shows when it opens read-only."""
    if error.errno == errno.EROFS:
        why = f"{home} is on a read-only file system"
    elif error.errno in (errno.ENOSPC, errno.EDQUOT):
        why = f"the disk of {home} is full ({_reason(error)})"
    else:
        why = f"{home} cannot be written ({_reason(error)})"
    return (
        f"{why}: lowback opened read-only. Your history is shown, but sessions are not "
        "saved until it can write again."
    )
