"""The rename dialog: a new name for a custom routine, checked as the file format checks it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from lowback_tui.core.routine import RoutineError, routine_from_data


def name_problem(name: str) -> str | None:
    """What is wrong with a routine name, in the words of `lowback routines check`; None if ok."""
    try:
        routine_from_data({"name": name, "step": [{"name": "x"}]}, routine_id="x", source="x")
    except RoutineError as error:
        return "name " + error.problems[0].message
    return None


class NameDialog(ModalScreen[str | None]):
    """Type a name; Enter gives it (when valid), Escape gives None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="name.cancel"),
    ]

    def __init__(self, title: str, name: str, describe: Callable[[str], str]) -> None:
        super().__init__()
        self.title_text = title
        self.initial = name
        self.describe = describe
        """The line under the input for a candidate name, e.g. the file it will be saved as."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog name-dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Input(self.initial, id="name-input", select_on_focus=True)
            yield Static(id="name-note", markup=False)
            yield Static(Text("Enter renames · Esc cancels", style="dim"))

    def on_mount(self) -> None:
        self._show(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, name: str) -> None:
        problem = name_problem(name)
        note = Text(problem, "red") if problem else Text(self.describe(name.strip()), "dim")
        self.query_one("#name-note", Static).update(note)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if name_problem(event.value) is None:
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
