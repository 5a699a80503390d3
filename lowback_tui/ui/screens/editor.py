"""The routine editor: routine fields, a step list and the selected step, checked as you type."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widgets import Input, OptionList, Select, Static, TextArea

from lowback_tui.core.routine import DEFAULT_HOLDS, Problem, Routine
from lowback_tui.core.routine_toml import lost_comments, routine_to_toml
from lowback_tui.core.step_kind import StepKind
from lowback_tui.store.library import RoutineLibrary
from lowback_tui.ui.pending_keys import after_earlier_keys
from lowback_tui.ui.screens.dialogs import ConfirmDialog, HelpScreen
from lowback_tui.ui.screens.editor_draft import RoutineDraft, StepDraft
from lowback_tui.ui.screens.editor_form import (
    ROUTINE_AREAS,
    ROUTINE_INPUTS,
    STEP_INPUTS,
    check_report,
    editor_form,
)
from lowback_tui.ui.widgets.footer import KeysFooter
from lowback_tui.ui.widgets.step_list import StepList
from lowback_tui.ui.widgets.too_small import TooSmall, fit_screen

MIN_WIDTH, MIN_HEIGHT = 80, 24


class EditorScreen(Screen[str | None]):
    """Edit a custom routine (or a new one); dismisses with the id it saved, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "close", "Close", id="editor.close"),
        Binding("ctrl+n", "add_step", "Add step", id="editor.add_step"),
        Binding("ctrl+up", "move_step(-1)", "Move step up", id="editor.move_up", show=False),
        Binding("ctrl+down", "move_step(1)", "Move step down", id="editor.move_down", show=False),
        Binding(
            "ctrl+l", "focus_steps", "Go to the step list", id="editor.focus_steps", show=False
        ),
        Binding("f1", "help", "Help", id="editor.help"),
    ]

    def __init__(
        self,
        draft: RoutineDraft,
        *,
        library: RoutineLibrary,
        routine_id: str | None = None,
    ) -> None:
        super().__init__()
        self.draft = draft
        self.saved = draft.clone()
        """The draft as it is on disk (or as it was offered): leaving asks when they differ."""
        self.library = library
        """Reads and writes the routine file."""
        self.editing_id = routine_id
        """The user's routine being edited; None for a routine not saved yet (its id comes
        from its name)."""
        self.base_text = library.text_of(routine_id) if routine_id is not None else None
        """The file as the editor opened it: saving updates this text, keeping its comments."""
        self.current: int | None = 0 if draft.steps else None
        self.problems: tuple[Problem, ...] = ()
        self.routine: Routine | None = None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from editor_form()
        yield TooSmall()
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "lowback — edit routine"
        self.query_one("#editor-steps").border_title = "Steps"
        self.query_one("#editor-steps").border_subtitle = "a add  Del remove  K/J move"
        self.query_one("#editor-problems").border_title = "Check"
        for widget_id, key in ROUTINE_INPUTS.items():
            self.query_one(f"#{widget_id}", Input).value = getattr(self.draft, key)
        for widget_id, key in ROUTINE_AREAS.items():
            self.query_one(f"#{widget_id}", TextArea).load_text(getattr(self.draft, key))
        self._show_steps()
        self._load_step()
        self._validate()
        if self.editing_id is None and not self.draft.steps:
            self.query_one("#routine-name").focus()
        else:
            self.query_one(StepList).focus()

    def say(self, message: str, **options: Any) -> None:
        """A notification shown literally: file and routine names, $EDITOR, [brackets]."""
        self.notify(message, markup=False, **options)

    def on_resize(self, event: Resize) -> None:
        fit_screen(self, event, MIN_WIDTH, MIN_HEIGHT)

    # -- form <-> draft ------------------------------------------------------------------

    def _step(self) -> StepDraft | None:
        if self.current is None or not 0 <= self.current < len(self.draft.steps):
            return None
        return self.draft.steps[self.current]

    def _pull(self) -> None:
        """Copy what the widgets show into the draft (the widgets always show `current`)."""
        for widget_id, key in ROUTINE_INPUTS.items():
            setattr(self.draft, key, self.query_one(f"#{widget_id}", Input).value)
        for widget_id, key in ROUTINE_AREAS.items():
            setattr(self.draft, key, self.query_one(f"#{widget_id}", TextArea).text)
        step = self._step()
        if step is None:
            return
        for widget_id, key in STEP_INPUTS.items():
            setattr(step, key, self.query_one(f"#{widget_id}", Input).value)
        step.instructions = self.query_one("#step-instructions", TextArea).text
        sides = self.query_one("#step-sides", Select).value
        if isinstance(sides, str):  # never Select.NULL: the selects allow no blank
            step.sides = sides
        kind = self.query_one("#step-kind", Select).value
        if isinstance(kind, str) and kind != step.kind:
            step.set_kind(kind)
            self._load_step()  # the hold, target and sides may follow the new kind

    def _load_step(self) -> None:
        """Show the current step's fields (or disable them when there is no step)."""
        step = self._step()
        box = self.query_one("#editor-step")
        count = len(self.draft.steps)
        if step is None or self.current is None:
            box.border_title = "No steps yet · Ctrl+N adds one"
            for widget in box.query("Input, Select, TextArea"):
                widget.disabled = True
            for field in box.query(Input):
                field.value, field.placeholder = "", ""
            box.query_one(TextArea).load_text("")
            return
        box.border_title = f"Step {self.current + 1} of {count}"
        for widget in box.query("Input, Select, TextArea"):
            widget.disabled = False
        for widget_id, key in STEP_INPUTS.items():
            field = self.query_one(f"#{widget_id}", Input)
            if field.value != getattr(step, key):
                field.value = getattr(step, key)
        self.query_one("#step-kind", Select).value = step.kind
        self.query_one("#step-sides", Select).value = step.sides
        instructions = self.query_one("#step-instructions", TextArea)
        if instructions.text != step.instructions:
            instructions.load_text(step.instructions)
        is_reps = step.kind == StepKind.REPS
        hold, target = self.query_one("#step-hold", Input), self.query_one("#step-target", Input)
        hold.disabled, target.disabled = is_reps, not is_reps
        hold.placeholder = "not for reps" if is_reps else f"({DEFAULT_HOLDS[step.kind]})"
        target.placeholder = "(10)" if is_reps else "reps only"
        self.query_one("#step-name", Input).placeholder = "what the timer calls this step"
        self.query_one("#step-reps", Input).placeholder = "(1)"

    def _show_steps(self) -> None:
        problem_steps = {
            problem.step_number for problem in self.problems if problem.step_number is not None
        }
        self.query_one(StepList).show_steps(self.draft.steps, self.current, problem_steps)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        self._pull()
        self._validate()
        step = self._step()
        if step is not None and self.current is not None:
            has_problem = any(p.step_number == self.current + 1 for p in self.problems)
            self.query_one(StepList).refresh_step(self.current, step, has_problem)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "editor-steps" or event.option_index == self.current:
            return
        self._pull()
        self.current = event.option_index
        self._load_step()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "editor-steps":  # a click on a step
            self.action_edit_step()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # A field is entered with the cursor at the end of its text and nothing selected:
        # the first key typed adds to it instead of replacing it or landing mid-word.
        field = event.control
        if isinstance(field, Input):
            field.cursor_position = len(field.value)

    def action_edit_step(self) -> None:
        """Go to the highlighted step's name, the cursor at its end (nothing selected, so the
        first key typed adds to the name instead of replacing it)."""
        if self._step() is None:
            return
        # set_focus, not focus(): focus() waits a turn, and a Tab typed meanwhile would be
        # undone by it, sending the next keys back to this field.
        self.set_focus(self.query_one("#step-name"))

    # -- checking --------------------------------------------------------------------------

    @property
    def routine_id(self) -> str:
        """The file id: the file being edited, or the one a new routine's name gives."""
        if self.editing_id is not None:
            return self.editing_id
        return self.library.new_id(self.draft.name)

    @property
    def dirty(self) -> bool:
        """Whether saving would change the routine (not just a field its kind does not use)."""
        return (self.draft.data(), self.draft.origins()) != (
            self.saved.data(),
            self.saved.origins(),
        )

    def _validate(self) -> None:
        file_name = f"{self.routine_id}.toml"
        previous = {problem.step_number for problem in self.problems}
        self.routine, self.problems = self.draft.check(routine_id=self.routine_id, source=file_name)
        name = self.draft.name.strip()
        if name and name.casefold() in self.library.names(besides=self.editing_id):
            # Two routines of one name could not be told apart in the picker or by `run`.
            taken = f"another routine is called {name!r} already"
            clash = Problem(file_name, f"{taken}, expected a name of its own", "name")
            self.problems, self.routine = (clash, *self.problems), None
        if {problem.step_number for problem in self.problems} != previous:
            self._show_steps()
        status = "new routine" if self.editing_id is None else file_name
        if self.dirty:
            status += " · unsaved changes"
        self.query_one("#editor-routine").border_title = f"Routine · {status}"
        report = check_report(self.problems, file_name, self._lost_comments())
        self.query_one("#editor-problems-text", Static).update(report)

    def _lost_comments(self) -> list[str]:
        if self.routine is None or self.base_text is None or "#" not in self.base_text:
            return []
        return lost_comments(self.base_text, self._file_text(self.routine))

    def _file_text(self, routine: Routine) -> str:
        return routine_to_toml(routine, self.base_text, self.draft.origins())

    # -- steps -----------------------------------------------------------------------------

    def action_add_step(self) -> None:
        self._pull()
        at = 0 if self.current is None else self.current + 1
        self.draft.steps.insert(at, StepDraft())
        self.current = at
        self._after_steps_changed()
        self.set_focus(self.query_one("#step-name"))

    def action_remove_step(self) -> None:
        step = self._step()
        if step is None or self.current is None:
            return
        self._pull()
        index = self.current
        label = step.name.strip() or "(no name)"

        def answered(remove: bool | None) -> None:
            if remove and index < len(self.draft.steps):
                del self.draft.steps[index]
                self.current = min(index, len(self.draft.steps) - 1) if self.draft.steps else None
                self._after_steps_changed()

        self.app.push_screen(
            ConfirmDialog(
                f'Remove step {index + 1} "{label}"?', yes="remove", no="keep it", destructive=True
            ),
            answered,
        )

    def action_move_step(self, delta: int) -> None:
        if self.current is None:
            return
        target = self.current + delta
        if not 0 <= target < len(self.draft.steps):
            return
        self._pull()
        steps = self.draft.steps
        steps[self.current], steps[target] = steps[target], steps[self.current]
        self.current = target
        self._after_steps_changed()

    def _after_steps_changed(self) -> None:
        self._validate()
        self._show_steps()
        self._load_step()

    def action_focus_steps(self) -> None:
        self.query_one(StepList).focus()

    # -- saving and leaving ----------------------------------------------------------------

    def action_save(self) -> None:
        after_earlier_keys(self, self._save)

    def _save(self) -> None:
        self._pull()
        self._validate()
        if self.routine is None:
            count = len(self.problems)
            self.say(
                f"Not saved: {count} problem{'s' if count > 1 else ''} to fix first "
                "(listed under Check). Everything you typed is still here.",
                title="Cannot save",
                severity="error",
            )
            return
        routine_id = self.routine_id
        on_disk = self.library.text_of(routine_id)
        file_name = f"{routine_id}.toml"
        if self.editing_id is not None and on_disk is not None and on_disk != self.base_text:
            question = f"{file_name} was changed outside the editor since you opened it."

            def answered(overwrite: bool | None) -> None:
                if overwrite:
                    self._write(routine_id)

            self.app.push_screen(
                ConfirmDialog(
                    question,
                    "Replace it with what you see here?",
                    yes="replace",
                    no="keep editing",
                    destructive=True,
                ),
                answered,
            )
            return
        if self.editing_id is None and on_disk is not None:  # taken between check and now
            self.say(f"{file_name} exists already; change the name.", severity="error")
            return
        self._write(routine_id)

    def _write(self, routine_id: str) -> None:
        assert self.routine is not None
        path = self.library.path_of(routine_id)
        try:
            self.library.write_text(routine_id, self._file_text(self.routine))
        except OSError as error:
            self.say(
                f"Cannot write {path}: {error.strerror or error}. Nothing was lost "
                "here; try again.",
                title="Not saved",
                severity="error",
            )
            return
        except ValueError as error:  # the text would not read back the same: never write it
            self.say(f"{error}. Nothing was written or lost.", title="Not saved", severity="error")
            return
        self.dismiss(routine_id)

    def action_close(self) -> None:
        self._pull()
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        name = self.draft.name.strip() or "this new routine"
        self.app.push_screen(
            ConfirmDialog(
                "Leave without saving?",
                f"Your changes to {name} are not saved.",
                yes="leave",
                no="keep editing",
                destructive=True,
            ),
            answered,
        )

    def action_help(self) -> None:
        notes = (
            "Tab moves between fields. In the step list: a adds a step, Del removes it, "
            "K/J move it. Hold: 8s, 8-10s, 1m30s, 20m or 30s+ (open target). The check "
            "below the form uses the same words as `lowback routines check`."
        )
        self.app.push_screen(HelpScreen("Editor keys", [*self.BINDINGS, *StepList.BINDINGS], notes))
