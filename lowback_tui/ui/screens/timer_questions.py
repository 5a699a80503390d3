"""What the timer asks with its clock stopped: stop the session, quit lowback, and whether a
sleep of the machine during a hold counted (the gate's questions are in ui/coaching.py)."""

from __future__ import annotations

from lowback_tui.core.questions import jump_words
from lowback_tui.ui.screens.dialogs import ConfirmDialog


def stop_dialog(hold_under_way: bool) -> ConfirmDialog:
    """q: stop the session here; what is finished is kept."""
    held = "; the hold under way counts as released early" if hold_under_way else ""
    return ConfirmDialog(
        "Stop this session?",
        f"The holds you finished are kept{held}.",
        yes="stop",
        no="keep going",
        destructive=True,
    )


def quit_dialog() -> ConfirmDialog:
    """Ctrl+Q during a session: leave lowback; the session can be resumed."""
    return ConfirmDialog(
        "Quit lowback now?",
        "The holds you finished are kept, and the session can be resumed next time.",
        yes="quit",
        no="keep going",
        destructive=True,
    )


def jump_dialog(seconds: float, scale: float) -> ConfirmDialog:
    """The machine slept `seconds` during a hold: count that time or leave it out."""
    question, detail = jump_words(seconds, scale)
    return ConfirmDialog(question, detail, yes="yes, count it", no="no, leave it out")
