"""Every way a session starts goes past the flare-up rule (issue 19 §2).

The picker, `lowback run`, a resume and the command palette's "Start …" all call `start`: on a
flare-up day a routine with strength steps asks first, Enter meaning "not today". After the
pain-before question, `after_pain_before` turns a strength routine away at 7 or more: "not
today", Enter starts a relaxing routine instead, Esc goes back; the flare-up rule then holds
for the rest of the day (Exercise for Lower Back Pain: if it hurts, leave strength work).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.flare import calm_choice, is_strength, too_sore_for
from lowback_tui.core.records import SessionRecord
from lowback_tui.core.routine import Routine
from lowback_tui.services.coach import Coach
from lowback_tui.ui.picker_coaching import not_today_dialog
from lowback_tui.ui.screens.dialogs import ConfirmDialog

Run = Callable[[Routine, SessionRecord | None], object]
Ask = Callable[[ConfirmDialog, Callable[[bool | None], None]], object]
AskAndWait = Callable[[ConfirmDialog], Awaitable[bool | None]]


def sore_dialog(reason: str, routine: Routine, calm: Routine | None) -> ConfirmDialog:
    """Not today: Enter starts the relaxing routine (when there is one), n / Esc goes back."""
    detail = (
        f"{safe(routine.name)} is strength work, and with pain this high it waits for a "
        'better day. Strength routines stay marked "not today" until tomorrow.'
    )
    if calm is None:
        return ConfirmDialog(
            f"Not today: {safe(reason)}.", detail, yes="back to the routines", no="back"
        )
    return ConfirmDialog(
        f"Not today: {safe(reason)}.",
        detail + f" {safe(calm.name)} is a relaxing routine that suits such a day.",
        yes=f"start {safe(calm.name)} instead",
        no="back to the routines",
    )


class PainGuard:
    """The flare-up rule at every start; handed the app's coach and its ways to ask."""

    def __init__(
        self, coach: Coach, routines: Callable[[], list[Routine]], ask: Ask, run: Run
    ) -> None:
        self.coach = coach
        self.routines = routines
        self.ask = ask
        self.run = run

    def start(self, routine: Routine, resume: SessionRecord | None = None) -> None:
        """Start `routine` (or resume it), asking first on a flare-up day if it is strength."""
        flare = self.coach.flare_up() if is_strength(routine) else None
        if flare is None:
            self.run(routine, resume)
            return

        def answered(start: bool | None) -> None:
            if start:
                self.run(routine, resume)

        self.ask(not_today_dialog(routine.name, flare), answered)

    async def after_pain_before(
        self, routine: Routine, pain_before: int | None, ask: AskAndWait
    ) -> Routine | None:
        """The routine to run after the pain-before answer: `routine`, a relaxing one instead
        (Enter), or None (back to the routines)."""
        reason = too_sore_for(routine, pain_before)
        if reason is None:
            return routine
        self.coach.note_flare(reason)
        calm = calm_choice(self.routines())
        chosen = await ask(sore_dialog(reason, routine, calm))
        return calm if chosen and calm is not None else None
