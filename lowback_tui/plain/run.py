"""Plain mode from start to summary: the same home, lock, settings, history, coach, runner and
cues as the app, with lines of text for the screen and keys read without echo."""

from __future__ import annotations

import datetime as dt
import sys
import zoneinfo
from dataclasses import replace
from pathlib import Path

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.clock import SystemClock
from lowback_tui.core.flare import calm_choice, is_strength, too_sore_for
from lowback_tui.core.plan import estimate_seconds, expand, planned_work
from lowback_tui.core.questions import resume_words
from lowback_tui.core.records import HURT, SessionRecord
from lowback_tui.core.routine import Routine
from lowback_tui.core.words import count_text
from lowback_tui.core.zone import adopt, resolve_zone
from lowback_tui.plain.keys import Keyboard, Signalled
from lowback_tui.plain.session import KEYS_HELP, Keys, Lines, PlainSession, ask_level, ask_yes_no
from lowback_tui.services.coach import Coach
from lowback_tui.services.cues.service import Cues
from lowback_tui.services.runner import SessionRunner, resumable
from lowback_tui.services.settings import Settings, load_settings, save_settings
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.history_api import History
from lowback_tui.store.library import RoutineLibrary
from lowback_tui.store.lock import HomeLock
from lowback_tui.store.unavailable import UnavailableHistory


class PlainRun:
    """Everything one plain-mode run holds, from the lock to the summary."""

    def __init__(self, home: Path, clock: SystemClock, lines: Lines) -> None:
        self.home = home
        self.clock = clock
        self.lines = lines
        self.settings_path = home / "settings.toml"
        self.settings, problems = load_settings(self.settings_path)
        for problem in problems:
            lines.say(f"settings.toml: {safe(problem)}")
        zone = resolve_zone()
        adopt(zone)
        self.tz = zone.name
        if zone.message:
            lines.say(f"Time zone: {safe(zone.message)}")
        self.cues = Cues(home, lines.ring, self._cue_failed, remember_mute=self._remember_mute)
        cue_problem = self.cues.configure(self.settings)
        if cue_problem:
            lines.say(f"Cues: {safe(cue_problem)}")
        self.library = RoutineLibrary.for_home(home)

    def _cue_failed(self, problem: str) -> None:
        self.lines.say(f"Cues: {safe(problem)}")

    def _remember_mute(self, muted: bool) -> None:
        self._save(replace(self.settings, mute=muted))

    def _save(self, settings: Settings) -> None:
        self.settings = settings
        try:
            save_settings(self.settings_path, settings)
        except OSError as error:
            self.lines.say(f"Cannot save settings.toml: {error.strerror or error}")

    def today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.clock.wall(), tz=zoneinfo.ZoneInfo(self.tz)).date()

    def open_history(self, read_only: bool) -> History:
        from lowback_tui.store.repository import HistoryRepository

        repository = HistoryRepository(self.home, read_only=read_only, tz=self.tz)
        try:
            repository.open()
        except HistoryError as error:
            self.lines.say(f"History not available: {safe(str(error))}")
            self.lines.say("Sessions still run, but are not saved.")
            return UnavailableHistory(str(error))
        if repository.warning:
            self.lines.say(f"History: {safe(repository.warning)}")
        return repository

    # -- the questions before a session ---------------------------------------------------

    def safety(self, keys: Keys) -> bool:
        """The one-time safety notice, acknowledged with y or Enter (q leaves)."""
        if self.settings.safety_acknowledged is not None:
            return True
        from lowback_tui.ui.screens.safety import notice_text  # its words, not its screen

        self.lines.say("Before you start: safety.")
        for line in notice_text().plain.splitlines():
            if line.strip():
                self.lines.say(line.strip())
        self.lines.say("Enter or y: I have read this, go on. q: leave.")
        while True:
            key = keys.read(None)
            if key in ("enter", "y", "Y"):
                self._save(replace(self.settings, safety_acknowledged=self.today()))
                return True
            if key in ("q", "escape"):
                return False

    def choose(
        self, keys: Keys, history: History, routine: Routine | None
    ) -> tuple[Routine | None, SessionRecord | None]:
        """The routine to run, and the interrupted session it resumes (asked first)."""
        waiting = resumable(history)
        if waiting is None:
            return routine or self.pick(keys), None
        entry = self.library.find(waiting.routine_id)
        if entry is None or entry.routine is None:
            self.lines.say(
                f"An interrupted session of {safe(waiting.routine_name)} was kept in your "
                "history; its routine is no longer available to resume."
            )
            return routine or self.pick(keys), None
        otherwise = routine.name if routine else None
        question, detail = resume_words(waiting, len(expand(entry.routine)), otherwise)
        if ask_yes_no(keys, self.lines, f"{safe(question)} {safe(detail)}", "resume", "not now"):
            return entry.routine, waiting
        return routine or self.pick(keys), None

    def pick(self, keys: Keys) -> Routine | None:
        """`lowback` with `display = "plain"`: the routines as numbered lines; a number and
        Enter starts one, q leaves."""
        routines = [entry.routine for entry in self.library.entries() if entry.routine]
        for number, routine in enumerate(routines, start=1):
            minutes = count_text(max(1, round(estimate_seconds(routine) / 60)), "minute")
            steps = count_text(len(routine.steps), "step")
            self.lines.say(f"{number}. {safe(routine.name)}: {steps}, about {minutes}.")
        self.lines.say("Type a routine's number, then Enter; q leaves.")
        typed = ""
        while True:
            key = keys.read(None)
            if key in ("q", "escape"):
                return None
            if key is not None and key.isdigit():
                typed += key
                self.lines.say(typed)
            elif key == "backspace":
                typed = typed[:-1]
            elif key == "enter" and typed:
                if 1 <= int(typed) <= len(routines):
                    return routines[int(typed) - 1]
                self.lines.say(f"There is no routine {typed}: type 1 to {len(routines)}.")
                typed = ""

    # -- the session ----------------------------------------------------------------------

    def session(
        self, keys: Keys, history: History, routine: Routine, resume: SessionRecord | None
    ) -> None:
        """Pain check-in, the session, the closing question and the summary, as the app."""
        coach = Coach(lambda: history, self.today, lambda: self.tz)
        flare = coach.flare_up() if is_strength(routine) else None
        if flare is not None and not ask_yes_no(
            keys,
            self.lines,
            f"Not today: {safe(routine.name)} is strength work. Your back flared up today "
            f"({safe(flare)}); relaxing routines come first on such a day. Start it anyway?",
            "start anyway",
            "leave it",
        ):
            return
        pain_before = resume.pain_before if resume else None
        if self.settings.pain_checkin and resume is None:
            pain_before = ask_level(keys, self.lines, "Before you start: how is your back now?")
            sore = too_sore_for(routine, pain_before)
            if sore is not None:  # the same rule and words as the app's pain guard
                coach.note_flare(sore)
                calm = calm_choice(e.routine for e in self.library.entries() if e.routine)
                self.lines.say(
                    f"Not today: {safe(sore)}. {safe(routine.name)} is strength work, and with "
                    "pain this high it waits for a better day."
                )
                if calm is None or not ask_yes_no(
                    keys,
                    self.lines,
                    f"{safe(calm.name)} is a relaxing routine.",
                    f"start {safe(calm.name)} instead",
                    "leave it",
                ):
                    assert pain_before is not None  # too_sore_for needs an answer
                    SessionRunner.record_not_started(
                        routine,
                        self.clock,
                        history,
                        pain_before=pain_before,
                        reason=sore,
                        tz=self.tz,
                        on_error=self._write_failed,
                    )
                    return
                routine = calm
        targets = coach.targets(routine)
        if targets.problem:
            self.lines.say(f"Targets start at the first rung: {safe(targets.problem)}.")
        routine = targets.routine
        runner = SessionRunner.begin(
            routine,
            self.clock,
            history,
            pain_before=pain_before,
            tz=self.tz,
            resume=resume,
            on_error=self._write_failed,
        )
        runner.progress = targets.progress
        holds = count_text(planned_work(runner.engine.plan), "hold")
        minutes = max(1, round(estimate_seconds(routine) / 60))
        self.lines.say(f"{safe(routine.name)}: {holds}, about {count_text(minutes, 'minute')}.")
        if routine.caution:
            self.lines.say(f"Caution: {safe(routine.caution)}")
        self.lines.say(KEYS_HELP)
        status = PlainSession(runner, self.cues, keys, self.lines).run()
        self.finish(keys, history, runner.session_id, status)

    def finish(self, keys: Keys, history: History, session_id: str, status: str) -> None:
        record = history.get(session_id)
        if record is None:
            self.lines.say("This session could not be saved (see the message above).")
            return
        try:
            if status == HURT:
                level = ask_level(keys, self.lines, "Sorry it hurts. How bad is it?")
                record = history.set_hurt_level(record.id, level=level)
            elif self.settings.pain_checkin:
                pain = ask_level(keys, self.lines, "And how is your back now?")
                record = history.set_pain_after(record.id, pain=pain)
        except HistoryError as error:
            self._write_failed(error)
        from lowback_tui.core.flare import flare_reason
        from lowback_tui.core.red_flags import after_pain_lines
        from lowback_tui.services.coach import suggestion
        from lowback_tui.ui.screens.summary import headline, summary_rows

        streak = history.streak_summary(today=self.today(), weekly_goal=self.settings.weekly_goal)
        self.lines.say(headline(record))
        for label, value in summary_rows(record, streak):
            value = " ".join(safe(value, multiline=True).split()).rstrip(".")
            self.lines.say(f"{label}: {value}.")
        # After a "this hurts" stop or a pain of 7+, the red flags again, as the screen says.
        advice = list(after_pain_lines()) if flare_reason(record) is not None else []
        advice += suggestion(record).splitlines()
        for line in advice:
            self.lines.say(line)

    def _write_failed(self, error: Exception) -> None:
        self.lines.say(f"Cannot save history: {safe(str(error))}. The session goes on.")


def run_plain(home: Path, routine: Routine | None, scale: float) -> int:
    """Plain mode over `home`: `routine`, or one picked from numbered lines. The exit status."""
    lock = HomeLock(home)
    lock.acquire()  # HistoryError (held by another lowback) goes to the caller
    lines = Lines(sys.stdout.write, sys.stdout.flush)
    run = PlainRun(home, SystemClock(scale), lines)
    if lock.read_only:
        lines.say(f"Read-only: {safe(lock.read_only)}")
    history: History | None = None
    try:
        with Keyboard(sys.stdin.fileno()) as keys:
            try:
                if not run.safety(keys):
                    return 0
                history = run.open_history(lock.read_only is not None)
                chosen, resume = run.choose(keys, history, routine)
                if chosen is not None:
                    run.session(keys, history, chosen, resume)
            except Signalled as signalled:
                lines.say(f"lowback: {signalled}: the session can be resumed next time.")
                return 128 + signalled.number
            except (KeyboardInterrupt, EOFError):
                lines.say("lowback: interrupted: the session can be resumed next time.")
                return 130
    finally:
        run.cues.close()
        try:
            if history is not None:
                history.close()
        except HistoryError as error:
            lines.say(f"lowback: {safe(str(error))}")
        lock.release()
    return 0
