"""Clocks: the system clock (optionally sped up by LOWBACK_TIME_SCALE) and a fake one for tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import time
import zoneinfo
from pathlib import Path
from typing import Protocol

#: Faster than this and a 20-minute hold is over before the screen can show it.
MAX_TIME_SCALE = 10_000.0


class Clock(Protocol):
    """Where a session gets its time: a monotonic clock for durations, a wall clock for dates."""

    scale: float
    """How many clock seconds pass per real second (1 unless LOWBACK_TIME_SCALE says else)."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; only differences mean anything."""
        ...

    def wall(self) -> float:
        """Seconds since the epoch, for timestamps; may jump (sleep, NTP)."""
        ...


class SystemClock:
    """The machine's clocks; durations run `scale` times faster from the moment this is made.

    The wall clock is never scaled: it only dates what is stored, and a session sped up for a
    demo is still dated when it really happened.
    """

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self._mono_origin = time.monotonic()

    def monotonic(self) -> float:
        return self._mono_origin + (time.monotonic() - self._mono_origin) * self.scale

    def wall(self) -> float:
        return time.time()


class FakeClock:
    """A clock the tests move by hand: `advance` moves both clocks, `jump_wall` only the wall."""

    def __init__(self, wall: float = 1_780_000_000.0, monotonic: float = 1000.0) -> None:
        self.scale = 1.0
        self._wall = wall
        self._monotonic = monotonic

    def monotonic(self) -> float:
        return self._monotonic

    def wall(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass, as a running machine would see them."""
        self._monotonic += seconds
        self._wall += seconds

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock, as a laptop that slept sees it on waking."""
        self._wall += seconds


class TimeScaleError(ValueError):
    """LOWBACK_TIME_SCALE is set to something that is not a usable speed."""


def time_scale_from_env(environ: dict[str, str] | None = None) -> float:
    """The speed-up LOWBACK_TIME_SCALE asks for (1.0 when unset)."""
    raw = (os.environ if environ is None else environ).get("LOWBACK_TIME_SCALE", "").strip()
    if not raw:
        return 1.0
    try:
        scale = float(raw)
    except ValueError:
        scale = math.nan
    if not math.isfinite(scale) or not 0 < scale <= MAX_TIME_SCALE:
        raise TimeScaleError(
            f"LOWBACK_TIME_SCALE={raw!r} is not usable, expected a number above 0 "
            f"and at most {MAX_TIME_SCALE:g} (for example 60)"
        )
    return scale


def iso_from_wall(wall_seconds: float, tz: str | None = None) -> str:
    """An ISO 8601 timestamp with the local (or given) offset, as history stores it."""
    if tz:
        return dt.datetime.fromtimestamp(wall_seconds, tz=zoneinfo.ZoneInfo(tz)).isoformat()
    return dt.datetime.fromtimestamp(wall_seconds).astimezone().isoformat()


def local_zone_name(environ: dict[str, str] | None = None) -> str | None:
    """The IANA name of the local time zone from $TZ, /etc/timezone or /etc/localtime, or None.

    The cheap answer on Linux and macOS (no pendulum, which costs memory a timer does not
    need); callers fall back to pendulum's fuller detection when this says None.
    """
    candidates = [(os.environ if environ is None else environ).get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and not name.startswith("/"):
            try:
                zoneinfo.ZoneInfo(name)
            except (ValueError, zoneinfo.ZoneInfoNotFoundError):
                continue
            return name
    return None
