"""Real terminals for tests and benchmarks: a pseudo-terminal we read ourselves, or a tmux pane."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shlex
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Escape sequences (CSI, OSC, DCS/APC/PM, two-byte ESC x), removed to find plain text.
ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC
    rb"|\x1b[@-Z\\-_]"  # two-byte sequences
    rb"|\x1b[()][0-9A-Za-z]"  # charset selection
)

REPO = Path(__file__).resolve().parent.parent


def plain(output: bytes) -> str:
    """What a terminal would print of `output`, as text without any escape sequence."""
    return ESCAPES.sub(b"", output).decode("utf-8", "replace")


#: Where both apps keep their compiled bytecode, as an installed package has it. Without it
#: (PYTHONDONTWRITEBYTECODE=1, as in some sandboxes) every start compiles lowback from source.
PYCACHE = Path(tempfile.gettempdir()) / f"lowback-bench-pycache-{os.getuid()}"


def base_env(**extra: str) -> dict[str, str]:
    """The environment both apps start with: a real TERM, a bytecode cache, no debug flags."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "LOWBACK", "PYTHONDONTWRITEBYTECODE"))
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        PYTHONPATH=str(REPO),
        PYTHONPYCACHEPREFIX=str(PYCACHE),
    )
    env.update(extra)
    if "LOWBACK_HOME" in extra:  # a measured start is not the user's first: no safety notice
        acknowledge_safety(Path(extra["LOWBACK_HOME"]))
    return env


def acknowledge_safety(home: Path) -> None:
    """Say in `home`'s settings.toml that the one-time safety notice was read already."""
    settings = home / "settings.toml"
    text = settings.read_text() if settings.exists() else ""
    if "safety_acknowledged" not in text:
        home.mkdir(parents=True, exist_ok=True)
        # First: a key after a [table] header would belong to that table.
        settings.write_text("safety_acknowledged = 2026-01-01\n" + text)


@dataclass
class PtyProcess:
    """A process on the follower side of a pseudo-terminal; we read what it draws."""

    argv: list[str]
    env: dict[str, str]
    size: tuple[int, int] = (100, 30)
    started: float = 0.0
    """time.perf_counter() just before the fork."""
    output: bytearray = field(default_factory=bytearray)
    process: subprocess.Popen[bytes] | None = None
    _leader: int = -1

    def start(self) -> PtyProcess:
        leader, follower = pty.openpty()
        columns, rows = self.size
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=self.env,
            cwd=str(REPO),
            close_fds=True,
            start_new_session=True,
        )
        os.close(follower)
        self._leader = leader
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def read(self, timeout: float) -> bool:
        """Read what is there within `timeout`; False if the terminal closed."""
        ready, _, _ = select.select([self._leader], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self._leader, 1 << 16)
        except OSError:
            return False
        if not chunk:
            return False
        self.output += chunk
        return True

    def text(self) -> str:
        return plain(bytes(self.output))

    def wait_for(self, *texts: str, timeout: float = 30.0, since: int = 0) -> float:
        """Seconds from the fork until every text has been drawn (after byte `since`)."""
        give_up = time.perf_counter() + timeout
        while True:
            seen = plain(bytes(self.output[since:]))
            if all(text in seen for text in texts):
                return time.perf_counter() - self.started
            if not self.read(give_up - time.perf_counter()) or time.perf_counter() > give_up:
                tail = plain(bytes(self.output[-3000:]))
                raise TimeoutError(f"{self.argv} never showed {texts!r}; last output:\n{tail}")

    def drain(self, seconds: float) -> None:
        """Keep reading for `seconds` (a pty that is not read fills up and blocks the app)."""
        until = time.perf_counter() + seconds
        while time.perf_counter() < until and self.read(until - time.perf_counter()):
            pass

    def wait_exit(self, timeout: float = 60.0) -> int:
        """Read the terminal until the process exits (an unread pty would block its writes)."""
        assert self.process is not None
        give_up = time.perf_counter() + timeout
        while self.process.poll() is None:
            if time.perf_counter() > give_up:
                raise TimeoutError(f"{self.argv} did not exit:\n{self.text()[-2000:]}")
            if not self.read(0.05):
                self.process.wait(max(0.0, give_up - time.perf_counter()))
        return self.process.returncode

    def send(self, data: bytes) -> None:
        os.write(self._leader, data)

    def stop(self) -> None:
        """Kill the process (it is ours) and close the terminal."""
        if self.process is not None and self.process.poll() is None:
            with _suppress():
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        if self._leader >= 0:
            os.close(self._leader)
            self._leader = -1

    def __enter__(self) -> PtyProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type | None, *rest: object) -> bool:
        return exc_type is not None and issubclass(exc_type, ProcessLookupError)


def python_module(module: str, *args: str) -> list[str]:
    """`python -m module args`, with the interpreter running this test or benchmark."""
    return [sys.executable, "-m", module, *args]


# -- tmux ---------------------------------------------------------------------------------


class TmuxPane:
    """One detached tmux session (its own server socket) running one command."""

    def __init__(
        self, name: str, argv: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        self.name = name
        self.socket = f"lowback-bench-{os.getpid()}-{name}"
        self.argv = argv
        self.env = env
        self.size = size

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        )
        return result.stdout

    def start(self) -> TmuxPane:
        columns, rows = self.size
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in self.env.items())
        command = f"cd {shlex.quote(str(REPO))} && exec env -i {exports} {shlex.join(self.argv)}"
        self.tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(columns),
            "-y",
            str(rows),
            command,
        )
        return self

    @property
    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def send_keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = 30.0, interval: float = 0.05) -> str:
        give_up = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > give_up:
                raise TimeoutError(f"tmux pane {self.name} never showed {text!r}:\n{screen}")
            time.sleep(interval)

    def stop(self) -> None:
        with _suppress_all():
            self.tmux("kill-server")
        # kill-server leaves the socket file behind; it is ours, named after this process.
        tmpdir = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (tmpdir / self.socket).unlink(missing_ok=True)

    def __enter__(self) -> TmuxPane:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _suppress_all:
    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type | None, *rest: object) -> bool:
        return exc_type is not None and issubclass(exc_type, (subprocess.SubprocessError, OSError))
