"""Keys that arrive together (a paste, a slow link, tmux send-keys) act in their order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


def after_earlier_keys(screen: Screen[Any], then: Callable[[], object]) -> None:
    """Run `then` once every key that arrived before this one has done what it does.

    A priority binding runs as soon as its key reaches the app, while a key before it is still
    on its way: to the focused widget, then bubbling up through each parent back to the app,
    which runs its binding. In a burst, Down and Enter started the routine highlighted before
    the Down. So `then` follows the same way, one queue at a time, behind such a key.
    """
    path = list((screen.focused or screen).ancestors_with_self)  # ... the screen, the app

    def step(index: int) -> None:
        if index == len(path):
            then()
        else:
            path[index].call_later(step, index + 1)

    step(0)
