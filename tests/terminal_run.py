"""Run the real `lowback` with a pseudo-terminal as stdin and stdout, as from a shell."""

from __future__ import annotations

import os
import pty
import select
import subprocess

import pytest

#: Tests that drive real processes in terminals (pseudo-terminals, kills, signals, every size)
#: run one after another on one xdist worker (`--dist loadgroup` in pyproject): side by side on
#: a 2-core machine they starve each other and the app's deadlines pass before it draws.
TERMINAL = pytest.mark.xdist_group("terminal")


def run_in_terminal(
    argv: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """Like subprocess.run(capture_output=True, text=True), but stdin and stdout are a terminal
    (lowback refuses to open without one); stdout is what the terminal received."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            argv, stdin=follower, stdout=follower, stderr=subprocess.PIPE, env=env
        )
        os.close(follower)
        follower = -1
        received = bytearray()
        while True:
            ready, _, _ = select.select([leader], [], [], timeout)
            if not ready:
                process.kill()
                raise subprocess.TimeoutExpired(argv, timeout)
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the last holder of the terminal closed it
                break
            if not chunk:
                break
            received += chunk
        _, stderr = process.communicate(timeout=timeout)
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    return subprocess.CompletedProcess(
        argv, process.returncode, received.decode("utf-8", "replace"), stderr.decode()
    )
