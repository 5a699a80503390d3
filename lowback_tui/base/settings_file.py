"""settings.toml as a plain table, and the weekly goal's rule: what `lowback streak` reads.

The app builds its Settings (lowback_tui/services/settings.py) from the same table; the prompt line
needs one value of it, and importing the Settings dataclass would cost it more than its work.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from lowback_tui.base.safe_files import FileKind, read_text

DEFAULT_WEEKLY_GOAL = 3
WEEKLY_GOAL_RULE = "a whole number from 1 to 7"


def read_table(path: Path) -> dict[str, object]:
    """The TOML table in `path`; raises FileNotFoundError, OSError, ValueError (TOML syntax,
    bad UTF-8) or RecursionError, as the caller reports them."""
    return tomllib.loads(read_text(path, FileKind.SETTINGS))


def is_weekly_goal(value: object) -> bool:
    """Days a week, 1–7 (a TOML boolean is not a number here)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7


def weekly_goal(path: Path) -> int | None:
    """The weekly goal in `path` (the default when the file or the key is absent); None when the
    file cannot be read or the value breaks the rule, so the caller can say why in full."""
    try:
        value = read_table(path).get("weekly_goal", DEFAULT_WEEKLY_GOAL)
    except FileNotFoundError:
        return DEFAULT_WEEKLY_GOAL
    except (OSError, ValueError, RecursionError):
        return None
    return value if is_weekly_goal(value) else None  # type: ignore[return-value]
