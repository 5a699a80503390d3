"""Periods of history: `--since 4w|30d|6m|1y|DATE` read into a first day, and trend ranges."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

SINCE_EXPECTED = "a length back from today such as 4w, 30d, 6m or 1y, or a date such as 2026-03-01"
_LENGTH = re.compile(r"^(\d{1,4})([dwmy])$")
#: Days per unit: months and years are counted as calendar months and years, not days.
_DAY_UNITS = {"d": 1, "w": 7}


class PeriodError(ValueError):
    """A period that cannot be used; the message says what was given and what was expected."""


def _months_back(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def parse_since(text: str, today: dt.date) -> dt.date:
    """The first local day of the period `text` names, as seen from `today`.

    "4w" is the last four weeks counting today (28 days: today and the 27 before it); "1y" is
    since the same date last year; a date is that day. A day after today is refused, because a
    period that starts in the future can only hold nothing and is almost surely a typo.
    """
    value = text.strip().lower()
    match = _LENGTH.match(value)
    if match:
        count, unit = int(match.group(1)), match.group(2)
        if count == 0:
            raise PeriodError(f"--since {text!r}: the length must be at least 1")
        if unit in _DAY_UNITS:
            days = count * _DAY_UNITS[unit]
            if days > (today - dt.date.min).days:
                return dt.date.min
            return today - dt.timedelta(days=days - 1)
        return _months_back(today, count * (12 if unit == "y" else 1))
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise PeriodError(f"--since {text!r}: expected {SINCE_EXPECTED}") from None
    if day > today:
        raise PeriodError(
            f"--since {text!r} is in the future (today is {today.isoformat()}); "
            "expected a day up to today"
        )
    return day


class TrendRange(StrEnum):
    """The spans the trends screen shows; the range key cycles through them in this order."""

    WEEKS_4 = "4 weeks"
    WEEKS_12 = "12 weeks"
    YEAR = "a year"
    ALL = "all"

    def first_day(self, today: dt.date) -> dt.date | None:
        """The first local day the range covers (None: all of history)."""
        if self is TrendRange.ALL:
            return None
        if self is TrendRange.YEAR:
            return _months_back(today, 12)
        weeks = 4 if self is TrendRange.WEEKS_4 else 12
        return today - dt.timedelta(days=weeks * 7 - 1)

    def next(self) -> TrendRange:
        members = list(TrendRange)
        return members[(members.index(self) + 1) % len(members)]
