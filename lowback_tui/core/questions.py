"""The words of the questions a session asks, for the timer's dialogs and plain mode alike."""

from __future__ import annotations

from lowback_tui.core.records import SessionRecord
from lowback_tui.core.session import GateQuestion


def gate_words(question: GateQuestion) -> tuple[str, str]:
    """Go on after a gate step (the plank test) fell short? Its title and detail. ("This
    hurts" at a gate never asks: the engine ends the strength work at once, article 001.)"""
    title = f"{question.step_name} ended before its target: the test was not passed."
    detail = (
        "The rest of this routine is strength work. Go on only if it was easy and nothing "
        "hurt. Stopping here records the rest as skipped because of the test; a relaxing "
        "routine (Static back, Floor five) is the better choice today."
    )
    return title, detail


def jump_words(seconds: float, scale: float) -> tuple[str, str]:
    """The machine slept during a hold (`seconds` of clock time): did that time count?"""
    minutes = max(1, round(seconds / scale / 60))  # under a time scale fewer real ones
    return (
        f"Your computer seems to have slept for about {minutes} min during this hold.",
        "Did you keep holding all that time?",
    )


def resume_words(record: SessionRecord, holds_now: int, otherwise: str | None) -> tuple[str, str]:
    """Resume an interrupted session? `holds_now`: its routine's holds as it is now;
    `otherwise`: the routine that starts instead (`lowback run ROUTINE`), if any."""
    from lowback_tui.core.describe import when_in_words  # pendulum: only when asked

    planned = max(record.planned_holds, record.resume_index)
    question = (
        f"Your session of {record.routine_name} was interrupted "
        f"{when_in_words(record.started_at)}, after hold {record.resume_index} of {planned}."
    )
    detail = "Resume it at the hold where it stopped?"
    if record.hold_in_progress == record.resume_index and record.held_in_progress:
        minutes, seconds = divmod(int(record.held_in_progress), 60)
        detail = f"Resume it at the hold where it stopped, {minutes}:{seconds:02} into it?"
    if holds_now != record.planned_holds:
        detail = (
            f"The routine has changed since. Resume it at hold "
            f"{record.resume_index + 1} of the routine as it is now?"
        )
    if otherwise:
        detail += f" (No starts {otherwise}.)"
    return question, detail
