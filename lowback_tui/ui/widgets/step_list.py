"""The editor's list of steps: one entry per step, with keys to add, remove and move steps."""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lowback_tui.ui.screens.editor_draft import StepDraft


def step_prompt(number: int, step: StepDraft, has_problem: bool) -> Text:
    """Two lines for a step: its number and name (literal text), then how long and how often."""
    text = Text()
    text.append("! " if has_problem else "  ", "bold red")
    text.append(f"{number:>2} ", "dim")
    if step.name.strip():
        text.append(step.name.strip())
    else:
        text.append("(no name)", "italic red")
    text.append(f"\n      {step.amount()}", "dim")
    return text


class StepList(OptionList):
    """The steps of the routine being edited; the editor screen owns the steps themselves."""

    DEFAULT_CSS = """
    StepList { height: 1fr; border: round $primary; }
    StepList:focus { border: round $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter goes to the step's fields at once (not through OptionSelected, a message that
        # would arrive after a Tab typed right behind it, and send the next keys back here).
        Binding("enter", "screen.edit_step", "Edit step", id="editor.steps.edit", show=False),
        Binding("a", "screen.add_step", "Add step", id="editor.steps.add", show=False),
        Binding("delete,x", "screen.remove_step", "Remove step", id="editor.steps.remove"),
        Binding("K", "screen.move_step(-1)", "Move step up", id="editor.steps.up", show=False),
        Binding("J", "screen.move_step(1)", "Move step down", id="editor.steps.down", show=False),
    ]

    def show_steps(
        self, steps: list[StepDraft], highlighted: int | None, problem_steps: Collection[int]
    ) -> None:
        """Fill the list again (after a step was added, removed or moved)."""
        self.clear_options()
        self.add_options(
            [
                Option(step_prompt(index + 1, step, index + 1 in problem_steps))
                for index, step in enumerate(steps)
            ]
        )
        if steps:
            self.highlighted = min(highlighted or 0, len(steps) - 1)

    def refresh_step(self, index: int, step: StepDraft, has_problem: bool) -> None:
        """Show one step's new name or hold as the user types it."""
        if 0 <= index < self.option_count:
            self.replace_option_prompt_at_index(index, step_prompt(index + 1, step, has_problem))
