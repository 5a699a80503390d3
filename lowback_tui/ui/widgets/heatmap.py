"""A calendar heatmap of recent weeks: Monday..Sunday rows, one column per week, shaded by count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL_WIDTH = 4
CELL_WIDTH = 2
"""Characters per day: the glyph and a space, so columns stay apart without looking busy."""
EMPTY, DONE, REST = "·", "■", "○"
#: A day's glyph by its count of completed sessions (1, 2, 3 or more): the shape says the
#: level too, so it reads without colour (NO_COLOR, a monochrome terminal, a printout).
LEVELS = ("▪", DONE, "█")


class Heatmap(Widget):
    """Days with completed sessions over the last weeks; today and rest days marked apart.

    Fed with `show()`; rendering is one Rich Text (a few hundred characters), so it is cheap
    enough to redo on every change.
    """

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Day before", show=False, id="heatmap.up"),
        Binding("down", "move(1)", "Day after", show=False, id="heatmap.down"),
        Binding("left", "move(-7)", "Week before", show=False, id="heatmap.left"),
        Binding("right", "move(7)", "Week after", show=False, id="heatmap.right"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--label",
        "heatmap--empty",
        "heatmap--level-1",
        "heatmap--level-2",
        "heatmap--level-3",
        "heatmap--rest",
        "heatmap--today",
        "heatmap--cursor",
    }

    DEFAULT_CSS = """
    Heatmap { width: auto; height: auto; }
    Heatmap > .heatmap--label { color: $text-muted; }
    /* An empty day is the faintest mark, whatever the theme: one session must stand out more. */
    Heatmap > .heatmap--empty { color: $foreground 20%; }
    Heatmap > .heatmap--level-1 { color: $success 60%; }
    Heatmap > .heatmap--level-2 { color: $success 80%; }
    Heatmap > .heatmap--level-3 { color: $success; text-style: bold; }
    Heatmap > .heatmap--rest { color: $primary-lighten-2; text-style: bold; }
    Heatmap > .heatmap--today { background: $accent 35%; }
    Heatmap > .heatmap--cursor { text-style: reverse bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: tuple[tuple[dt.date, int], ...] = ()
        self.today: dt.date | None = None
        self.rest_days: frozenset[dt.date] = frozenset()
        self.cursor: dt.date | None = None
        """The day arrows move over while the heatmap has focus (today at first); `r` on the
        history screen marks it as a rest day."""

    def show(
        self,
        days: Sequence[tuple[dt.date, int]],
        *,
        today: dt.date,
        rest_days: Collection[dt.date],
    ) -> None:
        """Show `days` ((date, completed sessions), oldest first, starting on a Monday)."""
        self.days = tuple(days)
        self.today = today
        self.rest_days = frozenset(rest_days)
        if self.cursor is None or not self._shown(self.cursor):
            self.cursor = today
        self.refresh(layout=True)

    def _shown(self, day: dt.date) -> bool:
        """A day the heatmap draws and that may be chosen: in its weeks, not in the future."""
        return (
            bool(self.days) and self.days[0][0] <= day and (self.today is None or day <= self.today)
        )

    def on_focus(self) -> None:
        self.refresh()  # the cursor shows only while the heatmap has focus

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, days: int) -> None:
        """Move the cursor by days (up/down) or weeks (left/right), within the drawn past."""
        if self.cursor is None:
            return
        target = self.cursor + dt.timedelta(days=days)
        if self._shown(target):
            self.cursor = target
            self.refresh()

    def render(self) -> Text:
        styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        weeks = [self.days[start : start + 7] for start in range(0, len(self.days), 7)]
        text = Text(no_wrap=True, end="")
        text.append_text(self._month_line(weeks, styles["heatmap--label"]))
        for weekday, day_name in enumerate(DAY_NAMES):
            text.append(f"\n{day_name:<{LABEL_WIDTH}}", styles["heatmap--label"])
            for week in weeks:
                if weekday < len(week):
                    text.append_text(self._cell(*week[weekday], styles))
        text.append("\n")
        text.append_text(self._legend(styles))
        return text

    def _cell(self, day: dt.date, count: int, styles: dict[str, Style]) -> Text:
        """One day: blank in the future, a rest mark, a dot, or a square shaded by count."""
        if self.today is not None and day > self.today:
            return Text(" " * CELL_WIDTH)
        if count:
            level = min(count, 3)
            glyph, style = LEVELS[level - 1], styles[f"heatmap--level-{level}"]
        elif day in self.rest_days:
            glyph, style = REST, styles["heatmap--rest"]
        else:
            glyph, style = EMPTY, styles["heatmap--empty"]
        if day == self.cursor and self.has_focus:
            cursor = styles["heatmap--cursor"]
            return Text.assemble((glyph, style + cursor), " " * (CELL_WIDTH - 1))
        if day == self.today:
            # Only the glyph is highlighted, so today reads as one cell and not as a bar.
            return Text.assemble((glyph, style + styles["heatmap--today"]), " " * (CELL_WIDTH - 1))
        return Text(glyph.ljust(CELL_WIDTH), style)

    @staticmethod
    def _month_line(weeks: list[tuple[tuple[dt.date, int], ...]], style: Style) -> Text:
        """Month names above the first column of each month, never overlapping one another."""
        line = " " * LABEL_WIDTH
        previous_month = None
        for column, week in enumerate(weeks):
            if not week:
                continue
            month = week[-1][0].month  # a week belongs to the month its Sunday is in
            if month != previous_month:
                position = LABEL_WIDTH + column * CELL_WIDTH
                name = week[-1][0].strftime("%b")
                if len(line) <= position:  # room for it: pad up to the column
                    line = line.ljust(position) + name
                previous_month = month
        return Text(line, style)

    def _legend(self, styles: dict[str, Style]) -> Text:
        label = styles["heatmap--label"]
        return Text.assemble(
            (" " * LABEL_WIDTH + "less ", label),
            (EMPTY + " ", styles["heatmap--empty"]),
            (LEVELS[0] + " ", styles["heatmap--level-1"]),
            (LEVELS[1] + " ", styles["heatmap--level-2"]),
            (LEVELS[2], styles["heatmap--level-3"]),
            (" more  ", label),
            (REST, styles["heatmap--rest"]),
            (" rest", label),
        )
