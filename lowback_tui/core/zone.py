"""The user's time zone from $TZ or the system, falling back to UTC with one message."""

from __future__ import annotations

import contextlib
import os
import time
import zoneinfo
from pathlib import Path
from typing import NamedTuple

FALLBACK = "UTC"
SYSTEM_ZONE_FILE = Path("/etc/localtime")


class Zone(NamedTuple):  # not a dataclass: `lowback streak` would pay for the import
    """The zone lowback places sessions on days in, and why it is not the one asked for."""

    name: str
    """An IANA name zoneinfo knows (Europe/Paris, UTC)."""
    message: str | None = None
    """Said once when TZ could not be used and UTC is used instead."""


def adopt(zone: Zone) -> None:
    """Make the C library's local time agree with a fallback to UTC (it might otherwise read
    a POSIX rule like "UTC+3" that lowback does not), so every timestamp uses one zone."""
    if zone.message is not None and zone.name == FALLBACK:
        os.environ["TZ"] = FALLBACK
        time.tzset()


def _known(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        return False
    return True


def _name_of_file(path: Path) -> str | None:
    """The IANA name a zone file stands for (/usr/share/zoneinfo/Europe/Paris: Europe/Paris)."""
    try:
        target = str(path.resolve())
    except (OSError, RuntimeError):
        return None
    if "zoneinfo/" in target:
        name = target.split("zoneinfo/", 1)[1]
        return name if _known(name) else None
    return None


def system_zone() -> str | None:
    """The machine's zone from /etc/timezone or the /etc/localtime link, if it has a name."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if _known(name):
            return name
    return _name_of_file(SYSTEM_ZONE_FILE)


def resolve_zone(environ: dict[str, str] | None = None) -> Zone:
    """The zone to use. TZ may be unset (the system's zone), an IANA name, a path to a zone
    file (":/etc/localtime" is the system's zone), or anything else: then UTC, with a message
    that says so. Never raises."""
    env = os.environ if environ is None else environ
    raw = env.get("TZ")
    if raw is None:
        name = system_zone()
        if name is not None:
            return Zone(name)
        return Zone(FALLBACK, "The system's time zone has no name lowback knows; using UTC.")
    value = raw.removeprefix(":").strip()
    if _known(value):
        return Zone(value)
    if value.startswith("/"):
        path = Path(value)
        name = _name_of_file(path)
        if name is None and path == SYSTEM_ZONE_FILE:
            name = system_zone()
        if name is not None:
            return Zone(name)
    shown = raw if len(raw) <= 40 else raw[:37] + "..."
    return Zone(
        FALLBACK,
        f"TZ={shown!r} is not a time zone lowback knows (expected a name like Europe/Paris); "
        "using UTC.",
    )
