"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]
"""Each key the footer shows: key, its display, description, enabled, tooltip."""


class KeysFooter(Footer):
    """Textual's Footer rebuilds all its keys (new widgets, restyled) after every binding change
    it is told of: a screen that mounts, takes focus and fills a list tells it several times
    before its first frame, and the keys are the same each time (seven rebuilds for the history
    screen). This one rebuilds at the next refresh, once per burst, and only when what it would
    show differs from what it shows.
    """

    _rebuild_pending = False
    _shown: Shown | None = None

    def _keys(self) -> Shown:
        app = self.app
        return tuple(
            (b.key, app.get_key_display(b), b.description, enabled, tooltip or "")
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
            if b.show or b.action == "command_palette"
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if self._rebuild_pending:
            return  # the rebuild already asked for reads the bindings as they are by then
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild, screen)

    async def _rebuild(self, screen: Screen[object]) -> None:
        self._rebuild_pending = False
        # Textual's own conditions (Footer.bindings_changed), then one rebuild, at once.
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._shown is not None and self._keys() == self._shown:
            return  # the same keys: nothing to rebuild
        await self.recompose()
