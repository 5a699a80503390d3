"""The editor's widgets (routine fields, step list, step fields, check panel) and its report."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from lowback_tui.core.routine import KINDS, SIDES, Problem
from lowback_tui.ui.widgets.step_list import StepList

#: Widget id -> draft attribute, for the routine's one-line and multi-line fields and the step's.
ROUTINE_INPUTS = {"routine-name": "name", "routine-prepare": "prepare", "routine-rest": "rest"}
ROUTINE_AREAS = {"routine-summary": "summary", "routine-caution": "caution"}
STEP_INPUTS = {
    "step-name": "name",
    "step-hold": "hold",
    "step-reps": "reps",
    "step-target": "target",
}


def _row(label: str, *widgets: Widget, classes: str = "editor-row") -> Horizontal:
    return Horizontal(Label(label, classes="editor-label"), *widgets, classes=classes)


def _inner(label: str) -> Label:
    return Label(label, classes="editor-label editor-label-inner")


def editor_form() -> ComposeResult:
    """Steps on the left; the routine and the selected step on the right; the check below."""
    kinds = [(kind, kind) for kind in KINDS]
    sides = [(side, side) for side in SIDES]
    with Horizontal(id="editor-main"):
        yield StepList(id="editor-steps")
        with Vertical(id="editor-fields"):
            with Vertical(id="editor-routine"):
                yield _row("Name", Input(select_on_focus=False, id="routine-name", compact=True))
                yield _row(
                    "Summary",
                    TextArea(id="routine-summary", compact=True),
                    classes="editor-row editor-text-row",
                )
                yield _row(
                    "Caution",
                    TextArea(id="routine-caution", compact=True),
                    classes="editor-row editor-text-row",
                )
                yield _row(
                    "Get ready",
                    Input(
                        select_on_focus=False, id="routine-prepare", compact=True, placeholder="5s"
                    ),
                    _inner("Rest"),
                    Input(select_on_focus=False, id="routine-rest", compact=True, placeholder="3s"),
                )
            with Vertical(id="editor-step"):
                yield _row("Name", Input(select_on_focus=False, id="step-name", compact=True))
                yield _row(
                    "Kind",
                    Select(kinds, id="step-kind", allow_blank=False, compact=True),
                    _inner("Sides"),
                    Select(sides, id="step-sides", allow_blank=False, compact=True),
                )
                yield _row(
                    "Hold",
                    Input(select_on_focus=False, id="step-hold", compact=True),
                    _inner("Reps"),
                    Input(select_on_focus=False, id="step-reps", compact=True),
                    _inner("Target"),
                    Input(select_on_focus=False, id="step-target", compact=True),
                )
                yield Label("Instructions", classes="editor-label editor-label-wide")
                yield TextArea(id="step-instructions", compact=True)
    with VerticalScroll(id="editor-problems"):
        yield Static(id="editor-problems-text", markup=False)


def check_report(problems: tuple[Problem, ...], file_name: str, lost: list[str]) -> Text:
    """The check panel: every problem as `lowback routines check` says it, or "valid"."""
    text = Text()
    count = len(problems)
    if count:
        text.append(f"{count} problem{'s' if count > 1 else ''}: ", "bold red")
        fixed = "they are" if count > 1 else "it is"
        text.append(f"Ctrl+S saves once {fixed} fixed.\n", "red")
        for problem in problems:
            text.append(f"• {problem}\n")
        return text
    text.append("✓ Valid. ", "bold green")
    text.append(f"Ctrl+S saves it to routines/{file_name}.\n", "green")
    if lost:
        text.append(f"Saving will not keep {len(lost)} comment(s) of the file: ", "yellow")
        text.append(" · ".join(lost), "yellow")
    return text
