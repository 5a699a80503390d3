"""A calendar heatmap of recent weeks: Monday..Sunday rows, one column per week, shaded by count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL_WIDTH = 4
CELL_WIDTH = 2
"""Characters per day: the glyph and a space, so columns stay apart without looking busy."""
EMPTY, DONE, REST = "·", "■", "○"


class Heatmap(Widget):
    """Days with completed sessions over the last weeks; today and rest days marked apart.

    Fed with `show()`; rendering is one Rich Text (a few hundred characters), so it is cheap
    enough to redo on every change.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--label",
        "heatmap--empty",
        "heatmap--level-1",
        "heatmap--level-2",
        "heatmap--level-3",
        "heatmap--rest",
        "heatmap--today",
    }

    DEFAULT_CSS = """
    Heatmap { width: auto; height: auto; }
    Heatmap > .heatmap--label { color: $text-muted; }
    Heatmap > .heatmap--empty { color: $text-disabled; }
    Heatmap > .heatmap--level-1 { color: $success 55%; }
    Heatmap > .heatmap--level-2 { color: $success 80%; }
    Heatmap > .heatmap--level-3 { color: $success; text-style: bold; }
    Heatmap > .heatmap--rest { color: $primary-lighten-2; text-style: bold; }
    Heatmap > .heatmap--today { background: $accent 35%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: tuple[tuple[dt.date, int], ...] = ()
        self.today: dt.date | None = None
        self.rest_days: frozenset[dt.date] = frozenset()

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
        self.refresh(layout=True)

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
            glyph, style = DONE, styles[f"heatmap--level-{min(count, 3)}"]
        elif day in self.rest_days:
            glyph, style = REST, styles["heatmap--rest"]
        else:
            glyph, style = EMPTY, styles["heatmap--empty"]
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
            (DONE + " ", styles["heatmap--level-1"]),
            (DONE + " ", styles["heatmap--level-2"]),
            (DONE, styles["heatmap--level-3"]),
            (" more  ", label),
            (REST, styles["heatmap--rest"]),
            (" rest", label),
        )
