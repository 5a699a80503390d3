"""The step's card (`i` in the timer): its instructions in full, the routine's caution and the
article the step comes from, at any moment of a session."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.announcement import Announcement
from lowback_tui.core.routine import Routine, Step
from lowback_tui.core.step_sources import source_of


def card_text(routine: Routine, step: Step) -> Text:
    """What the card says: the source first (always in view), then the instructions and the
    routine's caution (names and text from routine files shown literally)."""
    source = source_of(routine.id, step.name)
    text = Text("Source: ", "bold")
    text.append(source if source else "not given (a routine of your own)", "" if source else "dim")
    text.append("\n\n")
    text.append(safe(step.instructions.strip(), multiline=True) or "No instructions given.")
    if routine.caution:
        text.append("\n\nCaution: ", "bold yellow")
        text.append(safe(routine.caution, multiline=True), "yellow")
    return text


class StepCard(ModalScreen[None]):
    """One step's card; Esc, Enter, i or q closes it."""

    BINDINGS = [
        Binding("escape,enter,i,q", "close", "Close", id="step_card.close"),
    ]
    DEFAULT_CSS = """
    StepCard { align: center middle; }
    StepCard #card-body { height: auto; max-height: 18; }
    """

    def __init__(self, routine: Routine, step: Step) -> None:
        super().__init__()
        self.routine = routine
        self.step = step

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help", id="card"):
            yield Static(Text(safe(self.step.name), style="bold"), classes="dialog-title")
            with VerticalScroll(id="card-body"):
                yield Static(card_text(self.routine, self.step), id="card-text")
            yield Static(
                Text("Esc, Enter or i closes · ↑/↓ scroll", style="dim"), classes="dialog-notes"
            )

    def action_close(self) -> None:
        self.dismiss(None)


def spoken(step: Step) -> Announcement:
    """The card read aloud: the step's name and instructions, words only (no tone, so the bell
    and tones stay quiet; a voice speaks it)."""
    words = " ".join(step.instructions.split())
    return Announcement(None, f"{step.name}. {words}" if words else step.name)
