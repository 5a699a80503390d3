"""A session from its start to its summary, in one place and in one order.

Before a start: the first safety notice is acknowledged (what waits for it is kept in order),
then an interrupted session may be offered for resuming. A start goes past the flare-up rule
(PainGuard), waits for the history to open, asks the pain check-in, works out today's targets,
runs the timer, asks the closing question and shows the summary. `starting` is set from the
start to the summary: the coach's thread stops working out every routine's targets (it would
share the CPU with the timer) and the picker is not redrawn under the session.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen

from lowback_tui.core.announcement import PAIN_KEYS, Announcement, Priority
from lowback_tui.core.clock import Clock
from lowback_tui.core.plan import expand
from lowback_tui.core.records import HURT, SessionRecord
from lowback_tui.core.routine import Routine
from lowback_tui.services.coach import Coach
from lowback_tui.services.cues.service import Cues
from lowback_tui.services.settings import Settings
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.library import RoutineLibrary
from lowback_tui.ui import notice
from lowback_tui.ui.pain_guard import PainGuard
from lowback_tui.ui.screens.dialogs import ConfirmDialog, PainDialog

if TYPE_CHECKING:
    from lowback_tui.core.streaks import StreakSummary
    from lowback_tui.store.history_api import History


class SessionFlow:
    """The order of a session's screens and questions; handed the app's services."""

    def __init__(
        self,
        app: App[None],
        *,
        run: Callable[[Routine, SessionRecord | None], object],
        clock: Clock,
        cues: Cues,
        coach: Coach,
        library: RoutineLibrary,
        history_ready: asyncio.Event,
        history: Callable[[], History | None],
        settings: Callable[[], Settings],
        tz: Callable[[], str],
        streak: Callable[[], StreakSummary],
        open_history: Callable[[], None],
        history_changed: Callable[[], None],
        write_to_terminal: Callable[[str], None],
        exit_after_session: bool,
    ) -> None:
        self.app = app
        self.clock = clock
        self.cues = cues
        self.coach = coach
        self.library = library
        self.guard = PainGuard(
            coach,
            lambda: [entry.routine for entry in library.entries() if entry.routine],
            app.push_screen,
            run,
        )
        """Every start goes past the flare-up rule (the picker, run, a resume, the palette)."""
        self.history_ready = history_ready
        self.history = history
        self.settings = settings
        self.tz = tz
        self.streak = streak
        self.open_history = open_history
        self.history_changed = history_changed
        self.write_to_terminal = write_to_terminal
        self.exit_after_session = exit_after_session
        """`lowback run ROUTINE` returns to the shell once its session's summary is closed."""
        self.starting = threading.Event()
        """Set while a session starts and runs: working out every routine's targets on a
        thread would share the CPU with it, so that stops (and waits for the session's end)."""
        self._after_safety: list[Callable[[], None]] = []
        """What waits for the first safety notice to be acknowledged (a resume, `run`)."""

    # -- before a start --------------------------------------------------------------------

    def when_safe(self, then: Callable[[], None]) -> None:
        """Run `then` now, or once the first safety notice has been acknowledged."""
        if self.settings().safety_acknowledged is not None:
            then()
        else:
            self._after_safety.append(then)

    def safety_acknowledged(self) -> None:
        """The first safety notice was acknowledged: what waited for it, in order."""
        waiting, self._after_safety = self._after_safety, []
        for then in waiting:
            then()

    def history_opened(self, start_routine: str | None) -> None:
        """The history is open: an interrupted session is offered first (also before `lowback
        run ROUTINE`), then the routine `run` named starts; each once the safety notice is
        acknowledged."""
        from lowback_tui.services.runner import resumable

        # The newest session, if it was interrupted before its end (see runner.resumable).
        waiting = resumable(self.history())
        if waiting is not None:
            self.when_safe(lambda: self.offer_resume(waiting, otherwise=start_routine))
        else:
            self.when_safe(lambda: self.start_by_id(start_routine))

    def start_by_id(self, routine_id: str | None) -> None:
        entry = self.library.find(routine_id) if routine_id else None
        if entry is not None and entry.routine is not None:
            self.guard.start(entry.routine)

    def offer_resume(self, record: SessionRecord, otherwise: str | None = None) -> None:
        """Ask whether to resume an interrupted session; if not, start `otherwise` (if any)."""
        from lowback_tui.core.questions import resume_words

        entry = self.library.find(record.routine_id)
        if entry is None or entry.routine is None:
            self.app.notify(
                f"An interrupted session of {record.routine_name} was kept in your "
                "history; its routine is no longer available to resume.",
                timeout=notice.PROBLEM,
            )
            self.start_by_id(otherwise)
            return
        routine = entry.routine
        question, detail = resume_words(record, len(expand(routine)), otherwise)

        def answered(resume: bool | None) -> None:
            if resume:
                self.guard.start(routine, record)
            else:
                self.start_by_id(otherwise)

        self.app.push_screen(
            ConfirmDialog(question, detail, yes="resume", no="not now (asked again next time)"),
            answered,
        )

    # -- the session -----------------------------------------------------------------------

    async def run(self, routine: Routine, resume: SessionRecord | None = None) -> None:
        """Pain check-in, the timer, the closing questions, the summary."""
        # Set before the wait: if the history opens meanwhile, the picker (going away) is not
        # redrawn with its targets and they are not worked out for every routine.
        self.starting.set()
        try:
            await self.history_ready.wait()
            await self._run(routine, resume)
        finally:
            self.starting.clear()
        if not self.exit_after_session:
            self.history_changed()

    async def _run(self, routine: Routine, resume: SessionRecord | None) -> None:
        from lowback_tui.core.flare import too_sore_for
        from lowback_tui.services.runner import SessionRunner
        from lowback_tui.ui.screens.timer import TimerResult, TimerScreen
        from lowback_tui.ui.terminal_title import TerminalTitle

        repository = self.history()
        assert repository is not None
        app = self.app
        pain_before = resume.pain_before if resume else None
        if self.settings().pain_checkin and resume is None:
            pain_before = await self._ask_pain("Before you start: how is your back right now?")
            chosen = await self.guard.after_pain_before(routine, pain_before, app.push_screen_wait)
            if chosen is None:  # "not today", back to the routines: the answer is kept
                sore = too_sore_for(routine, pain_before)
                if sore is not None and pain_before is not None:
                    SessionRunner.record_not_started(
                        routine,
                        self.clock,
                        repository,
                        pain_before=pain_before,
                        reason=sore,
                        tz=self.tz(),
                        on_error=self.history_write_failed,
                    )
                return
            routine = chosen
        # The engine runs today's rung of each ladder: known already, unless the history has
        # only just opened; then worked out on a thread, so the screen never freezes for it.
        targets = await asyncio.to_thread(self.coach.targets, routine)
        if targets.problem:
            app.notify(
                f"Targets start at the first rung: {targets.problem}.", timeout=notice.PROBLEM
            )
        routine = targets.routine
        runner = SessionRunner.begin(
            routine,
            self.clock,
            repository,
            pain_before=pain_before,
            tz=self.tz(),
            resume=resume,
            on_error=self.history_write_failed,
        )
        runner.progress = targets.progress
        title = TerminalTitle(self.write_to_terminal)
        result: TimerResult = await app.push_screen_wait(TimerScreen(runner, self.cues, title))
        # The runner finished the session; the closing answers are added to it one by one.
        answer: Callable[[str], SessionRecord] | None = None
        if result.status == HURT:
            level = await self._ask_pain("Sorry it hurts. How bad is it?")
            answer = partial(repository.set_hurt_level, level=level)
        elif self.settings().pain_checkin:
            pain = await self._ask_pain("And how is your back now?")
            answer = partial(repository.set_pain_after, pain=pain)
        record = repository.get(result.session_id)
        if record is None:
            app.notify(
                "This session could not be saved (see the message above).",
                severity="warning",
                timeout=notice.PROBLEM,
            )
            if self.exit_after_session:
                app.exit()
            return
        if answer is not None:
            try:
                record = answer(record.id)
            except HistoryError as error:
                self.history_write_failed(error)
        from lowback_tui.ui.screens.summary import SummaryScreen  # after the timer: lighter

        wants_history = await app.push_screen_wait(SummaryScreen(record, self.streak(), repository))
        if self.exit_after_session:
            app.exit()
            return
        if wants_history:
            self.open_history()

    @staticmethod
    def record_hold_under_way(screens: Iterable[Screen[Any]]) -> None:
        """A signal ends the app: the timer (if any) records the hold under way first."""
        if "lowback_tui.ui.screens.timer" in sys.modules:  # imported once a session starts
            from lowback_tui.ui.screens.timer import TimerScreen

            for screen in screens:
                if isinstance(screen, TimerScreen):
                    screen.interrupted()

    @staticmethod
    def timer_asks_to_quit(screens: Iterable[Screen[Any]]) -> bool:
        """Ctrl+Q during a session: the timer asks first (True); False when none runs."""
        from lowback_tui.ui.screens.timer import TimerScreen

        timers = [screen for screen in screens if isinstance(screen, TimerScreen)]
        if timers:
            timers[0].action_quit_app()
        return bool(timers)

    async def _ask_pain(self, question: str) -> int | None:
        """A 0-10 pain question, said aloud too: the person may have their eyes closed."""
        self.cues.play(Announcement(None, f"{question} {PAIN_KEYS}", Priority.MESSAGE))
        return await self.app.push_screen_wait(PainDialog(question))

    def history_write_failed(self, error: Exception) -> None:
        self.app.notify(
            f"{error}\nThe session goes on; it may not be saved.",
            title="Cannot save history",
            severity="error",
            timeout=notice.SERIOUS,
        )
