"""The end of a session: holds done, time, pain before → after, and the streak."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.describe import pain_text
from lowback_tui.core.flare import flare_reason
from lowback_tui.core.records import COMPLETED, HURT, PARTIAL, STOPPED, SessionRecord
from lowback_tui.core.red_flags import after_pain_lines
from lowback_tui.core.streaks import StreakSummary
from lowback_tui.core.tally import tally, why_not_counted
from lowback_tui.core.words import count_text, duration_text
from lowback_tui.services.coach import suggestion
from lowback_tui.store.errors import HistoryError
from lowback_tui.store.history_api import History
from lowback_tui.ui.screens.dialogs import NoteDialog
from lowback_tui.ui.widgets.footer import KeysFooter
from lowback_tui.ui.widgets.too_small import FitsOrSays, TooSmall

HEADLINES = {
    COMPLETED: "Well done — routine complete.",
    PARTIAL: "The routine ran to its end, but too little was done to count.",
    STOPPED: "Session stopped. What you did is saved.",
    HURT: "Stopped because it hurt. Be gentle with your back today.",
}

#: The widest a value goes before it wraps under itself: with its label (13) and the box's
#: border and padding (8), the summary fits an 80-column terminal with room to spare.
VALUE_WIDTH = 52


def wrapped(value: str) -> str:
    """A value's lines, each wrapped to VALUE_WIDTH, continued under the value's column."""
    lines = [part for line in value.split("\n") for part in textwrap.wrap(line, VALUE_WIDTH)]
    return f"\n{' ' * 13}".join(lines or [""])


def summary_rows(record: SessionRecord, streak: StreakSummary) -> list[tuple[str, str]]:
    """The summary's labelled values (the screen's and plain mode's), as plain text."""
    counts = tally(record)
    skipped = f" · {counts.skipped} skipped" if counts.skipped else ""
    rows = [
        ("Routine", record.routine_name),
        ("Done", f"{counts.done} of {count_text(counts.planned, 'hold')}{skipped}"),
        ("Time", duration_text(record.active_seconds)),
        ("Pain", pain_text(record.pain_before, record.pain_after)),
    ]
    if record.status == HURT:
        level = "–" if record.hurt_level is None else f"{record.hurt_level}/10"
        rows.append(("It hurt at", f"{record.hurt_step or '?'} ({level})"))
    days = "day" if streak.current == 1 else "days"
    rows.append(("Streak", f"{streak.current} {days} · best {streak.longest}"))
    rows.append(("This week", f"{streak.week_done} of {streak.weekly_goal} days"))
    if record.note:
        rows.append(("Note", record.note))
    if record.status == PARTIAL:
        rows.append(("Not counted", why_not_counted(record)))
    return rows


def headline(record: SessionRecord) -> str:
    return HEADLINES.get(record.status, f"Session {record.status}.")


def summary_text(record: SessionRecord, streak: StreakSummary) -> Text:
    """The summary as the screen shows it (plain values, literal names)."""
    text = Text(headline(record) + "\n\n", "bold")
    for label, value in summary_rows(record, streak):
        text.append(f"{label:>11}  ", "dim")
        text.append(f"{wrapped(safe(value, multiline=True))}\n")  # names, notes: from files
    if flare_reason(record) is not None:  # a "this hurts" stop or a pain of 7 or more
        urgent, doctor = after_pain_lines()  # wrapped as the values are: the box fits 80
        text.append("\n" + "\n".join(textwrap.wrap(urgent, VALUE_WIDTH + 13)), "bold yellow")
        text.append("\n" + "\n".join(textwrap.wrap(doctor, VALUE_WIDTH + 13)), "yellow")
    advice = suggestion(record)  # after a failed test or a hurt: a relaxing routine
    if advice:
        text.append(f"\n{advice}", "cyan")
    return text


class SummaryScreen(FitsOrSays, Screen[bool]):
    """Shown once a session ends; dismissed with True when the user asked for the history."""

    MIN_SIZE = (52, 17)
    BINDINGS = [
        Binding("enter,escape,q", "close", "Back to routines", id="summary.close"),
        Binding("h", "history", "History", id="summary.history"),
        Binding("n", "note", "Add a note", id="summary.note"),
    ]

    def __init__(
        self, record: SessionRecord, streak: StreakSummary, history: History | None
    ) -> None:
        super().__init__()
        self.record = record
        self.streak = streak
        self.history = history
        """Where a note is saved (None: the history is not available)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="summary"):
            yield Static(summary_text(self.record, self.streak), id="summary-text")
        yield TooSmall()
        yield KeysFooter()

    def action_close(self) -> None:
        self.dismiss(False)

    def action_note(self) -> None:
        def noted(note: str | None) -> None:
            if note is None or self.history is None:
                return
            try:
                self.history.set_note(self.record.id, note)
            except (HistoryError, RuntimeError) as error:
                self.notify(f"Cannot save the note: {error}", severity="error")
                return
            self.record = replace(self.record, note=note)
            self.query_one("#summary-text", Static).update(summary_text(self.record, self.streak))

        self.app.push_screen(NoteDialog("A note for this session", self.record.note), noted)

    def action_history(self) -> None:
        self.dismiss(True)
