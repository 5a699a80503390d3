"""Keys from the terminal without echo, one at a time, and the terminal given back at the end."""

from __future__ import annotations

import os
import select
import signal
import termios
import tty
from collections import deque
from types import FrameType, TracebackType
from typing import Any

#: What arrow and editing keys send, by name (VT100 and application mode).
SEQUENCES = {
    "\x1b[A": "up",
    "\x1b[B": "down",
    "\x1b[C": "right",
    "\x1b[D": "left",
    "\x1bOA": "up",
    "\x1bOB": "down",
    "\x1bOC": "right",
    "\x1bOD": "left",
}
NAMES = {"\r": "enter", "\n": "enter", " ": "space", "\x7f": "backspace", "\x08": "backspace"}


class Signalled(Exception):
    """SIGTERM or SIGHUP arrived: leave as a closed terminal would, the terminal given back."""

    def __init__(self, number: int) -> None:
        super().__init__(signal.Signals(number).name)
        self.number = number


def parse(text: str) -> list[str]:
    """Keys in what the terminal sent: names ("enter", "up", "escape") or the characters."""
    keys: list[str] = []
    rest = text
    while rest:
        if rest.startswith("\x1b"):
            for sequence, name in SEQUENCES.items():
                if rest.startswith(sequence):
                    keys.append(name)
                    rest = rest[len(sequence) :]
                    break
            else:
                if rest[1:2] in ("[", "O"):  # another sequence (F-keys, Home): ignored whole
                    end = 2
                    while end < len(rest) and not ("@" <= rest[end] <= "~"):
                        end += 1
                    rest = rest[end + 1 :]
                else:
                    keys.append("escape")
                    rest = rest[1:]
            continue
        char, rest = rest[0], rest[1:]
        if char in NAMES:
            keys.append(NAMES[char])
        elif char.isprintable():
            keys.append(char)
    return keys


class Keyboard:
    """The terminal in cbreak mode (keys at once, no echo; Ctrl+C still interrupts) while in
    use, restored as it was on the way out, also after SIGTERM or SIGHUP."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._saved: list[Any] | None = None
        self._pending: deque[str] = deque()
        self._handlers: dict[int, object] = {}

    def __enter__(self) -> Keyboard:
        self._saved = termios.tcgetattr(self.fd)
        for number in (signal.SIGTERM, signal.SIGHUP):
            self._handlers[number] = signal.signal(number, self._signalled)
        tty.setcbreak(self.fd)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.restore()

    def restore(self) -> None:
        """Give the terminal back as it was (echo, line editing) and the signals their old
        handlers."""
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None
        for number, handler in self._handlers.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
        self._handlers.clear()

    @staticmethod
    def _signalled(number: int, frame: FrameType | None) -> None:
        raise Signalled(number)

    def read(self, timeout: float | None) -> str | None:
        """The next key, waiting at most `timeout` real seconds (None: until one comes)."""
        if self._pending:
            return self._pending.popleft()
        ready, _, _ = select.select([self.fd], [], [], None if timeout is None else max(0, timeout))
        if not ready:
            return None
        data = os.read(self.fd, 256)
        if not data:
            raise EOFError("the terminal closed")
        self._pending.extend(parse(data.decode("utf-8", "replace")))
        return self._pending.popleft() if self._pending else None
