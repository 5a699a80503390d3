"""Dialogs of the history screen's corrections: which day is a rest day."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from lowback_tui.ui.widgets.too_small import FitsOrSays, TooSmall


def read_past_day(text: str, today: dt.date) -> dt.date:
    """A day up to today from "2026-05-03", "today" or "yesterday"; ValueError says why not."""
    value = text.strip().lower()
    if value == "today":
        return today
    if value == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text.strip()!r} is not a date: expected YYYY-MM-DD, today or yesterday"
        ) from None
    if day > today:
        raise ValueError(
            f"{day.isoformat()} is in the future: only a day up to today can be a rest day"
        )
    return day


class RestDayDialog(FitsOrSays, ModalScreen[dt.date | None]):
    """Which day to mark (or unmark) as a rest day; Enter checks it, Esc cancels."""

    MIN_SIZE = (44, 12)
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rest_day.cancel")]

    def __init__(self, today: dt.date, rest_days: set[dt.date], initial: dt.date) -> None:
        super().__init__()
        self.today, self.rest_days, self.initial = today, rest_days, initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Mark or unmark a rest day", style="bold"), classes="dialog-title")
            yield Static(
                Text(
                    "A rest day (a flare-up) keeps a streak going. Any day up to today; "
                    "a day that is one already stops being one."
                )
            )
            yield Input(self.initial.isoformat(), id="rest-day-input", max_length=20)
            yield Static(id="rest-day-error", markup=False)
            yield Static(Text("Enter marks or unmarks it · Esc cancels", style="dim"))
        yield TooSmall()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            day = read_past_day(event.value, self.today)
        except ValueError as error:
            self.query_one("#rest-day-error", Static).update(Text(str(error), style="bold red"))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
