"""The routine picker: every routine with a preview; Enter starts, other keys manage routines."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.catalog import CatalogEntry, find
from lowback_tui.core.durations import format_duration
from lowback_tui.core.plan import estimate_seconds, expand, planned_work, step_length
from lowback_tui.core.routine import Routine, RoutineError, printable
from lowback_tui.core.words import about, count_text
from lowback_tui.services.coach import Coach
from lowback_tui.ui import notice
from lowback_tui.ui.pending_keys import after_earlier_keys
from lowback_tui.ui.picker_coaching import (
    TargetsKnown,
    calm_first,
    note_text,
    strength,
    targets_text,
    work_out_targets,
)
from lowback_tui.ui.screens.dialogs import ConfirmDialog, HelpScreen
from lowback_tui.ui.widgets.footer import KeysFooter
from lowback_tui.ui.widgets.too_small import TooSmall, fit_screen

if TYPE_CHECKING:  # the editor loads when first opened, not at start
    from lowback_tui.store.library import RoutineLibrary
    from lowback_tui.ui.screens.editor_draft import RoutineDraft

MIN_WIDTH, MIN_HEIGHT = 40, 10


def entry_prompt(entry: CatalogEntry, *, not_today: bool = False) -> Text:
    """One routine in the list: name, where it comes from, length; literal text throughout."""
    text = Text()
    if entry.routine is None:
        text.append(safe(entry.id), "bold red")
        text.append("  file has errors", "red")
        if entry.shadows_builtin:
            text.append(" · the built-in one is used meanwhile", "italic yellow")
        text.append("\n")
        text.append(safe(entry.problems[0]) if entry.problems else "", "dim")
        return text
    routine = entry.routine
    text.append(routine.name, "bold")
    if entry.shadows_builtin:
        text.append("  custom · replaces the built-in one", "italic yellow")
    elif not entry.builtin:
        text.append("  custom", "italic cyan")
    if not_today:  # a flare-up day: strength work waits
        text.append("  not today", "bold yellow")
    steps = count_text(len(routine.steps), "step")
    text.append(f"\n{steps} · {about(estimate_seconds(routine))}", "dim")
    return text


def step_rows(routine: Routine) -> Table:
    """The steps in columns: number, name, length (right-aligned), then reps, sides and kind.

    The padding that aligns a column is never inside a styled span, so each span starts with a
    letter: some SVG renderers (librsvg) drop a span's leading spaces ("Knee to chest8-10s")."""
    lengths = [step_length(step) for step in routine.steps]
    number_width = len(f"{len(routine.steps)}.")
    length_width = max(map(len, lengths), default=0)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()  # the name wraps first in a narrow pane
    grid.add_column(no_wrap=True)
    grid.add_column()
    for number, (step, length) in enumerate(zip(routine.steps, lengths, strict=True), 1):
        details = [f"× {step.reps}"] if step.reps > 1 else []
        if step.sides == "both":
            details.append("each side")
        elif step.sides in ("left", "right"):
            details.append(f"{step.sides} side")
        details.append(f"({step.kind})")
        grid.add_row(
            Text.assemble(" " * (number_width - len(f"{number}.")), (f"{number}.", "dim")),
            Text(step.name, "bold"),
            Text.assemble(" " * (length_width - len(length)), (length, "dim")),
            Text(" ".join(details), "dim"),
        )
    return grid


def preview(entry: CatalogEntry | None) -> list[RenderableType]:
    """The right-hand pane: summary, caution and steps, or the file's errors."""
    if entry is None:
        return [Text("No routines found.")]
    if entry.routine is None:
        text = Text(f"{safe(entry.path)}\n\n", "bold")
        text.append("This file has errors and cannot be run:\n\n", "red")
        for problem in entry.problems:
            text.append(f"• {safe(problem)}\n")
        text.append("\nFix it in your editor, or check it with `lowback routines check`.", "dim")
        return [text]
    routine = entry.routine
    text = Text(routine.name + "\n", "bold")
    origin = (
        "built-in (read-only: duplicate it to change it)" if entry.builtin else safe(entry.path)
    )
    text.append(f"{origin}\n\n", "dim")
    if routine.summary:
        text.append(routine.summary + "\n\n")
    if routine.caution:
        text.append("Caution: ", "bold yellow")
        text.append(routine.caution + "\n\n")
    holds = planned_work(expand(routine))  # rests aside, as the summary counts
    text.append(
        f"{count_text(holds, 'hold')} · {about(estimate_seconds(routine))} · get ready "
        f"{format_duration(routine.prepare)} · rest {format_duration(routine.rest)}\n",
        "dim",
    )
    return [text, step_rows(routine)]


#: Highlighted when nothing was chosen before (a first start): the gentlest routine.
GENTLEST = "floor-five"


class PickerScreen(Screen[None]):
    """Choose a routine; Enter starts it."""

    class Start(Message):
        """The user asked to start this routine."""

        def __init__(self, entry: CatalogEntry) -> None:
            super().__init__()
            self.entry = entry

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="picker.start", priority=True),
        Binding("n", "new", "New", id="picker.new"),
        Binding("d", "duplicate", "Duplicate", id="picker.duplicate"),
        Binding("e", "edit", "Edit", id="picker.edit"),
        Binding("E", "open_in_editor", "$EDITOR", id="picker.open_in_editor", show=False),
        Binding("R", "rename", "Rename", id="picker.rename", show=False),
        # Delete is in the help screen (?) but not the footer: at 80 columns the footer must
        # still show Help and Quit.
        Binding("delete,x", "delete", "Delete", id="picker.delete", show=False),
        Binding("h", "history", "History", id="picker.history"),
        Binding("r", "rest_day", "Rest day", id="picker.rest_day", show=False),
        Binding("s", "settings", "Settings", id="picker.settings"),
        Binding("question_mark", "help", "Help", id="picker.help"),
        Binding("q", "quit", "Quit", id="picker.quit"),
    ]

    class OpenHistory(Message):
        """The user asked for the history screen."""

    class OpenSettings(Message):
        """The user asked for the settings screen."""

    def __init__(
        self, library: RoutineLibrary, *, time_scale: float = 1.0, coach: Coach | None = None
    ) -> None:
        super().__init__()
        self.library = library
        """Every routine file is read and written through it."""
        self.entries = library.entries()
        self.time_scale = time_scale
        """LOWBACK_TIME_SCALE, shown in the list's title when it is not 1."""
        self.listed = self.entries
        """The entries in their usual order (a flare-up day shows them calm first)."""
        self.coach = coach
        """Today's targets and flare-up state (None: no coaching, as in isolated tests)."""
        self.flare: str | None = None
        """Why today is a flare-up day (strength routines wait), or None."""

    def compose(self) -> ComposeResult:
        yield Static(note_text(None), id="picker-note", markup=False)
        with Horizontal(id="picker"):
            yield OptionList(id="routines")
            with VerticalScroll(id="preview-pane"):
                yield Static(id="preview", markup=False)
        yield TooSmall()
        yield KeysFooter(compact=True)  # every key the picker shows fits at 80 columns

    def on_mount(self) -> None:
        self.title = "lowback — pick a routine"
        routines = self.query_one(OptionList)
        routines.border_title = "Routines"
        scale = self.time_scale
        if scale != 1:  # LOWBACK_TIME_SCALE: say so wherever time is involved
            routines.border_title = f"Routines · time runs ×{scale:g}"
        self.show_entries(self.entries)

    def on_resize(self, event: Resize) -> None:
        fit_screen(self, event, MIN_WIDTH, MIN_HEIGHT)

    def show_entries(self, entries: list[CatalogEntry], select_id: str | None = None) -> None:
        """Fill the list (again), keeping the selection on `select_id` when given."""
        options = self.query_one(OptionList)
        previous = self.selected.id if self.selected and select_id is None else select_id
        self.listed = entries
        """The entries in their usual order (a flare-up day shows them calm first)."""
        self.entries = calm_first(entries) if self.flare else entries
        entries = self.entries
        options.clear_options()
        # A broken custom file and the built-in routine it would replace share an id.
        options.add_options(
            [
                Option(
                    entry_prompt(entry, not_today=bool(self.flare) and strength(entry)),
                    id=f"{entry.builtin}:{entry.id}",
                )
                for entry in entries
            ]
        )
        ids = [entry.id for entry in entries]
        first = ids.index(GENTLEST) if GENTLEST in ids else 0  # a first start: the gentlest
        options.highlighted = ids.index(previous) if previous in ids else (first if ids else None)
        self._show_preview()
        options.focus()

    def _show_preview(self) -> None:
        parts = preview(self.selected)
        entry = self.selected
        if entry is not None and entry.routine is not None and self.coach is not None:
            parts.append(targets_text(self.coach, entry.routine, self.flare))
        self.query_one("#preview", Static).update(Group(*parts))

    def refresh_coaching(self) -> None:
        """Read the flare-up state and targets again (after a session, once history loads)."""
        self.flare = self.coach.flare_up() if self.coach else None
        routines = [entry.routine for entry in self.listed if entry.routine is not None]
        plan = self.coach.day_plan(routines) if self.coach else None
        self.query_one("#picker-note", Static).update(note_text(self.flare, plan))
        self.show_entries(self.listed)

    def action_rest_day(self) -> None:
        if self.coach is None:
            return
        rest = self.coach.toggle_rest_day()
        if rest is None:
            self.say("Cannot mark a rest day: the history is not available.", severity="error")
        else:
            self.say("Today is a rest day: it keeps your streak." if rest else "Rest day removed.")

    @property
    def selected(self) -> CatalogEntry | None:
        """The highlighted entry."""
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_preview()
        self.query_one("#preview-pane").scroll_home(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def say(self, message: str, **options: Any) -> None:
        """A notification shown literally: file and routine names, $EDITOR, [brackets]."""
        self.notify(message, markup=False, **options)

    def action_start(self) -> None:
        after_earlier_keys(self, self._start_selected)

    def _start_selected(self) -> None:
        if self.app.screen is not self:
            return  # a dialog (or the session an earlier Enter started) is in front
        entry = self.selected
        if entry is None:
            return
        if entry.routine is None:
            self.say("This routine file has errors; see the preview.", severity="error")
            return
        self.post_message(self.Start(entry))  # the app asks first on a flare-up day

    def action_history(self) -> None:
        self.post_message(self.OpenHistory())

    def action_settings(self) -> None:
        self.post_message(self.OpenSettings())

    def action_help(self) -> None:
        notes = (
            "Built-in routines are read-only: d duplicates one, then e edits the copy. "
            "Your own routines live in $LOWBACK_HOME/routines/ as TOML files; "
            "E opens one in $EDITOR."
        )
        self.app.push_screen(HelpScreen("Picker keys", list(self.BINDINGS), notes))

    def action_quit(self) -> None:
        self.app.exit()

    # -- custom routines -----------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        """Read the routine files again and show them, e.g. after one was saved or deleted."""
        entries = self.library.reload()
        self.show_entries(entries, select_id=select_id)
        work_out_targets(self, self.coach, self.selected)

    def on_targets_known(self, message: TargetsKnown) -> None:
        self._show_preview()

    def _editable(self, verb: str) -> CatalogEntry | None:
        """The highlighted custom routine, or None after saying why it cannot be changed."""
        entry = self.selected
        if entry is None:
            return None
        if entry.builtin:
            self.say(
                f"Built-in routines are read-only: press d to duplicate it, then {verb} the copy.",
                title="Read-only",
            )
            return None
        return entry

    def _open_editor(self, draft: RoutineDraft, routine_id: str | None = None) -> None:
        from lowback_tui.ui.screens.editor import EditorScreen

        def edited(routine_id: str | None) -> None:
            self.reload(routine_id)
            if routine_id is not None:
                self.say(f"Saved {routine_id}.toml", timeout=notice.BRIEF)

        screen = EditorScreen(draft, library=self.library, routine_id=routine_id)
        self.app.push_screen(screen, edited)

    def action_new(self) -> None:
        from lowback_tui.ui.screens.editor_draft import RoutineDraft

        self._open_editor(RoutineDraft())

    def action_duplicate(self) -> None:
        entry = self.selected
        if entry is None:
            return
        if entry.routine is None:
            self.say(
                "This file has errors, so it cannot be copied; press E to fix it in $EDITOR.",
                severity="error",
            )
            return
        from lowback_tui.ui.screens.editor_draft import RoutineDraft

        self._open_editor(RoutineDraft.copy_of(entry.routine, self.library.names()))

    def action_edit(self) -> None:
        entry = self._editable("edit")
        if entry is None:
            return
        if entry.routine is None:
            self.say(
                "This file has errors the editor cannot show; press E to fix it in "
                "$EDITOR (its errors are in the preview).",
                severity="error",
            )
            return
        from lowback_tui.ui.screens.editor_draft import RoutineDraft

        self._open_editor(RoutineDraft.from_routine(entry.routine), entry.id)

    def action_rename(self) -> None:
        entry = self._editable("rename")
        if entry is None:
            return
        if entry.routine is None:
            self.say("Fix this file's errors first (E opens it in $EDITOR).", severity="error")
            return
        from lowback_tui.ui.screens.editor_dialogs import NameDialog

        def describe(name: str) -> str:
            new_id = self.library.new_id(name, keep=entry.id)
            return f"saved as routines/{new_id}.toml"

        def renamed(name: str | None) -> None:
            if name is None:
                return
            try:
                new_id = self.library.rename(entry.id, name)
            except (OSError, RoutineError, ValueError) as error:
                self.say(f"Not renamed: {error}", severity="error")
                return
            self.reload(new_id)

        self.app.push_screen(
            NameDialog(f"Rename {printable(entry.name)}", entry.name, describe), renamed
        )

    def action_delete(self) -> None:
        entry = self.selected
        if entry is None:
            return
        if entry.builtin:
            self.say("Built-in routines cannot be deleted.", title="Read-only")
            return
        detail = f"This deletes {entry.path}. Your history of it is kept."
        if entry.shadows_builtin:
            detail += " The built-in routine it replaces comes back."

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                self.library.delete(entry.id)
            except OSError as error:
                self.say(f"Cannot delete {entry.path}: {error.strerror or error}", severity="error")
                return
            self.reload(entry.id if entry.shadows_builtin else None)
            self.app.clear_notifications()  # an old "has errors" message no longer applies
            self.say(f"Deleted {entry.path.name}", timeout=notice.BRIEF)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete the routine {entry.name}?",
                detail,
                yes="delete",
                no="keep it",
                destructive=True,
            ),
            answered,
        )

    def action_open_in_editor(self) -> None:
        entry = self._editable("edit")
        if entry is None:
            return
        command = editor_command()
        if command is None:
            self.say(
                "Set $EDITOR to the editor you use (for example: export EDITOR=nano).",
                title="No editor",
                severity="error",
            )
            return
        try:
            with self.app.suspend():
                subprocess.run([*command, str(entry.path)], check=False)
        except SuspendNotSupported:
            self.say("This terminal cannot hand over to another program.", severity="error")
            return
        except OSError as error:
            self.say(f"Cannot run {command[0]}: {error.strerror or error}", severity="error")
            return
        self.after_external_edit(entry)

    def after_external_edit(self, entry: CatalogEntry) -> None:
        """Check the file the user edited; its errors are shown and the file is kept as is."""
        self.reload(entry.id)
        edited = find(self.entries, entry.id, custom=True)
        if edited is None:
            self.say(f"{entry.path.name} is gone: the editor did not save it.", severity="warning")
        elif edited.routine is None:
            problems = "\n".join(f"• {problem}" for problem in edited.problems)
            self.say(
                f"{problems}\nThe file is kept as you left it; press E to fix it.",
                title=f"{entry.path.name} has errors",
                severity="error",
                timeout=notice.SERIOUS,
            )
        else:
            self.app.clear_notifications()  # an earlier "has errors" message no longer applies
            self.say(f"{entry.path.name} is valid.", timeout=notice.BRIEF)


def editor_command() -> list[str] | None:
    """$VISUAL or $EDITOR split as a shell would ("code --wait"), else nano or vi."""
    configured = (os.environ.get("VISUAL") or os.environ.get("EDITOR") or "").strip()
    if configured:
        try:
            return shlex.split(configured)
        except ValueError:
            return [configured]
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return None
