"""The one error type the command line turns into a message and an exit status."""

from __future__ import annotations


class CliError(Exception):
    """A user-facing failure: printed to stderr as one message, exit status 1 (or `code`)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
