"""The remaining time (or a word) drawn large with block characters, as big as its space allows."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

#: A 5×7 bitmap font ("#" is ink); ":" is narrower. Anything else is drawn as a space.
GLYPHS: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("####.", "....#", "....#", ".###.", "....#", "....#", "####."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": (".###.", "#....", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "....#", ".###."),
    ":": ("..", "##", "##", "..", "##", "##", ".."),
    "P": ("####.", "#...#", "#...#", "####.", "#....", "#....", "#...."),
    "A": (".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "U": ("#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "S": (".####", "#....", "#....", ".###.", "....#", "....#", "####."),
    "E": ("#####", "#....", "#....", "####.", "#....", "#....", "#####"),
    "D": ("####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."),
    " ": (".....",) * 7,
}
GLYPH_HEIGHT = 7
#: Half blocks: each character cell holds two pixels, one above the other.
CELLS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def pixels(text: str) -> list[str]:
    """The text as rows of "#"/"." pixels, one pixel apart."""
    glyphs = [GLYPHS.get(char, GLYPHS[" "]) for char in text.upper()]
    return [".".join(glyph[row] for glyph in glyphs) for row in range(GLYPH_HEIGHT)]


def best_scale(text: str, width: int, height: int) -> int:
    """The largest whole scale at which `text` fits in width×height cells (0: it does not)."""
    columns = len(pixels(text)[0]) if text else 1
    return max(0, min(width // max(1, columns), (2 * height) // GLYPH_HEIGHT))


def draw(text: str, scale: int) -> list[str]:
    """`text` at `scale` (each pixel scale×scale, two pixel rows to a character row)."""
    grid = ["".join(pixel * scale for pixel in row) for row in pixels(text) for _ in range(scale)]
    if len(grid) % 2:
        grid.append("." * len(grid[0]))
    return [
        "".join(
            CELLS[(top == "#", bottom == "#")] for top, bottom in zip(upper, lower, strict=True)
        )
        for upper, lower in zip(grid[0::2], grid[1::2], strict=True)
    ]


class BigClock(Widget):
    """Shows `text` ("4:32", "PAUSED") as large as its size allows; on one plain line when
    even the smallest big letters do not fit."""

    DEFAULT_CSS = """
    BigClock { width: 1fr; height: 1fr; min-height: 1; text-align: center; }
    """

    text: reactive[str] = reactive("")
    """What is drawn."""

    def rows_for(self, width: int, height: int) -> int:
        """How many rows the drawing takes in a space of width×height (for tests)."""
        scale = best_scale(self.text, width, height)
        return len(draw(self.text, scale)) if scale else 1

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        scale = best_scale(self.text, width, height)
        if not scale:
            return Text(self.text, style="bold", justify="center")
        lines = draw(self.text, scale)
        above = (height - len(lines)) // 2  # centred in its space, both ways
        return Text("\n" * above + "\n".join(lines), justify="center", no_wrap=True)
