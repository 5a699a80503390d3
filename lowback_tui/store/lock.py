"""One lowback per LOWBACK_HOME: an advisory flock on LOWBACK_HOME/lowback.lock."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

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

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock at once or raise HomeLockedError naming the process that holds it."""
        if self._fd is not None:
            return
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as error:
            raise HistoryError(
                f"Cannot use {self.home} as LOWBACK_HOME: {error.strerror or error}."
            ) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f"another lowback (pid {holder})" if holder else "another lowback"
            raise HomeLockedError(
                f"{who} is using {self.home}. Close it first, or set LOWBACK_HOME to "
                "another directory."
            ) from None
        # The pid is only information for the error above; the flock is what excludes.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        """Let another lowback use this home (the file stays: unlinking it would race)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
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
