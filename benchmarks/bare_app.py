"""The anchor: a bare Textual app that shows one static line and waits for ctrl+q."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

#: The text the benchmarks wait for, as lowback's picker waits for its routine names.
READY_TEXT = "bare textual app ready"


class BareApp(App[None]):
    """Nothing but one line of text: what any Textual app costs before it does anything."""

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT)


if __name__ == "__main__":
    BareApp().run()
