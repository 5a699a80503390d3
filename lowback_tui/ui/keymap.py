"""The binding ids a `[keymap]` table may name, and a message for each id no binding has."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

from lowback_tui.base.terminal_text import safe


def known_binding_ids() -> frozenset[str]:
    """Every id a binding of lowback's screens and widgets has.

    Imports every module of the UI (a screen is otherwise imported only when first opened), so
    it costs about a tenth of a second: the app asks only when there is a [keymap], after the
    first frame."""
    import lowback_tui.ui as ui

    for info in pkgutil.walk_packages(ui.__path__, f"{ui.__name__}."):
        importlib.import_module(info.name)
    ids: set[str] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith(f"{ui.__name__}.") or module is None:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == name:
                bindings = Binding.make_bindings(value.__dict__.get("BINDINGS", []))
                ids.update(binding.id for binding in bindings if binding.id)
    return frozenset(ids)


#: Unknown [keymap] ids named one by one; the rest are counted in one more message.
MOST_SAID = 5


def unknown_id_problems(
    keymap: Mapping[str, str], path: Path, known: Iterable[str] | None = None
) -> list[str]:
    """One message for each id in `keymap` that no binding has: the id, where it was found, and
    what was expected (a close id if there is one, else that screen's ids, else the screens)."""
    ids = sorted(known_binding_ids() if known is None else known)
    problems = []
    for binding_id in keymap:
        if binding_id in ids:
            continue
        close = difflib.get_close_matches(binding_id, ids, n=1, cutoff=0.6)
        screen = binding_id.split(".")[0]
        same_screen = [known_id for known_id in ids if known_id.split(".")[0] == screen]
        if close:
            expected = f'did you mean "{close[0]}"?'
        elif same_screen:
            expected = f"expected one of {', '.join(same_screen)}"
        else:
            screens = sorted({known_id.split(".")[0] for known_id in ids})
            expected = f"expected SCREEN.ACTION, SCREEN one of {', '.join(screens)}"
        problems.append(
            safe(
                f'{path} [keymap]: "{binding_id}" is not the id of any key binding, so it is '
                f"ignored; {expected} (? on each screen shows its keys)"
            )
        )
        if len(problems) == MOST_SAID:
            unknown = sum(1 for other in keymap if other not in ids)
            if unknown > MOST_SAID:
                problems.append(
                    f"{safe(path)} [keymap]: {unknown - MOST_SAID:,} more ids are not the id "
                    "of any key binding; they are ignored too"
                )
            break
    return problems
