"""The command line's clock: `main(clock=...)` hands it in, every command reads "now" here.

The app gets its clock through `build_app(clock=...)`; a command gets it through `main`, which
sets it for the length of one call, so a test (or a screenshot) runs `lowback report` on a day
it chooses instead of whatever day the machine says. Without one, the machine's wall clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Protocol


class WallClock(Protocol):
    """What a command needs of a clock: the wall time (core.clock's clocks all have it)."""

    def wall(self) -> float: ...


_clock: ContextVar[WallClock | None] = ContextVar("lowback_cli_clock", default=None)


@contextlib.contextmanager
def using(clock: WallClock | None) -> Iterator[None]:
    """Run one command line with `clock` (None: the machine's)."""
    token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(token)


def wall() -> float:
    """Seconds since the epoch, from the clock `main` was given."""
    clock = _clock.get()
    return time.time() if clock is None else clock.wall()


def now_in(zone: dt.tzinfo) -> dt.datetime:
    """Now, in `zone`."""
    return dt.datetime.fromtimestamp(wall(), tz=zone)


def today_in(zone: dt.tzinfo) -> dt.date:
    """Today's date in `zone`."""
    return now_in(zone).date()
