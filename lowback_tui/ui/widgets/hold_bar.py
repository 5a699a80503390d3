"""A progress bar for one hold, with a mark at the minimum of a range (or an open target)."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FILLED, EMPTY, MARK = "━", "─", "┃"


class HoldBar(Widget):
    """Filled up to `progress` (0..1), with `mark` (0..1, or None) drawn as a tick."""

    DEFAULT_CSS = """
    HoldBar { height: 1; width: 1fr; max-width: 72; }
    HoldBar > .hold-bar--filled { color: $accent; }
    HoldBar > .hold-bar--mark { color: $warning; }
    """
    COMPONENT_CLASSES = {"hold-bar--filled", "hold-bar--mark"}

    progress: reactive[float] = reactive(0.0)
    """How much of the hold is done, 0 to 1."""
    mark: reactive[float | None] = reactive(None)
    """Where the soft cue falls (a range's minimum), 0 to 1; None for no mark."""

    def cells(self, progress: float | None = None) -> int:
        """Cells filled at the current width (for `progress`, or the bar's own): what the
        screen compares before repainting."""
        shown = self.progress if progress is None else progress
        return round(max(0.0, min(1.0, shown)) * self.size.width)

    def render(self) -> Text:
        width = self.size.width
        filled = round(max(0.0, min(1.0, self.progress)) * width)
        mark_at = None if self.mark is None else min(width - 1, round(self.mark * width))
        filled_style = self.get_component_rich_style("hold-bar--filled")
        mark_style = self.get_component_rich_style("hold-bar--mark")
        text = Text()
        for cell in range(width):
            if cell == mark_at:
                text.append(MARK, mark_style)
            elif cell < filled:
                text.append(FILLED, filled_style)
            else:
                text.append(EMPTY, "dim")
        return text
