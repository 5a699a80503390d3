"""What helps: per routine, how pain changed over its sessions and where "this hurts" stops came."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lowback_tui.core.records import HURT, IN_PROGRESS
from lowback_tui.core.trends import SessionBasics, valid_pain

MIN_PAIN_PAIRS = 3
"""Fewer sessions than this with both a pain before and a pain after, and a routine's average
change is not shown: one or two check-ins say more about the day than about the routine."""


@dataclass(frozen=True)
class RoutineInsight:
    """One routine's sessions, its pain change and its hurt stops."""

    routine_id: str
    routine_name: str
    sessions: int
    pain_pairs: int
    """Sessions with both a valid pain before and after: what the average rests on."""
    average_change: float | None
    """Mean of (after − before) over those sessions, rounded to 0.1; None below MIN_PAIN_PAIRS.
    Negative means pain went down."""
    hurt_steps: tuple[tuple[str, int], ...]
    """Steps where "this hurts" ended a session, with how often, most frequent first."""

    @property
    def enough(self) -> bool:
        return self.average_change is not None

    def change_text(self) -> str:
        """The pain change in words, saying plainly when there is too little to tell."""
        if self.average_change is None:
            if self.pain_pairs == 0:
                return "no sessions with pain before and after yet: too little data to tell"
            return (
                f"too little data to tell: {self.pain_pairs} of the "
                f"{MIN_PAIN_PAIRS} sessions with pain before and after it needs"
            )
        change = self.average_change
        direction = "down" if change < 0 else "up" if change > 0 else "no change"
        amount = f"{abs(change):.1f} " if change else ""
        on = f"on {self.pain_pairs} session" + ("" if self.pain_pairs == 1 else "s")
        return f"pain {amount}{direction} on average ({change:+.1f}, {on})"

    def short_change_text(self) -> str:
        """ "pain −2.1 on average (13 sessions)", or "too little data (2 of 3 sessions)"."""
        if self.average_change is None:
            return f"too little data to tell ({self.pain_pairs} of {MIN_PAIN_PAIRS} sessions)"
        on = f"{self.pain_pairs} session" + ("" if self.pain_pairs == 1 else "s")
        return f"pain {self.average_change:+.1f} on average ({on})"

    def hurt_text(self) -> str:
        if not self.hurt_steps:
            return "no “this hurts” stops"
        parts = [f"{step} ×{count}" if count > 1 else step for step, count in self.hurt_steps]
        return "“this hurts” at: " + ", ".join(parts)


def what_helps(sessions: Iterable[SessionBasics]) -> list[RoutineInsight]:
    """One insight per routine with finished sessions, most sessions first.

    A routine is known by its id; its name is the one its newest session used. Sessions still
    in progress are left out. Pain values that are missing or not 0–10 count as missing.
    Index rows are enough: no holds are needed.
    """
    counts: Counter[str] = Counter()
    names: dict[str, tuple[str, str]] = {}
    changes: dict[str, list[int]] = {}
    hurts: dict[str, Counter[str]] = {}
    for session in sessions:
        if session.status == IN_PROGRESS:
            continue
        routine = session.routine_id
        counts[routine] += 1
        if routine not in names or session.started_at > names[routine][0]:
            names[routine] = (session.started_at, session.routine_name)
        before, after = valid_pain(session.pain_before), valid_pain(session.pain_after)
        if before is not None and after is not None:
            changes.setdefault(routine, []).append(after - before)
        if session.status == HURT:
            hurts.setdefault(routine, Counter())[session.hurt_step or "an unknown step"] += 1
    insights = []
    for routine, count in counts.items():
        pairs = changes.get(routine, [])
        average = round(sum(pairs) / len(pairs), 1) if len(pairs) >= MIN_PAIN_PAIRS else None
        insights.append(
            RoutineInsight(
                routine_id=routine,
                routine_name=names[routine][1],
                sessions=count,
                pain_pairs=len(pairs),
                average_change=average,
                hurt_steps=tuple(hurts.get(routine, Counter()).most_common()),
            )
        )
    insights.sort(key=lambda insight: (-insight.sessions, insight.routine_name.casefold()))
    return insights


def insights_as_json(insights: Iterable[RoutineInsight]) -> list[dict[str, object]]:
    """A JSON-ready list: the same figures, with `enough` saying whether the average counts."""
    return [
        {
            "routine_id": insight.routine_id,
            "routine_name": insight.routine_name,
            "sessions": insight.sessions,
            "sessions_with_pain_before_and_after": insight.pain_pairs,
            "average_pain_change": insight.average_change,
            "enough_data": insight.enough,
            "min_sessions_needed": MIN_PAIN_PAIRS,
            "hurt_stops": [{"step": step, "count": count} for step, count in insight.hurt_steps],
        }
        for insight in insights
    ]
