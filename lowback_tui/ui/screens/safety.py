"""The safety notice: shown once before the first picker, and again from help and settings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from lowback_tui.core.red_flags import SEE_DOCTOR, SEE_DOCTOR_ACTION, URGENT, URGENT_SHORT
from lowback_tui.ui.widgets.too_small import FitsOrSays, TooSmall


def notice_text() -> Text:
    """Not medical advice, then the red flags: the urgent ones first, then the rest."""
    text = Text()
    text.append("lowback is not medical advice and cannot examine you.\n\n")
    text.append(f"{URGENT_SHORT}, not exercise:\n", "bold red")
    for flag in URGENT:
        text.append(f"  • {flag}\n")
    text.append(f"{SEE_DOCTOR_ACTION}, and do not start, with:\n", "bold")
    for flag in SEE_DOCTOR:
        text.append(f"  • {flag}\n")
    text.append(
        "\nStop whenever something hurts (h in a session); ask a doctor before "
        "strength work if your back already hurts."
    )
    return text


class SafetyNotice(FitsOrSays, ModalScreen[bool]):
    """Read once and acknowledged with Enter (True); q leaves the app instead (False)."""

    MIN_SIZE = (50, 18)
    BINDINGS = [
        Binding("enter", "acknowledge", "I have read this", id="safety.acknowledge"),
        Binding("q,escape", "leave", "Close", id="safety.leave"),
    ]

    def __init__(self, *, first_time: bool, acknowledged_on: str | None = None) -> None:
        super().__init__()
        self.first_time = first_time
        self.acknowledged_on = acknowledged_on

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="safety"):
            yield Static(Text("Before you start: safety", style="bold"), classes="dialog-title")
            yield Static(notice_text(), id="safety-text")
            if self.first_time:
                keys = "Enter  I have read this and will stop when it hurts\nq  quit for now"
            else:
                when = f" (you acknowledged it on {self.acknowledged_on})"
                keys = "Enter / Esc  close" + (when if self.acknowledged_on else "")
            yield Static(Text(keys, style="dim"), classes="dialog-notes")
        yield TooSmall()

    def action_acknowledge(self) -> None:
        self.dismiss(True)

    def action_leave(self) -> None:
        # Seen again from help or settings, Esc just closes; the first time it means "not now".
        self.dismiss(not self.first_time)
