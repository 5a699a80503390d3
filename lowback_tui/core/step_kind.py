"""The kinds of step a routine file may name."""

from __future__ import annotations

from enum import StrEnum


class StepKind(StrEnum):
    """What a step asks of the body, as a routine file spells it (`kind = "hold"`).

    A StrEnum: it is the string itself in files, records and JSON, and a typo in the code
    is a name mypy does not know rather than a comparison that is quietly never true.
    """

    STRETCH = "stretch"
    PRESSURE = "pressure"
    RELAX = "relax"
    HOLD = "hold"
    """A timed hold against the clock, often open-ended (the plank)."""
    REPS = "reps"
    """Counted, not timed: a target of repetitions."""
    REST = "rest"
    """A timed pause between steps: no work, no sides."""
