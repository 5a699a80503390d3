"""Where lowback keeps its files: LOWBACK_HOME, or the platform's user data dir; made on call."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import platformdirs

from lowback_tui.base.safe_files import make_private_folder


class HomeError(OSError):
    """LOWBACK_HOME cannot be used; the message says which folder and why."""


def home_dir(environ: dict[str, str] | None = None) -> Path:
    """The data folder: $LOWBACK_HOME if set, else the user data dir for "lowback"."""
    configured = (os.environ if environ is None else environ).get("LOWBACK_HOME", "").strip()
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path("lowback", appauthor=False)


def ensure_home(home: Path) -> Path:
    """Create the data folder (and its routines/) if needed, or say clearly why not."""
    try:
        # Private: history is health data (0700, whatever the umask; an existing folder is
        # left as the user set it).
        make_private_folder(home)
        make_private_folder(home / "routines")
    except OSError as error:
        if home.is_dir() and error.errno in (errno.EROFS, errno.ENOSPC, errno.EDQUOT):
            return home  # an existing home that cannot be written: the app opens read-only
        reason = error.strerror or str(error)
        raise HomeError(
            f"cannot create the lowback data folder {home} ({reason}); "
            "set LOWBACK_HOME to a folder you can write to"
        ) from None
    return home


def custom_routines_dir(home: Path) -> Path:
    """The user's own routines, one TOML file each."""
    return home / "routines"


def builtin_routines_dir() -> Path:
    """The routines shipped in the wheel, or the source tree's routines/ when run from it."""
    # The wheel installs the package as plain files, so no importlib.resources is needed.
    package = Path(__file__).resolve().parent.parent  # lowback_tui/, this file in base/
    packaged = package / "routines"
    return packaged if packaged.is_dir() else package.parent / "routines"
