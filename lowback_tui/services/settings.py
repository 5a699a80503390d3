"""User settings in LOWBACK_HOME/settings.toml: read leniently, saved keeping the comments."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path

from lowback_tui.base.safe_files import FileKind, make_private_folder, read_text
from lowback_tui.base.settings_file import (
    DEFAULT_WEEKLY_GOAL,
    WEEKLY_GOAL_RULE,
    is_weekly_goal,
    read_table,
)


def _reason(error: Exception) -> str:
    """Why a settings file cannot be read, in one line (an OSError without its errno)."""
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    text = (error.strerror if isinstance(error, OSError) else None) or str(error)
    return text.splitlines()[0] if text else type(error).__name__


class CueMode(StrEnum):
    """How the timer's cues reach someone on the floor."""

    BELL = "bell"
    """The terminal bell (some terminals mute it)."""
    SOUND = "sound"
    """Short tones through a sound player found on the machine."""
    VOICE = "voice"
    """Spoken words through espeak-ng (or `voice_command`)."""


class Display(StrEnum):
    """How a session is shown."""

    FULL = "full"
    """The full-screen timer: big digits, colours, a bar."""
    PLAIN = "plain"
    """Lines of text and the bell, for screen readers and braille displays."""


@dataclass(frozen=True)
class Settings:
    """What a user can change; every field has a safe default."""

    pain_checkin: bool = True
    """Ask for a 0–10 pain level before and after each session."""
    mute: bool = False
    """Silence the terminal bell cues."""
    weekly_goal: int = DEFAULT_WEEKLY_GOAL
    """Days a week with a completed session that count as the week's goal (1–7)."""
    theme: str = ""
    """The Textual theme chosen in the command palette ("" for the default)."""
    keymap: dict[str, str] = field(default_factory=dict)
    """`[keymap]`: binding id -> keys ("timer.pause" = "p,space"), applied at start."""
    safety_acknowledged: dt.date | None = None
    """The day the safety notice was acknowledged; None shows it before the first picker."""
    cues: CueMode = CueMode.BELL
    """The bell, tones or a voice for the timer's cues."""
    voice_command: str = ""
    """A program that speaks its last argument, instead of espeak-ng (e.g. "say" on a Mac)."""
    display: Display = Display.FULL
    """The full-screen timer, or plain lines (`lowback run --plain` for one session)."""
    morning: str = "07:30"
    """When the morning's strength work is due (HH:MM): `lowback today` and reminders."""
    evening: str = "20:00"
    """When the evening's floor time begins (HH:MM)."""


def _checked(key: str, value: object) -> object:
    default = getattr(Settings(), key)
    if key == "keymap":
        if not isinstance(value, dict):
            raise ValueError(f'{key}: expected a table of binding id = "keys"')
        return {k: v for k, v in value.items() if _is_keys(v)}
    if isinstance(default, StrEnum):
        kind = type(default)
        if value not in tuple(kind):
            choices = ", ".join(f'"{mode}"' for mode in kind)
            raise ValueError(f"{key}: got {value!r}, expected one of {choices}")
        return kind(str(value))
    if key in ("morning", "evening"):
        from lowback_tui.core.today import TimeOfDayError, clock_text, parse_time_of_day

        try:
            return clock_text(parse_time_of_day(value, key))
        except TimeOfDayError as error:
            raise ValueError(str(error)) from None
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ValueError(f"{key}: got {value!r}, expected a text")
        return value
    if key == "safety_acknowledged":  # a TOML date: safety_acknowledged = 2026-06-01
        if type(value) is not dt.date:
            raise ValueError(f"{key}: got {value!r}, expected a date such as 2026-06-01")
        return value
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{key}: got {value!r}, expected true or false")
    elif not is_weekly_goal(value):
        raise ValueError(f"{key}: got {value!r}, expected {WEEKLY_GOAL_RULE}")
    return value


def _is_keys(value: object) -> bool:
    """A [keymap] value Textual can bind: a text of one or more comma-separated keys."""
    return isinstance(value, str) and all(key.strip() for key in value.split(","))


def _keymap_problems(path: Path, table: object) -> list[str]:
    """A message for each [keymap] entry whose keys are not a text of keys (it is left out;
    the other entries still apply)."""
    if not isinstance(table, dict):
        return []
    return [
        f"{path} [keymap]: {binding_id} = {keys!r} is not a text of keys; expected for example"
        f' "o" or "p,space"; that entry is ignored'
        for binding_id, keys in table.items()
        if not _is_keys(keys)
    ]


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """The settings in `path` (defaults where missing), and a message for each bad entry."""
    try:
        data = read_table(path)
    except FileNotFoundError:
        return Settings(), []
    except (OSError, ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
        from lowback_tui.base.terminal_text import safe

        reason = safe(_reason(error))
        return Settings(), [f"{safe(path)}: cannot be read ({reason}); using default settings"]
    known = {field.name for field in fields(Settings)}
    settings, problems = Settings(), []
    for key, value in data.items():
        if key not in known:
            problems.append(f"{path}: {key}: unknown setting, expected one of {', '.join(known)}")
            continue
        if key == "keymap":
            problems += _keymap_problems(path, value)
        try:
            # _checked made the value the type of the field's default.
            settings = replace(settings, **{key: _checked(key, value)})  # type: ignore[arg-type]
        except ValueError as error:
            instead = {"cues": "the bell", "display": '"full"'}.get(key, "the default")
            problems.append(f"{path}: {error}; using {instead}")
    from lowback_tui.base.terminal_text import safe  # keys and values come from the file

    return settings, [safe(problem) for problem in problems]


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings atomically, keeping comments and unknown keys the file already has.

    A file that cannot be parsed is renamed aside first (settings.corrupt-<time>.toml), never
    overwritten, so a hand edit with a typo is not lost.
    """
    import tomlkit  # only when saving: it costs a few ms at start

    from lowback_tui.base.atomic import atomic_write  # and `lowback streak` only reads

    try:
        document = tomlkit.parse(read_text(path, FileKind.SETTINGS))
    except FileNotFoundError:
        document = tomlkit.document()
    except (UnicodeDecodeError, tomlkit.exceptions.TOMLKitError, RecursionError):
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path.rename(path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}"))
        document = tomlkit.document()
    for setting in fields(Settings):
        value = getattr(settings, setting.name)
        if value == getattr(Settings(), setting.name) and setting.name not in document:
            continue  # an unset theme or keymap stays out of the file
        if value is not None:  # TOML has no null: a missing key means "not yet"
            document[setting.name] = str(value) if isinstance(value, StrEnum) else value
    make_private_folder(path.parent)
    atomic_write(path, [tomlkit.dumps(document).encode("utf-8")])
