"""What fits on the timer screen at a terminal's size: the big digits, the instructions, the
gaps; below the least size the time is shown on one line."""

from __future__ import annotations

import textwrap

from textual.geometry import Size

#: Below this the screen shows the time on one line instead of big digits and a bar.
MIN_WIDTH, MIN_HEIGHT = 44, 12
#: Below this height the screen is compact: no gaps, instructions or coaching; the digits stay.
FULL_HEIGHT = 16
#: Rows the big digits need (scale 2 of the 7-pixel font): instructions give way below this.
CLOCK_ROWS = 7
#: Rows the digits keep in a get-ready: they shrink (to one line at the least) so that the
#: step's instructions are read while the person gets into position (issue 19).
GET_READY_CLOCK_ROWS = 1
#: Rows everything but the digits and the instructions takes (band, title, detail, bar, cue,
#: next, their margins, the top line and the footer).
OTHER_ROWS = 14


def too_small(size: Size) -> bool:
    """Whether the time is shown on one line (no big digits, no bar)."""
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def instructions_fit(instructions: str, size: Size, *, getting_ready: bool) -> bool:
    """Whether the step's instructions are shown: they give way to the digits when the screen
    is short (in a get-ready the digits shrink for them, and they are cut to two lines)."""
    width = max(20, min(90, size.width - 4))
    rows = sum(max(1, len(textwrap.wrap(line, width))) for line in instructions.splitlines())
    spare = size.height - OTHER_ROWS - (GET_READY_CLOCK_ROWS if getting_ready else CLOCK_ROWS)
    if getting_ready:  # shown from their beginning, cut if long: `i` has them in full
        rows = min(rows, 2)
    return not (rows + 1 > spare or (size.height < FULL_HEIGHT and not getting_ready))
