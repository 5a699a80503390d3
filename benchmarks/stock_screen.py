"""The anchor for lowback's first screen: a stock Textual app showing the same kind of screen.

A one-line header, a bordered list of the six built-in routines, a preview of the highlighted
one, and Textual's own Footer, built from stock widgets and nothing else: what such a screen
costs in Textual itself, to set lowback's start against (the bare app's one line is kept for
reference).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, OptionList, Static

#: The text the benchmark waits for: a routine, the preview's last line, the footer.
READY_TEXTS = ("Core strength", "stock preview ready", "Quit")

ROUTINES = (
    ("Core strength", "Plank, push-ups, sit-ups, squats, superman, wall squat"),
    ("Floor five", "Pelvic tilt, knee to chest, rotation, hamstring stretch, bridge"),
    ("Pelvis loosening", "Twist, calf, hamstring, glute, hip flexor, piriformis, balance"),
    ("Static back", "One long relaxed hold on the floor"),
    ("Supine groin stretch", "One long hold, legs on a chair"),
    ("Trigger point release", "Pressure and stretch for hip flexor, hamstring, glute, calf"),
)


class StockScreenApp(App[None]):
    CSS = """
    #header { height: 1; background: $primary; }
    #routines { width: 40; border: round $primary; }
    #preview { border: round $secondary; padding: 0 1; }
    """
    BINDINGS = [
        ("enter", "start", "Start"),
        ("h", "history", "History"),
        ("e", "edit", "Edit"),
        ("s", "settings", "Settings"),
        ("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("lowback-like stock screen · 6 routines", id="header")
        with Horizontal():
            yield OptionList(*(name for name, _ in ROUTINES), id="routines")
            yield Static(self._preview(0), id="preview")
        yield Footer()

    def _preview(self, index: int) -> str:
        name, steps = ROUTINES[index]
        return f"{name}\n\n{steps}\n\nabout 10 min · 12 holds\n\nstock preview ready"

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#preview", Static).update(self._preview(event.option_index))


if __name__ == "__main__":
    StockScreenApp().run()
