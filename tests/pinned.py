"""The moment the command-line tests run at: never the machine's date (README, "Any day")."""

from __future__ import annotations

import datetime as dt

PINNED_NOW = dt.datetime(2026, 3, 17, 12, 0, tzinfo=dt.UTC)
"""A Tuesday, noon UTC: the `cli` fixture's clock and the `today` fixture's day, so the suite
passes on any day, at any hour and in any zone."""
