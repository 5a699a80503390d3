"""The message a screen shows instead of itself when the terminal is too small for it."""

from __future__ import annotations

from typing import Any

from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static


class TooSmall(Static):
    """ "Make the terminal larger": shown by `fit_screen` when the screen would not fit."""

    DEFAULT_CSS = """
    TooSmall { display: none; width: 1fr; height: 1fr; content-align: center middle;
               text-align: center; color: $warning; }
    """


class FitsOrSays:
    """Mixin for a screen: below `MIN_SIZE` it shows only its TooSmall message.

    The screen composes a TooSmall widget among its direct children (app.tcss hides the others
    while the screen has the -too-small class).
    """

    MIN_SIZE: tuple[int, int] = (40, 10)

    def on_resize(self, event: Resize) -> None:
        fit_screen(self, event, *self.MIN_SIZE)  # type: ignore[arg-type]


def fit_screen(screen: Screen[Any], event: Resize, min_width: int, min_height: int) -> None:
    """Swap the screen's content for a TooSmall message while the terminal is too small."""
    width, height = event.size.width, event.size.height
    too_small = width < min_width or height < min_height
    screen.set_class(too_small, "-too-small")
    if too_small:
        screen.query_one(TooSmall).update(
            f"Make the terminal larger:\nthis screen needs {min_width}×{min_height}, "
            f"it is {width}×{height}."
        )
