"""The lowback Textual app, and build_app(): the one factory for the CLI, tests and screenshots."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import zoneinfo
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

if TYPE_CHECKING:  # loaded when first needed, after the first frame
    from lowback_tui.core.streaks import StreakSummary
    from lowback_tui.store.history_api import History
    from lowback_tui.store.repository import HistoryRepository
    from lowback_tui.ui.screens.settings import SettingsScreen

from lowback_tui.base.paths import ensure_home
from lowback_tui.base.terminal_text import safe
from lowback_tui.core.catalog import CatalogEntry
from lowback_tui.core.clock import Clock, SystemClock
from lowback_tui.core.records import SessionRecord
from lowback_tui.core.routine import Routine
from lowback_tui.services.coach import Coach
from lowback_tui.services.cues.service import Cues
from lowback_tui.services.cues.speakers import Speaker
from lowback_tui.services.day import DayTimes, local_now
from lowback_tui.services.settings import Settings, load_settings, save_settings
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.library import RoutineLibrary
from lowback_tui.store.lock import HomeLock
from lowback_tui.ui import notice
from lowback_tui.ui.bell import Bell
from lowback_tui.ui.ending import Ending
from lowback_tui.ui.palette import palette_commands
from lowback_tui.ui.screens.picker import PickerScreen
from lowback_tui.ui.session_flow import SessionFlow


class LowbackApp(App[None]):
    """Picker, timer, summary and history over one LOWBACK_HOME."""

    CSS_PATH = "app.tcss"
    TITLE = "lowback"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False)]

    def __init__(
        self,
        *,
        home: Path,
        clock: Clock,
        tz: str | None = None,
        today: dt.date | None = None,
        start_routine: str | None = None,
        lock: HomeLock | None = None,
        sync_writes: bool = False,
        speaker: Speaker | None = None,
    ) -> None:
        super().__init__()
        self.home = home
        self.clock = clock
        self._tz = tz
        self.fixed_today = today
        """A fixed "today" for screenshots and tests; None means the real date."""
        self.start_routine = start_routine
        self.lock = lock
        self.read_only = lock.read_only if lock is not None else None
        """Why this home must not be written (read-only file system, full disk), or None."""
        self.settings, self.settings_problems = load_settings(home / "settings.toml")
        self.cues = Cues(
            home,
            Bell(self),
            self._cue_failed,
            speaker,
            remember_mute=lambda muted: self.apply_settings(replace(self.settings, mute=muted)),
            clock=clock,
        )
        """The bell, tones or voice, handed to the timer and settings screens."""
        cue_problem = self.cues.configure(self.settings)
        if cue_problem:
            self.settings_problems.append(cue_problem)
        self.sync_writes = sync_writes
        self.repository: History | None = None
        """Made and opened in a thread after the first frame (TinyDB and the file both load
        then); every use waits for `history_ready`. If it cannot be opened, an
        UnavailableHistory that says why stands in."""
        self.history_ready = asyncio.Event()
        """Set once the history is opened (in a thread, so a long history never delays start)."""
        self.library = RoutineLibrary.for_home(home)
        """The one owner of routine files; the picker and editor are handed it."""
        self.zone_message: str | None = None
        """Why the time zone is UTC rather than the one TZ names (said once, at start)."""
        self.coach = Coach(
            self._coaching_source,
            self.today,
            lambda: self.tz,
            lambda day: self._require_repository().toggle_rest_day(day),
            now=lambda: local_now(self.clock.wall(), self.tz, self.fixed_today),
            times=lambda: DayTimes.from_settings(self.settings),
        )
        """Today's targets and flare-up state, for the picker and each session."""
        self.session_flow = SessionFlow(
            self,
            run=lambda routine, resume: self.run_session(routine, resume),
            clock=clock,
            cues=self.cues,
            coach=self.coach,
            library=self.library,
            history_ready=self.history_ready,
            history=lambda: self.repository,
            settings=lambda: self.settings,
            tz=lambda: self.tz,
            streak=self.streak,
            open_history=self.open_history,
            history_changed=self.history_changed,
            write_to_terminal=self._write_to_terminal,
            exit_after_session=start_routine is not None,
        )
        """The order of a session's start, screens and questions (ui/session_flow.py)."""
        self.guard = self.session_flow.guard
        """Every start goes past the flare-up rule (the picker, run, a resume, the palette)."""

    @property
    def tz(self) -> str:
        """The user's time zone (looked up on first use)."""
        if self._tz is None:
            from lowback_tui.core.zone import adopt, resolve_zone

            zone = resolve_zone()
            adopt(zone)
            self._tz, self.zone_message = zone.name, zone.message
        return self._tz

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (the screens' too) quotes file names and text from files: shown
        visibly and literally, never as escape sequences or markup."""
        super().notify(
            safe(message, multiline=True),
            title=safe(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # -- start and stop --------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)  # the footer and bindings follow it
            self.call_after_refresh(self._report_unknown_keymap_ids)  # it imports every screen
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        self.library.reload()
        picker = PickerScreen(self.library, time_scale=self.clock.scale, coach=self.coach)
        self.push_screen(picker)
        if self.settings.safety_acknowledged is None:
            from lowback_tui.ui.screens.safety import SafetyNotice

            self.push_screen(SafetyNotice(first_time=True), self._safety_answered)
        for problem in self.settings_problems:
            self.notify(problem, title="settings.toml", severity="warning", timeout=notice.PROBLEM)
        if self.read_only:
            self.notify(
                self.read_only, title="Read-only", severity="warning", timeout=notice.SERIOUS
            )
        if self._tz is None and self.tz and self.zone_message:
            self.notify(
                self.zone_message, title="Time zone", severity="warning", timeout=notice.CAUTION
            )
        if not self.is_headless:  # a real terminal: SIGTERM/SIGHUP quit, within a second
            Ending(self._on_signal, self._save_within).install()
        # After the first frame: opening the history (the index, a journal) is not needed for it.
        self.call_after_refresh(self.open_history_file)

    @work(thread=True, exclusive=True, group="history")
    def open_history_file(self) -> None:
        from lowback_tui.store.repository import HistoryRepository

        repository = HistoryRepository(
            self.home, sync=self.sync_writes, read_only=self.read_only is not None, tz=self.tz
        )
        try:
            repository.open()  # what it marks interrupted, resumable() finds again
        except HistoryError as error:
            self.post_message(self.HistoryFailed(error))
            return
        # A long history is tens of thousands of long-lived objects: keep them out of the
        # garbage collector's full passes, which would otherwise stall the timer.
        gc.freeze()
        self.post_message(self.HistoryOpened(repository))
        # While the user chooses: the timer's modules, so Enter does not wait for imports
        # (not the summary's: it brings pendulum, 3 MiB a session may never need).
        import lowback_tui.services.runner
        import lowback_tui.ui.screens.timer  # noqa: F401

    class HistoryOpened(Message):
        """The history thread opened the history (posted: workers never call the UI)."""

        def __init__(self, repository: HistoryRepository) -> None:
            super().__init__()
            self.repository = repository

    class HistoryFailed(Message):
        """The history thread could not open the history (its folder, files or lock)."""

        def __init__(self, error: HistoryError) -> None:
            super().__init__()
            self.error = error

    def on_lowback_app_history_failed(self, message: HistoryFailed) -> None:
        from lowback_tui.store.unavailable import UnavailableHistory

        error = message.error
        self.repository = UnavailableHistory(str(error))
        self.notify(
            f"{error}\nSessions still run, but are not saved.",
            title="History not available",
            severity="error",
            timeout=notice.SERIOUS,
        )
        self.history_ready.set()  # nothing to wait for: sessions run unsaved

    def on_lowback_app_history_opened(self, message: HistoryOpened) -> None:
        self.repository = message.repository
        self.history_ready.set()
        if self.repository.warning:
            self.notify(
                self.repository.warning, title="History", severity="warning", timeout=notice.SERIOUS
            )
        self.session_flow.history_opened(self.start_routine)
        if self.session_flow.starting.is_set():
            return  # Enter came first: the session's end brings the picker's targets
        picker = self._picker
        if picker is not None:  # under a resume question too: declining it keeps the guard
            picker.refresh_coaching()  # the flare-up line (today's rows); targets follow
        self.warm_coach()

    # -- coaching (issue 9) ----------------------------------------------------------------

    @property
    def _picker(self) -> PickerScreen | None:
        """The picker, wherever it is in the stack (None once the app is closing)."""
        return next((s for s in self.screen_stack if isinstance(s, PickerScreen)), None)

    @property
    def _top_screen(self) -> Screen[object] | None:
        """The screen on top, or None once the app is closing (a thread's message can arrive
        after the screens are gone; `screen` would raise)."""
        return self.screen_stack[-1] if self.screen_stack else None

    def _require_repository(self) -> History:
        if self.repository is None:
            raise RuntimeError("the history is not open")
        return self.repository

    def _coaching_source(self) -> History | None:
        """What the coach reads: the history once it is open (its index, never whole sessions)."""
        return self.repository if self.history_ready.is_set() else None

    @work(thread=True, exclusive=True, group="coach")
    def warm_coach(self) -> None:
        """Work out every routine's targets off the UI thread, then let the picker show them:
        with a long history that takes a moment, and a start must not wait for it."""
        if self.session_flow.starting.is_set():
            return  # the session works out its own routine's targets; the rest can wait
        routines = [entry.routine for entry in self.library.entries() if entry.routine]
        self.coach.warm(routines, stop=self.session_flow.starting)
        self.post_message(self.CoachReady())

    class CoachReady(Message):
        """Today's targets are known (posted from the coach's thread)."""

    def on_lowback_app_coach_ready(self, message: CoachReady) -> None:
        picker = self._picker
        if picker is not None:
            picker.refresh_coaching()

    def history_changed(self) -> None:
        """Targets follow the history: after a session, and after the history screen (where a
        session may have been deleted)."""
        self.coach.forget()
        self.warm_coach()

    def _safety_answered(self, acknowledged: bool | None) -> None:
        if not acknowledged:
            self.exit()
            return
        self.apply_settings(replace(self.settings, safety_acknowledged=self.today()))
        self.session_flow.safety_acknowledged()
        if self.history_ready.is_set() and isinstance(self._top_screen, PickerScreen):
            self._top_screen.refresh_coaching()  # the day's plan, first-week line included

    def start_by_id(self, routine_id: str | None) -> None:
        self.session_flow.start_by_id(routine_id)

    def _on_signal(self) -> None:
        """SIGTERM or SIGHUP: quit as the user would, so that the driver restores the terminal
        and on_unmount saves (without it, Python would die where it stands). A hold under
        way is recorded first, as `q` records it."""
        self.session_flow.record_hold_under_way(self.screen_stack)
        self.exit()

    def _save_within(self, seconds: float) -> None:
        """What is pending, to disk within `seconds` (a signal's end cannot wait longer)."""
        if self.repository is not None:
            self.repository.flush(seconds)

    async def action_quit(self) -> None:
        """Ctrl+Q, and Quit in the command palette, from any screen: during a session the timer
        asks first, as its own Ctrl+Q does."""
        if not self.session_flow.timer_asks_to_quit(self.screen_stack):
            self.exit()

    def on_unmount(self) -> None:
        try:
            if self.repository is not None:
                self.repository.close()
        except HistoryError as error:  # the app is closing: the message goes to the terminal
            print(f"lowback: {safe(str(error), multiline=True)}")
        if self.lock is not None:
            self.lock.release()
        self.cues.close()

    @property
    def entries(self) -> list[CatalogEntry]:
        """Every routine as the library last read them (for tests and the screenshots)."""
        return self.library.entries()

    def today(self) -> dt.date:
        """Today in the user's time zone (or the fixed day of a test or screenshot)."""
        if self.fixed_today is not None:
            return self.fixed_today
        return dt.datetime.fromtimestamp(self.clock.wall(), tz=zoneinfo.ZoneInfo(self.tz)).date()

    def streak(self) -> StreakSummary:
        """Streaks and the week, from the history's index."""
        assert self.repository is not None
        return self.repository.streak_summary(
            today=self.today(), weekly_goal=self.settings.weekly_goal
        )

    # -- settings and cues -----------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        """Use and save new settings; a failed save is said, the settings still apply."""
        self.settings = settings
        problem = self.cues.configure(settings)
        if problem:
            self.notify(problem, title="Cues", severity="warning", timeout=notice.PROBLEM)
        try:
            save_settings(self.home / "settings.toml", settings)
        except OSError as error:
            self.notify(f"Cannot save settings.toml: {error.strerror or error}", severity="error")

    def toggle_mute(self) -> bool:
        self.apply_settings(replace(self.settings, mute=not self.settings.mute))
        return self.settings.mute

    def _report_unknown_keymap_ids(self) -> None:
        """Say which [keymap] ids no binding has (set_keymap ignores them silently)."""
        from lowback_tui.ui.keymap import unknown_id_problems

        for problem in unknown_id_problems(self.settings.keymap, self.home / "settings.toml"):
            self.notify(problem, title="settings.toml", severity="warning", timeout=notice.PROBLEM)

    def play_test_cue(self) -> None:
        """The settings screen's test key, from the command palette: muted or not."""
        self.cues.test()
        self.notify(f"Playing a test cue ({self.cues.found})", timeout=notice.BRIEF)

    def _theme_chosen(self, theme: Theme) -> None:
        """A theme chosen in the command palette is kept for the next start."""
        if theme.name != self.settings.theme:
            self.apply_settings(replace(self.settings, theme=theme.name))

    def _cue_failed(self, problem: str) -> None:
        """From the cue thread: a cue program failed and the bell took over."""
        # RuntimeError: the app is closing (or this is its own thread): nothing to show.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(
                self.notify, problem, title="Cues", severity="warning", timeout=notice.PROBLEM
            )

    def on_settings_screen_changed(self, message: SettingsScreen.Changed) -> None:
        self.apply_settings(message.settings)

    def open_settings(self) -> None:
        from lowback_tui.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings, self.cues))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_commands(
            screen,
            muted=self.settings.mute,
            library=self.library,
            guard=self.guard,
            open_trends=self.open_trends,
            open_history=self.open_history,
            open_settings=self.open_settings,
            toggle_mute=self.toggle_mute,
            play_test_cue=self.play_test_cue,
        )

    def open_trends(self) -> None:
        from lowback_tui.ui.screens.trends import TrendsScreen

        if not self.history_ready.is_set() or self.repository is None:
            self.notify("The history is still loading…", timeout=notice.BRIEF)
            return
        self.push_screen(TrendsScreen(self.repository, tz=self.tz, today=self.today()))

    def open_history(self) -> None:
        from lowback_tui.ui.screens.history import HistoryScreen

        if not self.history_ready.is_set():
            self.notify("The history is still loading…", timeout=notice.BRIEF)
            return
        if self.repository is None:
            return
        self.push_screen(
            HistoryScreen(
                self.repository, self.settings, tz=self.tz, today=self.today(), clock=self.clock
            ),
            lambda _: self.history_changed(),
        )

    # -- a session from start to summary ---------------------------------------------------

    def on_picker_screen_open_history(self, message: PickerScreen.OpenHistory) -> None:
        self.open_history()

    def on_picker_screen_open_settings(self, message: PickerScreen.OpenSettings) -> None:
        self.open_settings()

    def on_picker_screen_start(self, message: PickerScreen.Start) -> None:
        # A second Enter of the same burst finds the first session starting: it is not
        # started again (nor the first cancelled half-way by the worker's exclusivity).
        if message.entry.routine is not None and not self.session_flow.starting.is_set():
            self.guard.start(message.entry.routine)

    @work(exclusive=True, group="session")
    async def run_session(self, routine: Routine, resume: SessionRecord | None = None) -> None:
        """Pain check-in, the timer, the closing questions, the summary (a worker of the
        app's, so that only one session runs)."""
        await self.session_flow.run(routine, resume)

    def _write_to_terminal(self, sequence: str) -> None:
        """The terminal's title for the timer: Textual writes its own sequences (the
        clipboard's) through its driver too."""
        if self._driver is not None:
            self._driver.write(sequence)


def build_app(
    *,
    home: Path,
    time_scale: float = 1.0,
    clock: Clock | None = None,
    tz: str | None = None,
    today: dt.date | None = None,
    start_routine: str | None = None,
    sync_writes: bool = False,
    speaker: Speaker | None = None,
) -> LowbackApp:
    """The app over `home`, holding its lock: the CLI, tests and screenshots all start here."""
    ensure_home(home)
    lock = HomeLock(home)
    lock.acquire()
    return LowbackApp(
        home=home,
        clock=clock or SystemClock(time_scale),
        tz=tz,
        today=today,
        start_routine=start_routine,
        lock=lock,
        sync_writes=sync_writes,
        speaker=speaker,
    )
