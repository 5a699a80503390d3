"""The day's plan in words: one line for the picker, a page for `lowback today`, JSON for
scripts and the text of a reminder. Every one is read from the same DayPlan."""

from __future__ import annotations

import textwrap
from typing import Any

from lowback_tui.core.today import (
    DONE,
    LATER,
    MISSED,
    NEXT,
    NOT_TODAY,
    REST,
    DayPart,
    DayPlan,
    clock_text,
)

#: The evening's aim in the article's words, said wherever the evening is.
EVENING_AIM = "a couple of hours on the floor"
#: The picker's line in the first week of use (PATIENCE_NOTE in short).
FIRST_WEEK_LINE = "Relief takes months, not days: keep at it, even when a day brings little."


def floor_text(plan: DayPlan) -> str:
    return f"{plan.floor_minutes} of {plan.floor_goal} floor minutes"


def _short(part: DayPart, plan: DayPlan) -> str:
    """ "morning ✓ Core strength", "evening next, 20:00: Static back, 40 of 120 floor minutes"."""
    who = part.routine_name or part.what
    if part.state == DONE:
        text = f"{part.name} ✓ {who}"
    elif part.state == REST:
        text = f"{part.name}: rest"
    elif part.state == NOT_TODAY:
        text = f"{part.name}: {who} not today"
    elif part.state == MISSED:
        text = f"{part.name}: {who} missed"
    else:
        word = "next" if part.state == NEXT else "later"
        text = f"{part.name} {word}, {clock_text(part.at)}: {who}"
    if part.name == "evening" and part.state != REST:
        text += f", {floor_text(plan)} ({EVENING_AIM})"
    return text


def plan_line(plan: DayPlan) -> str:
    """The picker's top line: both parts of the day in one sentence (two lines at most)."""
    if plan.rest_day:
        return "Today is a rest day: it keeps your streak. Lie still, rest, walk if it helps."
    head = "Today" if plan.flare is None else f"Flare-up today ({plan.flare})"
    return f"{head} · {_short(plan.morning, plan)} · {_short(plan.evening, plan)}"


_STATE_WORDS = {
    DONE: "done",
    NEXT: "next",
    LATER: "later",
    MISSED: "missed",
    NOT_TODAY: "not today",
    REST: "rest day",
}


def plan_text(plan: DayPlan) -> str:
    """`lowback today`: the day's two parts, what is done, what is next, and why."""
    lines = [f"Today, {plan.day:%A %-d %B %Y}"]
    if plan.flare:
        lines.append(f"Flare-up today: {plan.flare}. Strength waits; a calm routine suits it.")
    for part in plan.parts:
        lines.append("")
        lines.append(
            f"{part.name.capitalize()} ({clock_text(part.at)}): {part.what} "
            f"[{_STATE_WORDS[part.state]}]"
        )
        if part.why:
            lines.append(f"  {part.why[0].upper()}{part.why[1:]}.")
        if part.name == "evening":
            lines.append(f"  Floor time: {floor_text(plan)} so far ({EVENING_AIM}).")
        else:
            lines.extend(f"  {detail}" for detail in part.details)
    lines.append("")
    following = plan.next_part
    if plan.rest_day:
        lines.append("Next: nothing; rest.")
    elif following is None:
        lines.append("Next: nothing more today." if not plan.flare else "Next: rest, or lie still.")
    else:
        who = following.routine_name or following.what
        lines.append(f"Next: {following.name}, {who}.")
    lines.extend(["", *(textwrap.fill(note, 80) for note in plan.notes)] if plan.notes else [])
    return "\n".join(lines)


def plan_json(plan: DayPlan) -> dict[str, Any]:
    """`lowback today --json`: the same plan for scripts."""

    def part(item: DayPart) -> dict[str, Any]:
        return {
            "at": clock_text(item.at),
            "state": item.state,
            "routine_id": item.routine_id,
            "routine_name": item.routine_name,
            "what": item.what,
            "why": item.why,
            "details": list(item.details),
        }

    following = plan.next_part
    return {
        "date": plan.day.isoformat(),
        "rest_day": plan.rest_day,
        "flare_up": plan.flare,
        "morning": part(plan.morning),
        "evening": part(plan.evening),
        "floor_minutes": plan.floor_minutes,
        "floor_goal_minutes": plan.floor_goal,
        "next": following.name if following else None,
        "notes": list(plan.notes),
    }


def reminder(plan: DayPlan, part: DayPart) -> tuple[str, str] | None:
    """The notification's title and body for `part`, or None when it needs none (done, a rest
    day, a flare-up, or nothing open)."""
    if not part.open or plan.rest_day or plan.flare:
        return None
    who = part.routine_name or part.what
    if part.name == "morning":
        targets = f" Today: {', '.join(part.short)}." if part.short else ""
        return "lowback: morning", f"A walk, then {who}: strength while the day is young.{targets}"
    return (
        "lowback: evening",
        f"{who}, then more floor time: {floor_text(plan)} so far ({EVENING_AIM}).",
    )
