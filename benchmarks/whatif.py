"""`lowback` with one suggested change applied from outside, to measure what it would save.

    python -m benchmarks.whatif bar [lowback arguments]

`bar`: the timer repaints its bar only when a whole cell fills, not at every 0.1 % of
progress (the change suggested for TimerScreen._repaint in docs/benchmarks.md). Done here by
rounding the progress the screen's `describe` returns to the bar's 72 cells; nothing else
changes. Only the benchmark starts lowback this way.
"""

from __future__ import annotations

import dataclasses
import sys

#: The timer bar's width in cells at the benchmark's 100-column terminal (its max-width).
BAR_CELLS = 72


def main(argv: list[str]) -> int:
    from lowback_tui.__main__ import main as lowback_main
    from lowback_tui.ui.screens import timer

    change, args = argv[0], argv[1:]
    if change != "bar":
        raise SystemExit(f"unknown change {change!r}")
    describe = timer.describe

    def per_cell(engine: timer.SessionEngine) -> timer.View:
        view = describe(engine)
        return dataclasses.replace(view, progress=round(view.progress * BAR_CELLS) / BAR_CELLS)

    timer.describe = per_cell  # type: ignore[assignment]
    return lowback_main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
