"""The heatmap's shades: more sessions stand out more, in the dark and the light theme alike."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.color import Color

from lowback_tui.ui.widgets.heatmap import Heatmap


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Heatmap(id="heatmap")


def contrast(style_color: object, background: Color) -> float:
    color = Color.from_rich_color(style_color)  # type: ignore[arg-type]
    return sum(abs(a - b) for a, b in zip(color.rgb, background.rgb, strict=True))


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_one_session_stands_out_more_than_an_empty_day(theme: str):
    app = Host()
    async with app.run_test() as pilot:
        app.theme = theme
        await pilot.pause()
        heatmap = app.query_one(Heatmap)
        background = heatmap.background_colors[1]
        shades = [
            contrast(heatmap.get_component_rich_style(f"heatmap--{name}").color, background)
            for name in ("empty", "level-1", "level-2", "level-3")
        ]
    assert shades == sorted(shades) and len(set(shades)) == 4, (theme, shades)
