"""Tests that need a Debian program: skipped, naming it, where it is missing; failed under CI.

The README's test command must pass on a machine with only Python, so a test that needs
chromium, espeak-ng, sox or tmux says which program it lacks and skips. `.ci/run` installs
them all and runs with CI=true, where a skip of this kind would hide a test that never ran:
there it fails instead.
"""

from __future__ import annotations

import os
import shutil

import pytest

PACKAGES = {
    "chromium": "chromium",
    "espeak-ng": "espeak-ng",
    "sox": "sox",
    "soxi": "sox",
    "play": "sox",
    "tmux": "tmux",
    "pdftoppm": "poppler-utils",
    "rsvg-convert": "librsvg2-bin",
    "systemd-analyze": "systemd",
}
"""Each program and the Debian package that brings it (what .ci/run installs)."""


def require(program: str) -> str:
    """The path of `program`; a skip naming it (a failure under CI=true) where it is missing."""
    path = shutil.which(program)
    if path is not None:
        return path
    package = PACKAGES.get(program, program)
    reason = f"needs {program} (apt-get install {package}), not found on PATH"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}: CI must test it", pytrace=False)
    pytest.skip(reason)
