"""The picker's coaching: the time-of-day line, flare-up days, and today's targets."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.screen import Screen

from lowback_tui.base.terminal_text import safe
from lowback_tui.core.catalog import CatalogEntry
from lowback_tui.core.flare import calm_first_key, is_strength
from lowback_tui.core.progression import tracked
from lowback_tui.core.routine import Routine
from lowback_tui.core.today import DayPlan
from lowback_tui.core.today_text import FIRST_WEEK_LINE, plan_line
from lowback_tui.services.coach import TIME_OF_DAY, Coach
from lowback_tui.ui.screens.dialogs import ConfirmDialog


def strength(entry: CatalogEntry) -> bool:
    return entry.routine is not None and is_strength(entry.routine)


def calm_first(entries: list[CatalogEntry]) -> list[CatalogEntry]:
    """Relaxing routines first, strength last; otherwise the usual order (a stable sort)."""
    return sorted(entries, key=lambda entry: calm_first_key(entry.routine))


def note_text(flare: str | None, plan: DayPlan | None = None) -> Text:
    """The line above the routines: the day's plan (core/today.py) once the history is read,
    else when each kind of work fits; today's flare-up in colour; in the first week of use,
    that relief takes months."""
    if plan is not None:
        text = Text(safe(plan_line(plan)), style="bold yellow" if plan.flare else "dim")
        if plan.flare and not plan.rest_day:
            text.append(" · r: rest day", style="")
        if plan.first_week:
            text.append(f"\n{FIRST_WEEK_LINE}", style="italic")
        return text
    if flare is None:
        return Text(TIME_OF_DAY, style="dim")
    text = Text(f"Flare-up today ({safe(flare)}): ", style="bold yellow")
    text.append("calm routines first, strength not today · r: rest day")
    return text


def targets_text(coach: Coach, routine: Routine, flare: str | None) -> Text:
    """Today's target, rung and best of each tracked step, for the preview."""
    text = Text()
    if flare is not None and is_strength(routine):
        text.append(
            f"\nNot today: {safe(flare)}. A relaxing routine suits a flare-up day.\n", "yellow"
        )
    targets = coach.known(routine)  # never worked out here: the UI thread must not wait
    if targets is None:
        if any(tracked(step) for step in routine.steps):
            text.append("\nToday: working out the targets…\n", "dim")
        return text
    if not targets.progress:
        return text
    text.append("\nToday\n", "bold")
    for number, standing in targets.progress.items():
        text.append(f"{number:>2}. {safe(routine.steps[number - 1].name)}: ", "dim")
        text.append(f"{standing.line()}\n", "cyan")
    if targets.problem:
        text.append(f"(first rung: {targets.problem})\n", "dim")
    return text


class TargetsKnown(Message):
    """A routine's targets are worked out (posted from the worker's thread)."""


def work_out_targets(screen: Screen[Any], coach: Coach | None, entry: CatalogEntry | None) -> None:
    """A routine whose targets the coach has not worked out (just saved, or edited): work
    them out on a thread, then tell `screen` (TargetsKnown) to show them."""
    routine = entry.routine if entry is not None else None
    if coach is None or routine is None or coach.known(routine) is not None:
        return

    def work() -> None:
        coach.warm([routine])
        screen.post_message(TargetsKnown())

    screen.run_worker(work, thread=True, group="targets", exclusive=True)


def not_today_dialog(name: str, flare: str) -> ConfirmDialog:
    """Start strength work on a flare-up day? Enter keeps the safe answer: no."""
    return ConfirmDialog(
        f"Not today: {safe(name)} is strength work.",
        f"Your back flared up today ({safe(flare)}). Relaxing routines come first on such a day; "
        "start it anyway?",
        yes="start anyway",
        no="not today",
        destructive=True,
    )
