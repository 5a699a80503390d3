"""The history screen: streaks, the week against its goal, a heatmap, and every session."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import time
from collections.abc import Iterator
from enum import StrEnum
from typing import ClassVar

import pendulum
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.clock import Clock
from lowback_tui.core.describe import pain_text, summary_row
from lowback_tui.core.durations import format_seconds, shorten
from lowback_tui.core.records import HURT, SKIPPED, HoldRecord, SessionRecord
from lowback_tui.core.streaks import StreakSummary
from lowback_tui.core.words import duration_text
from lowback_tui.services.settings import Settings
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.history_api import History
from lowback_tui.store.index import SessionSummary
from lowback_tui.store.unavailable import UnavailableHistory
from lowback_tui.ui import notice
from lowback_tui.ui.pending_keys import after_earlier_keys
from lowback_tui.ui.screens.dialogs import ConfirmDialog, HelpScreen, NoteDialog
from lowback_tui.ui.widgets.footer import KeysFooter
from lowback_tui.ui.widgets.heatmap import Heatmap
from lowback_tui.ui.widgets.too_small import TooSmall, fit_screen

MIN_WIDTH, MIN_HEIGHT = 50, 14
NARROW_WIDTH, SHORT_HEIGHT = 80, 22
"""Below these the heatmap (and, if short, the note) step aside so the list keeps its room."""
PAGE_SIZE = 50
"""Rows added at a time (read from the index as needed): a DataTable of every session would
cost far more, in time and memory, than opening a screen. Two screens' worth: the next page
comes by itself as the cursor nears the end (and with m)."""
MORE_AHEAD = 10
"""Rows before the end at which the next page is added, so scrolling never meets the end."""
ROUTINE_WIDTH = 30
STATUS_STYLES = {"completed": "", "hurt": "bold", "stopped": "dim", "interrupted": "dim"}


def streak_text(summary: StreakSummary | None, today_is_rest: bool) -> Text:
    """The streak panel: both streaks, the week against its goal, and today."""
    if summary is None:
        return Text("Counting your days…", "dim")
    text = Text(no_wrap=True, end="")

    def days(count: int) -> str:
        return f"{count} day" + ("" if count == 1 else "s")

    done, goal = summary.week_done, summary.weekly_goal
    week = f"{done} of {goal} days  " + "●" * min(done, goal) + "○" * max(goal - done, 0)
    today = "done ✓" if summary.today_done else "not yet"
    if today_is_rest:
        today = "rest day" + (" · done ✓" if summary.today_done else "")
    rows = [
        ("Current streak", days(summary.current)),
        ("Longest streak", days(summary.longest)),
        ("This week", week + ("  goal met" if done >= goal else "")),
        ("Today", today),
    ]
    for label, value in rows:
        text.append(f"{label:<16}", "dim")
        text.append(
            f"{value}\n" if label != "Today" else value, "bold" if label == "Current streak" else ""
        )
    return text


def session_cells(session: SessionSummary, now: pendulum.DateTime) -> tuple[Text, ...]:
    """One row of the list; Text cells, because DataTable reads a plain str as markup."""
    row = summary_row(session, now)
    return (
        Text(row.when),
        Text(shorten(row.routine, ROUTINE_WIDTH)),
        Text(row.duration, justify="right"),
        Text(row.completion),
        Text(row.pain),
        Text(row.status, STATUS_STYLES.get(row.status, "")),
    )


class HistoryScreen(Screen[None]):
    """Streaks, this week, a heatmap and the sessions, newest first; Enter shows one session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "detail", "Details", id="history.detail", priority=True),
        Binding("r", "rest_day", "Rest day", id="history.rest_day"),
        Binding("R", "rest_day_on", "Rest day on…", id="history.rest_day_on"),
        Binding("m", "more", "More", id="history.more"),
        Binding("t", "trends", "Trends", id="history.trends"),
        Binding("question_mark", "help", "Help", id="history.help"),
        Binding("escape,q", "close", "Back", id="history.close"),
    ]

    DEFAULT_CSS = """
    HistoryScreen #history-top { height: auto; margin: 0 1; }
    HistoryScreen #history-streaks { width: 1fr; height: auto; min-height: 11; padding: 0 1;
                                     border: round $panel-lighten-2; }
    HistoryScreen #history-note { margin-top: 1; color: $text-muted; }
    HistoryScreen #history-heatmap { padding: 0 1; margin-left: 1; border: round $panel-lighten-2; }
    HistoryScreen #history-heatmap:focus { border: round $accent; }
    HistoryScreen #history-count { margin: 1 2 0 2; color: $text-muted; }
    HistoryScreen #history-sessions { height: 1fr; margin: 0 1; }
    HistoryScreen.-narrow #history-heatmap, HistoryScreen.-short #history-heatmap,
    HistoryScreen.-short #history-note { display: none; }
    HistoryScreen.-narrow #history-streaks, HistoryScreen.-short #history-streaks { min-height: 0; }
    HistoryScreen.-short #history-count { margin-top: 0; }
    """

    def __init__(
        self,
        repository: History,
        settings: Settings,
        *,
        tz: str,
        today: dt.date,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.repository, self.settings, self.tz, self.today = repository, settings, tz, today
        self.clock = clock
        """The app's (fake) clock: what "2 hours ago" is measured from; None: the system's."""
        self.sessions: list[SessionSummary] = []
        """The rows read so far from the index, newest first (a page at a time)."""
        self.total = 0
        self._unread: Iterator[SessionSummary] = iter(())
        self.shown = 0
        """How many sessions (newest first) are rows of the table so far."""
        self.rest_days: set[dt.date] = set()
        self.summary: StreakSummary | None = None
        """The streaks as last counted; None until the first count arrives."""
        self.now = pendulum.now(tz)
        """What "2 hours ago" is measured from: the app's clock once mounted."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="history-top"):
            with Vertical(id="history-streaks"):
                yield Static(id="history-figures")
                yield Static(
                    "Rest days keep a streak going.\nr marks today (or the day picked\n"
                    "on the calendar) as one; R any day.",
                    id="history-note",
                    markup=False,
                )
            yield Heatmap(id="history-heatmap")
        yield Static(id="history-count")
        yield DataTable(id="history-sessions", cursor_type="row")
        yield TooSmall()
        yield KeysFooter(compact=True)  # every key, Help and Back too, fits at 80 columns

    def on_mount(self) -> None:
        self.title = "lowback — history"
        self.query_one("#history-streaks").border_title = "Streaks"
        self.query_one(Heatmap).border_title = "Last 12 weeks"
        clock = self.clock
        self.now = pendulum.from_timestamp(clock.wall() if clock else time.time(), tz=self.tz)
        self._unread = self.repository.summaries()
        self.total = self.repository.session_count()
        self.rest_days = self.repository.rest_days()
        table = self.query_one(DataTable)
        table.add_columns("When", "Routine", "Time", "Holds", "Pain", "Status")
        table.focus()  # the list first; Tab reaches the calendar (the heatmap)
        self.action_more()
        if self.repository.streaks_at_once:  # the index's top (a millisecond): in the first frame
            self.show_streaks(self._streak_summary())
        else:  # a session just ended: the count waits for its write, on a thread
            self.show_streaks()
            self.count_streaks(self.rest_days)
        self.call_after_refresh(self.preload_trends)

    @work(thread=True, group="history-preload")
    def preload_trends(self) -> None:
        """Import the trends screen and its plotting library while the user reads the list,
        so `t` opens at once."""
        import lowback_tui.ui.screens.trends  # noqa: F401

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")
        fit_screen(self, event, MIN_WIDTH, MIN_HEIGHT)

    @work(thread=True, exclusive=True, group="history-streaks")
    def count_streaks(self, rest_days: set[dt.date]) -> None:
        """Count in a thread (it may wait for the index to catch up with a session just ended);
        the UI thread shows the result."""
        summary = self._streak_summary()
        if not get_current_worker().is_cancelled:  # a newer count (after r) replaces this one
            self.post_message(self.StreaksCounted(summary))

    def _streak_summary(self) -> StreakSummary:
        return self.repository.streak_summary(
            today=self.today, weekly_goal=self.settings.weekly_goal
        )

    class StreaksCounted(Message):
        """The streak count's thread is done (workers post; they never call the UI)."""

        def __init__(self, summary: StreakSummary) -> None:
            super().__init__()
            self.summary = summary

    def on_history_screen_streaks_counted(self, message: StreaksCounted) -> None:
        self.show_streaks(message.summary)

    def show_streaks(self, summary: StreakSummary | None = None) -> None:
        """Show the figures and heatmap again: with a new count, or with new rest days."""
        self.summary = summary or self.summary
        figures = streak_text(self.summary, self.today in self.rest_days)
        self.query_one("#history-figures", Static).update(figures)
        if self.summary is not None:
            self.query_one(Heatmap).show(
                self.summary.heatmap, today=self.today, rest_days=self.rest_days
            )

    def action_more(self) -> None:
        """Add the next page of older sessions to the table, in one add_rows call."""
        page = list(itertools.islice(self._unread, PAGE_SIZE))
        self.sessions += page
        # Rows keep the order of self.sessions, so a row's index finds its record.
        self.query_one(DataTable).add_rows(session_cells(session, self.now) for session in page)
        self.shown += len(page)
        if len(page) < PAGE_SIZE:
            self.total = self.shown  # the index said more than there are: it was behind
        total = self.total = max(self.total, self.shown)
        rest = total - self.shown
        if not total:
            count = "No sessions yet. Pick a routine on the first screen and press Enter."
            if isinstance(self.repository, UnavailableHistory):
                count = (
                    f"The history is not available ({self.repository.reason}): "
                    "sessions run, but are not saved."
                )
        elif rest:
            count = f"{total:,} sessions · newest {self.shown:,} shown · m shows more"
        else:
            count = f"{total:,} session" + ("" if total == 1 else "s")
        self.query_one("#history-count", Static).update(Text(count))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":
            return self.shown < self.total
        return True

    def action_rest_day(self) -> None:
        """Mark or unmark the heatmap's day: today, or the day its cursor is on."""
        heatmap = self.query_one(Heatmap)
        day = heatmap.cursor if heatmap.has_focus and heatmap.cursor else self.today
        self.toggle_rest_day(day)

    def action_rest_day_on(self) -> None:
        """Ask which day (the highlighted session's, at first): any day up to today."""
        from lowback_tui.core.streaks import local_day
        from lowback_tui.ui.screens.history_dialogs import RestDayDialog

        initial = self.today
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < self.shown:
            with contextlib.suppress(ValueError):
                initial = min(local_day(self.sessions[row].started_at, self.tz), self.today)
        self.app.push_screen(
            RestDayDialog(self.today, self.rest_days, initial),
            lambda day: self.toggle_rest_day(day) if day is not None else None,
        )

    def toggle_rest_day(self, day: dt.date) -> None:
        """Mark or unmark `day`; the streaks and heatmap follow at once."""
        if day > self.today:
            self.notify("Only a day up to today can be a rest day.", severity="warning")
            return
        try:
            self.repository.toggle_rest_day(day)
        except HistoryError as error:
            self.notify(str(error), title="Cannot save the rest day", severity="error")
            return
        self.rest_days = self.repository.rest_days()
        marked = day in self.rest_days
        name = "Today" if day == self.today else f"{day:%a} {day.day} {day:%B %Y}"
        self.notify(
            f"{name} is a rest day: your streak is safe."
            if marked
            else f"{name} is no longer a rest day.",
            timeout=notice.BRIEF,
        )
        self.show_streaks()
        self.count_streaks(self.rest_days)

    def action_trends(self) -> None:
        from lowback_tui.ui.screens.trends import TrendsScreen

        self.app.push_screen(TrendsScreen(self.repository, tz=self.tz, today=self.today))

    def action_detail(self) -> None:
        after_earlier_keys(self, self._show_detail)

    def _show_detail(self) -> None:
        if self.app.screen is not self:
            return  # an Enter of the same burst opened it already (or a dialog is up)
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < self.shown:
            summary = self.sessions[row]
            record = self.repository.get(summary.id, summary.year)  # read from its year file
            if record is None:
                self.notify("This session is no longer in the history.", severity="warning")
                return
            self.app.push_screen(SessionDetail(record, self.tz, self.repository), self.corrected)

    def corrected(self, correction: Correction | None) -> None:
        """After a note was edited or a session deleted: the list and streaks follow at once."""
        if correction is None:
            return
        table = self.query_one(DataTable)
        row = table.cursor_row
        shown = max(self.shown, PAGE_SIZE)
        table.clear()
        self.sessions, self.shown = [], 0
        self._unread = self.repository.summaries()  # the index's rows again, with the change
        self.total = self.repository.session_count()
        self.action_more()
        while self.shown < min(shown, self.total):
            self.action_more()
        if self.sessions:
            table.move_cursor(row=min(row, len(self.sessions) - 1))
        if correction is Correction.DELETED:
            self.count_streaks(self.rest_days)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.shown - MORE_AHEAD and self.shown < self.total:
            self.action_more()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_detail()  # a click on the highlighted row

    def action_help(self) -> None:
        notes = (
            f"Streaks count calendar days in {self.tz} with a completed session. A rest day "
            "(a flare-up) keeps a streak going without adding to it. The week starts on "
            f"Monday; your goal is {self.settings.weekly_goal} days (change it in settings)."
        )
        long = {
            "history.rest_day": "Rest day today, or on the day picked on the calendar "
            "(Tab to it; arrows pick a day); again unmarks it",
            "history.rest_day_on": "Rest day on any date up to today (typed)",
            "history.trends": "Trends: pain, plank, reps and minutes over time; what helps",
        }
        self.app.push_screen(HelpScreen("History keys", list(self.BINDINGS), notes, long))

    def action_close(self) -> None:
        self.dismiss(None)


def hold_cells(hold: HoldRecord) -> tuple[Text, ...]:
    """One hold of the detail view: step, side, rep, planned, done, outcome."""
    done = "–" if hold.count_done is None else f"{hold.count_done} reps"
    if hold.held_seconds is not None and hold.outcome != SKIPPED:
        done = format_seconds(hold.held_seconds)
    faint = "dim" if hold.outcome == SKIPPED else ""
    return (
        Text(f"{hold.step_number}. {safe(hold.step_name)}", faint),  # text from the file
        Text(safe(hold.side or "–"), faint),
        Text(f"{hold.rep}/{hold.reps}", faint),
        Text(safe(hold.planned), faint),
        Text(done, faint, justify="right"),
        Text(safe(hold.outcome), faint),
    )


class Correction(StrEnum):
    """What the session detail changed, for the history screen to show."""

    NOTE = "note"
    DELETED = "deleted"


class SessionDetail(ModalScreen[Correction | None]):
    """One session: when, how it went, and each hold as planned and as done; its note can be
    edited and the session deleted (after a question that says it cannot be undone)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Close", id="history.detail.close", priority=True),
        Binding("e", "edit_note", "Edit note", id="history.detail.note"),
        Binding("d,delete", "delete", "Delete", id="history.detail.delete"),
    ]

    DEFAULT_CSS = """
    SessionDetail #detail-box { width: 92; max-width: 100%; height: auto; max-height: 100%;
                                border: thick $primary; background: $surface; padding: 0 1; }
    SessionDetail #detail-holds { height: auto; max-height: 70vh; margin-top: 1; }
    """

    def __init__(self, record: SessionRecord, tz: str, repository: History | None = None) -> None:
        super().__init__()
        self.record, self.tz, self.repository = record, tz, repository
        self.changed: Correction | None = None

    def compose(self) -> ComposeResult:
        record = self.record
        try:
            started = pendulum.parse(record.started_at).in_timezone(self.tz)  # type: ignore[union-attr]
            when = started.format("dddd D MMMM YYYY, HH:mm")
        except (ValueError, TypeError, AttributeError):
            when = record.started_at  # shown as stored rather than not at all
        text = Text(safe(record.routine_name) + "\n", "bold")
        text.append(
            f"{safe(when)} · {safe(record.status)} · "
            f"{duration_text(record.active_seconds)} active · "
            f"pain {pain_text(record.pain_before, record.pain_after)}",
            "dim",
        )
        if record.status == HURT:
            level = "–" if record.hurt_level is None else f"{record.hurt_level}/10"
            text.append(f"\nIt hurt at: {safe(record.hurt_step or '?')} ({level})")
        if record.note:
            text.append(f"\nNote: {safe(record.note, multiline=True)}", "italic")
        if not record.holds:
            text.append("\n\nNo holds were finished in this session.")
        with Vertical(id="detail-box"):
            yield Static(text, id="detail-heading")
            if record.holds:
                yield DataTable(id="detail-holds", cursor_type="none", zebra_stripes=True)
            keys = "e edit the note · d delete · Esc closes" if self.repository else "Esc closes"
            yield Static(Text(keys, "dim"))
        yield TooSmall()

    def on_mount(self) -> None:
        if self.record.holds:
            table = self.query_one(DataTable)
            table.add_columns("Step", "Side", "Rep", "Planned", "Done", "Outcome")
            table.add_rows(hold_cells(hold) for hold in self.record.holds)
            table.focus()

    def on_resize(self, event: Resize) -> None:
        fit_screen(self, event, MIN_WIDTH, MIN_HEIGHT)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_note", "delete"):
            return self.repository is not None
        return True

    def action_edit_note(self) -> None:
        def edited(note: str | None) -> None:
            if note is None or note == self.record.note or self.repository is None:
                return
            try:
                self.repository.set_note(self.record.id, note)
            except (HistoryError, KeyError) as error:
                self.notify(str(error), title="Cannot save the note", severity="error")
                return
            self.notify("Note saved." if note else "Note removed.", timeout=notice.BRIEF)
            self.dismiss(Correction.NOTE)

        self.app.push_screen(NoteDialog("Note for this session", self.record.note), edited)

    def action_delete(self) -> None:
        def answered(delete: bool | None) -> None:
            if not delete or self.repository is None:
                return
            try:
                self.repository.delete_session(self.record.id)
            except (HistoryError, KeyError) as error:
                self.notify(str(error), title="Cannot delete the session", severity="error")
                return
            self.notify(f"Deleted the session of {self.record.routine_name}.", timeout=notice.BRIEF)
            self.dismiss(Correction.DELETED)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete this session of {self.record.routine_name}?",
                "It is removed from your history, streaks and trends. This cannot be undone.",
                yes="delete it",
                no="keep it",
                destructive=True,
            ),
            answered,
        )

    def action_close(self) -> None:
        self.dismiss(None)
