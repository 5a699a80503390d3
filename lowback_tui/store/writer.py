"""Writers that hand pending history changes to a write function, inline or on a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

#: Pending changes by key: a later change to the same key replaces the earlier one.
Batch = dict[Hashable, object]
WriteBatch = Callable[[Batch], None]


class InlineWriter:
    """Writes each change at once, in the caller's thread (tests, command line)."""

    def __init__(self, write_batch: WriteBatch) -> None:
        self._write_batch = write_batch
        self._pending: Batch = {}

    def submit(self, key: Hashable, value: object) -> None:
        """Write now; on failure the change stays pending and is retried with the next one."""
        self._pending[key] = value
        self.flush()

    def flush(self, timeout: float | None = None) -> None:
        if self._pending:
            self._write_batch(dict(self._pending))
            self._pending.clear()

    def take_error(self) -> BaseException | None:
        return None  # errors were raised by submit itself

    @property
    def pending(self) -> bool:
        """Changes submitted and not yet on disk (only after a failed write)."""
        return bool(self._pending)

    def close(self, timeout: float | None = None) -> None:
        self.flush()


class ThreadWriter:
    """One daemon thread writes whatever is pending, so `submit` never waits for the disk.

    Changes submitted while a write runs are coalesced (the latest state of each key wins)
    into the next write. A failed write keeps its changes pending and retries at the next
    submit or flush; its error is kept for the caller to pick up with `take_error`.

    With `settle`, a write begins that many seconds after the submit that asked for it (a
    flush or close does not wait): the screen that follows a change (the timer's first
    frame after a session starts) is drawn before the write takes its share of the CPU.
    """

    def __init__(
        self,
        write_batch: WriteBatch,
        *,
        settle: float = 0.0,
    ):
        self._write_batch = write_batch
        self._settle = settle
        self._urgent = False  # a flush or close waits: write without settling
        self._cond = threading.Condition()
        self._pending: Batch = {}
        self._submitted = 0  # sequence number of the latest submit
        self._written = 0  # every submit up to this number is on disk
        self._attempts = 0  # finished writes, failed or not: lets flush see a failure
        self._wake = False
        self._closing = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, name="lowback-history-writer", daemon=True
        )
        self._thread.start()

    def submit(self, key: Hashable, value: object) -> None:
        with self._cond:
            if self._closing:
                raise RuntimeError("the history writer is closed")
            self._pending[key] = value
            self._submitted += 1
            self._wake = True
            self._cond.notify_all()

    def flush(self, timeout: float | None = None) -> None:
        """Wait until everything submitted so far is written; raise a write's error."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            target, attempts = self._submitted, self._attempts
            self._wake = True
            self._urgent = self._written < target
            self._cond.notify_all()
            while self._written < target:
                failure = self._error
                if failure is not None and self._attempts > attempts:
                    self._error = None
                    raise failure
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError(f"history was not written within {timeout} s")
                self._cond.wait(remaining)
            error = self._take_error_locked()
        if error is not None:
            raise error

    @property
    def pending(self) -> bool:
        """Changes submitted and not yet on disk: a flush would wait for them."""
        with self._cond:
            return self._written < self._submitted

    def take_error(self) -> BaseException | None:
        """The error of the last failed write, once (None if none)."""
        with self._cond:
            return self._take_error_locked()

    def close(self, timeout: float | None = None) -> None:
        """Write what is pending, then stop the thread; raise the error of that last write."""
        try:
            self.flush(timeout)
        finally:
            with self._cond:
                self._closing = True
                self._cond.notify_all()
            self._thread.join(timeout)

    def _take_error_locked(self) -> BaseException | None:
        error, self._error = self._error, None
        return error

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._wake and self._pending) and not self._closing:
                    self._cond.wait()
                if not (self._wake and self._pending):  # closing; a failed write is not retried
                    return
                if self._settle and not (self._urgent or self._closing):
                    settled = time.monotonic() + self._settle
                    while not (self._urgent or self._closing):
                        left = settled - time.monotonic()
                        if left <= 0:
                            break
                        self._cond.wait(left)
                batch, self._pending, self._wake = self._pending, {}, False
                self._urgent = False
                sequence = self._submitted
            try:
                self._write_batch(batch)
            except BaseException as error:  # kept for the caller, who can show it
                with self._cond:
                    # Changes submitted meanwhile are newer: they win over the failed batch.
                    self._pending = {**batch, **self._pending}
                    self._error = error
                    self._attempts += 1
                    self._cond.notify_all()
                continue
            with self._cond:
                self._written = sequence
                self._error = None  # an earlier failure is moot once its changes are written
                self._attempts += 1
                self._cond.notify_all()
