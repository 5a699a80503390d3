"""A real `lowback` killed with SIGKILL again and again, and what each kill left on disk.

Each round starts `lowback` in a pseudo-terminal over the same LOWBACK_HOME (a few thousand
sessions on file, so a year file's write takes long enough to be hit), answers the resume
question or starts floor five, and kills the process at a chosen moment:

- `holds`: once 1-4 more holds are on disk, plus a random fraction of a hold;
- `history-write`: while the writer thread is rewriting the year's file (its temp file exists:
  the process is frozen with SIGSTOP the moment it is seen, and killed only if the temp file
  is still there, else let go until the next write);
- `journal-write`: the same while session.json is being replaced;
- `startup`: at a random moment of the first second (loading, first frame, the question).

After every kill, with the process gone: the year files and session.json are valid and load
without a warning; every hold that was on disk before is still there, unchanged; every hold the
screen had moved past is on disk; and the next start offers to resume the session that was in
progress, at the right hold. `python -m benchmarks faults` runs 20 rounds; the test suite 3.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from lowback_tui.store.errors import HistoryError
from lowback_tui.store.repository import HistoryRepository

from .terminal import PtyProcess, base_env, plain

MOMENTS = ("holds", "history-write", "journal-write", "startup")
SCALE = "40"
#: A fresh start highlights floor five (the gentlest routine): Enter starts it.
FLOOR_FIVE_KEYS = (b"\r",)
HEADING = re.compile(r"· hold (\d+) of (\d+)")
OFFER = re.compile(r"was interrupted.*?after\b.*?hold (\d+) of (\d+)", re.S)  # it may wrap
PATIENCE = 60.0

Holds = list[tuple[int, str]]
"""A session's holds as (plan index, outcome): what must survive a kill."""


class FaultFound(AssertionError):
    """A promise was broken; the message says which round, which moment and what."""


@dataclass
class Round:
    """One kill: when it came, what was on disk, and what the checks found."""

    number: int
    moment: str
    answered: str = ""
    """What this round did at the start: "resumed", "declined, new session", "new session"."""
    in_write: bool = False
    """A temp file of the killed process was left behind: the kill landed mid-write."""
    holds_on_disk: int = 0
    offer_expected: bool = False
    question_on_screen: bool = False
    """The resume question was on screen when the kill came."""
    checks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Broken promises that leave the files valid (a lost hold or a bad file raises at once)."""


@dataclass
class DiskState:
    sessions: dict[str, Holds]
    in_progress: str | None
    """The session left in progress on disk, if any."""
    resume_at: int = 0
    planned: int = 0
    """Holds the session in progress planned (rests aside)."""

    @property
    def offer(self) -> bool:
        """Whether a next start must offer to resume: a session in progress with a hold left
        (one killed after its last hold was written has nothing to resume; the app marks it
        interrupted and says nothing, as it should)."""
        return self.in_progress is not None and self.resume_at < max(self.planned, 1)


#: The year file a session started now is written to (the one a kill can catch mid-write).
YEAR_FILE = f"{dt.datetime.now().astimezone().year}.json"


def read_state(home: Path) -> DiskState:
    """The year files and session.json as a user's next start finds them (raises if invalid)."""
    sessions: dict[str, Holds] = {}
    statuses: dict[str, str] = {}
    planned: dict[str, int] = {}
    for history in sorted((home / "history").glob("[0-9][0-9][0-9][0-9].json")):
        data = json.loads(history.read_bytes())
        for doc in data.get("sessions", {}).values():
            sessions[doc["id"]] = [(h["index"], h["outcome"]) for h in doc["holds"]]
            statuses[doc["id"]] = doc["status"]
            planned[doc["id"]] = doc.get("planned_holds", 0)
    journal = home / "session.json"
    if journal.exists():
        doc = json.loads(journal.read_bytes())["session"]
        sessions[doc["id"]] = [(h["index"], h["outcome"]) for h in doc["holds"]]
        statuses[doc["id"]] = doc["status"]
        planned[doc["id"]] = doc.get("planned_holds", 0)
    running = [key for key, status in statuses.items() if status == "in progress"]
    if len(running) > 1:
        raise FaultFound(f"more than one session in progress on disk: {running}")
    current = running[0] if running else None
    resume_at = sessions[current][-1][0] + 1 if current and sessions[current] else 0
    return DiskState(sessions, current, resume_at, planned.get(current, 0) if current else 0)


def journal_holds(home: Path) -> int:
    """Holds of the running session in session.json (0 if none or mid-replace)."""
    try:
        return len(json.loads((home / "session.json").read_bytes())["session"]["holds"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def temp_files(home: Path, name: str, pid: int | None = None) -> list[Path]:
    """Temp files of an atomic write of `name` (by process `pid` if given)."""
    prefix = f".{name}." + (f"{pid}." if pid else "")
    folders = [home, home / "history"] if (home / "history").is_dir() else [home]
    return [
        path
        for folder in folders
        for path in folder.iterdir()
        if path.name.startswith(prefix) and path.name.endswith(".tmp")
    ]


class KillCampaign:
    """Rounds of start, act, SIGKILL, check over one LOWBACK_HOME."""

    def __init__(self, home: Path, *, seed: int = 1, log: bool = False) -> None:
        self.home = home
        self.random = random.Random(seed)
        self.log = log
        self.rounds: list[Round] = []
        self.before = read_state(home)

    def env(self) -> dict[str, str]:
        return base_env(LOWBACK_HOME=str(self.home), LOWBACK_TIME_SCALE=SCALE)

    def run(self, moments: list[str], *, tries: int = 4) -> list[Round]:
        """A round per moment. A write is only caught when the poll sees its temp file in
        the few milliseconds it exists: a write moment that ended its session uncaught (the
        kill then lands after the end) is tried again, up to `tries` rounds in all."""
        for moment in moments:
            for _ in range(tries):
                record = self.kill_round(len(self.rounds) + 1, moment)
                self.rounds.append(record)
                if record.in_write or not moment.endswith("-write"):
                    break
        self.final_check()
        return self.rounds

    # -- one round -----------------------------------------------------------------------

    def kill_round(self, number: int, moment: str) -> Round:
        record = Round(number, moment, offer_expected=self.before.offer)
        app = PtyProcess([sys.executable, "-m", "lowback_tui"], self.env()).start()
        try:
            if moment == "startup":
                app.drain(self.random.uniform(0.05, 1.0))
            else:
                baseline = self.begin_session(app, record)
                self.wait_for_moment(app, moment, record, baseline)
            shown = self.screen_finished(app)
            record.question_on_screen = "Resume it at the hold" in app.text()
            pid = app.pid
            os.killpg(pid, signal.SIGKILL)
            assert app.process is not None
            app.process.wait(PATIENCE)
        finally:
            app.stop()
        record.in_write = bool(
            temp_files(self.home, YEAR_FILE, pid) or temp_files(self.home, "session.json", pid)
        )
        self.check_after_kill(record, shown)
        if self.log:
            print(
                f"kill {number:>2}: {moment:<13} {record.answered:<22} "
                f"{'mid-write' if record.in_write else '':<9} {record.holds_on_disk:>3} holds "
                "of the running session on disk · "
                + "; ".join(record.checks + [f"PROBLEM: {problem}" for problem in record.problems]),
                flush=True,
            )
        return record

    def begin_session(self, app: PtyProcess, record: Round) -> int:
        """Answer the resume question (checking it), or start floor five from the picker.

        Returns the holds the running session has on disk already (some, if resumed)."""
        if record.offer_expected:
            self.expect_offer(app, record)
            if self.random.random() < 0.6:
                mark = len(app.output)
                app.send(b"y")
                record.answered = "resumed"
                app.wait_for("Floor five · step", since=mark, timeout=PATIENCE)
                assert self.before.in_progress is not None
                return len(self.before.sessions[self.before.in_progress])
            app.send(b"n")
            record.answered = "declined, new session"
        else:
            app.wait_for("Core strength", "Start", timeout=PATIENCE)
            record.answered = "new session"
        app.drain(0.1)
        mark = len(app.output)
        for key in FLOOR_FIVE_KEYS:
            app.send(key)
            app.drain(0.1)  # one key per read, as typed: "ESC [ B CR" in one read is no key
        app.wait_for("Floor five · step", since=mark, timeout=PATIENCE)
        return 0

    def expect_offer(self, app: PtyProcess, record: Round) -> None:
        """The start must ask to resume the session in progress, at the hold where it stopped."""
        app.wait_for("Resume it at the hold", timeout=PATIENCE)
        match = OFFER.search(app.text())
        if match is None:
            raise FaultFound(
                f"round {record.number}: the resume question is not worded as "
                f"expected:\n{app.text()[-1500:]}"
            )
        if int(match.group(1)) != self.before.resume_at:
            raise FaultFound(
                f"round {record.number}: offered to resume after hold "
                f"{match.group(1)}, but {self.before.resume_at} are on disk"
            )
        record.checks.append(f"resume offered after hold {match.group(1)}")

    def wait_for_moment(self, app: PtyProcess, moment: str, record: Round, baseline: int) -> None:
        give_up = time.monotonic() + PATIENCE
        if moment == "holds":
            target = baseline + self.random.randint(1, 4)
            while journal_holds(self.home) < target and not self.session_over(app):
                self.tick(app, give_up, record)
            app.drain(self.random.uniform(0.0, 0.25))  # somewhere in the next hold or rest
            return
        name = YEAR_FILE if moment == "history-write" else "session.json"
        if moment == "history-write":  # a write after a hold, not the first of the session
            while journal_holds(self.home) <= baseline and not self.session_over(app):
                self.tick(app, give_up, record)
        while not self.session_over(app):
            self.tick(app, give_up, record, poll=0.0005)
            if not temp_files(self.home, name, app.pid):
                continue
            # Freeze it at once, then make sure the write is still under way: if it finished
            # meanwhile, let it go on and wait for the next one. The kill then lands mid-write.
            os.killpg(app.pid, signal.SIGSTOP)
            if temp_files(self.home, name, app.pid):
                return
            os.killpg(app.pid, signal.SIGCONT)

    def tick(self, app: PtyProcess, give_up: float, record: Round, poll: float = 0.01) -> None:
        if time.monotonic() > give_up:
            raise FaultFound(
                f"round {record.number}: lowback never reached {record.moment}:"
                f"\n{app.text()[-1500:]}"
            )
        if app.process is not None and app.process.poll() is not None:
            raise FaultFound(
                f"round {record.number}: lowback exited by itself:\n{app.text()[-3000:]}"
            )
        app.read(poll)

    @staticmethod
    def session_over(app: PtyProcess) -> bool:
        """The summary is up (only the latest output is read: this runs in a tight loop)."""
        return "routine complete" in plain(bytes(app.output[-16_000:]))

    @staticmethod
    def screen_finished(app: PtyProcess) -> int:
        """Holds the timer had moved past when last drawn: its heading shows the next one."""
        app.drain(0)
        headings = HEADING.findall(app.text())
        return int(headings[-1][0]) - 1 if headings else 0

    # -- checks ----------------------------------------------------------------------------

    def check_after_kill(self, record: Round, finished_on_screen: int) -> None:
        where = f"round {record.number} ({record.moment})"
        try:
            after = read_state(self.home)
        except (ValueError, KeyError, TypeError) as error:
            raise FaultFound(f"{where}: a file on disk is not valid: {error!r}") from error
        self.check_loads(where)
        record.checks.append("files valid")
        for session_id, holds in self.before.sessions.items():
            kept = after.sessions.get(session_id, [])
            if kept[: len(holds)] != holds:
                raise FaultFound(f"{where}: session {session_id} had {holds} on disk, now {kept}")
        record.checks.append("earlier holds kept")
        if after.in_progress is not None:
            holds = after.sessions[after.in_progress]
            record.holds_on_disk = len(holds)
            last_index = holds[-1][0] if holds else -1
            if finished_on_screen and last_index < finished_on_screen - 1:
                raise FaultFound(
                    f"{where}: the screen had moved past hold {finished_on_screen}"
                    f", but only up to index {last_index} is on disk"
                )
            record.checks.append("holds the screen showed as done are on disk")
        if self.before.offer and after.in_progress is None and (record.moment == "startup"):
            asked = "while it asked" if record.question_on_screen else "before it asked"
            record.problems.append(
                f"killed {asked} whether to resume: the session is now marked interrupted on "
                "disk, so the next start will not offer to resume it"
            )
        self.before = after

    def check_loads(self, where: str) -> None:
        """lowback's own reader takes both files as they are, without setting anything aside."""
        repository = HistoryRepository(self.home, sync=True, read_only=True)
        try:
            repository.open()
        except HistoryError as error:
            raise FaultFound(f"{where}: the history cannot be opened: {error}") from error
        if repository.warning:
            raise FaultFound(f"{where}: opening the history warns: {repository.warning}")
        repository.close()

    def final_check(self) -> None:
        """One more start: it offers the session in progress; stale temp files are cleared."""
        record = Round(len(self.rounds) + 1, "final start", offer_expected=self.before.offer)
        with PtyProcess([sys.executable, "-m", "lowback_tui"], self.env()) as app:
            if record.offer_expected:
                self.expect_offer(app, record)
                app.send(b"n")
            app.wait_for("Core strength", "Start", timeout=PATIENCE)
            app.drain(0.3)
            app.send(b"\x11")  # ctrl+q: a clean exit, which flushes the year file
            if app.wait_exit(PATIENCE) != 0:
                raise FaultFound(f"final start: lowback exited with an error:\n{app.text()}")
        leftovers = temp_files(self.home, YEAR_FILE) + temp_files(self.home, "session.json")
        if leftovers:
            raise FaultFound(f"temp files of killed writers were not cleared: {leftovers}")
        if any(".corrupt-" in path.name for path in self.home.iterdir()):
            raise FaultFound("a file was set aside as corrupt: some kill left an invalid file")
        after = read_state(self.home)
        for session_id, holds in self.before.sessions.items():
            if after.sessions.get(session_id, [])[: len(holds)] != holds:
                raise FaultFound(f"final start: holds of session {session_id} went missing")
        if after.in_progress is not None:
            raise FaultFound("after a clean exit a session is still marked in progress")


def campaign(home: Path, kills: int, *, seed: int, log: bool = True) -> list[Round]:
    """`kills` rounds at moments drawn from MOMENTS (each at least once when kills >= 4)."""
    chooser = random.Random(seed)
    moments = list(MOMENTS) * (kills // len(MOMENTS))
    moments += chooser.sample(MOMENTS, kills - len(moments))
    chooser.shuffle(moments)
    return KillCampaign(home, seed=seed, log=log).run(moments)
