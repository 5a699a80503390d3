"""`lowback routines card ID [--format html|md] [-o FILE] [--force]`: a printable routine card."""

from __future__ import annotations


def make_card(routine_id: str, fmt: str, output: str | None, *, force: bool) -> int:
    from lowback_tui.cli.commands import _home, catalog, resolve_routine
    from lowback_tui.cli.progress import write_file
    from lowback_tui.core.card import card_html, card_md

    entry = resolve_routine(catalog(_home()), routine_id)
    assert entry.routine is not None  # resolve_routine refuses a file with errors
    text = card_html(entry.routine) if fmt == "html" else card_md(entry.routine)
    write_file(text.encode("utf-8"), output, force=force)
    return 0
