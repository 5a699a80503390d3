"""Counts and lengths in words: "1 step", "5 steps", "~9 min" (no dates: cheap to import)."""

from __future__ import annotations

from lowback_tui.core.durations import clock_text


def count_text(count: int, noun: str) -> str:
    """ "1 step", "5 steps"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def about(seconds: float) -> str:
    """A rough length: "~9 min", "~1 h 5 min"."""
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return f"~{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"~{hours} h {rest} min" if rest else f"~{hours} h"


def duration_text(seconds: float) -> str:
    """Time spent, as the history shows it: "45s", "8:50", "1:02:03"."""
    return clock_text(seconds) + ("s" if seconds < 60 else "")
