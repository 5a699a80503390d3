"""Coaching lines for the timer: the routine's caution at the first get-ready, then each
step's target, rung and best; and the question a gate step asks."""

from __future__ import annotations

from rich.text import Text

from lowback_tui.core.progression import StepProgress
from lowback_tui.core.questions import gate_words
from lowback_tui.core.session import GateQuestion, Phase, SessionEngine
from lowback_tui.core.step_kind import StepKind
from lowback_tui.ui.screens.dialogs import ConfirmDialog


def coaching_line(
    engine: SessionEngine, progress: dict[int, StepProgress], first_index: int
) -> Text:
    """The caution while the session's first get-ready runs (however it started), else the
    current step's target, rung and best, else nothing."""
    hold = engine.current
    if hold is None or engine.ended:
        return Text("")
    # A step with no get-ready (a rest, or prepare = "0s") shows it during its first hold.
    no_get_ready = hold.step.kind == StepKind.REST or engine.routine.prepare.minimum == 0
    counting_in = engine.phase in (Phase.GET_READY, Phase.REST) or no_get_ready
    first = engine.index == first_index and counting_in
    if first and engine.routine.caution:
        text = Text("Caution: ", style="bold yellow")
        text.append(engine.routine.caution, style="yellow")
        return text
    standing = progress.get(hold.step_number)
    if standing is None:
        return Text("")
    return Text(standing.line(), style="cyan")


def gate_dialog(question: GateQuestion) -> ConfirmDialog:
    """Go on after a gate step fell short or hurt? Enter gives the safe answer: no."""
    # "This hurts" at a gate never asks: the engine ends the strength work at once.
    title, detail = gate_words(question)
    return ConfirmDialog(
        title, detail, yes="go on with the rest", no="stop here (safe)", destructive=True
    )


def asks_before(engine: SessionEngine, phase: Phase) -> bool:
    """Whether a gate step's get-ready has just begun: the moment to ask "will it hurt?"."""
    hold = engine.current
    return phase is Phase.GET_READY and hold is not None and hold.step.gate


def before_gate_dialog(step_name: str) -> ConfirmDialog:
    """Before a test step (the plank): if you expect it to hurt, don't (Exercise for Lower
    Back Pain). Enter gives the safe answer: leave the strength work for today."""
    return ConfirmDialog(
        f"Before {step_name}: do you expect it to hurt?",
        "If you expect it to hurt, don't try it. Leaving it records the rest of this routine "
        "as skipped because of the test; a relaxing routine (Static back, Floor five) suits "
        "today better.",
        yes="it will not hurt: go on",
        no="it may hurt: leave strength work today (safe)",
        destructive=True,
    )
