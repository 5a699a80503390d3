"""`lowback remind`: reminders through a systemd user timer or crontab, one notification at
most (issue 23). Fake `systemctl`, `crontab` and `notify-send` on PATH record what they are
asked; nothing is enabled on this machine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from day_helpers import (
    DAY,
    at,
    core_strength,
    fake_program,
    only_on_path,
    pin_clock,
    seed,
    static_back,
)

from lowback_tui.core.records import HURT

SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


def need(program: str | None, name: str) -> str:
    """The program's path; without it the test is skipped with the reason, or fails under CI
    (where .ci/run installs it)."""
    if program is None:
        reason = f"{name} is needed to check the unit files (Debian: apt-get install systemd)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return program


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bin folder alone on PATH (the test adds the programs it wants), a config folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    only_on_path(monkeypatch, tmp_path / "bin")
    return tmp_path / "bin"


def user_systemd(fakes: Path) -> Path:
    """A `systemctl` that answers --user and records each call (it enables nothing)."""
    log = fakes.parent / "systemctl.log"
    fake_program(fakes, "systemctl", f'printf "%s\\n" "$*" >> "{log}"\n')
    return log


def cron(fakes: Path) -> Path:
    """A `crontab` keeping its table in a file."""
    table = fakes.parent / "crontab.txt"
    fake_program(
        fakes,
        "crontab",
        f'if [ "$1" = "-l" ]; then cat "{table}" 2>/dev/null || '
        f'{{ echo "no crontab for you" >&2; exit 1; }}; else cat > "{table}"; fi\n',
    )
    return table


def notifier(fakes: Path) -> Path:
    log = fakes.parent / "notify.log"
    fake_program(fakes, "notify-send", f'printf "%s\\n" "$@" >> "{log}"; echo --- >> "{log}"\n')
    return log


def test_install_writes_a_timer_systemd_accepts_status_and_remove_leave_nothing(
    home: Path, cli, fakes: Path, monkeypatch, tmp_path: Path
):
    pin_clock(monkeypatch, at(6, 0))
    calls = user_systemd(fakes)
    code, out, err = cli("remind", "install")
    assert code == 0, err
    assert (
        "installed a systemd user timer (lowback-remind.timer, enabled) at 07:30 and 20:00" in out
    )
    units = tmp_path / "config" / "systemd" / "user"
    timer = (units / "lowback-remind.timer").read_text()
    service = (units / "lowback-remind.service").read_text()
    assert "OnCalendar=*-*-* 07:30:00" in timer and "OnCalendar=*-*-* 20:00:00" in timer
    assert "Persistent=true" in timer
    assert '"remind" "now"' in service and f'"LOWBACK_HOME={home}"' in service
    assert calls.read_text().splitlines() == [
        "--user show-environment",
        "--user daemon-reload",
        "--user enable --now lowback-remind.timer",
    ]
    analyze = need(SYSTEMD_ANALYZE, "systemd-analyze")
    verified = subprocess.run(
        [
            analyze,
            "verify",
            str(units / "lowback-remind.timer"),
            str(units / "lowback-remind.service"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stderr
    assert "lowback-remind" not in verified.stderr  # no warning about our files

    code, out, _ = cli("remind", "status")
    assert "systemd user timer lowback-remind.timer at 07:30 and 20:00" in out
    assert "next: Mon 01 Jun at 07:30" in out

    code, out, _ = cli("remind", "remove")
    assert code == 0 and "removed the systemd user timer and service" in out
    assert not (tmp_path / "config").exists()  # install made the folders: remove takes them
    assert not (home / "reminders.json").exists()
    assert "--user disable --now lowback-remind.timer" in calls.read_text()
    _, out, _ = cli("remind", "status")
    assert "no reminders installed" in out


def test_remove_keeps_a_unit_file_changed_since_and_a_folder_it_did_not_make(
    home: Path, cli, fakes: Path, tmp_path: Path
):
    user_systemd(fakes)
    units = tmp_path / "config" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "mine.service").write_text("[Service]\nExecStart=/bin/true\n")
    cli("remind", "install", "--morning", "06:00", "--evening", "21:30")
    timer = units / "lowback-remind.timer"
    assert "OnCalendar=*-*-* 06:00:00" in timer.read_text()
    timer.write_text(timer.read_text() + "# my own line\n")
    code, _, err = cli("remind", "remove")
    assert code == 0 and "changed since install: left as it is" in err
    assert timer.exists() and not (units / "lowback-remind.service").exists()
    assert (units / "mine.service").exists()


def test_install_refuses_a_unit_file_it_did_not_write(home: Path, cli, fakes: Path, tmp_path):
    user_systemd(fakes)
    units = tmp_path / "config" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "lowback-remind.timer").write_text("somebody else's")
    code, _, err = cli("remind", "install")
    assert code == 1 and "exists already and lowback did not write it" in err
    assert (units / "lowback-remind.timer").read_text() == "somebody else's"


def test_without_a_user_systemd_a_crontab_line_says_so_and_goes_again(
    home: Path, cli, fakes: Path, monkeypatch
):
    pin_clock(monkeypatch, at(12, 0))
    table = cron(fakes)
    fake_program(fakes, "systemctl", "echo 'Failed to connect to bus' >&2; exit 1\n")
    table.write_text("0 1 * * * backup\n")
    code, out, err = cli("remind", "install", "--evening", "21:15")
    assert code == 0, err
    assert "no user systemd answers here: added 2 crontab lines at 07:30 and 21:15" in out
    lines = table.read_text().splitlines()
    assert lines[0] == "0 1 * * * backup"
    assert lines[1].startswith("30 7 * * * ") and lines[2].startswith("15 21 * * * ")
    assert all("remind now # lowback remind" in line for line in lines[1:])
    assert all("DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/" in line for line in lines[1:])
    _, out, _ = cli("remind", "status")
    assert "crontab lines at 07:30 and 21:15" in out and "next: Mon 01 Jun at 21:15" in out
    cli("remind", "remove")
    assert table.read_text() == "0 1 * * * backup\n"


def test_no_scheduler_at_all_says_what_to_do_instead(home: Path, cli, fakes: Path):
    code, _, err = cli("remind", "install")
    assert code == 1
    assert "neither a user systemd nor crontab answers here" in err and "--ics" in err


@pytest.mark.parametrize(
    ("morning", "evening", "expected"),
    [
        ("7", None, "--morning: got '7', expected a time of day HH:MM such as 07:30"),
        ("21:00", "20:00", "--morning 21:00 is not before --evening 20:00"),
    ],
)
def test_install_refuses_bad_times(home, cli, fakes, morning, evening, expected):
    cron(fakes)
    words = ["remind", "install", "--morning", morning]
    code, _, err = cli(*words, *(["--evening", evening] if evening else []))
    assert code == 1 and expected in err
    assert not (home / "reminders.json").exists()


# -- remind now ------------------------------------------------------------------------------


def notified(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    calls = log.read_text().split("---\n")
    return [call.splitlines() for call in calls if call.strip()]


def test_now_with_nothing_done_notifies_once_naming_the_routine(
    home: Path, cli, fakes: Path, monkeypatch
):
    log = notifier(fakes)
    pin_clock(monkeypatch, at(7, 30))
    code, out, err = cli("remind", "now")
    assert code == 0, err
    assert out.startswith("lowback: morning: A walk")  # said for the journal too
    (call,) = notified(log)
    assert "--urgency=low" in call and "--hint=boolean:suppress-sound:true" in call
    assert call[-2] == "lowback: morning"
    assert call[-1].startswith("A walk, then Core strength")
    assert (
        "Today: Push-ups 20, Bent-knee sit-ups 20, Squats 20, Superman back arch 30s." in call[-1]
    )


def test_now_in_the_evening_gives_the_floor_minutes(home: Path, cli, fakes: Path, monkeypatch):
    log = notifier(fakes)
    seed(home, core_strength(at(8)), static_back(at(19), minutes=40, status="stopped"))
    pin_clock(monkeypatch, at(20, 0))
    cli("remind", "now")
    (call,) = notified(log)
    assert call[-2] == "lowback: evening"
    assert "Static back" in call[-1] and "40 of 120 floor minutes so far" in call[-1]


@pytest.mark.parametrize(
    ("records", "rest", "hour", "why"),
    [
        ([core_strength(at(7, 0))], False, 8, "the morning is done"),
        ([], True, 8, "the morning is a rest day"),
        ([core_strength(at(7, 0), status=HURT, hurt_step="Push-ups")], False, 9, "flare-up"),
        ([], False, 23, "it is night"),
        ([], False, 5, "before the morning"),
    ],
)
def test_now_is_quiet_when_done_on_a_rest_day_a_flare_up_or_at_night(
    home, cli, fakes, monkeypatch, records, rest, hour, why
):
    log = notifier(fakes)
    seed(home, *records, rest_days=(DAY,) if rest else ())
    pin_clock(monkeypatch, at(hour, 0))
    code, out, _ = cli("remind", "now")
    assert code == 0 and notified(log) == []
    assert why in out


def test_now_without_a_notifier_says_so(home: Path, cli, fakes: Path, monkeypatch):
    pin_clock(monkeypatch, at(7, 30))
    code, _, err = cli("remind", "now")
    assert code == 1
    assert "cannot notify: notify-send is not installed" in err and "libnotify-bin" in err


def test_the_record_is_private(home: Path, cli, fakes: Path):
    cron(fakes)
    cli("remind", "install")
    record = home / "reminders.json"
    assert oct(record.stat().st_mode & 0o777) == "0o600"
    assert json.loads(record.read_text())["method"] == "crontab"
