"""The text of what `lowback remind install` writes: a systemd user timer and service, or
crontab lines. Pure: no files, no programs."""

from __future__ import annotations

import datetime as dt
import shlex

from lowback_tui.core.today import clock_text

UNIT = "lowback-remind"
CRON_TAG = "# lowback remind"


def systemd_word(word: str) -> str:
    """One word of an ExecStart= or Environment= line, quoted for systemd: specifiers (%)
    and variables ($) kept literal."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def service_text(command: list[str], environment: dict[str, str]) -> str:
    lines = [
        "[Unit]",
        "Description=lowback: a reminder of the day's back exercises",
        "",
        "[Service]",
        "Type=oneshot",
        "ExecStart=" + " ".join(systemd_word(word) for word in command),
    ]
    lines += [f"Environment={systemd_word(f'{k}={v}')}" for k, v in sorted(environment.items())]
    return "\n".join(lines) + "\n"


def timer_text(times: list[dt.time]) -> str:
    shown = " and ".join(clock_text(moment) for moment in times)
    lines = [
        "[Unit]",
        f"Description=lowback reminders at {shown}",
        "",
        "[Timer]",
        *(f"OnCalendar=*-*-* {clock_text(moment)}:00" for moment in times),
        "# A machine asleep at that time catches up when it wakes.",
        "Persistent=true",
        f"Unit={UNIT}.service",
        "",
        "[Install]",
        "WantedBy=timers.target",
    ]
    return "\n".join(lines) + "\n"


def cron_lines(times: list[dt.time], command: list[str], environment: dict[str, str]) -> list[str]:
    """One crontab line per time, each ending in CRON_TAG (so that it can be found again)."""
    words = [f"{k}={shlex.quote(v)}" for k, v in sorted(environment.items())]
    words += [shlex.quote(word) for word in command]
    line = " ".join(words).replace("%", "\\%")  # % ends a cron command: escaped
    return [f"{moment.minute} {moment.hour} * * * {line} {CRON_TAG}" for moment in times]


def next_firing(times: list[dt.time], now: dt.datetime) -> dt.datetime:
    """When the first of `times` comes next after `now` (local, aware)."""
    candidates = [
        dt.datetime.combine(now.date() + dt.timedelta(days=days), moment, tzinfo=now.tzinfo)
        for days in (0, 1)
        for moment in times
    ]
    return min(moment for moment in candidates if moment > now)
