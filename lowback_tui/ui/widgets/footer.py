"""The footer every screen shows: its keys on one line, drawn by one widget."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

Key = tuple[str, str, str, bool]
"""One key the footer shows: the key, its display, description, enabled."""


class KeysFooter(Widget, can_focus=False):
    """The keys of the screen's bindings, in Textual's footer colours, one widget for all.

    Textual's Footer is a container with a widget per key, each styled and laid out, and all
    of them built again after every change of bindings: on the timer that was 10 of its 28
    widgets and about 15 ms of the first "Get ready", on the picker about 55 ms of the first
    frame (issue 10). This one draws a line of text, again only when the keys it shows change;
    a click on a key presses it, as in Textual's.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--palette",
    }
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keys-footer--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__()
        self.show_command_palette = show_command_palette
        self.compact = compact
        """Less space around each key: every key of the busiest screens fits at 80 columns."""
        self._shown: tuple[tuple[Key, ...], Key | None] | None = None
        self._spans: list[tuple[int, int, Key]] = []
        """Where each key was drawn (start and end cell), for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and self._keys() != self._shown:
            self.refresh()

    def _keys(self) -> tuple[tuple[Key, ...], Key | None]:
        """The keys to show, one per action (the first binding of each), and the palette's."""
        app = self.app
        keys: dict[str, Key] = {}
        palette: Key | None = None
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            key = (binding.key, app.get_key_display(binding), binding.description, enabled)
            if binding.action == "command_palette":
                if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
                    palette = key
            elif binding.show:
                keys.setdefault(binding.action, key)
        return tuple(keys.values()), palette

    def _key_text(self, key: Key) -> Text:
        _, display, description, enabled = key
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")
        if self.compact:
            parts = [
                (display, key_style),
                (f" {description}" if description else "", description_style),
            ]
        else:
            parts = [
                (f" {display} ", key_style),
                (f"{description} " if description else "", description_style),
            ]
        text = Text.assemble(*parts)
        if not enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> Text:
        self._shown = keys, palette = self._keys()
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, Key]] = []
        tail = Text(end="")
        if palette is not None:  # on the right, after a thin line, as in Textual's footer
            _, display, description, _ = palette
            tail.append("▏", self.get_component_rich_style("keys-footer--palette"))
            tail.append(display, self.get_component_rich_style("keys-footer--key"))
            tail.append(
                f" {description} ", self.get_component_rich_style("keys-footer--description")
            )
        room = width - tail.cell_len
        gap = " " if self.compact else ""
        for key in keys:
            text = self._key_text(key)
            start = line.cell_len
            if start + text.cell_len > room:
                break  # as Textual's footer: a narrow terminal cuts the last keys
            line.append_text(text)
            spans.append((start, line.cell_len, key))
            line.append(gap)
        if palette is not None:
            line.append(" " * max(0, room - line.cell_len))
            start = line.cell_len + 1
            line.append_text(tail)
            spans.append((start, start + cell_len(tail.plain) - 1, palette))
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, (key, _, _, enabled) in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
