"""Small modal dialogs: a yes/no question, the 0–10 pain check-in, and the key help."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from lowback_tui.ui.widgets.too_small import FitsOrSays, TooSmall

#: A note is a line or two, not an essay: the history list stays readable.
MAX_NOTE = 280


class ClickChoice(Static):
    """One answer of a dialog, shown with its keys, that a mouse click also gives.

    Not focusable: Enter keeps meaning the dialog's safe answer, whatever was clicked before.
    """

    DEFAULT_CSS = """
    ClickChoice { width: auto; color: $text-muted; }
    ClickChoice:hover { color: $text; background: $boost; text-style: underline; }
    """

    class Chosen(Message):
        """The user clicked this answer."""

        def __init__(self, choice: ClickChoice) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, label: str, *, id: str) -> None:
        super().__init__(Text(label), id=id)

    def on_click(self) -> None:
        self.post_message(self.Chosen(self))


class ConfirmDialog(FitsOrSays, ModalScreen[bool]):
    """A question answered with y (True) or n/Escape (False).

    Enter gives the safe answer: "yes" for a harmless question, "no" for a `destructive` one,
    because someone pressing Enter to end holds must not stop a session or lose work by it.
    """

    MIN_SIZE = (44, 12)
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
        Binding("enter", "enter", "Safe answer", id="confirm.enter", show=False),
    ]

    def __init__(
        self,
        question: str,
        detail: str = "",
        yes: str = "yes",
        no: str = "no",
        *,
        destructive: bool = False,
    ) -> None:
        super().__init__()
        self.question, self.detail, self.yes, self.no = question, detail, yes, no
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        yes_keys, no_keys = (
            ("y", "n / Esc / Enter") if self.destructive else ("y / Enter", "n / Esc")
        )
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail), classes="dialog-detail")
            yield ClickChoice(f"{yes_keys}  {self.yes}", id="confirm-yes")
            yield ClickChoice(f"{no_keys}  {self.no}", id="confirm-no")
        yield TooSmall()

    def on_click_choice_chosen(self, message: ClickChoice.Chosen) -> None:
        self.dismiss(message.choice.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_enter(self) -> None:
        self.dismiss(not self.destructive)


class PainScale(Static):
    """0 1 2 … 10 with the chosen one highlighted (none at first); a click chooses a level."""

    value: reactive[int | None] = reactive(None)

    class Picked(Message):
        """A level was clicked."""

        def __init__(self, level: int) -> None:
            super().__init__()
            self.level = level

    def on_click(self, event: Click) -> None:
        # Each level is drawn " n " (three cells; " 10 " four): the cell says which was hit.
        if 0 <= event.x < 34:
            self.post_message(self.Picked(min(10, event.x // 3)))

    def render(self) -> Text:
        text = Text()
        for level in range(11):
            style = "reverse bold" if level == self.value else ""
            text.append(f" {level} ", style)
        return text


class PainDialog(FitsOrSays, ModalScreen[int | None]):
    """A 0–10 pain level: nothing is chosen at first, so an Enter meant for the timer never
    answers it; arrows or digits choose (1 then 0 is 10), Enter confirms, Esc skips (None).

    The level lives on the dialog, not in its widgets: keys that arrive in one burst, before
    the dialog is even drawn, change it safely.
    """

    MIN_SIZE = (48, 16)
    BINDINGS = [
        Binding("left,down,minus", "move(-1)", "Less", id="pain.less"),
        Binding("right,up,plus", "move(1)", "More", id="pain.more"),
        Binding("enter", "confirm", "Confirm", id="pain.confirm"),
        Binding("escape,s", "skip", "Skip", id="pain.skip"),
        Binding("backspace", "clear", show=False),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(10)],
        Binding("t", "pick(10)", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self.level: int | None = None
        """The chosen level; None until the user chooses one."""
        self._after_one = False
        """The last key was the digit 1, so a 0 now makes 10."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"), classes="dialog-title")
            yield Static(Text("0 = no pain, 10 = the worst you can imagine", style="dim"))
            yield PainScale(id="pain-scale")
            yield Static(id="pain-hint")
            yield ClickChoice("Enter confirm", id="pain-confirm")
            yield ClickChoice("Esc skip", id="pain-skip")
        yield TooSmall()

    def on_pain_scale_picked(self, message: PainScale.Picked) -> None:
        self.level, self._after_one = message.level, False
        self._show()

    def on_click_choice_chosen(self, message: ClickChoice.Chosen) -> None:
        if message.choice.id == "pain-confirm":
            self.action_confirm()
        else:
            self.action_skip()

    def on_mount(self) -> None:
        self._show()

    def _show(self, hint: str = "") -> None:
        # Queried, not assumed: before the dialog is composed there is nothing to update yet.
        for scale in self.query(PainScale):
            scale.value = self.level
        chosen = "nothing chosen yet" if self.level is None else f"chosen: {self.level}"
        keys = "←/→, 0–10 or a click choose"
        for widget in self.query("#pain-hint").results(Static):
            widget.update(Text(f"{hint or chosen} · {keys}", style="bold" if hint else "dim"))

    def action_move(self, delta: int) -> None:
        # The first arrow press shows where the scale starts: 0.
        self.level = 0 if self.level is None else max(0, min(10, self.level + delta))
        self._after_one = False
        self._show()

    def action_pick(self, level: int) -> None:
        self.level = 10 if level == 0 and self._after_one else level
        self._after_one = level == 1
        self._show()

    def action_clear(self) -> None:
        self.level, self._after_one = None, False
        self._show()

    def action_confirm(self) -> None:
        if self.level is None:
            self._show("Choose a level first (or Esc to skip)")
            return
        self.dismiss(self.level)

    def action_skip(self) -> None:
        self.dismiss(None)


class HelpScreen(FitsOrSays, ModalScreen[None]):
    """Every key of the screen it was opened from, with what it does."""

    MIN_SIZE = (64, 24)
    BINDINGS = [
        Binding("escape,question_mark,q,enter", "close", "Close", id="help.close"),
        Binding("exclamation_mark", "safety", "Safety notice", id="help.safety"),
    ]

    def __init__(
        self,
        title: str,
        bindings: list[BindingType],
        notes: str = "",
        long: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.bindings = [b for b in bindings if isinstance(b, Binding) and b.description]
        self.notes = notes
        self.long = long or {}
        """Fuller descriptions by binding id, where the footer's word is too short."""

    def compose(self) -> ComposeResult:
        # A grid, so a long description wraps in its own column, not under the keys.
        keys_table = Table.grid(padding=(0, 2))
        keys_table.add_column(no_wrap=True, justify="right", style="bold")
        keys_table.add_column()
        # Bindings of one key (Enter: "Start now", "Release"…) share a row, in footer order.
        bound = self._bound_keys()
        rows: dict[str, list[str]] = {}
        for binding in self.bindings:
            chosen = bound.get(binding.id or "") or binding.key.split(",")
            keys = " / ".join(_key_name(key) for key in chosen)
            rows.setdefault(keys, []).append(self.long.get(binding.id or "", binding.description))
        for keys, texts in rows.items():
            keys_table.add_row(keys, Text(" · ".join(texts)))
        with Vertical(classes="dialog help"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(keys_table)
            if self.notes:
                yield Static(Text(self.notes, style="dim"), classes="dialog-notes")
            yield Static(Text("Esc or ? closes this help · ! shows the safety notice", style="dim"))
        yield TooSmall()

    def _bound_keys(self) -> dict[str, list[str]]:
        """The keys each binding id has on the screen this help is about, as bound now (a
        [keymap] in settings.toml may have changed them)."""
        stack = self.app.screen_stack
        if len(stack) < 2 or stack[-1] is not self:
            return {}
        bound: dict[str, list[str]] = {}
        for key, active in stack[-2].active_bindings.items():
            if active.binding.id:
                bound.setdefault(active.binding.id, []).append(key)
        return bound

    def action_close(self) -> None:
        self.dismiss(None)

    def action_safety(self) -> None:
        from lowback_tui.ui.screens.safety import SafetyNotice

        self.app.push_screen(SafetyNotice(first_time=False))


def _key_name(key: str) -> str:
    names = {
        "space": "Space",
        "enter": "Enter",
        "escape": "Esc",
        "question_mark": "?",
        "up": "↑",
        "down": "↓",
        "left": "←",
        "right": "→",
        "plus": "+",
        "minus": "-",
        "delete": "Del",
        "ctrl+q": "Ctrl+Q",
    }
    return names.get(key, key)


class NoteDialog(FitsOrSays, ModalScreen[str | None]):
    """One line of free text (a session's note): Enter keeps it, Esc leaves it as it was."""

    MIN_SIZE = (44, 10)
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel")]

    def __init__(self, question: str, text: str = "") -> None:
        super().__init__()
        self.question = question
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"), classes="dialog-title")
            yield Input(
                self.text,
                placeholder="how it went, what to change next time",
                max_length=MAX_NOTE,
                id="note-input",
                select_on_focus=False,  # the cursor at the end: typing adds, never replaces
            )
            yield Static(Text("Enter keeps it · Esc cancels", style="dim"))
        yield TooSmall()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
