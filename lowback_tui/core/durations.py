"""Parse and format hold durations: "8s", "8-10s", "1m30s", "20m", "30s+" or a bare number."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

#: The longest hold or pause a routine may ask for; anything longer is a typo, not a plan.
MAX_SECONDS = 4 * 3600

_PART = re.compile(
    r"""^(?:(?P<h>\d+(?:\.\d+)?)h)?
         (?:(?P<m>\d+(?:\.\d+)?)m)?
         (?:(?P<s>\d+(?:\.\d+)?)s?)?$""",
    re.VERBOSE,
)
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0}

EXPECTED = 'a duration such as "8s", "8-10s", "90s", "1m30s", "20m", "30s+" or a number of seconds'


class DurationError(ValueError):
    """A duration text that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class Duration:
    """How long a hold lasts: a fixed time, a range (soft cue at minimum) or an open target."""

    minimum: float
    """Seconds: the earliest point the hold counts as done (the target of an open hold)."""
    maximum: float
    """Seconds: the hold ends here; equal to `minimum` for a fixed hold and an open one."""
    open: bool = False
    """An open hold counts up past its target until the user releases it."""

    @property
    def is_range(self) -> bool:
        """True for "8-10s": a soft cue at the minimum, the end at the maximum."""
        return not self.open and self.maximum > self.minimum

    def __str__(self) -> str:
        return format_duration(self)


def shorten(text: str, limit: int = 40) -> str:
    """Cut a quoted value for an error message, so a 10 MB typo gives a one-line message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _part_seconds(text: str, default_unit: str | None) -> float | None:
    """Seconds in one part like "1m30s" or "8"; None when it is not of that form."""
    match = _PART.match(text)
    if not match or not text:
        return None
    values = {unit: match.group(unit) for unit in "hms"}
    unitless = values["s"] is not None and not text.endswith("s")
    if unitless and (values["h"] is not None or values["m"] is not None):
        return None  # "1h30" or "1m30": minutes or seconds? Ask for the unit.
    bare = unitless
    if bare and default_unit is not None:
        return float(values["s"]) * _UNIT_SECONDS[default_unit]
    return sum(float(value) * _UNIT_SECONDS[unit] for unit, value in values.items() if value)


def _last_unit(text: str) -> str | None:
    return text[-1] if text and text[-1] in _UNIT_SECONDS else None


def parse_duration(
    value: object, *, allow_zero: bool = False, allow_open: bool = True, allow_range: bool = True
) -> Duration:
    """Read a duration from TOML (a string or a number of seconds) or raise DurationError."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        kind = type(value).__name__
        raise DurationError(f"got {kind} {shorten(repr(value))}, expected {EXPECTED}")
    shown = shorten(repr(value))
    if isinstance(value, (int, float)):
        seconds = _checked(float(min(value, MAX_SECONDS + 1)), shown, allow_zero)
        return Duration(seconds, seconds)
    text = value.strip().lower().replace(" ", "")
    if not text:
        raise DurationError(f"is empty, expected {EXPECTED}")
    if text.startswith("-"):
        raise DurationError(f"{shown} is negative, expected a positive duration")
    is_open = text.endswith("+")
    if is_open:
        if not allow_open:
            raise DurationError(f'{shown} is open-ended, expected a fixed duration such as "5s"')
        text = text[:-1]
    low_text, dash, high_text = text.partition("-")
    if dash and not allow_range:
        raise DurationError(f'{shown} is a range, expected a fixed duration such as "5s"')
    if dash and is_open:
        raise DurationError(f"{shown} is both a range and open-ended, expected one of them")
    high = _part_seconds(high_text, None) if dash else None
    low = _part_seconds(low_text, _last_unit(high_text) if dash else None)
    if low is None or (dash and high is None):
        raise DurationError(f"{shown} is not a duration, expected {EXPECTED}")
    low = _checked(low, shown, allow_zero)
    if high is None:
        return Duration(low, low, open=is_open)
    high = _checked(high, shown, allow_zero)
    if high < low:
        raise DurationError(f"{shown} ends before it starts, expected the shorter time first")
    return Duration(low, high)


def _checked(seconds: float, shown: str, allow_zero: bool) -> float:
    if not math.isfinite(seconds) or seconds < 0:
        raise DurationError(f"{shown} is not a positive duration, expected {EXPECTED}")
    if seconds == 0 and not allow_zero:
        raise DurationError(f"{shown} is zero, expected a duration longer than 0s")
    if seconds > MAX_SECONDS:
        raise DurationError(f"{shown} is longer than 4h, expected a duration of at most 4h")
    return seconds


def format_seconds(seconds: float) -> str:
    """The shortest duration text for a number of seconds: 8 -> "8s", 90 -> "1m30s"."""
    total = round(seconds, 1)
    whole = int(total)
    if total != whole:
        return f"{total:g}s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return text + (f"{secs}s" if secs or not text else "")


def format_duration(duration: Duration) -> str:
    """The routine-file text of a duration, so that parse(format(d)) == d."""
    if duration.open:
        return format_seconds(duration.minimum) + "+"
    if duration.is_range:
        low, high = format_seconds(duration.minimum), format_seconds(duration.maximum)
        if low.endswith("s") and high.endswith("s") and "m" not in low + high:
            low = low[:-1]  # "8-10s" reads better than "8s-10s"
        return f"{low}-{high}"
    return format_seconds(duration.minimum)


def clock_text(seconds: float) -> str:
    """Digits for the timer, whole seconds rounded up: "8" under a minute, "19:59" above."""
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole < 60:
        return str(whole)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
