"""How far a long batch command has got, on stderr, when a person is watching it there.

A bar (rich.progress, which Textual brings) is drawn only when stderr is a terminal and the
output itself goes elsewhere (a file, a pipe): when the output is on the same terminal, it
shows the progress itself, and a bar drawn between its lines would garble both. Nothing at
all is written when stderr is a file or a pipe (a script, cron, a log). The bar is erased
when the work ends.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")

#: Items between two updates of the bar (rich redraws it ten times a second on its own).
STEP = 200


def watched(*, to_stdout: bool) -> bool:
    """Whether a person sees stderr, apart from the output (`to_stdout`: the output goes to
    stdout, not to a file)."""
    return sys.stderr.isatty() and not (to_stdout and sys.stdout.isatty())


def with_progress(
    items: Iterable[Item], total: int | None, what: str, *, to_stdout: bool = True
) -> Iterator[Item]:
    """`items` as they come, counted on a bar on stderr when `watched()`; `total`: how many
    there will be (None when unknown: the bar then only shows that work goes on)."""
    if not watched(to_stdout=to_stdout):
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(what, total=total)
        count = 0
        for count, item in enumerate(items, start=1):
            yield item
            if count % STEP == 0:
                bar.update(task, completed=count)
        bar.update(task, completed=count)
