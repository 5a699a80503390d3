"""`lowback remind install | status | remove | now`: reminders through the user's own scheduler.

No daemon of ours: a systemd user timer (when `systemctl --user` answers) or crontab lines run
`lowback remind now`, which sends at most one desktop notification through `notify-send`.
What install wrote is recorded in LOWBACK_HOME/reminders.json, so that remove deletes exactly
that and nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from lowback_tui.base.terminal_text import safe
from lowback_tui.cli.errors import CliError
from lowback_tui.cli.remind_units import (
    UNIT,
    cron_lines,
    next_firing,
    service_text,
    timer_text,
)
from lowback_tui.core.today import TimeOfDayError, clock_text, parse_time_of_day

RECORD = "reminders.json"
#: Seconds a scheduler program may take before lowback gives up on it.
PROGRAM_TIMEOUT = 20.0
#: Environment the reminder needs to find the same data and zone as this shell.
CARRIED = ("LOWBACK_HOME", "TZ")


def systemd_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "").strip()
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "systemd" / "user"


def reminder_command() -> list[str]:
    """What the scheduler runs: this Python and lowback, whatever PATH the scheduler has."""
    return [sys.executable, "-m", "lowback_tui", "remind", "now"]


def _environment() -> dict[str, str]:
    return {name: os.environ[name] for name in CARRIED if os.environ.get(name, "").strip()}


def _program(*words: str, stdin: str | None = None) -> subprocess.CompletedProcess[str] | None:
    """Run a scheduler program; None when it is missing or does not answer in time."""
    path = shutil.which(words[0])
    if path is None:
        return None
    try:
        return subprocess.run(
            [path, *words[1:]],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=PROGRAM_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def user_systemd_answers() -> bool:
    """Whether a user systemd runs (a container or a bare ssh session has none)."""
    answer = _program("systemctl", "--user", "show-environment")
    return answer is not None and answer.returncode == 0


def _home() -> Path:
    from lowback_tui.cli.commands import _home as home

    return home(create=True)


def _read_record(home: Path) -> dict[str, Any] | None:
    path = home / RECORD
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CliError(f"{path}: cannot be read ({error}); remove it by hand") from None
    if not isinstance(data, dict) or data.get("method") not in ("systemd", "crontab"):
        raise CliError(f"{path}: not a record lowback wrote; remove it by hand")
    return data


def _write_record(home: Path, record: dict[str, Any]) -> None:
    from lowback_tui.base.atomic import atomic_write

    atomic_write(home / RECORD, [json.dumps(record, indent=1).encode("utf-8")])


def _times(morning: str | None, evening: str | None, home: Path) -> list[dt.time]:
    from lowback_tui.cli.today import settings_of

    settings = settings_of(home)
    try:
        return [
            parse_time_of_day(morning or settings.morning, "--morning"),
            parse_time_of_day(evening or settings.evening, "--evening"),
        ]
    except TimeOfDayError as error:
        raise CliError(str(error)) from None


def install(morning: str | None, evening: str | None) -> int:
    home = _home()
    times = _times(morning, evening, home)
    if times[0] >= times[1]:
        raise CliError(
            f"--morning {clock_text(times[0])} is not before --evening {clock_text(times[1])}"
        )
    if _read_record(home) is not None:
        print("replacing the reminders installed before")
        remove(quiet=True)
    command, environment = reminder_command(), _environment()
    shown = " and ".join(clock_text(moment) for moment in times)
    if user_systemd_answers():
        files, folders = _write_units(times, command, environment)
        record = {
            "method": "systemd",
            "times": [clock_text(t) for t in times],
            "files": files,
            "folders": folders,
        }
        _write_record(home, record)
        for words in (("daemon-reload",), ("enable", "--now", f"{UNIT}.timer")):
            answer = _program("systemctl", "--user", *words)
            if answer is None or answer.returncode != 0:
                why = answer.stderr.strip() if answer else "no answer"
                raise CliError(f"systemctl --user {' '.join(words)} failed: {why}")
        print(f"installed a systemd user timer ({UNIT}.timer, enabled) at {shown}:")
        for path in files:
            print(f"  {safe(path)}")
        return 0
    # cron starts commands without the desktop's session bus, where notifications go.
    bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS") or f"unix:path=/run/user/{os.getuid()}/bus"
    lines = cron_lines(times, command, {**environment, "DBUS_SESSION_BUS_ADDRESS": bus})
    current = _crontab()
    _set_crontab([*current, *lines])
    record = {"method": "crontab", "times": [clock_text(t) for t in times], "lines": lines}
    _write_record(home, record)
    print(f"no user systemd answers here: added {len(lines)} crontab lines at {shown}")
    return 0


def _write_units(
    times: list[dt.time], command: list[str], env: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Write the service and the timer (refusing files lowback did not write): the files
    written, and the folders made for them (deepest first)."""
    folder = systemd_dir()
    made = [str(path) for path in (folder, *folder.parents) if not path.exists()]
    texts = {
        str(folder / f"{UNIT}.service"): service_text(command, env),
        str(folder / f"{UNIT}.timer"): timer_text(times),
    }
    for name in texts:
        if Path(name).exists():
            raise CliError(f"{name} exists already and lowback did not write it; move it away")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            Path(name).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write in {folder}: {error.strerror or error}") from None
    return texts, made


def _crontab() -> list[str]:
    answer = _program("crontab", "-l")
    if answer is None:
        raise CliError(
            "neither a user systemd nor crontab answers here; `lowback today --ics -o FILE` "
            "makes a calendar file whose alarms remind you instead"
        )
    if answer.returncode != 0:  # "no crontab for USER"
        return []
    return answer.stdout.splitlines()


def _set_crontab(lines: list[str]) -> None:
    answer = _program("crontab", "-", stdin="".join(line + "\n" for line in lines))
    if answer is None or answer.returncode != 0:
        why = answer.stderr.strip() if answer else "no answer"
        raise CliError(f"crontab - failed: {why}")


def remove(*, quiet: bool = False) -> int:
    home = _home()
    record = _read_record(home)
    if record is None:
        print("no reminders installed (nothing to remove)")
        return 0
    kept: list[str] = []
    if record["method"] == "systemd":
        if user_systemd_answers():
            _program("systemctl", "--user", "disable", "--now", f"{UNIT}.timer")
        for name, text in dict(record.get("files", {})).items():
            path = Path(name)
            try:
                if path.read_text(encoding="utf-8") != text:
                    kept.append(f"{name} (changed since install: left as it is)")
                    continue
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                kept.append(f"{name} ({error.strerror or error})")
        for name in record.get("folders", []):  # made by install: removed when left empty
            try:
                Path(name).rmdir()
            except OSError:
                break
        if user_systemd_answers():
            _program("systemctl", "--user", "daemon-reload")
        what = "the systemd user timer and service"
    else:
        ours = set(record.get("lines", []))
        current = _crontab()
        _set_crontab([line for line in current if line not in ours])
        what = "the crontab lines"
    (home / RECORD).unlink()
    if not quiet:
        print(f"removed {what}")
    for line in kept:
        print(f"  kept {safe(line)}", file=sys.stderr)
    return 0


def status() -> int:
    from lowback_tui.base.paths import home_dir
    from lowback_tui.cli.today import clock, zone_name

    home = home_dir()
    record = _read_record(home) if home.is_dir() else None
    if record is None:
        print("no reminders installed (`lowback remind install` adds them)")
        return 0
    times = [parse_time_of_day(text) for text in record.get("times", [])]
    shown = " and ".join(clock_text(moment) for moment in times)
    if record["method"] == "systemd":
        files = dict(record.get("files", {}))
        missing = [name for name in files if not Path(name).exists()]
        print(f"systemd user timer {UNIT}.timer at {shown}")
        for name in files:
            print(f"  {safe(name)}{' (missing)' if name in missing else ''}")
    else:
        answer = _program("crontab", "-l")
        present = answer.stdout.splitlines() if answer and answer.returncode == 0 else []
        lines = list(record.get("lines", []))
        gone = [line for line in lines if line not in present]
        print(f"crontab lines at {shown}{' (some are gone from the crontab)' if gone else ''}")
        for line in lines:
            print(f"  {safe(line)}")
    if times:
        following = next_firing(times, clock(zone_name()))
        print(f"next: {following:%a %d %b} at {clock_text(following.time())}")
    return 0


def now() -> int:
    """What the timer runs: one notification, or nothing (and why, for the journal)."""
    from lowback_tui.base.paths import home_dir
    from lowback_tui.cli.today import current_plan
    from lowback_tui.core.today_text import reminder

    plan, moment = current_plan(home_dir())
    part = plan.part_at(moment.time())
    if part is None:
        print("nothing to remind: it is night, or before the morning")
        return 0
    message = reminder(plan, part)
    if message is None:
        why = "a rest day" if plan.rest_day else "a flare-up day" if plan.flare else part.state
        print(f"nothing to remind: the {part.name} is {why}")
        return 0
    notifier = shutil.which("notify-send")
    if notifier is None:
        raise CliError(
            "cannot notify: notify-send is not installed (Debian and Ubuntu: apt install "
            f"libnotify-bin); the reminder was: {message[1]}"
        )
    title, body = message
    words = [
        notifier,
        "--app-name=lowback",
        "--urgency=low",  # a quiet note: never a sound, never a window
        "--hint=boolean:suppress-sound:true",
        title,
        body,
    ]
    try:
        subprocess.run(words, capture_output=True, timeout=PROGRAM_TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError) as error:
        raise CliError(f"notify-send failed ({error}); the reminder was: {body}") from None
    print(f"{title}: {body}")
    return 0


def run(action: str, *, morning: str | None, evening: str | None) -> int:
    if action == "install":
        return install(morning, evening)
    if action == "remove":
        return remove()
    if action == "status":
        return status()
    return now()
